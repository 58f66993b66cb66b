from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CtclManagementReviewDecision(models.Model):
    """A decision of the review (5.8.1.2), each with a unit and a deadline.

    When the review's outputs are dispatched, each decision opens one
    BM.CTCL.01 request (source “management review decisions”).
    """

    _name = "ctcl.management.review.decision"
    _description = "Management review decision"
    _inherit = ["ctcl.management.review.line"]
    _ctcl_review_field = "decision_ids"

    kind = fields.Selection(
        [
            ("improvement", "Improvement required"),
            ("qms_change", "Change needed to the QMS"),
            ("resource", "Resource need"),
        ],
        required=True,
        default="improvement",
    )
    description = fields.Text(string="Decision", required=True)
    department_id = fields.Many2one(
        "hr.department",
        string="Responsible unit",
        ondelete="restrict",
        check_company=True,
    )
    date_deadline = fields.Date(string="Deadline")
    request_id = fields.Many2one(
        "ctcl.action.request",
        string="Action request",
        readonly=True,
        copy=False,
        ondelete="restrict",
        index="btree_not_null",
    )
    request_state = fields.Selection(
        related="request_id.state", string="Request status"
    )

    def _ctcl_check_review_edit(self, reviews, fnames=()):
        result = super()._ctcl_check_review_edit(reviews, fnames)
        if "request_id" in fnames and not self._ctcl_in_transition():
            raise UserError(
                self.env._("The request of a decision is opened by the dispatch.")
            )
        return result

    @api.constrains("department_id", "date_deadline", "description")
    def _check_complete(self):
        for decision in self:
            if not decision.department_id or not decision.date_deadline:
                raise ValidationError(
                    self.env._(
                        "Each decision needs a responsible unit and a deadline: "
                        "“%(decision)s”.",
                        decision=(decision.description or "").strip()[:80],
                    )
                )
            if not (decision.description or "").strip():
                raise ValidationError(self.env._("Describe each decision."))

    def _ctcl_request_vals(self):
        self.ensure_one()
        review = self.review_id
        kind = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        return {
            "request_type": "improvement",
            "requesting_department_id": self.department_id.id,
            "description": f"{kind}: {self.description}",
            "related_documents": self.env._(
                "Management review %(review)s, deadline %(date)s",
                review=review.notice_number or review.name,
                date=self.date_deadline.strftime("%d/%m/%Y"),
            ),
            "source_id": self.env.ref("ctcl_quality.ctcl_source_management_review").id,
            "company_id": review.company_id.id,
            # Loaded data (superuser) opens them in the name of the secretary.
            "requester_id": (review.secretary_id if self.env.su else self.env.user).id
            or self.env.uid,
        }

    def _ctcl_create_request(self):
        """Open the BM.CTCL.01 request of this decision and send it to the unit."""
        self.ensure_one()
        request = self.env["ctcl.action.request"].create(self._ctcl_request_vals())
        request._ctcl_transition_write({"management_review_id": self.review_id.id})
        self._ctcl_with_token().write({"request_id": request.id})
        request.action_submit()
        return request
