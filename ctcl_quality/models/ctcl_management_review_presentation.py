from odoo import fields, models


class CtclManagementReviewPresentation(models.Model):
    _name = "ctcl.management.review.presentation"
    _description = "Report given at a management review meeting"
    _inherit = ["ctcl.management.review.line"]
    _ctcl_lines_field = "presentation_ids"

    reporter_id = fields.Many2one("res.users", ondelete="restrict")
    reporter_name = fields.Char(
        string="Reporter name", help="Printed instead of the user's name when set."
    )
    summary = fields.Text(required=True)
