from odoo import api, fields, models
from odoo.tools import SQL


class CtclKpiRecurrence(models.Model):
    """One row per recurring run: the consecutive records of one content
    category at one unit that the recurrence rule (QT.CTCL 5.2.2) flagged.

    The records of a unit are taken in the order the rule takes them (date
    found, then the order they were made; records without a category and
    archived records left out); consecutive flagged records form one run, of
    one category by construction. A run of 4 records (the 4th flagged) counts
    once, and so does a run of 10: the rule calls for one request per run.
    """

    _name = "ctcl.kpi.recurrence"
    _inherit = ["ctcl.kpi.mixin"]
    _auto = False
    _description = "Recurring nonconformity runs"
    _order = "date desc, id desc"
    _ctcl_kpi_parents = {"nonconformity_id": "ctcl.nonconformity"}
    _depends = {
        "ctcl.nonconformity": [
            "active",
            "company_id",
            "department_id",
            "category_id",
            "date",
            "is_recurring",
        ],
    }

    nonconformity_id = fields.Many2one(
        "ctcl.nonconformity",
        string="First recurring record",
        readonly=True,
        help="The record that made the run recurring.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    unit_id = fields.Many2one("hr.department", readonly=True)
    category_id = fields.Many2one(
        "ctcl.nonconformity.category", string="Content category", readonly=True
    )
    date = fields.Date(string="Recurring since", readonly=True)
    date_last = fields.Date(string="Last record", readonly=True)
    recurring_count = fields.Integer(string="Recurring records", readonly=True)

    @api.model
    def _ctcl_kpi_query(self):
        return SQL(
            """
            WITH counted AS (
                SELECT n.id, n.company_id, n.department_id, n.category_id, n.date,
                       n.is_recurring,
                       ROW_NUMBER() OVER (PARTITION BY n.company_id, n.department_id
                                          ORDER BY n.date, n.id) AS position
                  FROM ctcl_nonconformity n
                 WHERE n.active AND n.category_id IS NOT NULL
            ), flagged AS (
                SELECT counted.*,
                       position - ROW_NUMBER() OVER (
                           PARTITION BY company_id, department_id ORDER BY position
                       ) AS run
                  FROM counted
                 WHERE is_recurring
            )
            SELECT (ARRAY_AGG(id ORDER BY position))[1] AS id,
                   (ARRAY_AGG(id ORDER BY position))[1] AS nonconformity_id,
                   company_id,
                   department_id AS unit_id,
                   category_id,
                   MIN(date) AS date,
                   MAX(date) AS date_last,
                   COUNT(*) AS recurring_count
              FROM flagged
             GROUP BY company_id, department_id, category_id, run
            """
        )

    @api.model
    def _ctcl_kpi_runs(self, company, date_from, date_to):
        """The recurring runs that became recurring in the period."""
        return self.search_count(
            [
                ("company_id", "=", company.id),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        )
