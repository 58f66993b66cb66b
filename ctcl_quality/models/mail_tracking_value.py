from odoo import models
from odoo.exceptions import UserError

from .ctcl_record_evidence import QTCTCL_DOCUMENTS, ctcl_trail_released


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def write(self, vals):
        # When a tracked field is removed, Odoo keeps its description on the
        # tracking values: that completes them and stays allowed.
        if set(vals) != {"field_info"} or any(self.sudo().mapped("field_info")):
            self._ctcl_check_trail_change()
        return super().write(vals)

    def unlink(self):
        self._ctcl_check_trail_change()
        return super().unlink()

    def _ctcl_check_trail_change(self):
        """The tracked changes of a QT.CTCL record are never rewritten or
        deleted, superuser included; they go only with their document."""
        for message in self.sudo().mail_message_id:
            if message.model in QTCTCL_DOCUMENTS and not ctcl_trail_released(
                self.env, message.model, message.res_id
            ):
                raise UserError(
                    self.env._(
                        "The tracked changes of %(document)s are part of its "
                        "history: they cannot be deleted or changed.",
                        document=message.record_name
                        or self.env["ir.model"]._get(message.model).name,
                    )
                )
