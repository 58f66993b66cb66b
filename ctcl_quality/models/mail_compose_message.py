from odoo import models
from odoo.exceptions import AccessError

from .ctcl_record_evidence import QTCTCL_DOCUMENTS


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail(self, auto_commit=False):
        # In mass mode Odoo writes the mails (and the messages they leave on
        # the records) as superuser, past the checks of a post: any author,
        # any type, kept for good on a closed record. On a QT.CTCL record a
        # user writes from its chatter (comment mode, checked as a post).
        if not self.env.su and any(
            wizard.composition_mode == "mass_mail" and wizard.model in QTCTCL_DOCUMENTS
            for wizard in self
        ):
            raise AccessError(
                self.env._(
                    "Messages on QT.CTCL records are written from their chatter, "
                    "in your own name."
                )
            )
        return super()._action_send_mail(auto_commit=auto_commit)
