from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

from .ctcl_workflow_mixin import _TRANSITION_TOKEN

REGISTER_FIELDS = frozenset({"note", "risk_ids", "drafter_id"})
# Whose table it is: set on the first revision only, revisions inherit it.
SCOPE_FIELDS = frozenset({"department_id", "company_id"})
# Content a revision carries over from the one it revises.
RISK_COPY_FIELDS = (
    "sequence",
    "kind",
    "name",
    "process",
    "cause",
    "consequence",
    "likelihood",
    "impact",
    "treatment",
    "residual_likelihood",
    "residual_impact",
)
ACT = "ctcl_quality.mail_act_ctcl_risk_register_"


class CtclRiskRegister(models.Model):
    """The risk and opportunity analysis table of a unit, or of the agency
    (QT.CTCL 5.1.2, 5.8; ISO 9001 clause 6.1).

    Each approved revision is kept as it was approved and printable; a change
    is a new revision, drafted and approved like the first one.
    """

    _name = "ctcl.risk.register"
    _description = "Risk and opportunity analysis table"
    # The workflow mixin first: it wraps mail.thread (see ctcl.workflow.mixin).
    # The drafted document first: its roles override the mixin's defaults.
    _inherit = [
        "ctcl.drafted.document",
        "ctcl.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "department_id nulls first, revision desc, id desc"
    _check_company_auto = True

    _ctcl_closed_states = ("approved",)
    _ctcl_buttons = {
        "can_submit": ("draft", "_check_can_edit_draft"),
        "can_name_drafter": ("draft", "_check_can_name_drafter"),
        "can_approve": ("submitted", "_check_can_approve"),
        "can_revise": ("approved", "_check_can_edit_draft"),
    }
    _ctcl_button_depends = (
        "is_current",
        "next_revision_ids",
        "drafter_id",
        "department_id",
    )
    _ctcl_activity_types = (ACT + "draft", ACT + "approval", ACT + "review")
    _ctcl_activity_fields = frozenset({"drafter_id"})
    _ctcl_signed_fields = (
        "company_id",
        "department_id",
        "revision",
        "note",
        "risk_ids.kind",
        "risk_ids.name",
        "risk_ids.process",
        "risk_ids.cause",
        "risk_ids.consequence",
        "risk_ids.likelihood",
        "risk_ids.impact",
        "risk_ids.level",
        "risk_ids.treatment",
        "risk_ids.residual_likelihood",
        "risk_ids.residual_impact",
        "risk_ids.measure_ids",
        "submitted_by_id",
        "submitted_date",
        "approved_by_id",
        "approved_date",
    )
    _ctcl_signatures = {
        ("draft", "submitted"): ("submit", ()),
        ("submitted", "approved"): ("approve", ("leadership", "unit_head")),
        ("submitted", "draft"): ("send_back", ("leadership", "unit_head")),
    }

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Unit",
        ondelete="restrict",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        default=lambda self: self.env.user.employee_ids[:1].department_id,
        help="Leave empty for the table of the agency as a whole.",
    )
    scope_name = fields.Char(
        string="Agency / unit", compute="_compute_scope_name", store=True
    )
    revision = fields.Integer(
        readonly=True, default=1, copy=False, aggregator=False, tracking=True
    )
    previous_revision_id = fields.Many2one(
        "ctcl.risk.register",
        string="Revises",
        readonly=True,
        copy=False,
        ondelete="restrict",
        index="btree_not_null",
    )
    next_revision_ids = fields.One2many(
        "ctcl.risk.register", "previous_revision_id", string="Later revisions"
    )
    is_current = fields.Boolean(
        string="Current revision",
        compute="_compute_is_current",
        store=True,
        help="The approved revision in force: no later revision is approved.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "To approve"), ("approved", "Approved")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    # The bands a table was assessed with: taken from the company while the
    # table is open, kept once it is approved (an approved table is evidence).
    medium_from = fields.Integer(
        string="Medium from level",
        readonly=True,
        default=lambda self: self.env.company.ctcl_risk_medium_from,
    )
    high_from = fields.Integer(
        string="High from level",
        readonly=True,
        default=lambda self: self.env.company.ctcl_risk_high_from,
    )
    critical_from = fields.Integer(
        string="Critical from level",
        readonly=True,
        default=lambda self: self.env.company.ctcl_risk_critical_from,
    )
    drafter_id = fields.Many2one(
        "res.users",
        string="Drafted by",
        ondelete="restrict",
        tracking=True,
        default=lambda self: self.env.user,
    )
    note = fields.Text(string="Context and scope")
    risk_ids = fields.One2many(
        "ctcl.risk", "register_id", string="Risks and opportunities"
    )
    risk_count = fields.Integer(compute="_compute_counts")
    high_count = fields.Integer(string="High or critical", compute="_compute_counts")
    submitted_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, ondelete="restrict"
    )
    submitted_date = fields.Date(readonly=True, copy=False)
    approved_by_id = fields.Many2one(
        "res.users",
        string="Approved by",
        readonly=True,
        copy=False,
        ondelete="restrict",
        tracking=True,
    )
    approved_date = fields.Date(readonly=True, copy=False, tracking=True)
    reviewed_by_id = fields.Many2one(
        "res.users",
        string="Last reviewed by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    reviewed_date = fields.Date(
        string="Last reviewed on", readonly=True, copy=False, tracking=True
    )
    review_due_date = fields.Date(
        string="Next review by",
        compute="_compute_review_due_date",
        store=True,
        help="The table is reviewed at least every period set in the settings "
        "(12 months by default).",
    )
    # Set by the daily follow-up; reset when the review date moves.
    review_reminded = fields.Boolean(
        compute="_compute_review_reminded", store=True, copy=False
    )
    can_submit = fields.Boolean(compute="_compute_can")
    can_name_drafter = fields.Boolean(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can")
    can_revise = fields.Boolean(compute="_compute_can")
    can_edit_table = fields.Boolean(compute="_compute_can_edit")

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("scope_name", "revision")
    def _compute_name(self):
        for register in self:
            register.name = register.company_id._ctcl_env()._(
                "Risk analysis table – %(scope)s (revision %(revision)s)",
                scope=register.scope_name or "",
                revision=register.revision,
            )

    @api.depends("department_id.name", "company_id.name")
    def _compute_scope_name(self):
        for register in self:
            register.scope_name = (
                register.department_id.name or register.company_id.name
            )

    @api.depends("state", "next_revision_ids.state")
    def _compute_is_current(self):
        for register in self:
            register.is_current = register.state == "approved" and not any(
                later.state == "approved" for later in register.next_revision_ids
            )

    @api.depends("risk_ids.band")
    def _compute_counts(self):
        for register in self:
            register.risk_count = len(register.risk_ids)
            register.high_count = len(
                register.risk_ids.filtered(lambda r: r.band in ("high", "critical"))
            )

    @api.depends("is_current", "reviewed_date", "company_id.ctcl_risk_review_months")
    def _compute_review_due_date(self):
        for register in self:
            months = register.company_id.ctcl_risk_review_months
            register.review_due_date = (
                register.reviewed_date + relativedelta(months=months)
                if register.is_current and register.reviewed_date and months
                else False
            )

    @api.depends("review_due_date")
    def _compute_review_reminded(self):
        self.review_reminded = False

    def init(self):
        # One numbering of revisions per scope, agency tables (no unit) included.
        tools.create_unique_index(
            self.env.cr,
            "ctcl_risk_register_scope_revision_uniq",
            self._table,
            ["company_id", "COALESCE(department_id, 0)", "revision"],
        )

    def _ctcl_unique_index_messages(self):
        # Two users creating the same table at once (see ctcl.input.guard).
        return {
            "ctcl_risk_register_scope_revision_uniq": self.env._(
                "This unit or the agency already has this revision of its risk "
                "analysis table: someone saved it at the same time. Reload the "
                "page and revise that table instead of creating another."
            )
        }

    def _ctcl_check_scope_free(self, company_id, department_id):
        """One table per scope: later versions are its revisions."""
        twin = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("id", "not in", self.ids),
                    ("company_id", "=", company_id),
                    ("department_id", "=", department_id or False),
                ],
                limit=1,
            )
        )
        if twin:
            raise ValidationError(
                self.env._(
                    "%(scope)s already has a risk analysis table; revise it "
                    "instead of creating another.",
                    scope=twin.scope_name,
                )
            )

    # ------------------------------------------------------------------
    # CRUD and guards
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        in_transition = self._ctcl_in_transition()
        if not in_transition:
            seen = set()
            for vals in vals_list:
                key = (
                    vals.get("company_id") or self.env.company.id,
                    vals.get("department_id") or False,
                )
                if key in seen:
                    self._ctcl_check_scope_free(*key)
                seen.add(key)
                self.browse()._ctcl_check_scope_free(*key)
        registers = super().create(vals_list)
        registers._ctcl_follow_company_thresholds()
        if not in_transition:
            for register in registers:
                register._check_can_edit_draft()
            registers._ctcl_check_drafter()
        registers._ctcl_subscribe_participants()
        registers.activity_update()
        return registers

    def write(self, vals):
        if SCOPE_FIELDS & set(vals) and not self._ctcl_in_transition():
            for register in self:
                if register.previous_revision_id:
                    raise UserError(
                        self.env._("A revision keeps the unit of the table it revises.")
                    )
                register._ctcl_check_scope_free(
                    vals.get("company_id", register.company_id.id),
                    vals.get("department_id", register.department_id.id),
                )
        renamed = self.browse()
        if "drafter_id" in vals and not self._ctcl_in_transition():
            # Only a change of drafter is checked: a form may resend the same one.
            renamed = self.filtered(lambda r: r.drafter_id.id != vals["drafter_id"])
            # Nobody names himself in place of the drafter he was not named.
            for register in renamed:
                register._check_can_name_drafter()
        result = super().write(vals)
        if SCOPE_FIELDS & set(vals) and not self._ctcl_in_transition():
            # Moved only where its mover may draft tables too.
            for register in self:
                register._check_can_edit_draft()
        renamed._ctcl_check_drafter()
        return result

    def _ctcl_follow_company_thresholds(self):
        """Open tables (draft or to approve) take the company's new bands."""
        token = {"ctcl_token": _TRANSITION_TOKEN}
        for company in self.company_id:
            registers = self.filtered(
                lambda r, c=company: r.company_id == c and r.state != "approved"
            )
            registers.sudo().with_context(**token).write(
                company._ctcl_risk_thresholds()
            )

    def _ctcl_check_drafter(self):
        """As for a request's requester: the drafter is yourself, unless the
        one who names drafters names someone who may draft the table."""
        for register in self:
            drafter = register.drafter_id
            if not drafter or drafter == self.env.user:
                continue
            register._check_can_name_drafter()
            if not register.with_user(drafter)._ctcl_passes("_check_can_edit_draft"):
                raise AccessError(
                    self.env._(
                        "%(user)s cannot draft %(record)s.",
                        user=drafter.name,
                        record=register.display_name,
                    )
                )

    def _ctcl_field_rules(self):
        return {
            "can_edit_table": (
                REGISTER_FIELDS | SCOPE_FIELDS,
                {"draft": "_check_can_edit_draft"},
            ),
        }

    def _ctcl_is_deletable_draft(self):
        return self.state == "draft" and self._ctcl_passes("_check_can_edit_draft")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_referred(self):
        """A draft goes with its lines, unless a record points to them."""
        self.risk_ids._unlink_except_referred_by_ctcl()
        decision = (
            self.env["ctcl.management.review.decision"]
            .sudo()
            .search([("risk_register_id", "in", self.ids)], limit=1)
        )
        if decision:
            raise UserError(
                self.env._(
                    "%(record)s was opened by the management review %(review)s "
                    "and is kept with it; archive it instead.",
                    record=decision.risk_register_id.display_name,
                    review=decision.review_id.display_name,
                )
            )

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            return self.env.ref("ctcl_quality.mt_ctcl_risk_register_state")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Who may do what
    # ------------------------------------------------------------------
    def _check_can_edit_draft(self):
        """Unit table: the unit's staff and its head; agency table: the ISO
        board and secretary."""
        user = self.env.user
        if self.department_id:
            if self.department_id in user.ctcl_department_ids or user._ctcl_heads(
                self.department_id
            ):
                return
            self._ctcl_deny(
                self.env._(
                    "Only the staff and the head of %(unit)s draft its risk "
                    "analysis table.",
                    unit=self.department_id.display_name,
                )
            )
        if not self._ctcl_is_iso_board():
            self._ctcl_deny(
                self.env._(
                    "Only the ISO board and the ISO secretary draft the agency's "
                    "risk analysis table."
                )
            )

    def _ctcl_button_applies(self, button):
        if button == "can_name_drafter":
            return self._ctcl_passes("_check_can_edit_draft")
        if button == "can_revise":
            return self.is_current and not self.next_revision_ids
        return True

    def _check_can_name_drafter(self):
        """Unit table: its head; agency table: the ISO secretary."""
        if self.department_id:
            if self.env.user._ctcl_heads(self.department_id):
                return
        elif self._ctcl_has_role("group_ctcl_iso_secretary"):
            return
        self._ctcl_deny(
            self.env._(
                "“Drafted by” can only be yourself; the head of the unit, or the "
                "ISO secretary for the agency's table, names another drafter."
            )
        )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        """The drafter submits the table to the head."""
        self._ctcl_step("draft", "_check_can_edit_draft")
        for register in self:
            if not register.risk_ids:
                raise UserError(
                    self.env._(
                        "Add at least one risk or opportunity to %(record)s.",
                        record=register.display_name,
                    )
                )
        return self._ctcl_advance(
            {
                "state": "submitted",
                "submitted_by_id": self.env.uid,
                "submitted_date": self._ctcl_agency_today(),
            }
        )

    def action_approve(self):
        """The head of the unit (the top leader for the agency) approves."""
        self._ctcl_step("submitted", "_check_can_approve")
        today = self._ctcl_agency_today()
        self._ctcl_advance(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_date": today,
                "reviewed_by_id": self.env.uid,
                "reviewed_date": today,
            }
        )
        # The revision replaced: its review reminder is no longer due.
        self.previous_revision_id.activity_update()
        return True

    def action_send_back(self):
        self._ctcl_step("submitted", "_check_can_approve")
        self._ctcl_advance({"state": "draft"})
        for register in self:
            register.message_post(
                body=self.env._("Risk analysis table sent back for rework."),
                partner_ids=register._ctcl_drafters().partner_id.ids,
            )
        return True

    def action_confirm_review(self):
        """The approver reviewed the table and found it still right."""
        self._ctcl_step("approved", "_check_can_approve")
        for register in self:
            if not register.is_current:
                raise UserError(
                    self.env._(
                        "%(record)s has been replaced by a later revision.",
                        record=register.display_name,
                    )
                )
        self._ctcl_advance(
            {
                "reviewed_by_id": self.env.uid,
                "reviewed_date": self._ctcl_agency_today(),
            }
        )
        for register in self:
            register.message_post(
                body=self.env._("Reviewed: the risk analysis table is kept as is.")
            )
        return True

    def action_revise(self):
        """Open the next revision of the current table (or the one open)."""
        self.ensure_one()
        self._ctcl_step("approved", "_check_can_edit_draft")
        revision = self._ctcl_open_revision(self.env.user)
        return revision._ctcl_form_action()

    def _ctcl_open_revision(self, drafter):
        """The draft revision of this table, created once, drafted by ``drafter``."""
        self.ensure_one()
        if not self.is_current:
            raise UserError(
                self.env._(
                    "Only the revision in force of a risk analysis table can be "
                    "revised: %(record)s has been replaced.",
                    record=self.display_name,
                )
            )
        self._ctcl_lock()
        self.invalidate_recordset(["next_revision_ids"])
        if self.next_revision_ids:
            return self.next_revision_ids[:1]
        token = {"ctcl_token": _TRANSITION_TOKEN}
        revision = self.with_context(**token).create(
            {
                "company_id": self.company_id.id,
                "department_id": self.department_id.id,
                "revision": self.revision + 1,
                "previous_revision_id": self.id,
                "drafter_id": drafter.id,
                "note": self.note,
            }
        )
        Risk = self.env["ctcl.risk"].with_context(**token)
        Measure = self.env["ctcl.risk.measure"].with_context(**token)
        for risk in self.risk_ids:
            vals = {fname: risk[fname] for fname in RISK_COPY_FIELDS}
            new = Risk.create(
                dict(vals, register_id=revision.id, previous_risk_id=risk.id)
            )
            # Measures still to do carry over; done ones stay with this revision.
            Measure.create(
                [
                    {
                        "risk_id": new.id,
                        "name": measure.name,
                        "owner_id": measure.owner_id.id,
                        "date_deadline": measure.date_deadline,
                    }
                    for measure in risk.measure_ids.filtered(lambda m: not m.done_date)
                ]
            )
        revision = revision.with_env(self.env)
        self.message_post(
            body=self.env._(
                "Revision %(record)s opened.", record=revision._get_html_link()
            )
        )
        return revision

    def action_open_revisions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ctcl_quality.ctcl_risk_register_action"
        )
        action["domain"] = [
            ("company_id", "=", self.company_id.id),
            ("department_id", "=", self.department_id.id),
        ]
        action["context"] = {"create": False, "active_test": False}
        return action

    # ------------------------------------------------------------------
    # People and activities
    # ------------------------------------------------------------------
    def _ctcl_participants(self):
        return self.drafter_id | self.submitted_by_id | self.approved_by_id

    def _ctcl_activity_plan(self):
        self.ensure_one()
        if self.state == "draft":
            return {ACT + "draft": (self._ctcl_drafters(), None)}
        if self.state == "submitted":
            return {ACT + "approval": (self._ctcl_approvers(), None)}
        return {}

    def _ctcl_kept_activity_types(self):
        today = self.company_id._ctcl_today()
        if self.review_due_date and self.review_due_date <= today:
            return {ACT + "review"}
        return set()
