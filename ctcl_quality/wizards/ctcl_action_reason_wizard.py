from odoo import fields, models


class CtclActionReasonWizard(models.TransientModel):
    """Asks the reason of a refusal before the request moves on."""

    _name = "ctcl.action.reason.wizard"
    _description = "Reason for not acting on, or sending back, a request"

    request_ids = fields.Many2many("ctcl.action.request", required=True)
    mode = fields.Selection(
        [("reject_need", "No action needed"), ("send_back", "Send back for analysis")],
        required=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "reject_need":
            self.request_ids.action_reject_need(self.reason)
        else:
            self.request_ids.action_send_back(self.reason)
        return {"type": "ir.actions.act_window_close"}
