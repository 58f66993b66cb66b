from odoo.addons.mail.controllers import thread

from ..models.ctcl_record_evidence import QTCTCL_DOCUMENTS


class ThreadController(thread.ThreadController):
    def _prepare_post_data(self, post_data, thread, **kwargs):
        # The chatter posts as superuser, with the type and subtype the client
        # sent (a post without a type is a notification): on a QT.CTCL record
        # they meet the checks of a user's message, and the workflow's
        # subtypes are refused on any record.
        vals = {**post_data, "model": thread._name}
        if thread._name in QTCTCL_DOCUMENTS:
            vals = {"message_type": "notification", **vals}
        thread.env["mail.message"]._ctcl_check_forged_trail(vals, from_client=True)
        return super()._prepare_post_data(post_data, thread, **kwargs)
