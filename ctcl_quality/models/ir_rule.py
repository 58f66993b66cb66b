from odoo import models
from odoo.osv import expression


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _compute_domain(self, model_name, mode="read"):
        """The rows of a QT.CTCL key figures view follow the record rules of
        the records they describe, as records of an ``_inherits`` child follow
        those of their parent (``ctcl.kpi.mixin``). Both the searches and the
        access checks of the view go through here."""
        domain = super()._compute_domain(model_name, mode)
        model = self.env.get(model_name)
        if model is None or not hasattr(model, "_ctcl_kpi_access_domain"):
            return domain
        access = model._ctcl_kpi_access_domain(mode)
        if not access:
            return domain
        return expression.AND([domain, access]) if domain else access
