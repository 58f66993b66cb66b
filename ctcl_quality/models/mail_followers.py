import functools

from odoo import api, models
from odoo.osv import expression

from .ctcl_record_evidence import QTCTCL_DOCUMENTS


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            domain = expression.AND([domain, self._ctcl_readable_domain()])
        return super()._search(domain, offset, limit, order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self.env.su or operation != "read" or not self:
            return result
        followers = self - result[0] if result else self
        hidden = followers - self.search([("id", "in", followers.ids)])
        if not hidden:
            return result
        if result:
            return result[0] + hidden, result[1]
        rules = self.env["ir.rule"]
        return hidden, functools.partial(rules._make_access_error, operation, hidden)

    @api.model
    def _ctcl_readable_domain(self):
        """Who follows a QT.CTCL record is seen only by those who see the record."""
        domains = [[("res_model", "not in", sorted(QTCTCL_DOCUMENTS))]]
        for model in sorted(QTCTCL_DOCUMENTS):
            records = self.env[model].with_context(active_test=False)
            if records.has_access("read"):
                domains.append(
                    [("res_model", "=", model), ("res_id", "in", records._search([]))]
                )
        return expression.OR(domains)
