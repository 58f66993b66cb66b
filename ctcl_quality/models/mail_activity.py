from odoo import api, models
from odoo.exceptions import UserError

from .ctcl_record_evidence import ctcl_note_server_work
from .ctcl_workflow_mixin import _TRANSITION_TOKEN


def ctcl_expected_activities(record):
    """``{(activity type id, user id)}`` the current step of ``record`` asks for."""
    return {
        (record.env.ref(xmlid).id, user.id)
        for xmlid, (users, _deadline) in record._ctcl_activity_plan().items()
        for user in users
    }


# What makes an activity the step of a given person on a given document, and
# what the workflow tells them of it (deadline, summary, note).
STEP_FIELDS = frozenset(
    {
        "user_id",
        "res_id",
        "res_model",
        "res_model_id",
        "activity_type_id",
        "date_deadline",
        "summary",
        "note",
        "automated",
        "active",
        "date_done",
    }
)


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # Only the workflow (activity_update, holding the transition token) hands a
    # step over: a user can neither make up a workflow activity nor take one
    # away from its owner.
    def _ctcl_by_workflow(self):
        return (
            self.env.is_superuser()
            or self.env.context.get("ctcl_token") is _TRANSITION_TOKEN
        )

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        if not self._ctcl_by_workflow():
            activities._ctcl_refuse_workflow_types()
        return activities

    def write(self, vals):
        if STEP_FIELDS & set(vals) and not self._ctcl_by_workflow():
            # Marking done goes through _action_done; anything else would make
            # up, move, hand over or silence an activity of the workflow.
            self._ctcl_check_not_pending()
            self._ctcl_refuse_workflow_types()
            result = super().write(vals)
            self._ctcl_refuse_workflow_types()
            return result
        return super().write(vals)

    def unlink(self):
        if not self._ctcl_by_workflow():
            self._ctcl_check_not_pending()
            # A reminder goes when its reason goes, or marked done by its
            # owner (with the notice of it in the chatter): never silently.
            self._ctcl_refuse_workflow_types()
        return super().unlink()

    def _ctcl_check_not_pending(self):
        pending = self._ctcl_pending_steps()
        if pending:
            activity, record = pending[0]
            raise UserError(
                self.env._(
                    "“%(activity)s” is the pending step of %(record)s: only its "
                    "workflow hands it over.",
                    activity=activity.summary or activity.activity_type_id.name,
                    record=record.display_name,
                )
            )

    def _ctcl_refuse_workflow_types(self):
        """Activities of a workflow's types (its steps and the reminders the
        scheduled action keeps) are scheduled by the workflow only."""
        mixin = self.pool["ctcl.workflow.mixin"]
        for model, data in self._classify_by_model().items():
            Model = self.env[model]
            if not isinstance(Model, mixin):
                continue
            managed = {self.env.ref(x).id for x in Model._ctcl_activity_types}
            records = Model.sudo().browse(data["record_ids"])
            for record, activity in zip(records, data["activities"], strict=True):
                if activity.activity_type_id.id in managed:
                    raise UserError(
                        self.env._(
                            "“%(type)s” activities of %(record)s are scheduled by "
                            "its workflow only.",
                            type=activity.activity_type_id.name,
                            record=record.display_name,
                        )
                    )

    def _action_done(self, feedback=False, attachment_ids=None):
        # Every way of marking an activity done ("Mark Done", "Done & Schedule
        # Next", RPC) ends here. The workflow's own activity_update() only
        # closes activities its plan no longer asks for, so it passes.
        pending = not self._ctcl_by_workflow() and self._ctcl_pending_steps()
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
        if not self._ctcl_by_workflow():
            # A reminder is marked done by its owner only.
            others = self.filtered(lambda a: a.user_id != self.env.user)
            others._ctcl_refuse_workflow_types()
        # Odoo posts the "done" notice of the activity in the user's name,
        # then archives or deletes it: as the workflow, once checked here.
        ctcl_note_server_work(self.env)
        return super(
            MailActivity, self.with_context(ctcl_token=_TRANSITION_TOKEN)
        )._action_done(feedback=feedback, attachment_ids=attachment_ids)

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
