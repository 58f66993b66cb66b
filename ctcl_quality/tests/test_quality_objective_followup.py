from freezegun import freeze_time

from .quality_objective_common import CtclQualityObjectiveCase


class TestQualityObjectiveFollowup(CtclQualityObjectiveCase):
    def _reminders(self, plan, xmlid):
        kind = self.env.ref(f"ctcl_quality.{xmlid}")
        return plan.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    def test_plan_reminded_once_before_30_01(self):
        plan = self.new_plan(department=self.dept_a)
        plan.with_user(self.head_a).drafter_id = self.staff_a
        FollowUp = self.env["ctcl.follow.up"]
        # 15 days before the deadline by default: nothing on 10/01.
        with freeze_time(f"{self.YEAR}-01-10"):
            FollowUp._cron_follow_up()
            self.assertFalse(
                self._reminders(plan, "mail_act_ctcl_quality_plan_deadline")
            )
        with freeze_time(f"{self.YEAR}-01-16"):
            FollowUp._cron_follow_up()
            FollowUp._cron_follow_up()
            reminders = self._reminders(plan, "mail_act_ctcl_quality_plan_deadline")
            self.assertEqual(reminders.user_id, self.staff_a)
            self.assertEqual(len(reminders), 1)
            self.assertEqual(str(reminders.date_deadline), f"{self.YEAR}-01-29")
        with freeze_time(f"{self.YEAR}-02-05"):
            FollowUp._cron_follow_up()
            self.assertEqual(
                len(self._reminders(plan, "mail_act_ctcl_quality_plan_deadline")), 1
            )
            self.assertTrue(plan.is_overdue)
            overdue = self.env["ctcl.quality.plan"].search(
                [
                    ("state", "!=", "approved"),
                    ("date_deadline", "<", f"{self.YEAR}-02-05"),
                    ("id", "=", plan.id),
                ]
            )
            self.assertEqual(overdue, plan)
        # Approval closes the reminder.
        plan.with_user(self.staff_a).action_submit()
        plan.with_user(self.head_a).action_approve()
        self.assertFalse(self._reminders(plan, "mail_act_ctcl_quality_plan_deadline"))

    def test_report_reminded_once_before_31_12(self):
        plan = self.approve_plan(self.new_plan())
        FollowUp = self.env["ctcl.follow.up"]
        with freeze_time(f"{self.YEAR}-12-10"):
            FollowUp._cron_follow_up()
            self.assertFalse(
                self._reminders(plan, "mail_act_ctcl_quality_report_deadline")
            )
        with freeze_time(f"{self.YEAR}-12-20"):
            FollowUp._cron_follow_up()
            FollowUp._cron_follow_up()
            reminders = self._reminders(plan, "mail_act_ctcl_quality_report_deadline")
            self.assertEqual(reminders.user_id, self.secretary)
            self.assertEqual(str(reminders.date_deadline), f"{self.YEAR}-12-30")
        # Once the report is approved, the reminder is done.
        plan.with_user(self.secretary).action_create_report()
        report = plan.report_ids
        report.line_ids.write({"cause": "Chưa đo lường"})
        report.with_user(self.secretary).action_submit()
        report.with_user(self.leader).action_approve()
        self.assertFalse(self._reminders(plan, "mail_act_ctcl_quality_report_deadline"))
        with freeze_time(f"{self.YEAR}-12-28"):
            FollowUp._cron_follow_up()
            self.assertFalse(
                self._reminders(plan, "mail_act_ctcl_quality_report_deadline")
            )
