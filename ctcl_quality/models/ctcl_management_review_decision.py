from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CtclManagementReviewDecision(models.Model):
    """A decision of the review (5.8.1.2), each with a unit and a deadline.

    The ISO board chooses which decisions need a BM.CTCL.01 request (resource
    needs may stay decisions): when the review's outputs are dispatched, each
    of those opens exactly one request (source “management review decisions”).
    """

    _name = "ctcl.management.review.decision"
    _description = "Management review decision"
    _inherit = ["ctcl.management.review.line"]
    _check_company_auto = True
    _ctcl_lines_field = "decision_ids"

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
    needs_request = fields.Boolean(
        string="BM.CTCL.01 request",
        help="The ISO board chooses the decisions that need a corrective/"
        "improvement action request (QT.CTCL 5.8.1.2); the dispatch opens one "
        "request for each. A resource need, for instance, may stay a decision.",
    )
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
    risk_update = fields.Boolean(
        string="Update the risk table",
        help="The responsible unit's risk analysis table must be updated "
        "(QT.CTCL 5.8.1.2): the dispatch opens a revision for its head.",
    )
    risk_register_id = fields.Many2one(
        "ctcl.risk.register",
        string="Risk table revision",
        readonly=True,
        copy=False,
        ondelete="restrict",
        index="btree_not_null",
    )
    risk_register_state = fields.Selection(
        related="risk_register_id.state", string="Revision status"
    )

    @api.model
    def _ctcl_default_needs_request(self, kind):
        """Improvements and QMS changes are acted on through a request; a
        resource need stays a decision unless the ISO board says otherwise."""
        return (kind or "improvement") != "resource"

    @api.onchange("kind")
    def _onchange_kind(self):
        for decision in self.filtered(lambda d: not d.request_id):
            decision.needs_request = self._ctcl_default_needs_request(decision.kind)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "needs_request" not in vals:
                vals["needs_request"] = self._ctcl_default_needs_request(
                    vals.get("kind")
                )
        return super().create(vals_list)

    def _ctcl_check_document_edit(self, reviews, fnames=()):
        if self._ctcl_in_transition():
            return
        fnames = set(fnames)
        if {"request_id", "risk_register_id"} & fnames:
            raise UserError(
                self.env._("The request of a decision is opened by the dispatch.")
            )
        if "needs_request" in fnames:
            reviews._ctcl_check_request_choice_edit()
            if self.filtered("request_id"):
                raise UserError(
                    self.env._(
                        "The action request of “%(decision)s” is opened: it stays.",
                        decision=(self.filtered("request_id")[0].description or "")[
                            :80
                        ],
                    )
                )
        # Anything else (a new or deleted line included) is the content.
        if fnames - {"needs_request"} or not fnames:
            reviews._ctcl_check_decision_content_edit()

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
        request = self.env["ctcl.action.request"]._ctcl_create_linked(
            self._ctcl_request_vals(), {"management_review_id": self.review_id.id}
        )
        self._ctcl_with_token().write({"request_id": request.id})
        request.action_submit()
        return request

    def _ctcl_open_risk_revision(self):
        """Open, once, the revision of the unit's risk table for its head."""
        self.ensure_one()
        Register = self.env["ctcl.risk.register"].sudo()
        head = self.department_id._ctcl_head_user()
        current = Register.search(
            [
                ("company_id", "=", self.review_id.company_id.id),
                ("department_id", "=", self.department_id.id),
                ("is_current", "=", True),
            ],
            limit=1,
        )
        if current:
            register = current._ctcl_open_revision(head)
        else:
            register = Register.search(
                [
                    ("company_id", "=", self.review_id.company_id.id),
                    ("department_id", "=", self.department_id.id),
                    ("state", "!=", "approved"),
                ],
                limit=1,
            ) or Register.create(
                {
                    "company_id": self.review_id.company_id.id,
                    "department_id": self.department_id.id,
                    "drafter_id": head.id,
                }
            )
        self._ctcl_with_token().write({"risk_register_id": register.id})
        register.message_post(
            body=self.env._(
                "To update after the management review %(review)s: %(decision)s",
                review=self.review_id._get_html_link(),
                decision=self.description,
            ),
            partner_ids=head.partner_id.ids,
        )
        return register
