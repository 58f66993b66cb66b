from odoo import api, fields, models
from odoo.tools import SQL

from .ctcl_kpi_request import ctcl_selection_of


class CtclKpiObjective(models.Model):
    """One row per quality objective in force (QT.CTCL 5.9), with its status
    from its latest measurement: on target, at risk, off target, or not
    measured yet.

    In force: an active objective of an approved plan, or, while a revision
    of the plan is drafted, of the revision in force (as
    ``ctcl.quality.objective.in_force``). ``date`` is the first day of the
    plan's year, for filters by period.
    """

    _name = "ctcl.kpi.objective"
    _inherit = ["ctcl.kpi.mixin"]
    _auto = False
    _description = "Quality objective figures"
    _order = "year desc, scope_name, id"
    _ctcl_kpi_parents = {"objective_id": "ctcl.quality.objective"}
    _depends = {
        "ctcl.quality.objective": ["plan_id", "active", "status", "revision_added"],
        "ctcl.quality.plan": [
            "company_id",
            "year",
            "department_id",
            "scope_name",
            "state",
            "revision_id",
        ],
        "ctcl.quality.plan.revision": ["revision"],
    }

    objective_id = fields.Many2one(
        "ctcl.quality.objective", string="Quality objective", readonly=True
    )
    plan_id = fields.Many2one("ctcl.quality.plan", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    year = fields.Integer(readonly=True, aggregator=False)
    date = fields.Date(string="Plan year", readonly=True)
    unit_id = fields.Many2one("hr.department", readonly=True)
    scope_name = fields.Char(string="Agency / unit", readonly=True)
    status = fields.Selection(
        selection=ctcl_selection_of("ctcl.quality.objective", "status"),
        readonly=True,
    )
    on_target_count = fields.Integer(string="On target", readonly=True)
    at_risk_count = fields.Integer(string="At risk", readonly=True)
    off_target_count = fields.Integer(string="Off target", readonly=True)
    not_measured_count = fields.Integer(string="Not measured", readonly=True)

    @api.model
    def _ctcl_kpi_query(self):
        return SQL(
            """
            SELECT o.id AS id,
                   o.id AS objective_id,
                   o.plan_id,
                   p.company_id,
                   p.year,
                   MAKE_DATE(p.year, 1, 1) AS date,
                   p.department_id AS unit_id,
                   p.scope_name,
                   COALESCE(o.status, 'none') AS status,
                   (o.status = 'on_target')::int AS on_target_count,
                   (o.status = 'at_risk')::int AS at_risk_count,
                   (o.status = 'off_target')::int AS off_target_count,
                   (COALESCE(o.status, 'none') = 'none')::int AS not_measured_count
              FROM ctcl_quality_objective o
              JOIN ctcl_quality_plan p ON p.id = o.plan_id
              LEFT JOIN ctcl_quality_plan_revision v ON v.id = p.revision_id
             WHERE o.active
               AND (p.state = 'approved' OR o.revision_added <= v.revision)
            """
        )

    @api.model
    def _ctcl_kpi_status(self, company, year):
        """``[(agency or unit, on target, at risk, off target, not measured)]``
        of the objectives in force in ``year``."""
        fnames = [
            "on_target_count",
            "at_risk_count",
            "off_target_count",
            "not_measured_count",
        ]
        rows = self._read_group(
            [("company_id", "=", company.id), ("year", "=", year)],
            ["scope_name"],
            [f"{fname}:sum" for fname in fnames],
            order="scope_name",
        )
        return [(scope, *counts) for scope, *counts in rows]
