from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from .ctcl_quality_objective import ctcl_target_text
from .ctcl_quality_plan import CtclQualityPlan as QualityPlan
from .ctcl_workflow_mixin import _TRANSITION_TOKEN, ctcl_text_argument

# What a revision freezes of each objective (Phụ lục 3 plan columns).
FROZEN_OBJECTIVE_FIELDS = (
    "sequence",
    "name",
    "measurement_method",
    "target_type",
    "direction",
    "target_value",
    "target_uom",
    "measures",
    "date_start",
    "date_end",
)


def ctcl_print_row(record, commitment, unit):
    """One row of the printed plan (Phụ lục 3), from an objective or from an
    objective as a revision froze it."""
    env = record.env
    return {
        "name": record.name,
        "measurement_method": record.measurement_method,
        "target_display": record.target_display,
        "policy_commitment": commitment,
        "measures": record.measures,
        "implementing_unit": unit,
        "date_start": record.date_start and format_date(env, record.date_start),
        "date_end": record.date_end and format_date(env, record.date_end),
    }


class CtclFrozenRecord(models.AbstractModel):
    """Written once by the server, never changed nor deleted.

    Approved revisions of plans are kept records (QT.CTCL, section VII): only
    the approval step creates them; nobody, the superuser included, edits or
    deletes them. They go only with their plan, when an administrator deletes
    it after its retention period (a database cascade).
    """

    _name = "ctcl.frozen.record"
    _inherit = ["ctcl.server.fields"]
    _description = "QT.CTCL record written once"

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("ctcl_token") is not _TRANSITION_TOKEN:
            raise UserError(
                self.env._(
                    "Approved revisions of a plan are recorded by its approval only."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise UserError(
                self.env._("An approved revision of a plan can never be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        raise UserError(
            self.env._(
                "An approved revision of a plan is a quality record and can never "
                "be deleted."
            )
        )

    def copy(self, default=None):
        if self:
            raise UserError(
                self.env._("An approved revision of a plan can never be copied.")
            )
        return super().copy(default)


class CtclQualityPlanRevision(models.Model):
    """One approved revision of a quality objectives plan, as it was approved.

    MTCL are “communicated and updated” (QT.CTCL 5.9): an approved plan may be
    revised during the year; each approval freezes the plan here, so every
    revision stays readable and printable after the next one is in force.
    """

    _name = "ctcl.quality.plan.revision"
    _inherit = ["ctcl.frozen.record", "ctcl.reference.guard"]
    _description = "Approved revision of a quality objectives plan"
    _order = "plan_id, revision desc"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "ctcl.quality.plan",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    revision = fields.Integer(readonly=True, aggregator=False)
    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="restrict", index=True
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Unit",
        readonly=True,
        ondelete="restrict",
        index="btree_not_null",
    )
    year = fields.Integer(readonly=True, aggregator=False)
    scope_name = fields.Char(string="Agency / unit", readonly=True)
    reason = fields.Text(
        string="Reason for the revision",
        readonly=True,
        help="Why the approver reopened the plan for this revision.",
    )
    reopened_by_id = fields.Many2one(
        "res.users", string="Reopened by", readonly=True, ondelete="restrict"
    )
    reopened_date = fields.Date(string="Reopened on", readonly=True)
    submitted_by_id = fields.Many2one(
        "res.users", string="Submitted by", readonly=True, ondelete="restrict"
    )
    submitted_date = fields.Date(readonly=True)
    approved_by_id = fields.Many2one(
        "res.users", string="Approved by", readonly=True, ondelete="restrict"
    )
    approved_date = fields.Date(readonly=True)
    signer_title = fields.Char(
        string="Signed as", readonly=True, help="The signer's title on the form."
    )
    signoff_hash = fields.Char(
        string="Sign-off",
        readonly=True,
        help="Hash of the approval's sign-off in the ledger, printed as its code.",
    )
    retention_until = fields.Date(string="Keep until", readonly=True)
    line_ids = fields.One2many(
        "ctcl.quality.plan.revision.line", "revision_id", string="Objectives"
    )
    is_current = fields.Boolean(string="In force", compute="_compute_is_current")

    @api.depends("revision", "plan_id.name")
    def _compute_name(self):
        for revision in self:
            revision.name = self.env._(
                "%(plan)s, revision %(revision)s",
                plan=revision.plan_id.name,
                revision=revision.revision,
            )

    def _compute_is_current(self):
        for revision in self:
            revision.is_current = revision.plan_id.revision_id == revision

    @api.model
    def _ctcl_record(self, plan):
        """Freeze ``plan``, just approved, as its revision."""
        plan.ensure_one()
        objectives = plan.objective_ids
        signoff = plan._ctcl_signoff_for("approve")
        vals = {
            "plan_id": plan.id,
            "revision": plan.revision,
            "company_id": plan.company_id.id,
            "department_id": plan.department_id.id,
            "year": plan.year,
            "scope_name": plan.scope_name,
            "reason": plan.revision_reason,
            "reopened_by_id": plan.reopened_by_id.id,
            "reopened_date": plan.reopened_date,
            "submitted_by_id": plan.submitted_by_id.id,
            "submitted_date": plan.submitted_date,
            "approved_by_id": plan.approved_by_id.id,
            "approved_date": plan.approved_date,
            "signer_title": plan._ctcl_signer_title(plan.approved_by_id),
            "signoff_hash": signoff.hash,
            "retention_until": plan.retention_until,
            "line_ids": [
                fields.Command.create(
                    {
                        **{f: objective[f] for f in FROZEN_OBJECTIVE_FIELDS},
                        "policy_commitment": objective.policy_commitment_id.name,
                        "implementing_unit": objective.implementing_department_id.name,
                    }
                )
                for objective in objectives
            ],
        }
        return self.sudo().with_context(ctcl_token=_TRANSITION_TOKEN).create(vals)

    def _ctcl_print_values(self):
        """What the printed plan (Phụ lục 3) says for this revision."""
        self.ensure_one()
        return {
            "company": self.company_id,
            "department": self.department_id,
            "year": self.year,
            "scope_name": self.scope_name,
            "revision": self.revision,
            "rows": [line._ctcl_print_row() for line in self.line_ids],
            "signer": self.approved_by_id,
            "signer_title": self.signer_title,
            "signed_date": self.approved_date,
            "signoff": self.env["ctcl.signoff"]
            .sudo()
            .search([("hash", "=", self.signoff_hash)], limit=1)
            if self.signoff_hash
            else self.env["ctcl.signoff"],
        }


class CtclQualityPlanRevisionLine(models.Model):
    _name = "ctcl.quality.plan.revision.line"
    _inherit = ["ctcl.frozen.record"]
    _description = "Quality objective in an approved plan revision"
    _order = "revision_id, sequence, id"

    revision_id = fields.Many2one(
        "ctcl.quality.plan.revision",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="revision_id.company_id", store=True)
    department_id = fields.Many2one(
        related="revision_id.department_id", string="Unit", store=True
    )
    sequence = fields.Integer(readonly=True)
    name = fields.Text(string="Quality objective", readonly=True)
    measurement_method = fields.Text(string="How it is measured", readonly=True)
    target_type = fields.Selection(
        [("numeric", "Number"), ("boolean", "Yes/no")], readonly=True
    )
    direction = fields.Selection(
        [("at_least", "At least"), ("at_most", "At most")], readonly=True
    )
    target_value = fields.Float(string="Target", readonly=True)
    target_uom = fields.Char(string="Unit of measure", readonly=True)
    target_display = fields.Char(string="Target level", compute="_compute_target")
    policy_commitment = fields.Char(string="Policy commitment", readonly=True)
    measures = fields.Text(readonly=True)
    implementing_unit = fields.Char(string="Implementing unit", readonly=True)
    date_start = fields.Date(string="Start", readonly=True)
    date_end = fields.Date(string="Completion", readonly=True)

    @api.depends_context("lang")
    @api.depends("target_type", "target_value", "target_uom", "direction")
    def _compute_target(self):
        for line in self:
            line.target_display = ctcl_target_text(line)

    def _ctcl_print_row(self):
        self.ensure_one()
        return ctcl_print_row(self, self.policy_commitment, self.implementing_unit)


class CtclQualityPlan(models.Model):
    """Revisions of an approved plan (QT.CTCL 5.9: MTCL are updated).

    The approver reopens the plan with a reason; the plan goes back to draft
    under the next revision number and follows the same approval. The
    approved revisions stay frozen (ctcl.quality.plan.revision); the one in
    force keeps being monitored meanwhile.
    """

    _inherit = "ctcl.quality.plan"

    _ctcl_buttons = {
        **QualityPlan._ctcl_buttons,
        "can_reopen": ("approved", "_check_can_approve"),
    }
    _ctcl_button_depends = (*QualityPlan._ctcl_button_depends, "report_ids")

    revision = fields.Integer(
        default=0,
        readonly=True,
        copy=False,
        tracking=True,
        aggregator=False,
        help="0 for the plan as first approved, then 1, 2… for each revision.",
    )
    revision_reason = fields.Text(
        string="Reason for the revision", readonly=True, copy=False
    )
    reopened_by_id = fields.Many2one(
        "res.users",
        string="Reopened by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    reopened_date = fields.Date(string="Reopened on", readonly=True, copy=False)
    revision_ids = fields.One2many(
        "ctcl.quality.plan.revision", "plan_id", string="Approved revisions"
    )
    revision_id = fields.Many2one(
        "ctcl.quality.plan.revision",
        string="Revision in force",
        compute="_compute_revision_id",
        store=True,
    )
    can_reopen = fields.Boolean(compute="_compute_can")

    @api.depends("revision_ids")
    def _compute_revision_id(self):
        for plan in self:
            plan.revision_id = plan.revision_ids.sorted("revision")[-1:]

    def _ctcl_button_applies(self, button):
        # The plan of a year under evaluation is no longer revised.
        if button == "can_reopen":
            return not self.report_ids
        return super()._ctcl_button_applies(button)

    def _ctcl_signed_closed(self):
        # A plan reopened for revision is a draft again, whatever its close date.
        return self.state in self._ctcl_closed_states and super()._ctcl_signed_closed()

    # ------------------------------------------------------------------
    # Reopening and approval of a revision
    # ------------------------------------------------------------------
    def action_open_reopen_wizard(self):
        self.ensure_one()
        self._ctcl_step("approved", "_check_can_approve")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revise the plan"),
            "res_model": "ctcl.quality.plan.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_ids": self.ids},
        }

    def action_reopen(self, reason):
        """The approver reopens an approved plan for its next revision."""
        self._ctcl_step("approved", "_check_can_approve")
        reason = ctcl_text_argument(self.env, reason).strip()
        if not reason:
            raise UserError(self.env._("Give the reason for revising the plan."))
        for plan in self:
            if plan.report_ids:
                raise UserError(
                    self.env._(
                        "The achievement report of %(plan)s has been started: the "
                        "plan of a year under evaluation is no longer revised.",
                        plan=plan.display_name,
                    )
                )
            if not plan.revision_id:
                # Approved before revisions were kept (imported, demo data).
                self.env["ctcl.quality.plan.revision"]._ctcl_record(plan)
            plan._ctcl_advance(
                {
                    "state": "draft",
                    "revision": plan.revision + 1,
                    "revision_reason": reason,
                    "reopened_by_id": self.env.uid,
                    "reopened_date": plan.company_id._ctcl_today(),
                    "submitted_by_id": False,
                    "submitted_date": False,
                    "approved_by_id": False,
                    "approved_date": False,
                }
            )
            plan.message_post(
                body=self.env._(
                    "Plan reopened for revision %(revision)s. Reason: %(reason)s",
                    revision=plan.revision,
                    reason=reason,
                ),
                partner_ids=plan._ctcl_drafters().partner_id.ids,
            )
        return True

    def _ctcl_after_approval(self):
        """Freeze the approved revision, keep the plan from this approval on
        and communicate it to the people it concerns."""
        Revision = self.env["ctcl.quality.plan.revision"]
        for plan in self:
            if plan.revision_ids:
                # A revision restarts the retention from its own approval.
                plan._ctcl_start_retention()
            Revision._ctcl_record(plan)
            plan._ctcl_communicate()

    def _ctcl_audience(self):
        """Who the approved plan is communicated to: the staff of the unit
        (unit plan) or of every unit of the agency (agency plan)."""
        self.ensure_one()
        domain = [("company_id", "=", self.company_id.id), ("user_id", "!=", False)]
        if self.department_id:
            domain.append(("department_id", "=", self.department_id.id))
        else:
            domain.append(("department_id", "!=", False))
        users = self.env["hr.employee"].sudo().search(domain).user_id
        users |= self._ctcl_approvers() | self._ctcl_drafters()
        return users.filtered(lambda u: u.active and not u.share).partner_id

    def _ctcl_communicate(self):
        self.ensure_one()
        plan = self.with_context(lang=self.company_id._ctcl_lang())
        if plan.revision:
            text = plan.env._(
                "Revision %(revision)s of the quality objectives plan is approved "
                "and in force: please read it and apply it in your work. Reason "
                "for the revision: %(reason)s",
                revision=plan.revision,
                reason=plan.revision_reason or "",
            )
        else:
            text = plan.env._(
                "The quality objectives plan is approved and in force: please read "
                "it and apply it in your work."
            )
        plan.message_post(
            body=Markup("<p>%s</p>") % text,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=plan._ctcl_audience().ids,
        )

    # ------------------------------------------------------------------
    # Printing (Phụ lục 3)
    # ------------------------------------------------------------------
    def _ctcl_print_values(self):
        """What the printed plan (Phụ lục 3) says for its current content."""
        self.ensure_one()
        return {
            "company": self.company_id,
            "department": self.department_id,
            "year": self.year,
            "scope_name": self.department_id.name or self.company_id.name,
            "revision": self.revision,
            "rows": [
                ctcl_print_row(
                    objective,
                    objective.policy_commitment_id.name,
                    objective.implementing_department_id.name,
                )
                for objective in self.objective_ids
            ],
            "signer": self.approved_by_id,
            "signer_title": self._ctcl_signer_title(self.approved_by_id),
            "signed_date": self.approved_date,
            "signoff": self._ctcl_signoff_for("approve")
            if self.approved_by_id
            else self.env["ctcl.signoff"],
        }
