from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

FINAL_STATES = ("approved", "dispatched")


class CtclManagementReviewAudit(models.Model):
    """A round of the periodic internal audits (QT.CTCL 5.8).

    The management review is held at least once a year, after the periodic
    internal audits: each review records the round(s) it follows. A round is
    recorded by the ISO secretary or an internal auditor, and is kept as it
    was once a review that follows it is approved.
    """

    _name = "ctcl.management.review.audit"
    _description = "Internal audit round"
    # Named by the reviews that follow it: never deleted from under them.
    _inherit = ["mail.thread", "ctcl.server.fields", "ctcl.reference.guard"]
    # ... nor archived (see write): the refusal does not point there.
    _ctcl_archive_instead = False
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Audit round",
        required=True,
        tracking=True,
        help="e.g. Internal audit, round 1 of 2025.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date = fields.Date(
        string="Audit date",
        required=True,
        tracking=True,
        help="The last day of the audit round.",
    )
    year = fields.Integer(compute="_compute_year", store=True, aggregator=False)
    scope = fields.Text(
        required=True,
        tracking=True,
        help="The units and processes audited in this round.",
    )
    report_reference = fields.Char(
        string="Audit report",
        required=True,
        tracking=True,
        help="Number (reference) of the audit report of the round.",
    )
    finding_count = fields.Integer(
        string="Findings",
        tracking=True,
        help="Number of findings (nonconformities and observations) of the round.",
    )
    review_ids = fields.Many2many(
        "ctcl.management.review",
        "ctcl_management_review_audit_rel",
        "audit_id",
        "review_id",
        string="Management reviews",
        readonly=True,
        copy=False,
    )
    followed = fields.Boolean(
        string="Followed by a review",
        compute="_compute_followed",
        search="_search_followed",
        help="An approved management review has followed this audit round.",
    )

    @api.depends("date")
    def _compute_year(self):
        for audit in self:
            audit.year = audit.date.year if audit.date else 0

    @api.depends("review_ids.state")
    def _compute_followed(self):
        for audit in self:
            audit.followed = any(
                r.state in FINAL_STATES for r in audit.sudo().review_ids
            )

    def _search_followed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on “Followed by a review”."))
        positive = (operator == "=") == value
        domain = [("review_ids.state", "in", FINAL_STATES)]
        return domain if positive else ["!", *domain]

    @api.constrains("date")
    def _check_date_before_reviews(self):
        # A round moved after a review that follows it breaks that review (5.8).
        self.sudo().review_ids._check_audits()

    @api.constrains("name", "scope", "report_reference", "finding_count")
    def _check_texts(self):
        for audit in self:
            if audit.finding_count < 0:
                raise ValidationError(
                    self.env._(
                        "The number of findings of an audit round cannot be negative."
                    )
                )
            if not all(
                (audit[f] or "").strip() for f in ("name", "scope", "report_reference")
            ):
                raise ValidationError(
                    self.env._(
                        "An internal audit round needs its name, its scope and the "
                        "reference of its audit report."
                    )
                )

    # ------------------------------------------------------------------
    # Who records the rounds; rounds followed by an approved review are kept
    # ------------------------------------------------------------------
    def _ctcl_is_recorder(self):
        return self.env.su or any(
            self.env.user.has_group(f"ctcl_quality.{group}")
            for group in ("group_ctcl_iso_secretary", "group_ctcl_auditor")
        )

    def _ctcl_can_edit_now(self):
        """Whether the current user may still change the round (its files)."""
        self.ensure_one()
        return self._ctcl_is_recorder() and not self.sudo().followed

    def _check_can_record(self):
        if not self._ctcl_is_recorder():
            raise AccessError(
                self.env._(
                    "Only the ISO secretary or an internal auditor records the "
                    "internal audit rounds."
                )
            )

    def _check_not_followed(self):
        if self.env.su:
            return
        for audit in self.sudo():
            if audit.followed:
                raise UserError(
                    self.env._(
                        "%(audit)s is followed by an approved management review and "
                        "is kept as it was.",
                        audit=audit.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_can_record()
        for vals in vals_list:
            vals.pop("review_ids", None)
        return super().create(vals_list)

    def write(self, vals):
        if "review_ids" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "A management review names the audit rounds it follows, on the "
                    "review itself."
                )
            )
        self._check_can_record()
        self._check_not_followed()
        if "active" in vals and not vals["active"] and self.sudo().review_ids:
            raise UserError(
                self.env._(
                    "%(audit)s is named by a management review: it stays in its "
                    "list of audit rounds.",
                    audit=self.sudo().filtered("review_ids")[0].name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_recorder(self):
        # A round named by a review is kept by ctcl.reference.guard.
        self._check_can_record()

    @api.model
    def _ctcl_unfollowed(self, company, year):
        """The rounds of ``year`` no approved review has followed yet."""
        return (
            self.sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("year", "=", year),
                    ("followed", "=", False),
                ],
                order="date, id",
            )
            .sudo(False)
        )
