from odoo import api, fields, models
from odoo.exceptions import UserError


class CtclManagementReviewComment(models.Model):
    """A comment on the QMS operating report (5.8.2.1), kept as written."""

    _name = "ctcl.management.review.comment"
    _description = "Comment on a management review report"
    _inherit = ["ctcl.management.review.line"]
    _order = "date, id"
    _ctcl_lines_field = "comment_ids"

    author_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    body = fields.Text(string="Comment", required=True)

    def _ctcl_check_document_edit(self, reviews, fnames=()):
        # Comments are checked by create(); once written they are kept.
        if not self._ctcl_in_transition():
            raise UserError(self.env._("A comment on the report is kept as written."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self._ctcl_in_transition():
            Review = self.env["ctcl.management.review"]
            for vals in vals_list:
                review = Review.browse(vals.get("review_id"))
                review._ctcl_check_state("comments")
                review._check_can_comment()
                if not (vals.get("body") or "").strip():
                    raise UserError(self.env._("Write the comment first."))
                # Author and date are who and when, never what the caller says.
                vals.update(author_id=self.env.uid, date=fields.Datetime.now())
        comments = super(CtclManagementReviewComment, self._ctcl_with_token()).create(
            vals_list
        )
        comments = comments.with_env(self.env)
        for comment in comments:
            comment.review_id.sudo().message_post(
                body=self.env._(
                    "Comment of %(author)s: %(body)s",
                    author=comment.author_id.name,
                    body=comment.body,
                ),
                author_id=comment.author_id.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )
        comments.review_id.activity_update()
        return comments
