from odoo import models

from .ctcl_record_evidence import QTCTCL_DOCUMENTS, ctcl_release_trail


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def unlink(self):
        # The guards of the document decide whether it may go; when it does,
        # its messages and files go with it.
        if self._name in QTCTCL_DOCUMENTS:
            self = ctcl_release_trail(self)  # noqa: PLW0642
        return super().unlink()

    def _message_update_content(self, message, body, attachment_ids=None, **kwargs):
        if self._name in QTCTCL_DOCUMENTS:
            # Before Odoo drops the old files of the message.
            message._ctcl_check_trail_change()
        return super()._message_update_content(
            message, body, attachment_ids=attachment_ids, **kwargs
        )
