from odoo import api, fields, models

from .ctcl_workflow_mixin import _TRANSITION_TOKEN


class CtclManagementReviewLine(models.AbstractModel):
    """A line of a management review, editable only as its review allows.

    ``_ctcl_review_field`` names the review's One2many holding the lines: a
    line is created, changed or deleted only when the review's field rules
    (``_ctcl_field_rules``: state and role) let that field change, whether it
    comes through the review's form or straight over RPC.
    """

    _name = "ctcl.management.review.line"
    _inherit = ["ctcl.server.fields"]
    _description = "Management review line"
    _order = "sequence, id"

    _ctcl_review_field = None

    review_id = fields.Many2one(
        "ctcl.management.review",
        string="Management review",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    sequence = fields.Integer(default=10)

    def _ctcl_in_transition(self):
        return self.env.su or self.env.context.get("ctcl_token") is _TRANSITION_TOKEN

    def _ctcl_with_token(self):
        return self.with_context(ctcl_token=_TRANSITION_TOKEN)

    def _ctcl_check_review_edit(self, reviews, fnames=()):
        if self._ctcl_in_transition():
            return
        reviews._ctcl_check_field_edit({self._ctcl_review_field})

    @api.model_create_multi
    def create(self, vals_list):
        reviews = self.env["ctcl.management.review"].browse(
            {vals.get("review_id") for vals in vals_list if vals.get("review_id")}
        )
        self._ctcl_check_review_edit(reviews, set().union(*vals_list))
        return super().create(vals_list)

    def write(self, vals):
        self._ctcl_check_review_edit(self.review_id, set(vals))
        if "review_id" in vals:
            self._ctcl_check_review_edit(
                self.env["ctcl.management.review"].browse(vals["review_id"])
            )
        return super().write(vals)

    def unlink(self):
        self._ctcl_check_review_edit(self.review_id)
        return super().unlink()
