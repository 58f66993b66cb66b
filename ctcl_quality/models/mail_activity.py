from odoo import models
from odoo.exceptions import UserError


def ctcl_expected_activities(record):
    """``{(activity type id, user id)}`` the current step of ``record`` asks for."""
    return {
        (record.env.ref(xmlid).id, user.id)
        for xmlid, (users, _deadline) in record._ctcl_activity_plan().items()
        for user in users
    }


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # Every way of marking an activity done ("Mark Done", "Done & Schedule
        # Next", RPC) ends here. The workflow's own activity_update() only
        # closes activities its plan no longer asks for, so it passes.
        pending = self._ctcl_pending_steps()
        if pending:
            activity, record = pending[0]
            raise UserError(
                self.env._(
                    "“%(activity)s” closes by itself when its step is done: "
                    "%(record)s is still “%(state)s”. Use the step's button at "
                    "the top of the document.",
                    activity=activity.summary or activity.activity_type_id.name,
                    record=record.display_name,
                    state=record._ctcl_state_label(),
                )
            )
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def _ctcl_pending_steps(self):
        """``[(activity, document)]`` of the QT.CTCL workflow activities in
        ``self`` whose step is still to be done."""
        mixin = self.pool["ctcl.workflow.mixin"]
        pending = []
        for model, data in self._classify_by_model().items():
            if not isinstance(self.env[model], mixin):
                continue
            # The owner of an activity may mark it done without reading the
            # document; whether its step is pending must not depend on that.
            records = self.env[model].sudo().browse(data["record_ids"])
            for record, activity in zip(records, data["activities"], strict=True):
                key = (activity.activity_type_id.id, activity.user_id.id)
                if record.exists() and key in ctcl_expected_activities(record):
                    pending.append((activity, record))
        return pending
