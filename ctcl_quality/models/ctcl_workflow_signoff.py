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

    Every step (``_ctcl_advance``, each of ``_ctcl_advance_through``) that
    moves the state records the matching sign-off after the write, in the same
    transaction.
    """

    _inherit = "ctcl.workflow.mixin"

    _ctcl_signed_fields = ()
    _ctcl_signatures = {}

    def _ctcl_write_step(self, vals):
        before = {rec.id: rec.state for rec in self}
        result = super()._ctcl_write_step(vals)
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
        today = self._ctcl_agency_today()
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

    # ------------------------------------------------------------------
    # The signature block of the printed forms
    # ------------------------------------------------------------------
    def _ctcl_approvers(self):
        """Who may approve the document now (documents with an approver)."""
        return self.env["res.users"]

    def _ctcl_signer_title(self, signer):
        """The title a form is signed under (Phụ lục 3, risk table): the job
        title of ``signer`` (or of the one approver due, before anyone
        signed), uppercase; empty when unknown, and the form then prints the
        title of the scope (head of the agency, or head of the unit)."""
        self.ensure_one()
        if not signer:
            approvers = self._ctcl_approvers()
            signer = approvers if len(approvers) == 1 else approvers.browse()
        employee = signer.sudo().employee_ids.filtered(
            lambda e: e.company_id == self.company_id
        )[:1]
        return (employee.job_title or "").strip().upper()

    def _ctcl_approval_signature(self):
        """Who signs the printed form of an approved document, under which
        title, when, and the sign-off that proves it."""
        self.ensure_one()
        signer = self.approved_by_id
        return {
            "signer": signer,
            "signer_title": self._ctcl_signer_title(signer),
            "signed_date": self.approved_date,
            "signoff": self._ctcl_signoff_for("approve")
            if signer
            else self.env["ctcl.signoff"],
        }


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
