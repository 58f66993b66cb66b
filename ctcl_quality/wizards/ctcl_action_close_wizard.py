from odoo import fields, models


class CtclActionCloseWizard(models.TransientModel):
    """Box 3 of BM.CTCL.01: the ISO board closes the request, writing the full
    evidence of the result (QT.CTCL 5.7)."""

    _name = "ctcl.action.close.wizard"
    _description = "Closing of a verified request"

    request_id = fields.Many2one("ctcl.action.request", required=True)
    verification_result = fields.Selection(related="request_id.verification_result")
    verification_remarks = fields.Text(related="request_id.verification_remarks")
    verifier_id = fields.Many2one(related="request_id.verifier_id")
    verification_evidence = fields.Text(string="Evidence of the result", required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ctcl_action_close_wizard_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Evidence files",
    )

    def action_confirm(self):
        self.ensure_one()
        self.request_id.action_close(
            self.verification_evidence, attachment_ids=self.attachment_ids.ids
        )
        return {"type": "ir.actions.act_window_close"}
