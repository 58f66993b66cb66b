from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date, formatLang


def ctcl_format_number(env, value, digits=None):
    """A figure as people write it, in the number format of the language of
    ``env`` (its reader): “91,5” in Vietnamese, “91.5” in English. Without
    ``digits``, the decimals the value has (no trailing zeros)."""
    if digits is None:
        digits = len(f"{value:.6f}".rstrip("0").partition(".")[2])
    return formatLang(env, value, digits=digits)


def ctcl_format_quantity(env, value, uom):
    """A value with its unit that never breaks across lines: “98,6%” (a percent
    sign follows the figure), “2\u00a0lượt” (a no-break space before a word)."""
    number = ctcl_format_number(env, value)
    uom = (uom or "").strip()
    if not uom:
        return number
    return number + (uom if uom == "%" else f"\N{NO-BREAK SPACE}{uom}")


def ctcl_target_text(record):
    """The target level of ``record`` (an objective, or an objective as a plan
    revision froze it): “At least 98,6%”, or “Achieved (yes/no)”."""
    env = record.env
    if record.target_type == "boolean":
        return env._("Achieved (yes/no)")
    # The objective's labels, for the frozen copies too.
    directions = env["ctcl.quality.objective"]._fields["direction"]
    labels = dict(directions._description_selection(env))
    return " ".join(
        filter(
            None,
            [
                labels.get(record.direction, ""),
                ctcl_format_quantity(env, record.target_value, record.target_uom),
            ],
        )
    )


class CtclQualityObjective(models.Model):
    _name = "ctcl.quality.objective"
    _description = "Quality objective (MTCL)"
    _inherit = ["mail.thread", "ctcl.document.line"]
    _ctcl_parent_field = "plan_id"
    _ctcl_lines_field = "objective_ids"
    _ctcl_line_own_fields = frozenset({"measurement_ids"})
    _order = "plan_id, sequence, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "ctcl.quality.plan",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(
        default=True,
        help="Archive an objective to take it out of the plan in a revision: its "
        "measurements stay, and earlier revisions still list it.",
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    year = fields.Integer(related="plan_id.year", store=True, aggregator=False)
    department_id = fields.Many2one(
        related="plan_id.department_id", string="Plan unit", store=True
    )
    scope_name = fields.Char(related="plan_id.scope_name", store=True)
    plan_state = fields.Selection(related="plan_id.state", string="Plan status")
    name = fields.Text(string="Quality objective", required=True, tracking=True)
    measurement_method = fields.Text(
        string="How it is measured",
        required=True,
        tracking=True,
        help="The indicator and how it is computed, so that the objective is "
        "measurable (QT.CTCL 5.9).",
    )
    target_type = fields.Selection(
        [("numeric", "Number"), ("boolean", "Yes/no")],
        required=True,
        default="numeric",
        tracking=True,
    )
    direction = fields.Selection(
        [("at_least", "At least"), ("at_most", "At most")],
        default="at_least",
        tracking=True,
    )
    target_value = fields.Float(string="Target", tracking=True)
    target_uom = fields.Char(string="Unit of measure", help="e.g. %, days, records")
    target_display = fields.Char(string="Target level", compute="_compute_target")
    policy_commitment_id = fields.Many2one(
        "ctcl.quality.commitment",
        string="Policy commitment",
        ondelete="restrict",
        tracking=True,
        check_company=True,
        help="The commitment of the quality policy (CSCL) this objective serves: "
        "objectives are consistent with the policy (QT.CTCL 5.9); required for "
        "approval.",
    )
    measures = fields.Text(tracking=True)
    implementing_department_id = fields.Many2one(
        "hr.department",
        string="Implementing unit",
        ondelete="restrict",
        check_company=True,
    )
    revision_added = fields.Integer(
        string="Added in revision",
        compute="_compute_revision_added",
        store=True,
        aggregator=False,
    )
    in_force = fields.Boolean(
        compute="_compute_in_force",
        help="Part of an approved revision of its plan: it is monitored.",
    )
    date_start = fields.Date(string="Start", tracking=True)
    date_end = fields.Date(string="Completion", tracking=True)
    origin_objective_id = fields.Many2one(
        "ctcl.quality.objective",
        string="Carried over from",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    measurement_ids = fields.One2many(
        "ctcl.quality.measurement", "objective_id", string="Measurements"
    )
    last_measurement_id = fields.Many2one(
        "ctcl.quality.measurement",
        compute="_compute_status",
        store=True,
        string="Latest measurement",
    )
    last_date = fields.Date(
        string="Measured on", related="last_measurement_id.date", store=True
    )
    last_value_display = fields.Char(
        string="Latest value", related="last_measurement_id.value_display"
    )
    status = fields.Selection(
        [
            ("none", "Not measured"),
            ("on_target", "On target"),
            ("at_risk", "At risk"),
            ("off_target", "Off target"),
        ],
        compute="_compute_status",
        store=True,
        tracking=True,
    )
    request_ids = fields.One2many(
        "ctcl.action.request", "quality_objective_id", string="Improvement requests"
    )
    request_count = fields.Integer(compute="_compute_request_count")
    can_request_improvement = fields.Boolean(compute="_compute_request_count")

    @api.depends_context("lang")
    @api.depends("target_type", "target_value", "target_uom", "direction")
    def _compute_target(self):
        for objective in self:
            objective.target_display = ctcl_target_text(objective)

    @api.depends("plan_id")
    def _compute_revision_added(self):
        # The plan's revision when the objective was added: not a dependency,
        # so that the next revision keeps the objectives already in force.
        for objective in self:
            objective.revision_added = objective.plan_id.revision

    @api.depends("active", "revision_added", "plan_id.state", "plan_id.revision_id")
    def _compute_in_force(self):
        for objective in self:
            plan = objective.plan_id
            objective.in_force = objective.active and (
                plan.state == "approved"
                or (
                    bool(plan.revision_id)
                    and objective.revision_added <= plan.revision_id.revision
                )
            )

    @api.depends(
        "measurement_ids.date",
        "measurement_ids.value",
        "measurement_ids.value_bool",
        "target_type",
        "target_value",
        "direction",
        "company_id.ctcl_objective_risk_margin",
    )
    def _compute_status(self):
        for objective in self:
            last = objective.measurement_ids.sorted(
                lambda m: (m.date, m.id), reverse=True
            )[:1]
            objective.last_measurement_id = last
            objective.status = (
                objective._ctcl_evaluate(last.value, last.value_bool)
                if last
                else "none"
            )

    def _ctcl_evaluate(self, value, value_bool):
        """on_target / at_risk / off_target for a value against the target.

        A numeric value that misses the target by no more than the company's
        at-risk margin (a percentage of the target, 10% by default) is at
        risk; a yes/no objective is on or off target.
        """
        self.ensure_one()
        if self.target_type == "boolean":
            return "on_target" if value_bool else "off_target"
        target = self.target_value
        margin = abs(target) * (self.company_id.ctcl_objective_risk_margin or 0) / 100
        gap = value - target if self.direction == "at_most" else target - value
        if gap <= 0:
            return "on_target"
        return "at_risk" if gap <= margin else "off_target"

    @api.depends_context("uid")
    @api.depends("request_ids.state", "status")
    def _compute_request_count(self):
        for objective in self:
            objective.request_count = len(objective.request_ids)
            objective.can_request_improvement = (
                objective.status == "off_target"
                and objective.plan_state == "approved"
                and not objective._ctcl_open_requests()
            )

    def _ctcl_open_requests(self):
        return self.request_ids.filtered(lambda r: r.state not in ("done", "rejected"))

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for objective in self:
            if (
                objective.date_start
                and objective.date_end
                and objective.date_end < objective.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "The completion date of the objective “%(objective)s” "
                        "cannot be before its start date.",
                        objective=objective.name,
                    )
                )

    @api.constrains("name", "measurement_method", "target_type", "direction")
    def _check_measurable(self):
        for objective in self:
            if (
                not (objective.name or "").strip()
                or not (objective.measurement_method or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Each quality objective needs its wording and how it is "
                        "measured."
                    )
                )
            if objective.target_type == "numeric" and not objective.direction:
                raise ValidationError(
                    self.env._(
                        "Say whether the target of “%(objective)s” is a minimum "
                        "or a maximum.",
                        objective=objective.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_measured(self):
        # A plan's deletion after its retention period takes its objectives
        # along at the database level; here an objective is deleted alone.
        measured = self.filtered("measurement_ids")[:1]
        if measured:
            raise UserError(
                self.env._(
                    "The objective “%(objective)s” has measurements: archive it to "
                    "take it out of the plan.",
                    objective=measured.name,
                )
            )

    # ------------------------------------------------------------------
    # Improvement request from monitoring (QT.CTCL 5.2.1 via 5.9)
    # ------------------------------------------------------------------
    def action_create_improvement_request(self):
        self.ensure_one()
        return self._ctcl_create_improvement_request()._ctcl_form_action()

    def _ctcl_create_improvement_request(self):
        """Open a BM.CTCL.01 improvement request as the current user."""
        self.ensure_one()
        if self.status != "off_target":
            raise UserError(
                self.env._(
                    "The objective “%(objective)s” is not off target.",
                    objective=self.name,
                )
            )
        if self._ctcl_open_requests():
            raise UserError(
                self.env._(
                    "An improvement request is already open for “%(objective)s”.",
                    objective=self.name,
                )
            )
        self.plan_id._check_can_measure()
        user = self.env.user
        department = (
            self.plan_id.department_id
            or self.implementing_department_id
            or user.employee_ids[:1].department_id
        )
        if not department:
            raise UserError(
                self.env._("Your user has no unit to open an improvement request for.")
            )
        # Box 1 is read by the agency (and printed): its language and numbers.
        env = self.company_id._ctcl_env()
        objective = self.with_env(env)
        last = objective.last_measurement_id
        description = env._(
            "Quality objective %(year)s of %(scope)s not met: “%(objective)s”. "
            "Target: %(target)s; measured %(value)s on %(date)s. %(note)s",
            year=self.year,
            scope=objective.scope_name,
            objective=objective.name,
            target=objective.target_display,
            value=last.value_display or "-",
            date=format_date(env, last.date) if last else "-",
            note=last.note or "",
        ).strip()
        request = self.env["ctcl.action.request"]._ctcl_create_linked(
            {
                "request_type": "improvement",
                "requesting_department_id": department.id,
                "requester_id": user.id,
                "source_id": self.env.ref(
                    "ctcl_quality.ctcl_source_process_performance"
                ).id,
                "description": description,
                "related_documents": self.plan_id.name,
                "company_id": self.company_id.id,
            },
            {"quality_objective_id": self.id},
        )
        self.message_post(
            body=self.env._(
                "Improvement request %(request)s opened.",
                request=request._get_html_link(),
            )
        )
        return request

    def action_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ctcl_quality.ctcl_action_request_action"
        )
        action["domain"] = [("quality_objective_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_open_measurements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ctcl_quality.ctcl_quality_measurement_action"
        )
        action["domain"] = [("objective_id", "=", self.id)]
        action["context"] = {"default_objective_id": self.id}
        return action
