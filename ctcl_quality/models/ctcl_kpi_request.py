from odoo import api, fields, models
from odoo.tools import SQL

from .ctcl_kpi_request_type import REQUEST_TYPE_SQL

# The states of a request that still wait for someone (submitted, not closed).
OPEN_STATES = (
    "assessment",
    "iso_review",
    "board_review",
    "analysis",
    "approval",
    "implementation",
    "verification",
    "to_close",
)
# Days overdue, by age: (field, first day, last day or None).
AGE_BUCKETS = (
    ("overdue_1_30", 1, 30),
    ("overdue_31_60", 31, 60),
    ("overdue_61_90", 61, 90),
    ("overdue_90_plus", 91, None),
)


def ctcl_selection_of(model, fname):
    """A selection taking its options (and their translations) from a field
    of another model: the figures show the labels the documents show."""

    def selection(self):
        field = self.env[model]._fields[fname]
        return field._description_selection(self.env)

    return selection


def ctcl_age_buckets_sql(days):
    """The AGE_BUCKETS columns for an SQL expression of days overdue."""
    columns = []
    for fname, first, last in AGE_BUCKETS:
        upper = SQL("AND %s <= %s", days, last) if last else SQL()
        columns.append(
            SQL(
                "COALESCE(%s >= %s %s, FALSE)::int AS %s",
                days,
                first,
                upper,
                SQL.identifier(fname),
            )
        )
    return SQL(", ").join(columns)


class CtclKpiRequest(models.Model):
    """One row per action request (BM.CTCL.01) with its key figures.

    Definitions (QT.CTCL 5.2–5.7), each in one place, used by the dashboard
    and by the management review inputs alike:

    - *open*: submitted and not closed (neither a draft, closed nor “not
      needed”);
    - *overdue*: in implementation past its completion date, in the agency's
      date; its age is the number of days past that date;
    - *verification due*: reported done, or in implementation at or past its
      completion date (5.6);
    - *closed on time*: closed (5.7) on or before its completion date as
      approved, moved only by approved changes of completion date (5.5); a
      request closed one day after it is late;
    - *achieved at first verification*: of the requests verified that follow
      up no other, those found achieved; every other verdict opens a
      follow-up request (5.7) and counts as a failed verification.
    """

    _name = "ctcl.kpi.request"
    _inherit = ["ctcl.kpi.mixin"]
    _auto = False
    _description = "Action request figures"
    _order = "request_date desc, id desc"
    _ctcl_kpi_parents = {"request_id": "ctcl.action.request"}
    _depends = {
        "ctcl.action.request": [
            "name",
            "active",
            "company_id",
            "state",
            "request_type",
            "source_id",
            "requesting_department_id",
            "implementing_department_id",
            "request_date",
            "date_deadline",
            "close_date",
            "verification_date",
            "verification_result",
            "origin_request_id",
        ],
        "res.company": ["ctcl_tz"],
    }

    request_id = fields.Many2one(
        "ctcl.action.request", string="Action request", readonly=True
    )
    name = fields.Char(string="Request number", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(
        selection=ctcl_selection_of("ctcl.action.request", "state"),
        string="Status",
        readonly=True,
    )
    request_type = fields.Selection(
        selection=ctcl_selection_of("ctcl.action.request", "request_type"),
        string="Type",
        readonly=True,
    )
    type_id = fields.Many2one(
        "ctcl.kpi.request.type", string="Request type", readonly=True
    )
    source_id = fields.Many2one("ctcl.source", readonly=True)
    requesting_department_id = fields.Many2one(
        "hr.department", string="Requesting unit", readonly=True
    )
    implementing_department_id = fields.Many2one(
        "hr.department", string="Implementing unit", readonly=True
    )
    unit_id = fields.Many2one(
        "hr.department",
        readonly=True,
        help="The implementing unit once assigned, else the requesting unit.",
    )
    request_date = fields.Date(readonly=True)
    date_deadline = fields.Date(string="Completion date", readonly=True)
    close_date = fields.Date(string="Closing date", readonly=True)
    verification_date = fields.Date(readonly=True)
    verification_result = fields.Selection(
        selection=ctcl_selection_of("ctcl.action.request", "verification_result"),
        readonly=True,
    )
    origin_request_id = fields.Many2one(
        "ctcl.action.request", string="Follow-up of", readonly=True
    )

    open_count = fields.Integer(string="Open", readonly=True)
    overdue_count = fields.Integer(string="Overdue", readonly=True)
    overdue_days = fields.Integer(
        string="Days overdue", readonly=True, aggregator="max"
    )
    overdue_1_30 = fields.Integer(string="Overdue 1–30 days", readonly=True)
    overdue_31_60 = fields.Integer(string="Overdue 31–60 days", readonly=True)
    overdue_61_90 = fields.Integer(string="Overdue 61–90 days", readonly=True)
    overdue_90_plus = fields.Integer(string="Overdue over 90 days", readonly=True)
    verification_due_count = fields.Integer(string="Verification due", readonly=True)
    closed_count = fields.Integer(string="Closed", readonly=True)
    on_time_count = fields.Integer(string="Closed on time", readonly=True)
    late_count = fields.Integer(string="Closed late", readonly=True)
    on_time_rate = fields.Float(
        string="On-time closure (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the closed requests closed by their completion date.",
    )
    verified_count = fields.Integer(string="Verified", readonly=True)
    first_verified_count = fields.Integer(
        string="Verified (first verification)", readonly=True
    )
    first_achieved_count = fields.Integer(
        string="Achieved at first verification", readonly=True
    )
    first_achieved_rate = fields.Float(
        string="Achieved at first verification (%)",
        readonly=True,
        aggregator="avg",
    )
    verification_failed_count = fields.Integer(
        string="Verification failed", readonly=True
    )
    followup_count = fields.Integer(string="Follow-up requests", readonly=True)

    @api.model
    def _ctcl_kpi_query(self):
        today = self._ctcl_today("c")
        overdue_days = SQL(
            "CASE WHEN r.state = 'implementation' AND r.date_deadline < %(today)s "
            "THEN %(today)s - r.date_deadline END",
            today=today,
        )
        first = SQL("r.verification_result IS NOT NULL AND r.origin_request_id IS NULL")
        on_time = SQL("COALESCE(r.close_date <= r.date_deadline, FALSE)")
        return SQL(
            """
            SELECT r.id AS id,
                   r.id AS request_id,
                   r.name,
                   r.company_id,
                   r.state,
                   r.request_type,
                   t.id AS type_id,
                   r.source_id,
                   r.requesting_department_id,
                   r.implementing_department_id,
                   COALESCE(r.implementing_department_id, r.requesting_department_id)
                       AS unit_id,
                   r.request_date,
                   r.date_deadline,
                   r.close_date,
                   r.verification_date,
                   r.verification_result,
                   r.origin_request_id,
                   (r.state IN %(open)s)::int AS open_count,
                   (%(days)s IS NOT NULL)::int AS overdue_count,
                   %(days)s AS overdue_days,
                   %(buckets)s,
                   (r.state = 'verification'
                       OR (r.state = 'implementation'
                           AND r.date_deadline <= %(today)s))::int
                       AS verification_due_count,
                   (r.state = 'done')::int AS closed_count,
                   (r.state = 'done' AND %(on_time)s)::int AS on_time_count,
                   (r.state = 'done' AND NOT %(on_time)s)::int AS late_count,
                   CASE WHEN r.state = 'done'
                        THEN CASE WHEN %(on_time)s THEN 100.0 ELSE 0.0 END
                   END AS on_time_rate,
                   (r.verification_result IS NOT NULL)::int AS verified_count,
                   (%(first)s)::int AS first_verified_count,
                   (%(first)s AND r.verification_result = 'achieved')::int
                       AS first_achieved_count,
                   CASE WHEN %(first)s
                        THEN CASE WHEN r.verification_result = 'achieved'
                                  THEN 100.0 ELSE 0.0 END
                   END AS first_achieved_rate,
                   (r.verification_result IS NOT NULL
                       AND r.verification_result != 'achieved')::int
                       AS verification_failed_count,
                   (r.origin_request_id IS NOT NULL)::int AS followup_count
              FROM ctcl_action_request r
              JOIN res_company c ON c.id = r.company_id
              LEFT JOIN (%(types)s) t ON t.code = r.request_type
             WHERE r.active
            """,
            open=OPEN_STATES,
            days=overdue_days,
            buckets=ctcl_age_buckets_sql(overdue_days),
            today=today,
            on_time=on_time,
            first=first,
            types=REQUEST_TYPE_SQL,
        )

    # ------------------------------------------------------------------
    # The figures of a period, for the management review and the reports
    # ------------------------------------------------------------------
    @api.model
    def _ctcl_kpi_domain(self, company, date_field, date_from, date_to):
        return [
            ("company_id", "=", company.id),
            (date_field, ">=", date_from),
            (date_field, "<=", date_to),
        ]

    @api.model
    def _ctcl_kpi_on_time(self, company, date_from, date_to):
        """Requests closed in the period, and how many by their completion date."""
        domain = self._ctcl_kpi_domain(company, "close_date", date_from, date_to)
        totals = self._ctcl_kpi_sum(domain, ["closed_count", "on_time_count"])
        return dict(
            totals,
            on_time_rate=self._ctcl_rate(
                totals["on_time_count"], totals["closed_count"]
            ),
        )

    @api.model
    def _ctcl_kpi_overdue_domain(self, company, reference):
        """The requests overdue on the date ``reference``: the definition of
        ``overdue_count``, which is this domain on the agency's today."""
        return [
            ("company_id", "=", company.id),
            ("state", "=", "implementation"),
            ("date_deadline", "<", reference),
        ]

    @api.model
    def _ctcl_kpi_overdue(self, company, reference):
        """The requests overdue on ``reference``, earliest completion date first."""
        rows = self.search(
            self._ctcl_kpi_overdue_domain(company, reference)
            + [("request_date", "<=", reference)],
            order="date_deadline, id",
        )
        return rows.request_id

    @api.model
    def _ctcl_kpi_effectiveness(self, company, date_from, date_to):
        """Verifications of the period: achieved at the first verification,
        failed ones, and the follow-up requests opened in the period."""
        verified = self._ctcl_kpi_sum(
            self._ctcl_kpi_domain(company, "verification_date", date_from, date_to),
            [
                "verified_count",
                "first_verified_count",
                "first_achieved_count",
                "verification_failed_count",
            ],
        )
        opened = self._ctcl_kpi_sum(
            self._ctcl_kpi_domain(company, "request_date", date_from, date_to),
            ["followup_count"],
        )
        return dict(
            verified,
            followup_count=opened["followup_count"],
            first_achieved_rate=self._ctcl_rate(
                verified["first_achieved_count"], verified["first_verified_count"]
            ),
        )
