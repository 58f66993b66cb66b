from odoo import api, fields, models
from odoo.exceptions import UserError

from .ctcl_workflow_mixin import _TRANSITION_TOKEN


class CtclQualityReport(models.Model):
    _name = "ctcl.quality.report"
    _description = "Quality objectives achievement report (MTCL, Phụ lục 3)"
    # The workflow mixin first: it wraps mail.thread (see ctcl.workflow.mixin).
    _inherit = ["ctcl.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "year desc, id desc"
    _check_company_auto = True

    _ctcl_closed_states = ("approved",)
    _ctcl_buttons = {
        "can_submit": ("draft", "_check_can_edit_draft"),
        "can_approve": ("submitted", "_check_can_approve"),
        "can_create_next_plan": ("approved", "_check_can_create_next_plan"),
    }
    _ctcl_button_depends = ("plan_id", "next_plan_id")
    _ctcl_activity_types = (
        "ctcl_quality.mail_act_ctcl_quality_report_draft",
        "ctcl_quality.mail_act_ctcl_quality_report_approval",
    )
    # What the sign-offs cover: the achievement of each objective (Phụ lục 3).
    _ctcl_signed_fields = (
        "plan_id",
        "note",
        "line_ids.objective_id",
        "line_ids.actual_value",
        "line_ids.actual_bool",
        "line_ids.achieved",
        "line_ids.override_reason",
        "line_ids.cause",
        "line_ids.direction",
        "line_ids.keep_next_year",
        "line_ids.next_target_value",
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

    plan_id = fields.Many2one(
        "ctcl.quality.plan",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    year = fields.Integer(related="plan_id.year", store=True, aggregator=False)
    department_id = fields.Many2one(
        related="plan_id.department_id", string="Unit", store=True
    )
    scope_name = fields.Char(related="plan_id.scope_name", store=True)
    drafter_id = fields.Many2one(related="plan_id.drafter_id")
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "To approve"), ("approved", "Approved")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    line_ids = fields.One2many(
        "ctcl.quality.report.line", "report_id", string="Objectives"
    )
    note = fields.Text(string="General assessment")
    objective_count = fields.Integer(compute="_compute_rate", store=True)
    achieved_count = fields.Integer(compute="_compute_rate", store=True)
    achievement_rate = fields.Float(
        string="Achievement rate (%)",
        compute="_compute_rate",
        store=True,
        aggregator="avg",
    )
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
    date_deadline = fields.Date(related="plan_id.report_deadline", string="Deadline")
    next_plan_id = fields.Many2one(
        "ctcl.quality.plan",
        string="Next year's plan",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    can_submit = fields.Boolean(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can")
    can_create_next_plan = fields.Boolean(compute="_compute_can")
    can_edit_report = fields.Boolean(compute="_compute_can_edit")

    _sql_constraints = [
        (
            "plan_uniq",
            "unique(plan_id)",
            "A plan has one achievement report.",
        )
    ]

    @api.depends("plan_id.year", "plan_id.scope_name")
    def _compute_name(self):
        for report in self:
            report.name = report.company_id._ctcl_env()._(
                "Achievement report %(year)s – %(scope)s",
                year=report.plan_id.year,
                scope=report.plan_id.scope_name or "",
            )

    @api.depends("line_ids.achieved")
    def _compute_rate(self):
        for report in self:
            total = len(report.line_ids)
            achieved = len(report.line_ids.filtered("achieved"))
            report.objective_count = total
            report.achieved_count = achieved
            report.achievement_rate = 100.0 * achieved / total if total else 0.0

    # ------------------------------------------------------------------
    # CRUD, guards and roles (the plan's: same drafters, same approver)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        reports = super().create(vals_list)
        for report in reports:
            if report.plan_id.state != "approved":
                raise UserError(
                    self.env._(
                        "%(plan)s must be approved before its achievement report.",
                        plan=report.plan_id.display_name,
                    )
                )
            if not self._ctcl_in_transition():
                report._check_can_edit_draft()
        reports.filtered(lambda r: not r.line_ids)._ctcl_prefill_lines()
        reports.activity_update()
        reports.plan_id.activity_update()
        return reports

    def _ctcl_check_create_fields(self, fnames):
        # The plan is chosen once, when the report is made.
        return super()._ctcl_check_create_fields(fnames - {"plan_id"})

    def _ctcl_prefill_lines(self):
        Line = self.env["ctcl.quality.report.line"]
        for report in self:
            Line.with_context(ctcl_report_prefill=True).create(
                [
                    {
                        "report_id": report.id,
                        "objective_id": objective.id,
                        "sequence": objective.sequence,
                        "actual_value": objective.last_measurement_id.value,
                        "actual_bool": objective.last_measurement_id.value_bool,
                        "keep_next_year": True,
                        "next_target_value": objective.target_value,
                    }
                    for objective in report.plan_id.objective_ids
                ]
            )

    def _ctcl_field_rules(self):
        return {
            "can_edit_report": (
                {"line_ids", "note"},
                {"draft": "_check_can_edit_draft"},
            ),
        }

    def _ctcl_is_deletable_draft(self):
        return self.state == "draft" and self._ctcl_passes("_check_can_edit_draft")

    def _check_can_edit_draft(self):
        self.plan_id._check_can_edit_draft()

    def _check_can_approve(self):
        self.plan_id._check_can_approve()

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            return self.env.ref("ctcl_quality.mt_ctcl_quality_report_state")
        return super()._track_subtype(init_values)

    def _ctcl_advance(self, vals):
        result = super()._ctcl_advance(vals)
        self.plan_id.activity_update()  # the plan carries the 31/12 reminder
        return result

    def _ctcl_participants(self):
        return self.drafter_id | self.submitted_by_id | self.approved_by_id

    def _ctcl_activity_plan(self):
        self.ensure_one()
        prefix = "ctcl_quality.mail_act_ctcl_quality_report_"
        if self.state == "draft":
            return {
                prefix + "draft": (self.plan_id._ctcl_drafters(), self.date_deadline)
            }
        if self.state == "submitted":
            return {
                prefix + "approval": (
                    self.plan_id._ctcl_approvers(),
                    self.date_deadline,
                )
            }
        return {}

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        self._ctcl_step("draft", "_check_can_edit_draft")
        self.line_ids._ctcl_check_complete()
        for report in self:
            report._ctcl_advance(
                {
                    "state": "submitted",
                    "submitted_by_id": self.env.uid,
                    "submitted_date": report.company_id._ctcl_today(),
                }
            )
        return True

    def action_approve(self):
        """The plan's approver approves the report, dated in the agency's time
        zone (the date printed above the signature of Phụ lục 3)."""
        self._ctcl_step("submitted", "_check_can_approve")
        self.line_ids._ctcl_check_complete()
        for report in self:
            report._ctcl_advance(
                {
                    "state": "approved",
                    "approved_by_id": self.env.uid,
                    "approved_date": report.company_id._ctcl_today(),
                }
            )
        return True

    def _ctcl_print_values(self):
        """Who signs the printed report (Phụ lục 3), under which title, when."""
        self.ensure_one()
        return {
            "signer": self.approved_by_id,
            "signer_title": self.plan_id._ctcl_signer_title(self.approved_by_id),
            "signed_date": self.approved_date,
            "signoff": self._ctcl_signoff_for("approve")
            if self.approved_by_id
            else self.env["ctcl.signoff"],
        }

    def action_send_back(self):
        self._ctcl_step("submitted", "_check_can_approve")
        self._ctcl_advance({"state": "draft"})
        for report in self:
            report.message_post(
                body=self.env._("Report sent back to its drafter for rework."),
                partner_ids=report.plan_id._ctcl_drafters().partner_id.ids,
            )
        return True

    def _check_can_create_next_plan(self):
        """The plan's drafters draft next year's plan from its report, once."""
        self.plan_id._check_can_name_drafter()
        if self.next_plan_id:
            raise UserError(
                self.env._(
                    "%(plan)s was already made from this report.",
                    plan=self.next_plan_id.display_name,
                )
            )

    def action_create_next_plan(self):
        """Next year's plan, same scope, from this approved report (QT.CTCL 5.9).

        Objectives not achieved carry over with the direction decided for
        them; achieved ones carry over when “keep next year” is ticked, with
        the (possibly raised) next target.
        """
        self.ensure_one()
        self._ctcl_step("approved", "_check_can_create_next_plan")
        plan = self.plan_id
        Plan = self.env["ctcl.quality.plan"]
        new_plan = Plan.create(
            {
                "year": plan.year + 1,
                "department_id": plan.department_id.id,
                "company_id": plan.company_id.id,
                "drafter_id": plan.drafter_id.id,
            }
        )
        carried = self.line_ids.filtered(
            lambda line: not line.achieved or line.keep_next_year
        )
        # The server carries them over (and says where each comes from).
        self.env["ctcl.quality.objective"].with_context(
            ctcl_token=_TRANSITION_TOKEN
        ).create([line._ctcl_next_objective_vals(new_plan) for line in carried])
        new_plan._ctcl_transition_write({"previous_report_id": self.id})
        self._ctcl_transition_write({"next_plan_id": new_plan.id})
        new_plan.message_post(
            body=self.env._(
                "Plan drafted from the achievement report %(report)s.",
                report=self._get_html_link(),
            )
        )
        return new_plan._ctcl_form_action()
