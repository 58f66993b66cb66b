from odoo import api, fields, models
from odoo.tools import SQL

from .ctcl_kpi_request import ctcl_age_buckets_sql, ctcl_selection_of


class CtclKpiNonconformity(models.Model):
    """One row per nonconformity record (QT.CTCL 5.1) with its key figures.

    - *open*: reported and not closed;
    - *overdue*: being handled past the date the unit head set for it, in
      the agency's date; its age is the number of days past that date.
    """

    _name = "ctcl.kpi.nonconformity"
    _inherit = ["ctcl.kpi.mixin"]
    _auto = False
    _description = "Nonconformity figures"
    _order = "date desc, id desc"
    _ctcl_kpi_parents = {"nonconformity_id": "ctcl.nonconformity"}
    _depends = {
        "ctcl.nonconformity": [
            "name",
            "active",
            "company_id",
            "state",
            "department_id",
            "category_id",
            "source_id",
            "date",
            "handling_deadline",
            "is_recurring",
        ],
        "res.company": ["ctcl_tz"],
    }

    nonconformity_id = fields.Many2one("ctcl.nonconformity", readonly=True)
    name = fields.Char(string="Number", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(
        selection=ctcl_selection_of("ctcl.nonconformity", "state"),
        string="Status",
        readonly=True,
    )
    unit_id = fields.Many2one("hr.department", readonly=True)
    category_id = fields.Many2one(
        "ctcl.nonconformity.category", string="Content category", readonly=True
    )
    source_id = fields.Many2one("ctcl.source", readonly=True)
    date = fields.Date(string="Date found", readonly=True)
    handling_deadline = fields.Date(string="Handle by", readonly=True)
    open_count = fields.Integer(string="Open", readonly=True)
    overdue_count = fields.Integer(string="Overdue", readonly=True)
    overdue_days = fields.Integer(
        string="Days overdue", readonly=True, aggregator="max"
    )
    overdue_1_30 = fields.Integer(string="Overdue 1–30 days", readonly=True)
    overdue_31_60 = fields.Integer(string="Overdue 31–60 days", readonly=True)
    overdue_61_90 = fields.Integer(string="Overdue 61–90 days", readonly=True)
    overdue_90_plus = fields.Integer(string="Overdue over 90 days", readonly=True)
    recurring_count = fields.Integer(string="Recurring", readonly=True)

    @api.model
    def _ctcl_kpi_query(self):
        today = self._ctcl_today("c")
        overdue_days = SQL(
            "CASE WHEN n.state = 'handling' AND n.handling_deadline < %(today)s "
            "THEN %(today)s - n.handling_deadline END",
            today=today,
        )
        return SQL(
            """
            SELECT n.id AS id,
                   n.id AS nonconformity_id,
                   n.name,
                   n.company_id,
                   n.state,
                   n.department_id AS unit_id,
                   n.category_id,
                   n.source_id,
                   n.date,
                   n.handling_deadline,
                   (n.state IN ('reported', 'handling', 'checking'))::int AS open_count,
                   (%(days)s IS NOT NULL)::int AS overdue_count,
                   %(days)s AS overdue_days,
                   %(buckets)s,
                   n.is_recurring::int AS recurring_count
              FROM ctcl_nonconformity n
              JOIN res_company c ON c.id = n.company_id
             WHERE n.active
            """,
            days=overdue_days,
            buckets=ctcl_age_buckets_sql(overdue_days),
        )

    @api.model
    def _ctcl_kpi_overdue(self, company):
        """The nonconformities overdue today, earliest handling date first."""
        return self.search(
            [("company_id", "=", company.id), ("overdue_count", "=", 1)],
            order="handling_deadline, id",
        ).nonconformity_id
