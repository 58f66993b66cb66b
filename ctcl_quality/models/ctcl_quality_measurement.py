from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import format_date

from .ctcl_quality_objective import ctcl_format_quantity
from .ctcl_workflow_mixin import ctcl_refuse_computed


class CtclQualityMeasurement(models.Model):
    _name = "ctcl.quality.measurement"
    _inherit = ["ctcl.server.fields"]
    _description = "Quality objective measurement"
    _order = "date desc, id desc"
    _check_company_auto = True

    objective_id = fields.Many2one(
        "ctcl.quality.objective",
        required=True,
        ondelete="cascade",
        index=True,
    )
    plan_id = fields.Many2one(related="objective_id.plan_id", store=True, index=True)
    company_id = fields.Many2one(related="objective_id.company_id", store=True)
    department_id = fields.Many2one(
        related="objective_id.department_id", string="Plan unit", store=True
    )
    scope_name = fields.Char(related="objective_id.scope_name", store=True)
    year = fields.Integer(related="objective_id.year", store=True, aggregator=False)
    target_type = fields.Selection(related="objective_id.target_type")
    date = fields.Date(
        required=True, default=lambda self: self.env.company._ctcl_today()
    )
    value = fields.Float(string="Measured value", aggregator="avg")
    value_bool = fields.Boolean(string="Achieved")
    value_display = fields.Char(string="Value", compute="_compute_value_display")
    note = fields.Text()
    recorded_by_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        default=lambda self: self.env.user,
        readonly=True,
        ondelete="restrict",
    )
    status = fields.Selection(
        [
            ("on_target", "On target"),
            ("at_risk", "At risk"),
            ("off_target", "Off target"),
        ],
        compute="_compute_measurement_status",
        store=True,
    )

    @api.depends("objective_id.name", "date")
    def _compute_display_name(self):
        for measurement in self:
            measurement.display_name = " – ".join(
                filter(
                    None,
                    [
                        measurement.objective_id.name,
                        measurement.date and format_date(self.env, measurement.date),
                    ],
                )
            )

    @api.constrains("date", "value", "objective_id")
    def _check_value_and_date(self):
        for measurement in self:
            objective = measurement.objective_id
            if measurement.date and measurement.date > self._ctcl_agency_today():
                raise ValidationError(
                    self.env._("A measurement cannot be dated in the future.")
                )
            # Late figures of the year may still come in before its report.
            if measurement.date and measurement.date.year < objective.year:
                raise ValidationError(
                    self.env._(
                        "A measurement of the %(year)s objectives cannot be dated "
                        "before %(year)s: %(date)s.",
                        year=objective.year,
                        date=format_date(self.env, measurement.date),
                    )
                )
            if (
                objective.target_type == "numeric"
                and (objective.target_uom or "").strip() == "%"
                and not 0 <= measurement.value <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "“%(objective)s” is measured in percent: %(value)s is not "
                        "between 0 and 100.",
                        objective=objective.name,
                        value=ctcl_format_quantity(self.env, measurement.value, "%"),
                    )
                )

    @api.depends_context("lang")
    @api.depends("value", "value_bool", "objective_id.target_type")
    def _compute_value_display(self):
        yes_no = {True: self.env._("Yes"), False: self.env._("No")}
        for measurement in self:
            objective = measurement.objective_id
            if objective.target_type == "boolean":
                measurement.value_display = yes_no[measurement.value_bool]
            else:
                measurement.value_display = ctcl_format_quantity(
                    self.env, measurement.value, objective.target_uom
                )

    @api.depends(
        "value",
        "value_bool",
        "objective_id.target_value",
        "objective_id.direction",
        "objective_id.target_type",
        "company_id.ctcl_objective_risk_margin",
    )
    def _compute_measurement_status(self):
        for measurement in self:
            # A new measurement has no objective until the user picks one.
            objective = measurement.objective_id
            measurement.status = (
                objective._ctcl_evaluate(measurement.value, measurement.value_bool)
                if objective
                else False
            )

    # ------------------------------------------------------------------
    # Guards: measurements of approved plans whose report is not approved,
    # by the people of the plan
    # ------------------------------------------------------------------
    def _ctcl_check_can_record(self, objectives):
        if self.env.su:
            return
        # While a revision of the plan is drafted, the approved one stays in
        # force: its objectives are still measured.
        for objective in objectives.with_context(active_test=False):
            if not objective.in_force:
                raise UserError(
                    self.env._(
                        "Measurements are recorded for the objectives of an "
                        "approved plan; “%(objective)s” is not in force in %(plan)s.",
                        objective=objective.name,
                        plan=objective.plan_id.display_name,
                    )
                )
        for plan in objectives.plan_id:
            if plan.report_state == "approved":
                raise UserError(
                    self.env._(
                        "The achievement report of %(plan)s is approved: its "
                        "measurements can no longer change.",
                        plan=plan.display_name,
                    )
                )
            plan._check_can_measure()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            ctcl_refuse_computed(self, vals)
            if not self.env.su:
                vals.pop("recorded_by_id", None)
        objectives = self.env["ctcl.quality.objective"].browse(
            {vals.get("objective_id") for vals in vals_list} - {None, False}
        )
        self._ctcl_check_can_record(objectives)
        before = {o.id: o.status for o in objectives}
        measurements = super().create(vals_list)
        measurements._ctcl_after_measure(before)
        return measurements

    def write(self, vals):
        ctcl_refuse_computed(self, vals)
        if "recorded_by_id" in vals and not self.env.su:
            raise UserError(self.env._("The recorder of a measurement is set once."))
        objectives = self.objective_id
        if vals.get("objective_id"):
            objectives |= objectives.browse(vals["objective_id"])
        self._ctcl_check_can_record(objectives)
        self._ctcl_check_recorder()
        before = {o.id: o.status for o in objectives}
        result = super().write(vals)
        self._ctcl_after_measure(before)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_plan(self):
        self._ctcl_check_can_record(self.objective_id)
        self._ctcl_check_recorder()

    def _ctcl_check_recorder(self):
        """A figure stays the one its recorder gave (the ISO secretary may
        correct it): anyone else records a new measurement."""
        if self.env.su or self.env.user.has_group(
            "ctcl_quality.group_ctcl_iso_secretary"
        ):
            return
        others = self.filtered(lambda m: m.recorded_by_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "%(record)s was recorded by %(user)s: record a new measurement "
                    "instead of changing it.",
                    record=others[0].display_name,
                    user=others[0].recorded_by_id.name,
                )
            )

    def _ctcl_after_measure(self, before):
        """A measurement that puts an objective off target: open an improvement
        request (company setting) or say so in the chatter of the objective."""
        for objective in self.objective_id:
            if objective.status != "off_target" or before.get(objective.id) == (
                "off_target"
            ):
                continue
            if objective._ctcl_open_requests():
                continue
            if objective.company_id.ctcl_objective_auto_request:
                objective._ctcl_create_improvement_request()
            else:
                objective.message_post(
                    body=self.env._(
                        "The latest measurement puts this objective off target: "
                        "consider an improvement request (BM.CTCL.01)."
                    ),
                    subtype_xmlid="mail.mt_note",
                )
