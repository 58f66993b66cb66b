import datetime

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

PLAN_FIELDS = frozenset(
    {"year", "department_id", "company_id", "objective_ids", "note", "drafter_id"}
)
# Who the plan is for: set by whoever names the drafter, never by the drafter.
SCOPE_FIELDS = frozenset({"department_id", "company_id"})
# QT.CTCL 5.9: plans approved “trước ngày 30/01”, achievement reports made
# “trước 31/12”: the last days allowed are 29/01 and 30/12.
PLAN_DEADLINE = (1, 29)
REPORT_DEADLINE = (12, 30)


class CtclQualityPlan(models.Model):
    _name = "ctcl.quality.plan"
    _description = "Quality objectives plan (MTCL, Phụ lục 3)"
    # The workflow mixin first: it wraps mail.thread (see ctcl.workflow.mixin).
    # The drafted document first: its roles override the mixin's defaults.
    _inherit = [
        "ctcl.drafted.document",
        "ctcl.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "year desc, department_id nulls first, id desc"
    _check_company_auto = True

    _ctcl_closed_states = ("approved",)
    _ctcl_activity_fields = frozenset({"drafter_id", "department_id"})
    _ctcl_buttons = {
        "can_submit": ("draft", "_check_can_edit_draft"),
        "can_approve": ("submitted", "_check_can_approve"),
        "can_name_drafter": ("draft", "_check_can_name_drafter"),
    }
    _ctcl_button_depends = ("drafter_id", "department_id")
    _ctcl_activity_types = (
        "ctcl_quality.mail_act_ctcl_quality_plan_draft",
        "ctcl_quality.mail_act_ctcl_quality_plan_approval",
        "ctcl_quality.mail_act_ctcl_quality_plan_deadline",
        "ctcl_quality.mail_act_ctcl_quality_report_deadline",
    )
    # What the sign-offs cover: the plan and its objectives (Phụ lục 3).
    _ctcl_signed_fields = (
        *sorted(PLAN_FIELDS - {"objective_ids"}),
        "objective_ids.name",
        "objective_ids.measurement_method",
        "objective_ids.target_type",
        "objective_ids.direction",
        "objective_ids.target_value",
        "objective_ids.target_uom",
        "objective_ids.measures",
        "objective_ids.implementing_department_id",
        "objective_ids.date_start",
        "objective_ids.date_end",
        "objective_ids.policy_commitment_id",
        "objective_ids.active",
        "revision",
        "revision_reason",
        "submitted_by_id",
        "submitted_date",
        "approved_by_id",
        "approved_date",
    )
    _ctcl_signatures = {
        ("draft", "submitted"): ("submit", ()),
        ("submitted", "approved"): ("approve", ("leadership", "unit_head")),
        ("submitted", "draft"): ("send_back", ("leadership", "unit_head")),
        ("approved", "draft"): ("reopen", ("leadership", "unit_head")),
    }

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    year = fields.Integer(
        required=True,
        tracking=True,
        default=lambda self: self._ctcl_default_year(),
        aggregator=False,
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Unit",
        default=lambda self: self._ctcl_default_department(),
        ondelete="restrict",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        help="Leave empty for the plan of the agency as a whole.",
    )
    scope = fields.Selection(
        [("agency", "Agency"), ("unit", "Unit")],
        compute="_compute_scope",
        store=True,
    )
    scope_name = fields.Char(
        string="Agency / unit", compute="_compute_scope", store=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "To approve"), ("approved", "Approved")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    drafter_id = fields.Many2one(
        "res.users",
        string="Drafted by",
        ondelete="restrict",
        tracking=True,
        help="The person the unit head (or the ISO board, for the agency plan) "
        "names to draft the plan and the achievement report.",
    )
    quality_policy = fields.Text(related="company_id.ctcl_quality_policy")
    note = fields.Text()
    objective_ids = fields.One2many(
        "ctcl.quality.objective", "plan_id", string="Objectives", copy=True
    )
    objective_count = fields.Integer(compute="_compute_objective_count")
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
    date_deadline = fields.Date(
        string="Approval deadline",
        compute="_compute_deadlines",
        store=True,
        help="Plans are approved before 30/01 of their year (QT.CTCL 5.9).",
    )
    reminder_date = fields.Date(compute="_compute_deadlines", store=True)
    report_deadline = fields.Date(
        string="Report deadline",
        compute="_compute_deadlines",
        store=True,
        help="The achievement report is made before 31/12 (QT.CTCL 5.9).",
    )
    report_reminder_date = fields.Date(compute="_compute_deadlines", store=True)
    report_ids = fields.One2many("ctcl.quality.report", "plan_id", string="Reports")
    report_state = fields.Selection(
        [
            ("none", "No report"),
            ("draft", "Draft"),
            ("submitted", "To approve"),
            ("approved", "Approved"),
        ],
        string="Achievement report",
        compute="_compute_report_state",
        store=True,
    )
    previous_report_id = fields.Many2one(
        "ctcl.quality.report",
        string="From the report",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The achievement report of the previous year this plan started from.",
    )
    # Set by the daily follow-up; reset when the year (hence the date) changes.
    deadline_reminded = fields.Boolean(
        compute="_compute_reminded", store=True, copy=False
    )
    report_reminded = fields.Boolean(
        compute="_compute_reminded", store=True, copy=False
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue")
    can_submit = fields.Boolean(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can")
    can_name_drafter = fields.Boolean(compute="_compute_can")
    can_edit_plan = fields.Boolean(compute="_compute_can_edit")
    can_edit_scope = fields.Boolean(compute="_compute_can_edit")

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("year", "scope_name")
    def _compute_name(self):
        for plan in self:
            plan.name = plan.company_id._ctcl_env()._(
                "Quality objectives %(year)s – %(scope)s",
                year=plan.year,
                scope=plan.scope_name or "",
            )

    @api.depends("department_id.name", "company_id.name")
    def _compute_scope(self):
        for plan in self:
            plan.scope = "unit" if plan.department_id else "agency"
            plan.scope_name = plan.department_id.name or plan.company_id.name

    def _compute_objective_count(self):
        for plan in self:
            plan.objective_count = len(plan.objective_ids)

    @api.model
    def _ctcl_default_year(self):
        """This year until its plans are due, then the coming year's."""
        today = self._ctcl_agency_today()
        return today.year + (today > datetime.date(today.year, *PLAN_DEADLINE))

    @api.model
    def _ctcl_default_department(self):
        """A unit head drafts his unit's plan; the ISO roles the agency's."""
        if self._ctcl_has_role(
            "group_ctcl_iso_secretary", "group_ctcl_iso_member", "group_ctcl_leadership"
        ):
            return False
        return self.env.user.ctcl_managed_department_ids[:1]

    @api.depends("year", "company_id.ctcl_objective_reminder_days")
    def _compute_deadlines(self):
        for plan in self:
            if not plan.year or not 1900 < plan.year < 3000:
                plan.date_deadline = plan.reminder_date = False
                plan.report_deadline = plan.report_reminder_date = False
                continue
            days = plan.company_id.ctcl_objective_reminder_days
            plan.date_deadline = datetime.date(plan.year, *PLAN_DEADLINE)
            plan.reminder_date = fields.Date.subtract(plan.date_deadline, days=days)
            plan.report_deadline = datetime.date(plan.year, *REPORT_DEADLINE)
            plan.report_reminder_date = fields.Date.subtract(
                plan.report_deadline, days=days
            )

    @api.depends("report_ids.state")
    def _compute_report_state(self):
        for plan in self:
            plan.report_state = plan.report_ids[:1].state or "none"

    @api.depends("year")
    def _compute_reminded(self):
        self.deadline_reminded = False
        self.report_reminded = False

    @api.depends("state", "date_deadline", "revision_id")
    def _compute_is_overdue(self):
        today = self._ctcl_agency_today()
        for plan in self:
            # A revision is drafted while the approved plan stays in force.
            plan.is_overdue = (
                plan.state != "approved"
                and not plan.revision_id
                and bool(plan.date_deadline)
                and plan.date_deadline < today
            )

    @api.constrains("year")
    def _check_year(self):
        for plan in self:
            if not 2000 <= plan.year <= 2100:
                raise ValidationError(
                    self.env._(
                        "%(year)s is not a valid year for a quality objectives plan.",
                        year=plan.year,
                    )
                )

    def _ctcl_check_scope_year_free(self, company_id, department_id, year):
        """One plan per scope and year: said before the database refuses it."""
        twin = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("id", "not in", self.ids),
                    ("company_id", "=", company_id),
                    ("department_id", "=", department_id or False),
                    ("year", "=", year),
                ],
                limit=1,
            )
        )
        if twin:
            raise ValidationError(
                self.env._(
                    "%(scope)s already has a quality objectives plan for "
                    "%(year)s; open it instead of creating another.",
                    scope=twin.scope_name,
                    year=year,
                )
            )

    def init(self):
        # The constraint above explains; this index guarantees, agency plans
        # (no unit) included.
        tools.create_unique_index(
            self.env.cr,
            "ctcl_quality_plan_scope_year_uniq",
            self._table,
            ["company_id", "COALESCE(department_id, 0)", "year"],
        )

    def _ctcl_unique_index_messages(self):
        # Two users creating the same plan at once (see ctcl.input.guard).
        return {
            "ctcl_quality_plan_scope_year_uniq": self.env._(
                "This agency or unit already has a plan for this year: someone "
                "saved it at the same time. Reload the page and open that plan "
                "instead of creating another."
            )
        }

    # ------------------------------------------------------------------
    # CRUD and guards
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        seen = set()
        for vals in vals_list:
            key = (
                vals.get("company_id") or self.env.company.id,
                vals.get("department_id") or False,
                vals.get("year") or self._ctcl_agency_today().year,
            )
            if key in seen:
                self._ctcl_check_scope_year_free(*key)  # names the twin
            seen.add(key)
            self.browse()._ctcl_check_scope_year_free(*key)
        plans = super().create(vals_list)
        if not self._ctcl_in_transition():
            for plan in plans:
                plan._check_can_name_drafter()
        plans._ctcl_subscribe_participants()
        plans.activity_update()
        return plans

    def write(self, vals):
        if {"company_id", "department_id", "year"} & set(vals):
            for plan in self:
                plan._ctcl_check_scope_year_free(
                    vals.get("company_id", plan.company_id.id),
                    vals.get("department_id", plan.department_id.id),
                    vals.get("year", plan.year),
                )
        if {"company_id", "department_id", "year"} & set(vals):
            for plan in self.filtered("revision_ids"):
                raise UserError(
                    self.env._(
                        "%(plan)s was approved for this agency or unit and year: a "
                        "revision keeps them.",
                        plan=plan.display_name,
                    )
                )
        result = super().write(vals)
        if SCOPE_FIELDS & set(vals) and not self._ctcl_in_transition():
            # The plan is moved only where its mover may set up plans too.
            for plan in self:
                plan._check_can_name_drafter()
        return result

    def _ctcl_field_rules(self):
        return {
            "can_edit_plan": (
                PLAN_FIELDS - SCOPE_FIELDS - {"drafter_id"},
                {"draft": "_check_can_edit_draft"},
            ),
            "can_edit_scope": (
                SCOPE_FIELDS | {"drafter_id"},
                {"draft": "_check_can_name_drafter"},
            ),
        }

    def _ctcl_is_deletable_draft(self):
        return (
            self.state == "draft"
            and not self.revision_ids
            and self._ctcl_passes("_check_can_name_drafter")
        )

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            return self.env.ref("ctcl_quality.mt_ctcl_quality_plan_state")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Who may do what
    # ------------------------------------------------------------------
    def _check_can_name_drafter(self):
        """Unit plan: the unit head; agency plan: the ISO board and secretary."""
        if self.department_id:
            if self.env.user._ctcl_heads(self.department_id):
                return
            self._ctcl_deny(
                self.env._(
                    "Only the head of %(unit)s can set up its quality objectives "
                    "plan and name who drafts it.",
                    unit=self.department_id.display_name,
                )
            )
        if not self._ctcl_is_iso_board():
            self._ctcl_deny(
                self.env._(
                    "Only the ISO board and the ISO secretary draft the agency's "
                    "quality objectives plan."
                )
            )

    def _check_can_edit_draft(self):
        if self.env.user == self.drafter_id or self._ctcl_passes(
            "_check_can_name_drafter"
        ):
            return
        self._ctcl_deny(
            self.env._(
                "Only %(drafter)s or the person who named them can edit %(record)s.",
                drafter=self.drafter_id.name or "-",
                record=self.display_name,
            )
        )

    def _check_can_measure(self):
        """Who records measurements: the plan's people, the implementing units
        and the ISO board."""
        user = self.env.user
        if (
            user == self.drafter_id
            or self._ctcl_is_iso_board()
            or self._ctcl_passes("_check_can_approve")
        ):
            return
        units = self.department_id | self.objective_ids.implementing_department_id
        if units & user.ctcl_department_ids or any(user._ctcl_heads(u) for u in units):
            return
        self._ctcl_deny(
            self.env._(
                "Only the people of %(scope)s and the ISO board can record "
                "measurements of %(record)s.",
                scope=self.scope_name,
                record=self.display_name,
            )
        )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _ctcl_check_objectives_ready(self):
        """A plan goes to approval with objectives, each consistent with the
        quality policy: it names a commitment the policy still holds."""
        for plan in self:
            if not plan.objective_ids:
                raise UserError(
                    self.env._(
                        "Add at least one quality objective to %(record)s.",
                        record=plan.display_name,
                    )
                )
            for objective in plan.objective_ids:
                commitment = objective.policy_commitment_id
                if not commitment:
                    raise UserError(
                        self.env._(
                            "Name the quality policy commitment that the objective "
                            "“%(objective)s” serves: quality objectives are "
                            "consistent with the quality policy (QT.CTCL 5.9).",
                            objective=objective.name,
                        )
                    )
                if not commitment.active:
                    raise UserError(
                        self.env._(
                            "“%(commitment)s”, served by the objective "
                            "“%(objective)s”, is no longer a commitment of the "
                            "quality policy.",
                            commitment=commitment.name,
                            objective=objective.name,
                        )
                    )

    def action_submit(self):
        """The drafter submits the plan to the approver."""
        self._ctcl_step("draft", "_check_can_edit_draft")
        self._ctcl_check_objectives_ready()
        for plan in self:
            plan._ctcl_advance(
                {
                    "state": "submitted",
                    "submitted_by_id": self.env.uid,
                    "submitted_date": plan.company_id._ctcl_today(),
                }
            )
        return True

    def action_approve(self):
        """The top leader (agency) or the unit head (unit) approves the plan,
        or its revision; the approval is dated in the agency's time zone."""
        self._ctcl_step("submitted", "_check_can_approve")
        self._ctcl_check_objectives_ready()
        for plan in self:
            plan._ctcl_advance(
                {
                    "state": "approved",
                    "approved_by_id": self.env.uid,
                    "approved_date": plan.company_id._ctcl_today(),
                }
            )
        self._ctcl_after_approval()
        return True

    def action_send_back(self):
        """The approver sends the plan back to its drafter."""
        self._ctcl_step("submitted", "_check_can_approve")
        self._ctcl_advance({"state": "draft"})
        for plan in self:
            plan.message_post(
                body=self.env._("Plan sent back to its drafter for rework."),
                partner_ids=plan._ctcl_drafters().partner_id.ids,
            )
        return True

    def action_create_report(self):
        """Open (or create) the achievement report of an approved plan."""
        self.ensure_one()
        if not self.report_ids:
            self._ctcl_step("approved", "_check_can_edit_draft")
            self.env["ctcl.quality.report"].create({"plan_id": self.id})
        return self.action_open_report()

    def action_open_report(self):
        self.ensure_one()
        if not self.report_ids:
            return self.action_create_report()
        return self.report_ids[:1]._ctcl_form_action()

    def action_open_objectives(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ctcl_quality.ctcl_quality_objective_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    # ------------------------------------------------------------------
    # People and activities
    # ------------------------------------------------------------------
    def _ctcl_participants(self):
        return self.drafter_id | self.approved_by_id | self.submitted_by_id

    def _ctcl_activity_plan(self):
        self.ensure_one()
        prefix = "ctcl_quality.mail_act_ctcl_quality_plan_"
        if self.state == "draft":
            return {prefix + "draft": (self._ctcl_drafters(), self.date_deadline)}
        if self.state == "submitted":
            return {prefix + "approval": (self._ctcl_approvers(), self.date_deadline)}
        return {}

    def _ctcl_kept_activity_types(self):
        if self.state != "approved":
            return {"ctcl_quality.mail_act_ctcl_quality_plan_deadline"}
        if self.report_state != "approved":
            return {"ctcl_quality.mail_act_ctcl_quality_report_deadline"}
        return set()
