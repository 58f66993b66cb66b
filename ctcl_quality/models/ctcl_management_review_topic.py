from odoo import api, fields, models
from odoo.exceptions import UserError

from .ctcl_management_review import DRAFT_STATES

TOPICS = [
    ("1", "Status of actions from previous management reviews"),
    ("2", "Context: changes in external and internal issues relevant to the QMS"),
    ("3", "Performance and effectiveness of the quality management system"),
    ("4", "Adequacy of resources"),
    ("5", "Effectiveness of actions taken to address risks and opportunities"),
    ("6", "Opportunities for improvement"),
    ("7", "Other matters"),
]


class CtclManagementReviewTopic(models.Model):
    """One row of the discussion table of BM.CTCL.02 (section 4.2).

    Every review starts with the seven standard topics of the form; in the
    report form the content is the secretary's report on the topic and the
    conclusion is the direction given in the notice of results.
    """

    _name = "ctcl.management.review.topic"
    _description = "Discussion topic of a management review"
    _inherit = ["ctcl.management.review.line"]
    _ctcl_lines_field = "topic_ids"

    code = fields.Selection(TOPICS, string="Topic", required=True)
    content = fields.Text(string="Discussion")
    conclusion = fields.Text(string="Chair's conclusion")

    _sql_constraints = [
        (
            "code_review_uniq",
            "unique(review_id, code)",
            "Each standard topic appears once in a review.",
        )
    ]

    @api.model
    def _default_lines(self):
        return [
            fields.Command.create({"code": code, "sequence": int(code)})
            for code, _label in TOPICS
        ]

    def _ctcl_check_document_edit(self, reviews, fnames=()):
        result = super()._ctcl_check_document_edit(reviews, fnames)
        if self._ctcl_in_transition() or not {"content", "code"} & set(fnames):
            return result
        # The discussion freezes with the minutes; the conclusions are still
        # written into the notice of results (5.8.2.2).
        for review in reviews:
            if review.state not in DRAFT_STATES:
                raise UserError(
                    self.env._(
                        "The discussion of %(record)s can no longer be changed.",
                        record=review.display_name,
                    )
                )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_standard_topic(self):
        if not self._ctcl_in_transition():
            raise UserError(
                self.env._("The seven standard topics of the minutes are kept.")
            )
