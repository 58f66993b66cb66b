from odoo import fields, models


class CtclActionVerifyWizard(models.TransientModel):
    """Box 3 of BM.CTCL.01: the agency leadership, or its delegate, records the
    verdict of its check with its remarks and evidence files (QT.CTCL 5.6)."""

    _name = "ctcl.action.verify.wizard"
    _description = "Verification of an implemented action"

    request_id = fields.Many2one("ctcl.action.request", required=True)
    state = fields.Selection(related="request_id.state")
    result_summary = fields.Text(related="request_id.result_summary")
    date_deadline = fields.Date(related="request_id.date_deadline")
    verification_result = fields.Selection(
        selection=lambda self: (
            self.env["ctcl.action.request"]
            ._fields["verification_result"]
            ._description_selection(self.env)
        ),
        string="Result",
        required=True,
    )
    verification_remarks = fields.Text(string="Remarks", required=True)
    verification_date = fields.Date(
        required=True, default=lambda self: self.env.company._ctcl_today()
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ctcl_action_verify_wizard_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Evidence files",
    )

    def action_confirm(self):
        self.ensure_one()
        self.request_id.action_verify(
            self.verification_result,
            self.verification_remarks,
            self.verification_date,
            attachment_ids=self.attachment_ids.ids,
        )
        return {"type": "ir.actions.act_window_close"}
