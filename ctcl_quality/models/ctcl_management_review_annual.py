import calendar
from datetime import date

from odoo import api, models
from odoo.tools import format_date

FINAL_STATES = ("approved", "dispatched")


class CtclManagementReviewAnnual(models.AbstractModel):
    """The yearly duty of QT.CTCL 5.8: at least one management review a year,
    after the periodic internal audits, by the date set on the company."""

    _name = "ctcl.management.review.annual"
    _description = "Annual management review duty"

    @api.model
    def _ctcl_due_date(self, company, year):
        """The date by which the year's review is due (company setting)."""
        month = min(max(company.ctcl_review_due_month or 12, 1), 12)
        last_day = calendar.monthrange(year, month)[1]
        day = min(max(company.ctcl_review_due_day or 15, 1), last_day)
        return date(year, month, day)

    @api.model
    def _ctcl_has_approved_review(self, company, year):
        return bool(
            self.env["ctcl.management.review"]
            .sudo()
            .search_count(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", FINAL_STATES),
                    ("approved_date", ">=", date(year, 1, 1)),
                    ("approved_date", "<=", date(year, 12, 31)),
                ],
                limit=1,
            )
        )

    @api.model
    def _ctcl_warning(self, company):
        """The dashboard warning, or False when this year's duty is met or not due.

        The duty is met when a review was approved this year and every internal
        audit round recorded this year has been followed by an approved review.
        In the language of the environment (the reader's)."""
        today = company._ctcl_today()
        due = self._ctcl_due_date(company, today.year)
        if today < due:
            return False
        approved = self._ctcl_has_approved_review(company, today.year)
        audits = self.env["ctcl.management.review.audit"]._ctcl_unfollowed(
            company, today.year
        )
        if approved and not audits:
            return False
        parts = []
        if not approved:
            parts.append(
                self.env._(
                    "No management review has been approved in %(year)s although "
                    "it was due by %(date)s (QT.CTCL 5.8: at least once a year, "
                    "after the internal audits).",
                    year=today.year,
                    date=format_date(self.env, due),
                )
            )
        if audits:
            parts.append(
                self.env._(
                    "The internal audit %(audits)s of %(year)s is recorded and no "
                    "approved management review has followed it yet (due by "
                    "%(date)s).",
                    audits=", ".join(
                        f"{audit.name} ({format_date(self.env, audit.date)})"
                        for audit in audits
                    ),
                    year=today.year,
                    date=format_date(self.env, due),
                )
            )
        return " ".join(parts)

    @api.model
    def _ctcl_reminder_domain(self, company):
        """``company`` if its yearly reminder is due and not yet sent this year."""
        today = company._ctcl_today()
        if self._ctcl_due_date(company, today.year) > today:
            return [("id", "in", [])]
        return [("id", "=", company.id), ("ctcl_review_reminded_year", "<", today.year)]

    @api.model
    def _ctcl_remind(self, companies):
        """Remind the ISO secretary once a year, in their language; mark the year
        as reminded."""
        Review = self.env["ctcl.management.review"]
        for company in companies:
            today = company._ctcl_today()
            company.ctcl_review_reminded_year = today.year
            if not self._ctcl_warning(company):
                continue
            secretaries = company.ctcl_iso_secretary_id or self.env.ref(
                "ctcl_quality.group_ctcl_iso_secretary"
            ).users.filtered(lambda u, c=company: u.active and c in u.company_ids)
            open_review = Review.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "not in", FINAL_STATES),
                    ("date_to", ">=", date(today.year - 1, 1, 1)),
                ],
                order="date_to desc, id desc",
                limit=1,
            )
            for lang in sorted(set(secretaries.mapped(company._ctcl_lang))):
                readers = secretaries.filtered(
                    lambda u, c=company, x=lang: c._ctcl_lang(u) == x
                )
                annual = self.with_context(lang=lang)
                body = annual._ctcl_warning(company)
                if open_review:
                    for user in readers:
                        open_review.activity_schedule(
                            "ctcl_quality.mail_act_ctcl_review_annual",
                            date_deadline=today,
                            user_id=user.id,
                            note=body,
                        )
                else:
                    self.env["mail.thread"].message_notify(
                        partner_ids=readers.partner_id.ids,
                        subject=annual.env._("Annual management review due"),
                        body=body,
                    )
