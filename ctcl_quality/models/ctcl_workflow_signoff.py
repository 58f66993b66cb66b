from odoo import api, fields, models
from odoo.exceptions import UserError


class CtclWorkflowMixin(models.AbstractModel):
    """Tamper-evident sign-offs of the guarded workflow.

    Each document declares:

    - ``_ctcl_signed_fields``: the box fields its signatures cover (``x2many.f``
      signs field ``f`` of every line); ``state`` is always signed;
    - ``_ctcl_signatures``: ``{(from state, to state) or to state: (meaning,
      roles)}``, the signature each transition records, with the roles (keys of
      ``ctcl.signoff`` ROLES) that authorise it, preferred in that order.

    Every ``_ctcl_advance`` that moves the state records the matching sign-off
    after the write, in the same transaction.
    """

    _inherit = "ctcl.workflow.mixin"

    _ctcl_signed_fields = ()
    _ctcl_signatures = {}

    def _ctcl_advance(self, vals):
        before = {rec.id: rec.state for rec in self}
        result = super()._ctcl_advance(vals)
        if "state" in vals:
            self._ctcl_record_signoffs(before)
        return result

    def _ctcl_record_signoffs(self, before):
        Signoff = self.env["ctcl.signoff"]
        for rec in self:
            old = before.get(rec.id)
            step = rec._ctcl_signatures.get((old, rec.state)) or (
                rec._ctcl_signatures.get(rec.state)
            )
            if step:
                Signoff._ctcl_sign(rec, *step, from_state=old)

    def _ctcl_signed_closed(self):
        """Closed documents keep exactly the content of their last sign-off."""
        self.ensure_one()
        return bool(self.close_date)

    def _ctcl_signed_values(self):
        """The signed content: ``{field or x2many.field: JSON value}``."""
        self.ensure_one()
        doc = self.sudo().with_context(active_test=False)
        values = {"state": doc.state}
        for path in self._ctcl_signed_fields:
            fname, _dot, sub = path.partition(".")
            if sub:
                lines = doc[fname].sorted("id")
                values[path] = [[line.id, _json_value(line, sub)] for line in lines]
            else:
                values[path] = _json_value(doc, fname)
        return values

    def _ctcl_signoff_for(self, *meanings):
        """The last sign-off of this document with one of ``meanings``."""
        self.ensure_one()
        return (
            self.env["ctcl.signoff"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("meaning", "in", meanings),
                ],
                order="id desc",
                limit=1,
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        # A signed draft (sent back) is a record too. Past its retention period,
        # the retention rule alone decides; the sign-offs stay in the ledger.
        today = fields.Date.context_today(self)
        kept = self.filtered(
            lambda r: not r.retention_until or r.retention_until >= today
        )
        signed = (
            self.env["ctcl.signoff"]
            .sudo()
            .search(
                [("res_model", "=", self._name), ("res_id", "in", kept.ids)], limit=1
            )
        )
        if signed:
            raise UserError(
                self.env._(
                    "%(record)s has been signed and cannot be deleted; archive it "
                    "instead.",
                    record=self.browse(signed.res_id).display_name,
                )
            )


def _json_value(record, fname):
    field = record._fields[fname]
    value = record[fname]
    if field.type == "many2one":
        return value.id or None
    if field.type in ("one2many", "many2many"):
        return sorted(value.ids)
    if field.type == "date":
        return fields.Date.to_string(value) or None
    if field.type == "datetime":
        return fields.Datetime.to_string(value) or None
    if field.type == "boolean":
        return bool(value)
    if field.type in ("integer", "float", "monetary", "json"):
        return value
    return value or None
