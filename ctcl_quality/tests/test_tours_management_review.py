from datetime import date

from odoo.tests import HttpCase

from .management_review_common import ManagementReviewCase


class TestToursManagementReview(HttpCase, ManagementReviewCase):
    """A meeting review from New to dispatch, each step as its owner."""

    def setUp(self):
        super().setUp()
        # The internal audit of the year, which the new review follows.
        self.audit = self.new_audit(
            name=f"Đánh giá nội bộ năm {self.today.year}",
            date=date(self.today.year, 1, 1),
        )

    def _step(self, tour, user, review=None):
        url = "/odoo/action-ctcl_quality.ctcl_management_review_action"
        if review:
            url += f"/{review.id}"
        self.start_tour(url, tour, login=user.login)

    def test_management_review_in_the_browser(self):
        self._step("ctcl_management_review_new", self.secretary)
        review = self.Review.search([("create_uid", "=", self.secretary.id)])
        self.assertRecordValues(
            review,
            [
                {
                    "state": "recorded",
                    "title": "Xem xét của lãnh đạo thử nghiệm",
                    "chair_id": self.leader.id,
                    "secretary_id": self.secretary.id,
                }
            ],
        )
        self.assertEqual(review.topic_ids.mapped("code"), list("1234567"))
        self.assertEqual(review.attendee_ids.mapped("name"), ["Trần Minh Quang"])
        self.assertEqual(review.audit_ids, self.audit)
        self.assertIn(self.leader, review.activity_ids.user_id)
        self._step("ctcl_management_review_approve", self.leader, review)
        self.assertEqual(review.state, "approved")
        self.assertIn(self.secretary, review.activity_ids.user_id)
        self._step("ctcl_management_review_dispatch", self.secretary, review)
        self.assertEqual(review.state, "dispatched")

    def test_report_form_review_in_the_browser(self):
        self._step("ctcl_management_review_report_new", self.secretary)
        review = self.Review.search([("create_uid", "=", self.secretary.id)])
        self.assertRecordValues(
            review, [{"state": "report_review", "review_form": "report"}]
        )
        self.assertEqual(review.audit_ids, self.audit)
        self.assertEqual(review.topic_ids.mapped("code"), list("1234567"))
        walk = [
            ("ctcl_management_review_report_approve", self.iso_leader, "comments"),
            ("ctcl_management_review_report_comment", self.leader, "comments"),
            ("ctcl_management_review_report_notice", self.secretary, "notice"),
            (
                "ctcl_management_review_report_submit_notice",
                self.iso_leader,
                "notice_submitted",
            ),
            (
                "ctcl_management_review_report_approve_notice",
                self.leader,
                "approved",
            ),
            ("ctcl_management_review_dispatch", self.secretary, "dispatched"),
        ]
        for tour, user, state in walk:
            # The owner of the step finds it among their activities.
            self.assertIn(user, review.activity_ids.user_id, tour)
            self._step(tour, user, review)
            self.assertEqual(review.state, state, tour)
        self.assertEqual(review.comment_ids.author_id, self.leader)
        self.assertRecordValues(
            review.decision_ids,
            [{"department_id": self.dept_a.id, "request_id": review.request_ids.id}],
        )
