from odoo.exceptions import AccessError, UserError, ValidationError

from .management_review_common import ManagementReviewCase


class TestManagementReviewCombined(ManagementReviewCase):
    """QT.CTCL 5.8: a review meeting on its own, or within a routine meeting of
    the agency (giao ban, sơ kết, tổng kết, định kỳ, đột xuất) whose minutes
    carry every content of BM.CTCL.02 all the same."""

    def _discuss(self, review, codes):
        review.with_user(self.secretary).write(
            {
                "topic_ids": [
                    (1, topic.id, {"content": f"Nội dung {topic.code}"})
                    for topic in review.topic_ids
                    if topic.code in codes
                ]
            }
        )

    def test_held_within_a_briefing_by_the_secretary(self):
        review = self.new_review()
        self.assertEqual(review.meeting_kind, "standalone")
        for user in (self.head_a, self.iso_member, self.leader, self.auditor):
            with self.assertRaises(AccessError):
                review.with_user(user).write({"meeting_kind": "briefing"})
        review.with_user(self.secretary).write({"meeting_kind": "briefing"})
        self.assertEqual(review.meeting_kind, "briefing")

    def test_only_a_meeting_is_held_within_a_routine_meeting(self):
        with self.assertRaises(ValidationError):
            self.new_review("report", meeting_kind="interim")
        review = self.new_review("report")
        with self.assertRaises(ValidationError):
            review.with_user(self.secretary).write({"meeting_kind": "year_end"})

    def test_combined_minutes_carry_every_content(self):
        review = self.new_review(meeting_kind="ad_hoc", discussed="")
        review.with_user(self.secretary).action_compile_inputs()
        self.add_decisions(review)
        self._discuss(review, "12345")
        with self.assertRaises(UserError) as caught:
            review.with_user(self.secretary).action_record_minutes()
        self.assertIn("Opportunities for improvement", str(caught.exception))
        self._discuss(review, "6")
        review.with_user(self.secretary).write({"conclusion": " "})
        with self.assertRaises(UserError):
            review.with_user(self.secretary).action_record_minutes()
        review.with_user(self.secretary).write({"conclusion": "Kết luận chung"})
        for user in self.all_users - self.secretary:
            with self.assertRaises(AccessError):
                review.with_user(user).action_record_minutes()
        review.with_user(self.secretary).action_record_minutes()
        self.assertEqual(review.state, "recorded")
        # The chair approves what was recorded, still complete.
        review.with_user(self.secretary).write({"conclusion": ""})
        with self.assertRaises(UserError):
            review.with_user(self.leader).action_approve_minutes()
        review.with_user(self.secretary).write({"conclusion": "Kết luận chung"})
        review.with_user(self.leader).action_approve_minutes()
        self.assertEqual(review.state, "approved")

    def test_standalone_minutes_carry_every_content(self):
        """A standalone meeting's minutes are no lighter than a combined one's."""
        review = self.new_review(discussed="")
        self.assertEqual(review.meeting_kind, "standalone")
        review.with_user(self.secretary).action_compile_inputs()
        with self.assertRaises(UserError) as caught:
            review.with_user(self.secretary).action_record_minutes()
        self.assertIn("Status of actions from previous", str(caught.exception))
        self.assertIn("General conclusion", str(caught.exception))
        self.add_decisions(review)
        self._discuss(review, "12346")
        with self.assertRaises(UserError) as caught:
            review.with_user(self.secretary).action_record_minutes()
        self.assertIn("risks and opportunities", str(caught.exception))
        self._discuss(review, "5")
        review.with_user(self.secretary).action_record_minutes()
        self.assertEqual(review.state, "recorded")
        # Emptied after recording, the minutes cannot be approved.
        topic = review.topic_ids.filtered(lambda t: t.code == "2")
        topic.with_user(self.secretary).content = " "
        with self.assertRaises(UserError) as caught:
            review.with_user(self.leader).action_approve_minutes()
        self.assertIn("Context", str(caught.exception))
        topic.with_user(self.secretary).content = "Bối cảnh không thay đổi"
        review.with_user(self.leader).action_approve_minutes()
        self.assertEqual(review.state, "approved")

    def test_report_reports_on_every_input(self):
        """5.8.2.1: the operating report covers each input topic."""
        review = self.new_review("report", discussed="37", report_date="2025-12-12")
        review.with_user(self.secretary).action_compile_inputs()
        with self.assertRaises(UserError) as caught:
            review.with_user(self.secretary).action_submit_report()
        message = str(caught.exception)
        for label in ("Status of actions", "Context", "Adequacy of resources"):
            self.assertIn(label, message)
        self.assertNotIn("Performance and effectiveness", message)
        self._discuss(review, "12456")
        for user in self.all_users - self.secretary:
            with self.assertRaises(AccessError):
                review.with_user(user).action_submit_report()
        review.with_user(self.secretary).action_submit_report()
        self.assertEqual(review.state, "report_review")
