from odoo import api, models, tools
from odoo.osv import expression
from odoo.tools import SQL


class CtclKpiMixin(models.AbstractModel):
    """A read-only SQL view holding the one definition of some QT.CTCL key
    figures (KPIs): the dashboard, the management review inputs and the
    operating report read the same rows.

    Each row describes a record of a QT.CTCL model, named by a field of
    ``_ctcl_kpi_parents``; the record rules of that model apply to the row
    through that field (see ``ir.rule._compute_domain``): whoever reads the
    figures counts only the records they may read. No figure is computed in
    the browser, and none is stored twice.
    """

    _name = "ctcl.kpi.mixin"
    _description = "QT.CTCL key figures"
    _auto = False

    # {field of the view: model whose record rules its rows follow}
    _ctcl_kpi_parents = {}

    @api.model
    def _ctcl_kpi_access_domain(self, mode):
        """The rows the current user may read: those of readable records."""
        Rule = self.env["ir.rule"]
        domains = []
        for fname, model in self._ctcl_kpi_parents.items():
            domain = Rule._compute_domain(model, mode)
            if domain:
                domains.append([(fname, "any", domain)])
        return expression.AND(domains) if domains else []

    @api.model
    def _ctcl_kpi_query(self):
        """The SELECT of the view, as ``SQL``."""
        raise NotImplementedError

    @api.model
    def _ctcl_today(self, company_alias):
        """The agency's date today, in SQL: ``company_alias`` is a res_company row."""
        return SQL(
            "(NOW() AT TIME ZONE COALESCE(%s, 'UTC'))::date",
            SQL.identifier(company_alias, "ctcl_tz"),
        )

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._ctcl_kpi_query(),
            )
        )

    @api.model
    def _ctcl_kpi_sum(self, domain, fnames):
        """``{field: sum over the rows of domain}`` for integer fields."""
        [totals] = self._read_group(domain, [], [f"{f}:sum" for f in fnames])
        return {fname: total or 0 for fname, total in zip(fnames, totals, strict=True)}

    @staticmethod
    def _ctcl_rate(part, whole):
        """A share in percent, one decimal; 0.0 of nothing."""
        return round(100.0 * part / whole, 1) if whole else 0.0
