import functools

from odoo import api, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .ctcl_record_evidence import (
    QTCTCL_DOCUMENTS,
    ctcl_trail_documents,
    ctcl_trail_released,
)

# Who follows which record. What a follower is sent (subtypes) stays theirs.
FOLLOWER_FIELDS = frozenset({"partner_id", "res_id", "res_model"})


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    def write(self, vals):
        if FOLLOWER_FIELDS & set(vals):
            self._ctcl_check_followers_kept()
        return super().write(vals)

    def unlink(self):
        self._ctcl_check_followers_kept()
        return super().unlink()

    def _ctcl_check_followers_kept(self):
        """Who followed a closed QT.CTCL record (was told of its steps) is part
        of that record: its followers are neither removed nor replaced, by
        anyone, every path (unfollow, the document's followers field, RPC)
        ending here; they go only with their document."""
        followers = self.sudo().filtered(
            lambda f: (
                f.res_model in QTCTCL_DOCUMENTS
                and f.res_id
                and not ctcl_trail_released(self.env, f.res_model, f.res_id)
            )
        )
        if not followers:
            return
        closed = ctcl_trail_documents(
            self.env, {(f.res_model, f.res_id) for f in followers}
        )
        for follower in followers:
            if closed[follower.res_model, follower.res_id]:
                record = self.env[follower.res_model].sudo().browse(follower.res_id)
                raise UserError(
                    self.env._(
                        "%(document)s is closed and under retention: who followed "
                        "it is part of its record, so its followers cannot be "
                        "removed or changed. To stop its messages, change what "
                        "you follow instead.",
                        document=record.display_name,
                    )
                )

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
