from odoo import api, models, tools
from odoo.exceptions import AccessError, UserError

from .ctcl_record_evidence import (
    QTCTCL_DOCUMENTS,
    ctcl_server_work,
    ctcl_trail_documents,
    ctcl_trail_released,
)

# Who said a message, when, where and as what: never changed on a QT.CTCL
# record, not even on one's own comment.
IDENTITY_FIELDS = frozenset(
    {
        "author_guest_id",
        "author_id",
        "date",
        "email_from",
        "is_internal",
        "mail_activity_type_id",
        "message_type",
        "model",
        "parent_id",
        "record_name",
        "res_id",
        "subtype_id",
        "tracking_value_ids",
    }
)
# What a message says, and to whom: its author edits it while the record is
# open (and it is a comment). Bookkeeping fields (stars, notifications, pins)
# stay free.
TRAIL_FIELDS = IDENTITY_FIELDS | {"attachment_ids", "body", "partner_ids", "subject"}

# What a user writes on a QT.CTCL record: a comment or a note. Notices (system
# notifications, automated and outgoing messages) are the server's.
USER_MESSAGE_TYPES = frozenset({"comment"})


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                # A ``default_*`` context key fills what ``vals`` leave out.
                vals = {**self._ctcl_context_defaults(), **vals}
                self._ctcl_check_author(vals)
                self._ctcl_check_forged_trail(vals)
        return super().create(vals_list)

    def write(self, vals):
        if {"model", "res_id"} & set(vals) and not self.env.su:
            self._ctcl_refuse_move(vals)
        trail = self._ctcl_trail_messages() if TRAIL_FIELDS & set(vals) else None
        if trail:
            fnames = {
                f for f in TRAIL_FIELDS & set(vals) if trail._ctcl_changes(f, vals[f])
            }
            if fnames and not trail._ctcl_fills_in(fnames, vals):
                if fnames & IDENTITY_FIELDS:
                    trail._ctcl_refuse_identity_change(fnames & IDENTITY_FIELDS)
                trail._ctcl_check_trail_change()
        return super().write(vals)

    def unlink(self):
        self._ctcl_trail_messages()._ctcl_check_trail_change()
        return super().unlink()

    # ------------------------------------------------------------------
    def _ctcl_context_defaults(self):
        return {
            key.removeprefix("default_"): value
            for key, value in self.env.context.items()
            if key.startswith("default_")
            and key.removeprefix("default_") in self._fields
        }

    def _ctcl_refuse_move(self, vals):
        """No message is moved onto a QT.CTCL record: there it would join its
        history with an author, date and type nobody checked."""
        for message in self.sudo():
            model = vals.get("model", message.model)
            res_id = vals.get("res_id", message.res_id)
            if (
                isinstance(model, str)
                and model in QTCTCL_DOCUMENTS
                and (model, res_id)
                != (
                    message.model,
                    message.res_id,
                )
            ):
                raise UserError(
                    self.env._(
                        "A message cannot be moved onto %(document)s.",
                        document=self.env["ir.model"]._get(model).name,
                    )
                )

    def _ctcl_refuse_identity_change(self, fnames):
        raise UserError(
            self.env._(
                "The author, date, type and place of a message on %(document)s "
                "cannot be changed (%(fields)s).",
                document=self[:1].record_name
                or self.env["ir.model"]._get(self[:1].model).name,
                fields=", ".join(
                    sorted(
                        f"“{self._fields[f]._description_string(self.env)}”"
                        for f in fnames
                    )
                ),
            )
        )

    def _ctcl_check_author(self, vals):
        """A user posts on a QT.CTCL record in their own name only; the mail
        gateway and server code (superuser) may post for someone else."""
        model = vals.get("model", self.env.context.get("default_model"))
        if model not in QTCTCL_DOCUMENTS:
            return
        partner = self.env.user.partner_id
        author_id = vals.get("author_id", partner.id)
        email_from = vals.get("email_from")
        if (
            vals.get("author_guest_id")
            or author_id != partner.id
            or (email_from and email_from != partner.email_formatted)
        ):
            raise AccessError(
                self.env._(
                    "You can only post on %(document)s in your own name.",
                    document=self.env["ir.model"]._get(model).name,
                )
            )

    def _ctcl_check_forged_trail(self, vals, from_client=False):
        """Only the workflow writes the history of a QT.CTCL record: a user's
        message carries no tracking values, no date of its own, none of the
        workflow's subtypes (state changes, closing), and is a comment: the
        notices its server code posts in the user's name are written while it
        runs (see ``ctcl_note_server_work``). ``from_client``: ``vals`` come
        from the client as they are (the chatter's post route)."""
        model = vals.get("model", self.env.context.get("default_model"))
        if model not in QTCTCL_DOCUMENTS:
            # The workflow's subtypes are its own, on whatever record.
            if self._ctcl_workflow_subtype(vals):
                raise AccessError(
                    self.env._("The QT.CTCL workflow's messages are its own.")
                )
            return
        message_type = vals.get("message_type", "comment")
        if message_type not in USER_MESSAGE_TYPES and (
            from_client or not ctcl_server_work(self.env)
        ):
            raise AccessError(
                self.env._(
                    "You can post comments and notes on %(document)s; its notices "
                    "are written by its workflow.",
                    document=self.env["ir.model"]._get(model).name,
                )
            )
        forged = bool(vals.get("tracking_value_ids")) or bool(vals.get("date"))
        if forged or self._ctcl_workflow_subtype(vals):
            raise AccessError(
                self.env._(
                    "The history of %(document)s is written by its workflow only.",
                    document=self.env["ir.model"]._get(model).name,
                )
            )

    def _ctcl_workflow_subtype(self, vals):
        """Whether ``vals`` post with one of the workflow's subtypes."""
        subtype_id = vals.get("subtype_id")
        xmlid = vals.get("subtype_xmlid")
        if xmlid:
            if not isinstance(xmlid, str):
                raise UserError(self.env._("%(value)r is not a subtype.", value=xmlid))
            subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(
                xmlid, raise_if_not_found=False
            )
        if not subtype_id:
            return False
        # The database takes "4" for 4: so do the checks; anything else that
        # is not an id is refused here rather than by a traceback later.
        if isinstance(subtype_id, str) and subtype_id.isdigit():
            subtype_id = int(subtype_id)
        if not isinstance(subtype_id, int) or isinstance(subtype_id, bool):
            raise UserError(self.env._("%(value)r is not a subtype.", value=subtype_id))
        subtype = self.env["mail.message.subtype"].sudo().browse(subtype_id)
        return (
            subtype.get_external_id()
            .get(subtype.id, "")
            .startswith("ctcl_quality.mt_ctcl_")
        )

    def _ctcl_changes(self, fname, value):
        """Whether writing ``value`` changes ``fname`` on some message (Odoo
        writes a mail's values on its message again when it sends it)."""
        field = self._fields[fname]
        if field.type in ("one2many", "many2many"):
            return True
        return any(
            field.convert_to_record(field.convert_to_cache(value, message), message)
            != message[fname]
            for message in self
        )

    def _ctcl_fills_in(self, fnames, vals):
        """Whether Odoo only completes the messages: the subject of a notified
        message left without one, or the author of a mail received from an
        unknown address, once a partner is created for that address."""
        messages = self.sudo()
        if fnames == {"subject"}:
            return not any(messages.mapped("subject"))
        if fnames == {"author_id"} and vals["author_id"]:
            partner = self.env["res.partner"].sudo().browse(vals["author_id"])
            return bool(partner.email_normalized) and all(
                not message.author_id
                and tools.email_normalize(message.email_from or "")
                == partner.email_normalized
                for message in messages
            )
        return False

    def _ctcl_trail_messages(self):
        """The messages of QT.CTCL records (as superuser), but those of a
        record being deleted."""
        return self.sudo().filtered(
            lambda m: (
                m.model in QTCTCL_DOCUMENTS
                and m.res_id
                and not ctcl_trail_released(self.env, m.model, m.res_id)
            )
        )

    def _ctcl_check_trail_change(self):
        """Refuse to delete or rewrite a message of a QT.CTCL record that is
        part of its trail: anything but a comment, a comment of someone else,
        and any message once the record is closed — whoever asks."""
        messages = self._ctcl_trail_messages()
        if not messages:
            return
        closed = ctcl_trail_documents(self.env, {(m.model, m.res_id) for m in messages})
        partner = self.env.user.partner_id
        for message in messages:
            document = (
                message.record_name or self.env["ir.model"]._get(message.model).name
            )
            if closed[message.model, message.res_id]:
                raise UserError(
                    self.env._(
                        "%(document)s is closed and under retention: its messages "
                        "cannot be deleted or changed.",
                        document=document,
                    )
                )
            if message.message_type != "comment" or message.tracking_value_ids:
                raise UserError(
                    self.env._(
                        "This message is part of the history of %(document)s: it "
                        "cannot be deleted or changed.",
                        document=document,
                    )
                )
            if message.author_id != partner:
                raise AccessError(
                    self.env._(
                        "Only the author of a comment on %(document)s can edit or "
                        "delete it.",
                        document=document,
                    )
                )
