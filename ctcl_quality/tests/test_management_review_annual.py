from freezegun import freeze_time

from .management_review_common import ManagementReviewCase


class TestManagementReviewAnnual(ManagementReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only this test's reviews count (the database may hold others).
        cls.env["ctcl.management.review"].search([]).write({"active": False})
        # The reminder is written in the secretary's language.
        cls.secretary.lang = "en_US"

    def _notifications(self):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", self.secretary.partner_id.ids),
                ("subject", "=", "Annual management review due"),
            ]
        )

    def test_reminder_once_a_year(self):
        self.env.company.ctcl_review_reminded_year = 0
        FollowUp = self.env["ctcl.follow.up"]
        Annual = self.env["ctcl.management.review.annual"]
        with freeze_time("2027-12-14"):
            FollowUp._cron_follow_up()
            self.assertFalse(self._notifications())
            self.assertFalse(Annual._ctcl_warning(self.env.company))
        with freeze_time("2027-12-16"):
            FollowUp._cron_follow_up()
            FollowUp._cron_follow_up()
            self.assertEqual(len(self._notifications()), 1)
            self.assertIn("2027", Annual._ctcl_warning(self.env.company))
            action = self.Review.with_user(self.secretary).action_open_dashboard()
            self.assertEqual(action["tag"], "display_notification")
        with freeze_time("2027-12-20"):
            FollowUp._cron_follow_up()
            self.assertEqual(len(self._notifications()), 1)

    def test_open_review_gets_activity_and_approval_clears_it(self):
        self.env.company.ctcl_review_reminded_year = 0
        with freeze_time("2027-12-16"):
            review = self.new_review(date_from="2027-01-01", date_to="2027-12-31")
            self.env["ctcl.follow.up"]._cron_follow_up()
            annual = self.env.ref("ctcl_quality.mail_act_ctcl_review_annual")
            self.assertEqual(
                review.activity_ids.filtered(
                    lambda a: a.activity_type_id == annual
                ).user_id,
                self.secretary,
            )
            review.with_user(self.secretary).action_compile_inputs()
            review.with_user(self.secretary).action_record_minutes()
            review.with_user(self.leader).action_approve_minutes()
            self.assertFalse(
                review.activity_ids.filtered(lambda a: a.activity_type_id == annual)
            )
            self.assertFalse(
                self.env["ctcl.management.review.annual"]._ctcl_warning(
                    self.env.company
                )
            )

    def test_no_reminder_when_approved_this_year(self):
        self.env.company.ctcl_review_reminded_year = 0
        with freeze_time("2027-11-01"):
            self.approved_meeting(date_from="2027-01-01", date_to="2027-10-31")
        with freeze_time("2027-12-16"):
            self.env["ctcl.follow.up"]._cron_follow_up()
            self.assertFalse(self._notifications())
            self.assertEqual(self.env.company.ctcl_review_reminded_year, 2027)

    def test_reminder_names_the_audit_no_review_followed(self):
        self.env.company.ctcl_review_reminded_year = 0
        Annual = self.env["ctcl.management.review.annual"]
        with freeze_time("2027-03-20"):
            # This year's review was approved in March, before the audit.
            self.approved_meeting(
                date_from="2026-01-01",
                date_to="2027-02-28",
                meeting_start="2027-03-10 01:00:00",
                meeting_end="2027-03-10 04:00:00",
            )
        audit = self.new_audit(
            user=self.auditor, name="Đánh giá nội bộ đợt 2", date="2027-10-15"
        )
        with freeze_time("2027-12-16"):
            warning = Annual._ctcl_warning(self.env.company)
            self.assertIn("Đánh giá nội bộ đợt 2", warning)
            self.assertIn("no approved management review has followed it", warning)
            self.assertNotIn("No management review has been approved", warning)
            self.env["ctcl.follow.up"]._cron_follow_up()
            notification = self._notifications()
            self.assertEqual(len(notification), 1)
            self.assertIn("Đánh giá nội bộ đợt 2", notification.body)
            # A review that follows the audit meets the duty.
            review = self.new_review(
                date_from="2027-03-01",
                date_to="2027-12-15",
                meeting_start="2027-12-16 01:00:00",
                meeting_end="2027-12-16 03:00:00",
                audit_ids=[(6, 0, audit.ids)],
            )
            review.with_user(self.secretary).action_compile_inputs()
            review.with_user(self.secretary).action_record_minutes()
            self.assertTrue(Annual._ctcl_warning(self.env.company))
            review.with_user(self.leader).action_approve_minutes()
            self.assertTrue(audit.followed)
            self.assertFalse(Annual._ctcl_warning(self.env.company))
