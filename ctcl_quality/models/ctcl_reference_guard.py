from odoo import api, models
from odoo.exceptions import UserError
from odoo.models import MAGIC_COLUMNS


class CtclReferenceGuard(models.AbstractModel):
    """People and settings QT.CTCL records point to cannot be deleted.

    A deleted user, unit, source or criterion would empty the signatures and
    the content of kept records: many-to-one links say ``ondelete="restrict"``
    and many-to-many links (need criteria, implementers) lose their rows
    silently. Whatever the link, the deletion is refused with the name of the
    record that keeps it; archiving stays possible.
    """

    _name = "ctcl.reference.guard"
    _description = "Record referred to by QT.CTCL records"

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
                raise UserError(
                    self.env._(
                        "%(record)s cannot be deleted: it is “%(field)s” on "
                        "%(document)s (%(model)s), a quality record that is kept. "
                        "Archive it instead.",
                        record=(document[field.name] & self)[:1].display_name,
                        field=field.get_description(self.env)["string"],
                        document=document.display_name,
                        model=self.env["ir.model"]._get(Model._name).name,
                    )
                )
