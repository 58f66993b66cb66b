import functools
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .ctcl_record_evidence import (
    QTCTCL_DOCUMENTS,
    ctcl_closed,
    ctcl_trail_documents,
    ctcl_trail_released,
)
from .ctcl_workflow_mixin import ctcl_workflow_acts

# Who follows which record. What a follower is sent (subtypes) stays theirs.
FOLLOWER_FIELDS = frozenset({"partner_id", "res_id", "res_model"})
# Held by the creation of a QT.CTCL record (mail_thread.py) for its first
# followers, even in a closed document (an objective added to a plan under
# revision); a JSON context value is never this object.
NEW_RECORD_FOLLOWERS = object()


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    @api.model_create_multi
    def create(self, vals_list):
        # See _ctcl_check_followers_kept; the documents exist (a follower
        # points to one), so their closing is read from the cache if there.
        if not (
            ctcl_workflow_acts(self.env)
            or self.env.context.get("ctcl_new_followers") is NEW_RECORD_FOLLOWERS
        ):
            ids_by_model = defaultdict(list)
            for vals in vals_list:
                if vals.get("res_model") in QTCTCL_DOCUMENTS and vals.get("res_id"):
                    ids_by_model[vals["res_model"]].append(vals.get("res_id"))
            for model, ids in ids_by_model.items():
                self._ctcl_refuse_closed(ctcl_closed(self.env[model].browse(ids)))
        return super().create(vals_list)

    def write(self, vals):
        if FOLLOWER_FIELDS & set(vals):
            self._ctcl_check_followers_kept(self._ctcl_documents())
        return super().write(vals)

    def unlink(self):
        self._ctcl_check_followers_kept(self._ctcl_documents())
        return super().unlink()

    def _ctcl_documents(self):
        return {(f.res_model, f.res_id) for f in self.sudo()}

    @api.model
    def _ctcl_check_followers_kept(self, documents):
        """Who follows a closed QT.CTCL record (was told of its steps) is part
        of that record: its followers stay as they were when it closed, none
        added, removed or replaced, by anyone, every path (follow, unfollow,
        the document's followers field, RPC) ending here; they go only with
        their document. Only its workflow adds the people of its last steps
        (the units the outputs of a review are sent to)."""
        documents = {
            (model, res_id)
            for model, res_id in documents
            if model in QTCTCL_DOCUMENTS
            and res_id
            and not ctcl_trail_released(self.env, model, res_id)
        }
        closed = ctcl_trail_documents(self.env, documents)
        for model, res_id in sorted(documents):
            if closed[model, res_id]:
                self._ctcl_refuse_closed(self.env[model].browse(res_id))

    @api.model
    def _ctcl_refuse_closed(self, records):
        for record in records[:1]:
            raise UserError(
                self.env._(
                    "%(document)s is closed and under retention: who followed "
                    "it is part of its record, so its followers are kept as "
                    "they were when it closed, none added or removed. To stop "
                    "its messages, change what you follow instead.",
                    document=record.sudo().display_name,
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
