from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .ctcl_quality_objective import ctcl_format_quantity


class CtclQualityReportLine(models.Model):
    _name = "ctcl.quality.report.line"
    _inherit = ["ctcl.document.line"]
    _ctcl_parent_field = "report_id"
    _ctcl_lines_field = "line_ids"
    _description = "Quality objective achievement"
    _order = "report_id, sequence, id"

    report_id = fields.Many2one(
        "ctcl.quality.report", required=True, ondelete="cascade", index=True
    )
    objective_id = fields.Many2one(
        "ctcl.quality.objective",
        string="Quality objective",
        required=True,
        ondelete="restrict",
        index=True,
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    year = fields.Integer(related="report_id.year", store=True, aggregator=False)
    department_id = fields.Many2one(
        related="report_id.department_id", string="Unit", store=True
    )
    scope_name = fields.Char(
        related="report_id.scope_name", string="Agency / unit", store=True
    )
    report_state = fields.Selection(
        related="report_id.state", string="Report status", store=True
    )
    name = fields.Text(related="objective_id.name", string="Objective")
    target_type = fields.Selection(related="objective_id.target_type")
    target_uom = fields.Char(related="objective_id.target_uom")
    target_display = fields.Char(
        related="objective_id.target_display", string="Target level"
    )
    actual_value = fields.Float(string="Actual value")
    actual_bool = fields.Boolean(string="Achieved (yes/no)")
    actual_display = fields.Char(
        string="Actual achieved", compute="_compute_actual_display"
    )
    achieved_auto = fields.Boolean(
        string="Achieved by the figures", compute="_compute_achieved_auto"
    )
    achieved = fields.Boolean(
        compute="_compute_achieved",
        store=True,
        readonly=False,
        help="Follows the actual value and the target; it may be changed, "
        "giving the reason.",
    )
    achieved_percent = fields.Float(
        string="Achievement rate (%)",
        compute="_compute_achieved_percent",
        store=True,
        aggregator="avg",
    )
    override_reason = fields.Char(
        string="Reason for the assessment",
        help="Required when the assessment differs from what the figures say.",
    )
    cause = fields.Text(string="Cause when not achieved")
    direction = fields.Text(string="Direction for the next period")
    keep_next_year = fields.Boolean(
        string="Keep next year",
        default=True,
        help="Achieved objectives are carried into next year's plan when this "
        "is ticked; objectives not achieved always are.",
    )
    next_target_value = fields.Float(
        string="Next year's target",
        help="Raise it to set a more demanding target in next year's plan.",
    )

    @api.depends_context("lang")
    @api.depends("actual_value", "actual_bool", "objective_id.target_type")
    def _compute_actual_display(self):
        yes_no = {True: self.env._("Yes"), False: self.env._("No")}
        for line in self:
            if line.target_type == "boolean":
                line.actual_display = yes_no[line.actual_bool]
            else:
                line.actual_display = ctcl_format_quantity(
                    self.env, line.actual_value, line.target_uom
                )

    @api.depends(
        "actual_value",
        "actual_bool",
        "objective_id.target_value",
        "objective_id.direction",
        "objective_id.target_type",
    )
    def _compute_achieved_auto(self):
        for line in self:
            line.achieved_auto = line._ctcl_meets_target()

    def _ctcl_meets_target(self):
        objective = self.objective_id
        if objective.target_type == "boolean":
            return self.actual_bool
        if objective.direction == "at_most":
            return self.actual_value <= objective.target_value
        return self.actual_value >= objective.target_value

    @api.depends(
        "actual_value",
        "actual_bool",
        "objective_id.target_value",
        "objective_id.direction",
        "objective_id.target_type",
    )
    def _compute_achieved(self):
        for line in self:
            line.achieved = line._ctcl_meets_target()

    @api.depends("achieved")
    def _compute_achieved_percent(self):
        for line in self:
            line.achieved_percent = 100.0 if line.achieved else 0.0

    @api.constrains("report_id", "objective_id")
    def _check_objective_of_plan(self):
        for line in self:
            if line.objective_id.plan_id != line.report_id.plan_id:
                raise ValidationError(
                    self.env._(
                        "The objective “%(objective)s” is not in %(plan)s.",
                        objective=line.objective_id.name,
                        plan=line.report_id.plan_id.display_name,
                    )
                )
            if (
                len(
                    line.report_id.line_ids.filtered(
                        lambda other, line=line: other.objective_id == line.objective_id
                    )
                )
                > 1
            ):
                raise ValidationError(
                    self.env._(
                        "The objective “%(objective)s” is already in %(report)s.",
                        objective=line.objective_id.name,
                        report=line.report_id.display_name,
                    )
                )

    def _ctcl_check_complete(self):
        for line in self:
            if not line.achieved and not (line.cause or "").strip():
                raise UserError(
                    self.env._(
                        "Give the cause why “%(objective)s” was not achieved.",
                        objective=line.name,
                    )
                )
            if (
                line.achieved != line.achieved_auto
                and not (line.override_reason or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "The figures of “%(objective)s” say otherwise: give the "
                        "reason for the assessment.",
                        objective=line.name,
                    )
                )

    def write(self, vals):
        if {"report_id", "objective_id"} & set(vals) and not self.env.su:
            raise UserError(self.env._("A report line stays on its objective."))
        return super().write(vals)

    def _ctcl_next_objective_vals(self, plan):
        """The objective carried into next year's ``plan``."""
        self.ensure_one()
        objective = self.objective_id
        years = relativedelta(years=plan.year - objective.year)
        measures = objective.measures or ""
        if not self.achieved and (self.direction or "").strip():
            measures = self.direction
        return {
            "plan_id": plan.id,
            "sequence": objective.sequence,
            "name": objective.name,
            "measurement_method": objective.measurement_method,
            "target_type": objective.target_type,
            "direction": objective.direction,
            "target_value": self.next_target_value
            if self.achieved and self.next_target_value
            else objective.target_value,
            "target_uom": objective.target_uom,
            "policy_commitment_id": objective.policy_commitment_id.id,
            "measures": measures,
            "implementing_department_id": objective.implementing_department_id.id,
            "date_start": objective.date_start and objective.date_start + years,
            "date_end": objective.date_end and objective.date_end + years,
            "origin_objective_id": objective.id,
        }
