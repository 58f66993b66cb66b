from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.base.models.res_partner import _tz_get

RISK_THRESHOLD_FIELDS = frozenset(
    {"ctcl_risk_medium_from", "ctcl_risk_high_from", "ctcl_risk_critical_from"}
)


class ResCompany(models.Model):
    _inherit = "res.company"

    ctcl_parent_agency = fields.Char(
        string="Parent agency",
        help="Printed above the agency's name on the forms, e.g. “UBND TỈNH …”.",
    )
    ctcl_place = fields.Char(
        string="Place on documents",
        help="Place written before the date on the forms; the company's city "
        "when empty.",
    )
    ctcl_tz = fields.Selection(
        _tz_get,
        string="Time zone of the agency",
        required=True,
        default="Asia/Ho_Chi_Minh",
        help="Every printed date and time, and the deadlines of the daily "
        "follow-up, are in this time zone, whatever the user's own.",
    )
    ctcl_retention_years = fields.Integer(
        string="Retention (years)",
        default=3,
        help="How long closed requests are kept (QT.CTCL, section VII).",
    )
    ctcl_progress_interval_days = fields.Integer(
        string="Progress report interval (days)",
        default=30,
        help="Actions that run longer than this report their progress to the "
        "ISO board at this interval (QT.CTCL 5.5).",
    )
    ctcl_iso_secretary_id = fields.Many2one("res.users", string="ISO secretary")
    ctcl_iso_leader_id = fields.Many2one("res.users", string="ISO board leader")
    ctcl_top_leader_id = fields.Many2one(
        "res.users",
        string="Top leader",
        help="Head of the agency (Giám đốc Sở): verifies actions and directs "
        "follow-up requests.",
    )
    ctcl_verification_delegate_id = fields.Many2one(
        "res.users",
        string="Standing verification delegate",
        help="Verifies the result of every request on behalf of the agency "
        "leadership (QT.CTCL 5.6), without holding the leadership role. Only the "
        "agency leadership names them.",
    )
    ctcl_quality_policy = fields.Text(
        string="Quality policy",
        help="The agency's quality policy (CSCL), shown on every quality "
        "objectives plan (QT.CTCL 5.9).",
    )
    ctcl_objective_risk_margin = fields.Float(
        string="At-risk margin (%)",
        default=10.0,
        help="A measurement that misses its quality objective's target by no more "
        "than this share of the target is “at risk”; beyond it, “off target”.",
    )
    ctcl_objective_auto_request = fields.Boolean(
        string="Open improvement requests automatically",
        help="When a measurement puts a quality objective off target, open a "
        "BM.CTCL.01 improvement request at once instead of offering a button.",
    )
    ctcl_objective_reminder_days = fields.Integer(
        string="Quality objectives reminder (days)",
        default=15,
        help="Days before 30/01 (plans) and 31/12 (achievement reports) when "
        "the people who must act are reminded (QT.CTCL 5.9).",
    )

    ctcl_nc_recurrence_threshold = fields.Integer(
        string="Recurrence threshold",
        default=3,
        help="A nonconformity is recurring when it follows at least this number "
        "of consecutive records with the same content category at the same unit, "
        "so that together they are more than this number (QT.CTCL 5.2.2).",
    )
    ctcl_nc_recurrence_months = fields.Integer(
        string="Recurrence window (months)",
        default=0,
        help="Only the records of this many months before a nonconformity count "
        "towards the recurrence rule; 0 (the default, as QT.CTCL 5.2.2 is "
        "written: no time limit) counts them all.",
    )
    ctcl_nc_default_department_id = fields.Many2one(
        "hr.department",
        string="Default unit for e-mailed nonconformities",
        help="Unit of the nonconformities received by e-mail from a sender who is "
        "not an employee; when empty, the ISO secretary's unit.",
    )
    ctcl_review_due_day = fields.Integer(
        string="Management review due by (day)",
        default=15,
        help="Day of the month by which a management review must have been "
        "approved each year (QT.CTCL 5.8: at least once a year, after the "
        "internal audits).",
    )
    ctcl_review_due_month = fields.Integer(
        string="Management review due by (month)", default=12
    )
    ctcl_review_reminded_year = fields.Integer(
        string="Management review reminded for year", readonly=True, copy=False
    )
    # Risk analysis tables: bands of the level (likelihood × impact, 1-25).
    ctcl_risk_medium_from = fields.Integer(
        string="Medium risk from level",
        default=5,
        help="A risk whose level (likelihood × impact) reaches this value is at "
        "least medium; below it, low.",
    )
    ctcl_risk_high_from = fields.Integer(string="High risk from level", default=10)
    ctcl_risk_critical_from = fields.Integer(
        string="Critical risk from level", default=16
    )
    ctcl_risk_review_months = fields.Integer(
        string="Risk table review (months)",
        default=12,
        help="An approved risk analysis table not reviewed for this many months "
        "is reminded to the head who approves it.",
    )

    _sql_constraints = [
        (
            "ctcl_review_due_day_range",
            "CHECK(ctcl_review_due_day BETWEEN 1 AND 31)",
            "The day of the yearly management review is between 1 and 31.",
        ),
        (
            "ctcl_review_due_month_range",
            "CHECK(ctcl_review_due_month BETWEEN 1 AND 12)",
            "The month of the yearly management review is between 1 and 12.",
        ),
        (
            "ctcl_nc_recurrence_threshold_positive",
            "CHECK(ctcl_nc_recurrence_threshold > 0)",
            "The recurrence threshold must be at least one record.",
        ),
        (
            "ctcl_nc_recurrence_months_positive",
            "CHECK(ctcl_nc_recurrence_months >= 0)",
            "The recurrence window cannot be negative.",
        ),
        (
            "ctcl_retention_years_positive",
            "CHECK(ctcl_retention_years > 0)",
            "The retention period must be at least one year.",
        ),
        (
            "ctcl_progress_interval_positive",
            "CHECK(ctcl_progress_interval_days > 0)",
            "The progress report interval must be at least one day.",
        ),
        (
            "ctcl_objective_risk_margin_range",
            "CHECK(ctcl_objective_risk_margin BETWEEN 0 AND 100)",
            "The at-risk margin of quality objectives is a percentage (0-100).",
        ),
        (
            "ctcl_objective_reminder_days_positive",
            "CHECK(ctcl_objective_reminder_days >= 0)",
            "The quality objectives reminder cannot be negative.",
        ),
        (
            "ctcl_risk_bands_ordered",
            "CHECK(1 < ctcl_risk_medium_from AND ctcl_risk_medium_from "
            "< ctcl_risk_high_from AND ctcl_risk_high_from < ctcl_risk_critical_from "
            "AND ctcl_risk_critical_from <= 25)",
            "The risk bands start at increasing levels between 2 and 25: medium, "
            "then high, then critical.",
        ),
        (
            "ctcl_risk_review_months_positive",
            "CHECK(ctcl_risk_review_months > 0)",
            "The risk table review period must be at least one month.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("ctcl_verification_delegate_id"):
                self._ctcl_check_can_name_delegate()
        return super().create(vals_list)

    def write(self, vals):
        if "ctcl_verification_delegate_id" in vals and any(
            company.ctcl_verification_delegate_id.id
            != (vals["ctcl_verification_delegate_id"] or False)
            for company in self
        ):
            self._ctcl_check_can_name_delegate()
        result = super().write(vals)
        if RISK_THRESHOLD_FIELDS & set(vals):
            registers = (
                self.env["ctcl.risk.register"]
                .sudo()
                .with_context(active_test=False)
                .search([("company_id", "in", self.ids), ("state", "!=", "approved")])
            )
            registers._ctcl_follow_company_thresholds()
        return result

    def _ctcl_check_can_name_delegate(self):
        """QT.CTCL 5.6: the agency leadership delegates its verification."""
        if not (
            self.env.su or self.env.user.has_group("ctcl_quality.group_ctcl_leadership")
        ):
            raise AccessError(
                self.env._(
                    "Only the agency leadership can name who verifies the requests "
                    "on its behalf."
                )
            )

    @api.constrains("ctcl_verification_delegate_id")
    def _check_ctcl_verification_delegate(self):
        for company in self.filtered("ctcl_verification_delegate_id"):
            company._ctcl_check_verification_delegate(
                company.ctcl_verification_delegate_id
            )

    def _ctcl_check_verification_delegate(self, user):
        """A verification delegate is an active internal user with a Quality role."""
        user = user.sudo()
        if (
            not user.active
            or user.share
            or not user.has_group("ctcl_quality.group_ctcl_staff")
        ):
            raise ValidationError(
                self.env._(
                    "%(user)s cannot verify on behalf of the agency leadership: "
                    "give them the Quality “Staff” role first.",
                    user=user.name,
                )
            )

    def _ctcl_risk_thresholds(self):
        """The company's risk bands, as a risk analysis table keeps them."""
        self.ensure_one()
        return {
            "medium_from": self.ctcl_risk_medium_from,
            "high_from": self.ctcl_risk_high_from,
            "critical_from": self.ctcl_risk_critical_from,
        }

    def _ctcl_place(self):
        self.ensure_one()
        return self.ctcl_place or self.city or ""

    def _ctcl_today(self):
        """The agency's date now (its time zone, not the one of the user)."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self.ctcl_tz))

    def _ctcl_local_datetime(self, value):
        """A stored (UTC) datetime as the agency's wall-clock time, for printing."""
        self.ensure_one()
        if not value:
            return False
        return fields.Datetime.context_timestamp(
            self.with_context(tz=self.ctcl_tz), value
        )

    def _ctcl_env(self, user=None):
        """The environment to write text in for ``user``, or, without a user,
        for everyone (the agency's chatter, stored names)."""
        return self.with_context(lang=self._ctcl_lang(user)).env

    def _ctcl_lang(self, user=None):
        """Language of a message for ``user``, or for the agency's chatter without
        a user: the agency partner's language, else Vietnamese. English, the
        source language, is always available; others only when active.
        """
        Lang = self.env["res.lang"]
        for code in (user.lang if user else None, self.partner_id.lang, "vi_VN"):
            if code == "en_US" or (code and Lang._get_code(code)):
                return code
        return "en_US"
