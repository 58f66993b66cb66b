from odoo import api, fields, models
from odoo.exceptions import ValidationError

BANDS = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
SCALE_FIELDS = ("likelihood", "impact")
RESIDUAL_FIELDS = ("residual_likelihood", "residual_impact")


def ctcl_risk_band(register, level):
    """The band of a level (likelihood × impact) with the thresholds of its
    table: a level reaching a band's lower limit is in that band."""
    if not level:
        return False
    if level >= register.critical_from:
        return "critical"
    if level >= register.high_from:
        return "high"
    if level >= register.medium_from:
        return "medium"
    return "low"


class CtclRisk(models.Model):
    """A risk or an opportunity of a unit's process or public service."""

    _name = "ctcl.risk"
    _description = "Risk or opportunity"
    _inherit = ["ctcl.document.line", "ctcl.reference.guard"]
    _order = "register_id, sequence, id"
    _check_company_auto = True
    _ctcl_parent_field = "register_id"
    _ctcl_lines_field = "risk_ids"

    register_id = fields.Many2one(
        "ctcl.risk.register",
        string="Risk analysis table",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="register_id.company_id", store=True)
    department_id = fields.Many2one(
        related="register_id.department_id", string="Unit", store=True
    )
    scope_name = fields.Char(related="register_id.scope_name")
    register_state = fields.Selection(
        related="register_id.state", string="Table status"
    )
    kind = fields.Selection(
        [("risk", "Risk"), ("opportunity", "Opportunity")],
        required=True,
        default="risk",
    )
    name = fields.Char(string="Risk / opportunity", required=True)
    process = fields.Char(
        string="Process / public service",
        help="The process or the administrative procedure (TTHC) of the unit "
        "this risk or opportunity concerns.",
    )
    cause = fields.Text()
    consequence = fields.Text(
        help="What happens if it occurs (for an opportunity: the benefit).",
    )
    likelihood = fields.Integer(
        required=True, default=1, help="1 (rare) to 5 (almost certain)."
    )
    impact = fields.Integer(
        required=True, default=1, help="1 (negligible) to 5 (very serious)."
    )
    level = fields.Integer(compute="_compute_level", store=True, aggregator="max")
    band = fields.Selection(BANDS, compute="_compute_level", store=True)
    treatment = fields.Selection(
        [
            ("accept", "Accept"),
            ("mitigate", "Mitigate"),
            ("avoid", "Avoid"),
            ("transfer", "Transfer"),
            ("exploit", "Exploit"),
        ],
        help="Exploit is for opportunities; mitigate, avoid and transfer for risks.",
    )
    measure_ids = fields.One2many("ctcl.risk.measure", "risk_id", string="Measures")
    residual_likelihood = fields.Integer(
        string="Residual likelihood", help="After the treatment; 0 when not assessed."
    )
    residual_impact = fields.Integer(
        string="Residual impact", help="After the treatment; 0 when not assessed."
    )
    residual_level = fields.Integer(
        compute="_compute_level", store=True, aggregator="max"
    )
    residual_band = fields.Selection(BANDS, compute="_compute_level", store=True)
    previous_risk_id = fields.Many2one(
        "ctcl.risk",
        string="In the previous revision",
        readonly=True,
        copy=False,
        ondelete="restrict",
        index="btree_not_null",
    )
    next_risk_ids = fields.One2many(
        "ctcl.risk", "previous_risk_id", string="In later revisions"
    )
    proposed_likelihood = fields.Integer(
        compute="_compute_proposed_likelihood",
        help="A recurring nonconformity realised this risk since its table was "
        "approved: its likelihood is proposed one step higher.",
    )
    nonconformity_ids = fields.One2many(
        "ctcl.nonconformity", "risk_id", string="Nonconformities"
    )
    request_ids = fields.One2many(
        "ctcl.action.request", "risk_id", string="Action requests"
    )
    nonconformity_count = fields.Integer(compute="_compute_link_counts")
    request_count = fields.Integer(compute="_compute_link_counts")

    @api.depends(
        "likelihood",
        "impact",
        "residual_likelihood",
        "residual_impact",
        "register_id.medium_from",
        "register_id.high_from",
        "register_id.critical_from",
    )
    def _compute_level(self):
        for risk in self:
            risk.level = risk.likelihood * risk.impact
            risk.band = ctcl_risk_band(risk.register_id, risk.level)
            risk.residual_level = risk.residual_likelihood * risk.residual_impact
            risk.residual_band = ctcl_risk_band(risk.register_id, risk.residual_level)

    @api.depends(
        "likelihood",
        "nonconformity_ids.is_recurring",
        "previous_risk_id.nonconformity_ids.is_recurring",
    )
    def _compute_proposed_likelihood(self):
        for risk in self:
            risk.proposed_likelihood = risk._ctcl_proposed_likelihood()

    def _ctcl_proposed_likelihood(self):
        """One step more likely when a recurring nonconformity realised this
        risk (in this revision or an earlier one) since the table in force was
        approved; 0 when nothing is proposed."""
        self.ensure_one()
        if not self.likelihood or self.likelihood >= 5:
            return 0
        lineage = self.sudo()
        risk = lineage
        while risk.previous_risk_id:
            risk = risk.previous_risk_id
            lineage |= risk
        register = self.sudo().register_id
        since = register.approved_date or register.previous_revision_id.approved_date
        recurring = lineage.nonconformity_ids.filtered(
            lambda nc: nc.is_recurring and nc.active and (not since or nc.date >= since)
        )
        return self.likelihood + 1 if recurring else 0

    def _ctcl_latest_version(self):
        """This risk in the latest revision of its table that still lists it."""
        self.ensure_one()
        risk = self.sudo()
        while risk.next_risk_ids:
            risk = risk.next_risk_ids.sorted("id")[-1]
        return risk

    def _compute_link_counts(self):
        for risk in self:
            risk.nonconformity_count = len(risk.sudo().nonconformity_ids)
            risk.request_count = len(risk.sudo().request_ids)

    @api.depends("name", "register_id.scope_name")
    def _compute_display_name(self):
        for risk in self:
            risk.display_name = (
                f"{risk.name} ({risk.register_id.scope_name})"
                if risk.register_id
                else risk.name or ""
            )

    @api.model
    def _ctcl_referring_fields(self):
        # The risk's own measures go with it.
        for field in super()._ctcl_referring_fields():
            if field.ondelete != "cascade":
                yield field

    def _ctcl_net_level(self):
        """The level once treated: the residual one when assessed."""
        self.ensure_one()
        return self.residual_level or self.level

    @api.constrains(*SCALE_FIELDS, *RESIDUAL_FIELDS)
    def _check_scales(self):
        for risk in self:
            if not all(1 <= risk[f] <= 5 for f in SCALE_FIELDS):
                raise ValidationError(
                    self.env._(
                        "Likelihood and impact of “%(risk)s” are rated from 1 to 5.",
                        risk=risk.name,
                    )
                )
            residual = [risk[f] for f in RESIDUAL_FIELDS]
            if residual != [0, 0] and not all(1 <= v <= 5 for v in residual):
                raise ValidationError(
                    self.env._(
                        "The residual likelihood and impact of “%(risk)s” are both "
                        "rated from 1 to 5, or both left at 0 (not assessed).",
                        risk=risk.name,
                    )
                )

    @api.constrains("kind", "treatment")
    def _check_treatment(self):
        for risk in self:
            if risk.kind == "opportunity" and risk.treatment not in (
                False,
                "accept",
                "exploit",
            ):
                raise ValidationError(
                    self.env._(
                        "An opportunity is exploited or accepted: “%(risk)s”.",
                        risk=risk.name,
                    )
                )
            if risk.kind == "risk" and risk.treatment == "exploit":
                raise ValidationError(
                    self.env._(
                        "Only an opportunity is exploited: “%(risk)s” is a risk.",
                        risk=risk.name,
                    )
                )

    def _ctcl_registers(self, vals_list):
        return self.env["ctcl.risk.register"].browse(
            {vals["register_id"] for vals in vals_list if vals.get("register_id")}
        )

    def action_open_nonconformities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ctcl_quality.ctcl_nonconformity_action"
        )
        action["domain"] = [("risk_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ctcl_quality.ctcl_action_request_action"
        )
        action["domain"] = [("risk_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
