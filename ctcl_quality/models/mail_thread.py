from odoo import api, models
from odoo.exceptions import AccessError, UserError

from .ctcl_record_evidence import (
    QTCTCL_DOCUMENTS,
    ctcl_closed,
    ctcl_note_server_work,
    ctcl_release_trail,
)
from .mail_followers import NEW_RECORD_FOLLOWERS


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    # Whether e-mails open new records of this QT.CTCL model (its alias).
    _ctcl_filed_by_email = False

    @api.model_create_multi
    def create(self, vals_list):
        if self._name not in QTCTCL_DOCUMENTS:
            return super().create(vals_list)
        creating = self.with_context(ctcl_new_followers=NEW_RECORD_FOLLOWERS)
        return super(MailThread, creating).create(vals_list).with_env(self.env)

    def unlink(self):
        # The guards of the document decide whether it may go; when it does,
        # its messages and files go with it.
        if self._name in QTCTCL_DOCUMENTS:
            self = ctcl_release_trail(self)  # noqa: PLW0642
        return super().unlink()

    def _message_route_process(self, message, message_dict, routes):
        """Mail reaches QT.CTCL records through the mail gateway only.

        ``message_process`` is public: over RPC any user could file a record
        or post on a kept one in the name of whatever sender the message
        claims, as Odoo routes it as superuser. The gateway is the mail
        servers' scheduled action (OdooBot) or an administrator's
        ``odoo-mailgate``. Only nonconformities are filed by e-mail (their
        alias): the other documents are opened by their workflow, never
        with the values of an alias or a caller.
        """
        for model, thread_id, *_rest in routes or ():
            if not model.startswith("ctcl."):
                continue
            if not self.env.is_system():
                raise AccessError(
                    self.env._(
                        "E-mails reach QT.CTCL records through the mail gateway only."
                    )
                )
            if not thread_id and not self.env[model]._ctcl_filed_by_email:
                raise UserError(
                    self.env._(
                        "%(document)s is not filed by e-mail.",
                        document=self.env["ir.model"]._get(model).name,
                    )
                )
        return super()._message_route_process(message, message_dict, routes)

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        if self._name not in QTCTCL_DOCUMENTS:
            return super().message_post(**kwargs)
        parent_id, subtype_xmlid = kwargs.get("parent_id"), kwargs.get("subtype_xmlid")
        if (parent_id and not isinstance(parent_id, int)) or (
            subtype_xmlid and not isinstance(subtype_xmlid, str)
        ):
            raise UserError(
                self.env._(
                    "A message answers a message and has a subtype given by name."
                )
            )
        if ctcl_closed(self):
            # A post does not add its author or recipients to the followers of
            # a closed record: they are kept as they were (mail_followers.py).
            self = self.with_context(  # noqa: PLW0642
                mail_create_nosubscribe=True, mail_post_autofollow=False
            )
        try:
            return super().message_post(**kwargs)
        except ValueError as error:
            # Odoo checks the values of a post with ValueError (a type kept for
            # notifications, attachments or partners not given as lists): on
            # a QT.CTCL record the client gets the message, not a traceback.
            raise UserError(str(error)) from error

    @api.returns("mail.message", lambda value: value.id)
    def message_notify(self, **kwargs):
        # A notification to a person (their inbox) is not the history of the
        # record it points to: the check on notices lets it through.
        ctcl_note_server_work(self.env)
        return super().message_notify(**kwargs)

    def _message_update_content(self, message, body, attachment_ids=None, **kwargs):
        if self._name in QTCTCL_DOCUMENTS:
            # Before Odoo drops the old files of the message.
            message._ctcl_check_trail_change()
        return super()._message_update_content(
            message, body, attachment_ids=attachment_ids, **kwargs
        )
