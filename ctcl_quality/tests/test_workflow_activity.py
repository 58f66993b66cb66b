from odoo.exceptions import UserError
from odoo.tests import Form

from .management_review_common import ManagementReviewCase
from .quality_objective_common import CtclQualityObjectiveCase


class TestWorkflowActivity(CtclQualityObjectiveCase):
    """A workflow activity is done when its step is done, never by "Mark Done"."""

    def _assessment_activity(self, request):
        return request.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("ctcl_quality.mail_act_ctcl_request_assessment")
            )
        )

    def test_mark_done_of_a_pending_step_is_refused(self):
        request = self.walk_to(self.new_request(), "assessment")
        activity = self._assessment_activity(request).with_user(self.head_a)
        self.assertEqual(activity.user_id, self.head_a)
        with self.assertRaises(UserError):
            activity.action_feedback(feedback="Đã xem")
        with self.assertRaises(UserError):
            activity.action_done()
        with self.assertRaises(UserError):
            activity.action_feedback_schedule_next()
        self.assertTrue(activity.exists())
        self.assertEqual(request.state, "assessment")
        self.assertEqual(self.activity_owners(request), {("assessment", self.head_a)})

    def test_doing_the_step_closes_its_activity(self):
        request = self.walk_to(self.new_request(), "assessment")
        activity = self._assessment_activity(request)
        self.do_step(request)
        self.assertFalse(activity.exists())
        self.assertEqual(request.state, "iso_review")
        self.assertEqual(
            self.activity_owners(request), {("iso_review", self.secretary)}
        )
        # The closed activity is logged as done in the chatter.
        self.assertTrue(
            request.message_ids.filtered(
                lambda m: (
                    m.mail_activity_type_id
                    == self.env.ref("ctcl_quality.mail_act_ctcl_request_assessment")
                )
            )
        )

    def test_other_activities_can_still_be_marked_done(self):
        request = self.walk_to(self.new_request(), "assessment")
        todo = request.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.head_a.id
        )
        todo.with_user(self.head_a).action_feedback()
        self.assertFalse(todo.exists())

    def test_nobody_cancels_hands_over_or_makes_up_a_step_activity(self):
        request = self.walk_to(self.new_request(), "assessment")
        activity = self._assessment_activity(request)
        for user in (self.head_a, self.staff_a):
            with self.assertRaises(UserError):
                activity.with_user(user).unlink()
            with self.assertRaises(UserError):
                activity.with_user(user).write({"user_id": self.staff_a.id})
            with self.assertRaises(UserError):
                activity.with_user(user).write({"date_deadline": "2099-01-01"})
            with self.assertRaises(UserError):
                activity.with_user(user).write({"summary": "Không cần làm"})
            with self.assertRaises(UserError):
                activity.with_user(user).write({"active": False})
        with self.assertRaises(UserError):  # a twin would outlive the step
            request.with_user(self.head_a).activity_schedule(
                "ctcl_quality.mail_act_ctcl_request_assessment", user_id=self.head_a.id
            )
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).activity_schedule(
                "ctcl_quality.mail_act_ctcl_request_closing", user_id=self.leader.id
            )
        self.assertEqual(self.activity_owners(request), {("assessment", self.head_a)})

    def test_reminders_are_the_follow_ups_own(self):
        request = self.walk_to(self.new_request(), "implementation")
        with self.assertRaises(UserError):
            request.with_user(self.staff_b).activity_schedule(
                "ctcl_quality.mail_act_ctcl_request_progress", user_id=self.leader.id
            )
        todo = request.with_user(self.staff_b).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.staff_b.id
        )
        with self.assertRaises(UserError):  # a to-do turned into a reminder
            todo.write(
                {
                    "activity_type_id": self.env.ref(
                        "ctcl_quality.mail_act_ctcl_request_progress"
                    ).id
                }
            )
        # As the daily follow-up schedules it.
        reminder = request.sudo().activity_schedule(
            "ctcl_quality.mail_act_ctcl_request_progress", user_id=self.staff_b.id
        )
        with self.assertRaises(UserError):
            reminder.with_user(self.staff_b).write({"user_id": self.staff_a.id})
        # Nobody deletes it or marks it done for its owner; he marks it done.
        for user in (self.staff_b, self.secretary):
            with self.assertRaises(UserError):
                reminder.with_user(user).unlink()
        with self.assertRaises(UserError):
            reminder.with_user(self.secretary).action_feedback(feedback="Xong")
        with self.assertRaises(UserError):
            reminder.with_user(self.staff_b).write({"active": False})
        reminder.with_user(self.staff_b).action_feedback(feedback="Đã báo cáo")
        self.assertFalse(reminder.exists())

    def test_step_takes_records_not_other_values(self):
        request = self.new_request()
        with self.assertRaises(UserError):
            self.env["ctcl.action.request"].with_user(self.staff_a).browse(
                {"id": request.id}
            ).action_submit()
        self.assertEqual(request.state, "draft")

    def test_follow_up_restores_a_lost_step_activity(self):
        request = self.walk_to(self.new_request(), "assessment")
        # Lost by whatever path (here an administrator's database clean-up).
        self._assessment_activity(request).sudo().unlink()
        self.assertFalse(request.activity_ids)
        self.env["ctcl.follow.up"]._cron_follow_up()
        self.assertEqual(self.activity_owners(request), {("assessment", self.head_a)})
        # Running it again adds nothing.
        self.env["ctcl.follow.up"]._cron_follow_up()
        self.assertEqual(len(request.activity_ids), 1)

    def test_new_measurement_form_opens_without_objective(self):
        plan = self.approve_plan(self.new_plan(department=self.dept_a))
        objective = plan.objective_ids
        form = Form(
            self.env["ctcl.quality.measurement"].with_user(self.head_a),
            view="ctcl_quality.ctcl_quality_measurement_view_form",
        )
        self.assertFalse(form.status)
        form.objective_id = objective
        form.value = 99
        measurement = form.save()
        self.assertEqual(measurement.status, "on_target")


class TestManagementReviewForm(ManagementReviewCase):
    def test_new_review_saves_its_default_topics(self):
        form = Form(
            self.Review.with_user(self.secretary),
            view="ctcl_quality.ctcl_management_review_view_form",
        )
        form.title = "Xem xét của lãnh đạo năm 2026"
        review = form.save()
        self.assertEqual(review.topic_ids.mapped("code"), list("1234567"))

    def test_new_secretary_takes_the_draft_over(self):
        review = self.new_review()
        minutes = self.env.ref("ctcl_quality.mail_act_ctcl_review_minutes")
        self.assertEqual(review.activity_ids.user_id, self.secretary)
        review.with_user(self.secretary).write({"secretary_id": self.iso_member.id})
        self.assertRecordValues(
            review.activity_ids,
            [{"user_id": self.iso_member.id, "activity_type_id": minutes.id}],
        )
        self.assertIn(self.iso_member.partner_id, review.message_partner_ids)
