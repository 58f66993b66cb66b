import base64
from collections import defaultdict

from odoo import models
from odoo.exceptions import AccessError, UserError

from .ctcl_record_evidence import (
    QTCTCL_DOCUMENTS,
    ctcl_trail_documents,
    ctcl_trail_editor,
    ctcl_trail_released,
)

# The content of a file, what it is called and the record it belongs to.
CONTENT_FIELDS = frozenset(
    {
        "checksum",
        "company_id",
        "datas",
        "db_datas",
        "description",
        "file_size",
        "mimetype",
        "name",
        "raw",
        "res_field",
        "res_id",
        "res_model",
        "store_fname",
        "type",
        "url",
    }
)
# Written to move a file between storages: allowed when the content stays.
DATA_FIELDS = frozenset({"datas", "raw"})
# Written again unchanged by forms and storage moves: compared by value.
LINK_FIELDS = frozenset(
    {
        "company_id",
        "description",
        "mimetype",
        "name",
        "res_field",
        "res_id",
        "res_model",
        "type",
        "url",
    }
)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def write(self, vals):
        if CONTENT_FIELDS & set(vals):
            self._ctcl_check_evidence_change(vals)
        return super().write(vals)

    def unlink(self):
        self._ctcl_check_evidence_change()
        return super().unlink()

    # ------------------------------------------------------------------
    def _ctcl_evidence_documents(self):
        """Return ``{attachment id: {(model, id)}}``: the QT.CTCL records each
        file is evidence of, directly or through one of their messages."""
        documents = defaultdict(set)

        def add(attachment, model, res_id):
            if not ctcl_trail_released(self.env, model, res_id):
                documents[attachment.id].add((model, res_id))

        for attachment in self.sudo():
            if attachment.res_model in QTCTCL_DOCUMENTS and attachment.res_id:
                add(attachment, attachment.res_model, attachment.res_id)
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("attachment_ids", "in", self.ids),
                    ("model", "in", list(QTCTCL_DOCUMENTS)),
                    ("res_id", "!=", False),
                ]
            )
        )
        for message in messages:
            for attachment in message.attachment_ids & self:
                add(attachment, message.model, message.res_id)
        return documents

    def _ctcl_changes_content(self, vals):
        self.ensure_one()
        fnames = CONTENT_FIELDS & set(vals)
        if fnames - DATA_FIELDS - LINK_FIELDS:
            return True
        for fname in fnames & LINK_FIELDS:
            current = self[fname]
            if isinstance(current, models.BaseModel):
                current = current.id
            if (vals[fname] or False) != (current or False):
                return True
        for fname in fnames & DATA_FIELDS:
            value = vals[fname] or b""
            if isinstance(value, str):
                value = value.encode()
            if fname == "datas":
                value = base64.b64decode(value)
            if self._compute_checksum(value) != self.checksum:
                return True
        return False

    def _ctcl_check_evidence_change(self, vals=None):
        """Files of a closed QT.CTCL record are neither deleted nor replaced, by
        anyone; before closing, only their uploader or someone who may edit the
        record at its current step deletes them."""
        documents = self._ctcl_evidence_documents()
        if not documents:
            return
        closed = ctcl_trail_documents(self.env, set().union(*documents.values()))
        for attachment in self.sudo().browse(documents):
            pairs = documents[attachment.id]
            if vals is not None and not attachment._ctcl_changes_content(vals):
                continue
            if any(closed[pair] for pair in pairs):
                raise UserError(
                    self.env._(
                        "“%(file)s” is evidence of a closed record under retention: "
                        "it cannot be deleted, replaced or renamed.",
                        file=attachment.name,
                    )
                )
            if (
                vals is None
                and not self.env.su
                and attachment.create_uid != self.env.user
                and not any(ctcl_trail_editor(self.env, *pair) for pair in pairs)
            ):
                raise AccessError(
                    self.env._(
                        "Only the person who added “%(file)s”, or who may edit the "
                        "record at its current step, can delete it.",
                        file=attachment.name,
                    )
                )
