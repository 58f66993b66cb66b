from odoo import api, models
from odoo.exceptions import UserError
from odoo.models import MAGIC_COLUMNS

from .ctcl_record_evidence import QTCTCL_DOCUMENTS

# Links of the history of QT.CTCL records (messages, followers) to other
# records, with the field naming the document: deleting the record they point
# to would empty the history (authors, subtypes are set to null) or drop the
# followers with it.
TRAIL_REFERENCES = (
    ("mail.message", "author_id", "model"),
    ("mail.message", "subtype_id", "model"),
    ("mail.followers", "partner_id", "res_model"),
)


class CtclReferenceGuard(models.AbstractModel):
    """People and settings QT.CTCL records, or their history, point to cannot
    be deleted.

    A deleted user, unit, source or criterion would empty the signatures and
    the content of kept records: many-to-one links say ``ondelete="restrict"``
    and many-to-many links (need criteria, implementers) lose their rows
    silently. Whatever the link, the deletion is refused with the name of the
    record that keeps it; archiving stays possible.
    """

    _name = "ctcl.reference.guard"
    _description = "Record referred to by QT.CTCL records"
    # Whether the refusal may point to archiving: False where the referring
    # records also refuse the archiving (audit rounds named by a review).
    _ctcl_archive_instead = True

    @api.model
    def _ctcl_referring_fields(self):
        """Stored many2one/many2many fields of QT.CTCL records pointing here."""
        for model_name in sorted(self.env.registry):
            model = self.env[model_name]
            if not model_name.startswith("ctcl.") or model._abstract:
                continue
            if model._transient:
                continue
            for field in model._fields.values():
                if (
                    field.type in ("many2one", "many2many")
                    and field.comodel_name == self._name
                    and field.store
                    and not field.related
                    and field.name not in MAGIC_COLUMNS
                ):
                    yield field

    @api.ondelete(at_uninstall=False)
    def _unlink_except_referred_by_ctcl(self):
        for field in self._ctcl_referring_fields():
            Model = self.env[field.model_name].sudo().with_context(active_test=False)
            document = Model.search([(field.name, "in", self.ids)], limit=1)
            if document:
                values = {
                    "record": (document[field.name] & self)[:1].display_name,
                    "field": field.get_description(self.env)["string"],
                    "document": document.display_name,
                    "model": self.env["ir.model"]._get(Model._name).name,
                }
                if self._ctcl_archive_instead:
                    message = self.env._(
                        "%(record)s cannot be deleted: it is “%(field)s” on "
                        "%(document)s (%(model)s), a quality record that is kept. "
                        "Archive it instead.",
                        **values,
                    )
                else:
                    message = self.env._(
                        "%(record)s cannot be deleted: it is “%(field)s” on "
                        "%(document)s (%(model)s), a quality record that is kept.",
                        **values,
                    )
                raise UserError(message)
        for model_name, fname, document_field in TRAIL_REFERENCES:
            if self.env[model_name]._fields[fname].comodel_name != self._name:
                continue
            trail = (
                self.env[model_name]
                .sudo()
                .search(
                    [
                        (fname, "in", self.ids),
                        (document_field, "in", sorted(QTCTCL_DOCUMENTS)),
                        ("res_id", "!=", False),
                    ],
                    limit=1,
                )
            )
            if trail:
                Document = self.env[trail[document_field]].sudo()
                document = Document.with_context(active_test=False).browse(trail.res_id)
                raise UserError(
                    self.env._(
                        "%(record)s cannot be deleted: it is in the history of "
                        "%(document)s (%(model)s), a quality record that is kept. "
                        "Archive it instead.",
                        record=trail[fname].display_name,
                        document=document.display_name,
                        model=self.env["ir.model"]._get(Document._name).name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_shipped_by_ctcl(self):
        """The workflow finds what the module ships (activity types, subtypes,
        sources, criteria) by its xml id: deleting one, even unused, would
        break every step that needs it. An update of the module still removes
        what it no longer ships (the registry is not ready then)."""
        if not self.pool.ready:
            return
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("module", "=", "ctcl_quality"),
                ],
                limit=1,
            )
        )
        if data:
            record = self.browse(data.res_id).display_name
            if "active" in self._fields:
                message = self.env._(
                    "%(record)s is part of the settings of the QT.CTCL procedure "
                    "and cannot be deleted. Archive it instead.",
                    record=record,
                )
            else:
                message = self.env._(
                    "%(record)s is part of the settings of the QT.CTCL procedure "
                    "and cannot be deleted.",
                    record=record,
                )
            raise UserError(message)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "ctcl.reference.guard"]


class MailMessageSubtype(models.Model):
    _name = "mail.message.subtype"
    _inherit = ["mail.message.subtype", "ctcl.reference.guard"]


class MailActivityType(models.Model):
    _name = "mail.activity.type"
    _inherit = ["mail.activity.type", "ctcl.reference.guard"]
