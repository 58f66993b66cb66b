from odoo import fields, models


class CtclActionVerifyWizard(models.TransientModel):
    """Box 3 of BM.CTCL.01: the agency leadership records the check."""

    _name = "ctcl.action.verify.wizard"
    _description = "Verification of an implemented action"

    request_id = fields.Many2one("ctcl.action.request", required=True)
    result_summary = fields.Text(related="request_id.result_summary")
    verification_result = fields.Selection(
        selection=lambda self: (
            self.env["ctcl.action.request"]
            ._fields["verification_result"]
            ._description_selection(self.env)
        ),
        string="Result",
        required=True,
    )
    verification_evidence = fields.Text(string="Evidence of the result", required=True)
    verification_date = fields.Date(required=True, default=fields.Date.context_today)

    def action_confirm(self):
        self.ensure_one()
        self.request_id.action_verify(
            self.verification_result, self.verification_evidence, self.verification_date
        )
        return {"type": "ir.actions.act_window_close"}
