from odoo import api, fields, models

from .ctcl_action_request import ASSESS_STATES

SERIOUS = "ctcl_quality.ctcl_need_criterion_serious"


class CtclActionRequest(models.Model):
    """Risk-based triage: the need assessment shows the level of the linked
    risk, and a high or critical one proposes the criterion “serious
    consequences” (QT.CTCL 5.2.2)."""

    _inherit = "ctcl.action.request"

    risk_level = fields.Integer(related="risk_id.level", string="Risk level")
    risk_band = fields.Selection(related="risk_id.band", string="Risk band")
    proposed_criterion_ids = fields.Many2many(
        "ctcl.need.criterion",
        string="Proposed criteria",
        compute="_compute_proposed_criterion_ids",
        help="Criteria the linked risk suggests; the unit head decides.",
    )

    @api.depends("risk_id.band", "need_criterion_ids")
    def _compute_proposed_criterion_ids(self):
        serious = self.env.ref(SERIOUS, raise_if_not_found=False)
        for rec in self:
            proposed = self.env["ctcl.need.criterion"]
            if serious and rec.sudo().risk_id.band in ("high", "critical"):
                proposed = serious
            rec.proposed_criterion_ids = proposed - rec.need_criterion_ids

    @api.onchange("risk_id")
    def _onchange_risk_propose_criterion(self):
        if self.can_assess and self.proposed_criterion_ids:
            self.need_criterion_ids |= self.proposed_criterion_ids

    def action_apply_proposed_criteria(self):
        """The unit head ticks the criteria the linked risk proposes."""
        self._ctcl_step(ASSESS_STATES, "_check_can_assess_now")
        for rec in self:
            if rec.proposed_criterion_ids:
                rec.write(
                    {
                        "need_criterion_ids": [
                            fields.Command.link(c.id)
                            for c in rec.proposed_criterion_ids
                        ]
                    }
                )
        return True
