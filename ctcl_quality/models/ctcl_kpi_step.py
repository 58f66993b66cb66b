from odoo import api, fields, models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

from .ctcl_kpi_request import ctcl_selection_of
from .ctcl_kpi_request_type import REQUEST_TYPE_SQL

# The steps of a request (QT.CTCL 5.2–5.7), named by the state a request is in
# during the step, with the recorded transitions that open and close it: the
# dates of the request (box 1 to 3 of BM.CTCL.01), else the date of the
# sign-off of the transition (consolidation, assignment, proposal).
STEPS = (
    # (order, state, start, end)
    (1, "assessment", "r.submitted_date", "r.assessed_date"),
    (2, "iso_review", "r.assessed_date", "m.consolidated"),
    (3, "board_review", "m.consolidated", "m.assigned"),
    (4, "analysis", "m.assigned", "m.proposed"),
    (5, "approval", "m.proposed", "r.approved_date"),
    (
        6,
        "implementation",
        "r.approved_date",
        "COALESCE(r.done_reported_date, r.verification_date)",
    ),
    (7, "verification", "r.done_reported_date", "r.verification_date"),
    (
        8,
        "to_close",
        "r.verification_date",
        "CASE WHEN r.state = 'done' THEN r.close_date END",
    ),
)
# Percentiles of the days a step took, as aggregates of the ``days`` column.
PERCENTILES = {"days_median": 0.5, "days_p90": 0.9}


def _selection_step(self):
    states = dict(ctcl_selection_of("ctcl.action.request", "state")(self))
    return [(state, states[state]) for _order, state, _start, _end in STEPS]


class CtclKpiStep(models.Model):
    """One row per step a request went through, with the days it took.

    The cycle time of a step runs from the day the request entered it to the
    day it left it, as recorded: a step still under way has no row yet. The
    analysis runs from the first assignment to the proposal the ISO board
    leader approved, send-backs included. The median and the 90th percentile
    are aggregates computed by the database over the rows a user may read
    (``days_median``, ``days_p90``), whatever the grouping.
    """

    _name = "ctcl.kpi.step"
    _inherit = ["ctcl.kpi.mixin"]
    _auto = False
    _description = "Action request step durations"
    _order = "date_end desc, sequence, id"
    _ctcl_kpi_parents = {"request_id": "ctcl.action.request"}
    _depends = {
        "ctcl.action.request": [
            "active",
            "company_id",
            "state",
            "request_type",
            "requesting_department_id",
            "implementing_department_id",
            "submitted_date",
            "assessed_date",
            "approved_date",
            "done_reported_date",
            "verification_date",
            "close_date",
        ],
        "ctcl.signoff": ["res_model", "res_id", "meaning", "signed_at", "company_id"],
        "res.company": ["ctcl_tz"],
    }

    request_id = fields.Many2one(
        "ctcl.action.request", string="Action request", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    step = fields.Selection(selection=_selection_step, readonly=True)
    sequence = fields.Integer(readonly=True, aggregator=False)
    date_start = fields.Date(string="Entered on", readonly=True)
    date_end = fields.Date(string="Completed on", readonly=True)
    days = fields.Integer(string="Days (average)", readonly=True, aggregator="avg")
    days_median = fields.Float(string="Days (median)", readonly=True, aggregator="max")
    days_p90 = fields.Float(
        string="Days (90th percentile)", readonly=True, aggregator="max"
    )
    request_type = fields.Selection(
        selection=ctcl_selection_of("ctcl.action.request", "request_type"),
        string="Type",
        readonly=True,
    )
    type_id = fields.Many2one(
        "ctcl.kpi.request.type", string="Request type", readonly=True
    )
    unit_id = fields.Many2one(
        "hr.department",
        readonly=True,
        help="The implementing unit once assigned, else the requesting unit.",
    )

    @api.model
    def _ctcl_kpi_query(self):
        # The start and end expressions are this module's constants (STEPS).
        steps = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s)",
                order,
                state,
                SQL(start),
                SQL(end),
            )
            for order, state, start, end in STEPS
        )
        return SQL(
            """
            WITH moments AS (
                SELECT s.res_id AS request_id, s.company_id,
                       MAX(s.signed_at) FILTER (WHERE s.meaning = 'consolidate')
                           AS consolidated,
                       MIN(s.signed_at) FILTER (WHERE s.meaning = 'assign')
                           AS assigned,
                       MAX(s.signed_at) FILTER (WHERE s.meaning = 'propose_measures')
                           AS proposed
                  FROM ctcl_signoff s
                 WHERE s.res_model = 'ctcl.action.request'
                   AND s.meaning IN ('consolidate', 'assign', 'propose_measures')
                 GROUP BY s.res_id, s.company_id
            ), m AS (
                SELECT request_id,
                       %(consolidated)s AS consolidated,
                       %(assigned)s AS assigned,
                       %(proposed)s AS proposed
                  FROM moments
                  JOIN res_company c ON c.id = moments.company_id
            )
            SELECT r.id * 10 + st.sequence AS id,
                   r.id AS request_id,
                   r.company_id,
                   st.step,
                   st.sequence,
                   st.date_start,
                   st.date_end,
                   st.date_end - st.date_start AS days,
                   (st.date_end - st.date_start)::float AS days_median,
                   (st.date_end - st.date_start)::float AS days_p90,
                   r.request_type,
                   t.id AS type_id,
                   COALESCE(r.implementing_department_id, r.requesting_department_id)
                       AS unit_id
              FROM ctcl_action_request r
              LEFT JOIN m ON m.request_id = r.id
              LEFT JOIN (%(types)s) t ON t.code = r.request_type
             CROSS JOIN LATERAL (VALUES %(steps)s)
                   AS st(sequence, step, date_start, date_end)
             WHERE r.active
               AND st.date_end >= st.date_start
            """,
            consolidated=self._ctcl_local_date("consolidated"),
            assigned=self._ctcl_local_date("assigned"),
            proposed=self._ctcl_local_date("proposed"),
            types=REQUEST_TYPE_SQL,
            steps=steps,
        )

    @api.model
    def _ctcl_local_date(self, column):
        """A UTC moment of the sign-offs as the agency's date."""
        return SQL(
            "(%s AT TIME ZONE 'UTC' AT TIME ZONE c.ctcl_tz)::date",
            SQL.identifier("moments", column),
        )

    def _read_group_select(self, aggregate_spec, query):
        fname, _property, _func = parse_read_group_spec(aggregate_spec)
        if fname in PERCENTILES:
            return SQL(
                "PERCENTILE_CONT(%s) WITHIN GROUP (ORDER BY %s)",
                PERCENTILES[fname],
                self._field_to_sql(self._table, "days", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------
    @api.model
    def _ctcl_kpi_cycle_times(self, company, date_from, date_to):
        """``{step: (requests, median days, 90th percentile days)}`` of the
        steps completed in the period."""
        rows = self._read_group(
            [
                ("company_id", "=", company.id),
                ("date_end", ">=", date_from),
                ("date_end", "<=", date_to),
            ],
            ["step"],
            ["__count", "days_median:max", "days_p90:max"],
        )
        return {
            step: (count, round(median, 1), round(p90, 1))
            for step, count, median, p90 in rows
        }
