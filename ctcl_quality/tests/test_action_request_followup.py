from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError

from .common import CtclCase


class TestActionRequestFollowup(CtclCase):
    def test_failed_verification_opens_linked_request(self):
        request = self.walk_to(self.new_request(), "verification")
        request.with_user(self.leader).action_verify(
            "not_achieved", "Vẫn còn hồ sơ trễ hạn"
        )
        self.assertEqual(request.state, "to_close")
        followup = request.followup_ids
        self.assertEqual(len(followup), 1)
        self.assertRecordValues(
            followup,
            [
                {
                    "state": "assessment",
                    "origin_request_id": request.id,
                    "description": request.description,
                    # 5.7: it stems from the result of an earlier action.
                    "source_id": self.env.ref(
                        "ctcl_quality.ctcl_source_previous_action"
                    ).id,
                    "requesting_department_id": request.requesting_department_id.id,
                    "requester_id": self.leader.id,
                }
            ],
        )
        self.assertEqual(self.activity_owners(followup), {("assessment", self.leader)})
        # The follow-up is directed by the agency leadership, not the unit head.
        with self.assertRaises(AccessError):
            followup.with_user(self.head_a).action_forward()
        followup.with_user(self.leader).need_criterion_ids = self.criterion
        followup.with_user(self.leader).action_forward()
        self.assertEqual(followup.state, "iso_review")
        self.walk_to(request, "done")
        self.assertEqual(request.verification_result, "not_achieved")

    def test_achieved_verification_opens_nothing(self):
        request = self.walk_to(self.new_request(), "to_close")
        self.assertFalse(request.followup_ids)

    def _overdue_activities(self, request):
        overdue = self.env.ref("ctcl_quality.mail_act_ctcl_request_overdue")
        return request.activity_ids.filtered(lambda a: a.activity_type_id == overdue)

    def test_cron_overdue_reminds_once(self):
        request = self.walk_to(self.new_request(), "implementation")
        FollowUp = self.env["ctcl.follow.up"]
        with freeze_time(request.date_deadline + timedelta(days=1)):
            FollowUp._cron_follow_up()
            FollowUp._cron_follow_up()
            self.assertEqual(self._overdue_activities(request).user_id, self.staff_b)
            self.assertEqual(len(self._overdue_activities(request)), 1)
            self.assertTrue(request.is_overdue)
            # Marking it done does not bring it back the next day.
            self._overdue_activities(request).with_user(self.staff_b).action_feedback()
        with freeze_time(request.date_deadline + timedelta(days=2)):
            FollowUp._cron_follow_up()
            self.assertFalse(self._overdue_activities(request))
        # A new deadline re-arms the reminder.
        change = (
            self.env["ctcl.action.change"]
            .with_user(self.staff_b)
            .create(
                {
                    "request_id": request.id,
                    "change_type": "deadline",
                    "description": "Gia hạn",
                    "new_date_deadline": request.date_deadline + timedelta(days=10),
                }
            )
        )
        change.with_user(self.iso_leader).action_approve()
        with freeze_time(request.date_deadline + timedelta(days=1)):
            FollowUp._cron_follow_up()
            FollowUp._cron_follow_up()
            self.assertEqual(len(self._overdue_activities(request)), 1)

    def test_cron_progress_report_monthly(self):
        progress_type = self.env.ref("ctcl_quality.mail_act_ctcl_request_progress")
        request = self.walk_to(self.new_request(), "implementation")
        self.assertEqual(request.progress_due_date, self.today + timedelta(days=30))
        FollowUp = self.env["ctcl.follow.up"]

        def progress_activities():
            return request.activity_ids.filtered(
                lambda a: a.activity_type_id == progress_type
            )

        with freeze_time(self.today + timedelta(days=10)):
            FollowUp._cron_follow_up()
            self.assertFalse(progress_activities())
        with freeze_time(self.today + timedelta(days=29)):
            FollowUp._cron_follow_up()
            FollowUp._cron_follow_up()
            self.assertEqual(len(progress_activities()), 1)
            self.assertEqual(
                progress_activities().date_deadline, request.progress_due_date
            )
            self.env["ctcl.action.progress"].with_user(self.staff_b).create(
                {
                    "request_id": request.id,
                    "content": "Hoàn thành 50%",
                    "percent_done": 50,
                }
            )
            self.assertFalse(progress_activities())
            self.assertEqual(request.progress_due_date, self.today + timedelta(days=59))
        with freeze_time(self.today + timedelta(days=31)):
            FollowUp._cron_follow_up()
            self.assertFalse(progress_activities())

    def test_cron_verification_due_reminds_once(self):
        request = self.walk_to(self.new_request(), "verification")
        FollowUp = self.env["ctcl.follow.up"]
        with freeze_time(request.date_deadline + timedelta(days=1)):
            messages_before = request.message_ids
            FollowUp._cron_follow_up()
            FollowUp._cron_follow_up()
            reminders = request.message_ids - messages_before
            self.assertEqual(len(reminders), 1)
            self.assertIn(self.leader.partner_id, reminders.partner_ids)
