from odoo import fields, models


class CtclManagementReviewLine(models.AbstractModel):
    """A line of a management review (see ``ctcl.document.line``):
    ``_ctcl_lines_field`` names the review's One2many holding the lines."""

    _name = "ctcl.management.review.line"
    _inherit = ["ctcl.document.line"]
    _description = "Management review line"
    _order = "sequence, id"

    _ctcl_parent_field = "review_id"

    review_id = fields.Many2one(
        "ctcl.management.review",
        string="Management review",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    sequence = fields.Integer(default=10)
