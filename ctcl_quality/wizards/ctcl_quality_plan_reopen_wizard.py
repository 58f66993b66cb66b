from odoo import fields, models


class CtclQualityPlanReopenWizard(models.TransientModel):
    """Asks the reason before the approver reopens a plan for revision."""

    _name = "ctcl.quality.plan.reopen.wizard"
    _description = "Reason for revising an approved quality objectives plan"

    plan_ids = fields.Many2many("ctcl.quality.plan", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.plan_ids.action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
