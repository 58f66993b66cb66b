from datetime import date

from odoo.exceptions import AccessError, UserError

from .management_review_common import ManagementReviewCase


class TestManagementReviewOutputs(ManagementReviewCase):
    def test_requests_created_exactly_once(self):
        review = self.approved_meeting()
        source = self.env.ref("ctcl_quality.ctcl_source_management_review")
        improvement, resource = review.decision_ids
        # Improvements go through a request; a resource need stays a decision.
        self.assertRecordValues(
            review.decision_ids, [{"needs_request": True}, {"needs_request": False}]
        )
        with self.assertRaises(AccessError):
            review.with_user(self.leader).action_create_requests()
        created = review.with_user(self.secretary).action_create_requests()
        self.assertEqual(created, improvement.request_id)
        self.assertFalse(resource.request_id)
        again = review.with_user(self.secretary).action_create_requests()
        self.assertFalse(again)
        review.with_user(self.secretary).action_dispatch()
        self.assertEqual(review.request_ids, improvement.request_id)
        self.assertEqual(review.request_count, 1)
        self.assertFalse(resource.request_id)
        self.assertRecordValues(
            improvement.request_id,
            [
                {
                    "source_id": source.id,
                    "requesting_department_id": self.dept_a.id,
                    "management_review_id": review.id,
                    "request_type": "improvement",
                    "state": "assessment",
                }
            ],
        )
        self.assertIn(improvement.description, improvement.request_id.description)
        # The responsible unit's head now assesses the request.
        self.assertIn(self.head_a, improvement.request_id.activity_ids.user_id)

    def test_iso_board_chooses_the_requests_until_dispatch(self):
        review = self.approved_meeting()
        improvement, resource = review.decision_ids
        # After the meeting, the ISO board (not the chair, not the units)
        # chooses which decisions need a BM.CTCL.01 request.
        for user in (self.staff_a, self.head_b, self.auditor, self.leader):
            with self.assertRaises(AccessError):
                resource.with_user(user).write({"needs_request": True})
            with self.assertRaises(AccessError):
                review.with_user(user).write(
                    {"decision_ids": [(1, resource.id, {"needs_request": True})]}
                )
        self.assertFalse(resource.needs_request)
        # The choice is not a licence to change the approved decisions.
        with self.assertRaises(UserError):
            resource.with_user(self.iso_member).write(
                {"needs_request": True, "description": "Khác"}
            )
        with self.assertRaises(UserError):
            review.with_user(self.iso_member).write(
                {
                    "decision_ids": [
                        (
                            0,
                            0,
                            {
                                "description": "Thêm",
                                "department_id": self.dept_a.id,
                                "date_deadline": "2026-03-31",
                            },
                        )
                    ]
                }
            )
        review.with_user(self.iso_member).write(
            {"decision_ids": [(1, resource.id, {"needs_request": True})]}
        )
        improvement.with_user(self.iso_leader).needs_request = False
        review.with_user(self.secretary).action_dispatch()
        self.assertFalse(improvement.request_id)
        self.assertEqual(review.request_ids, resource.request_id)
        self.assertEqual(resource.request_id.requesting_department_id, self.dept_b)
        # Each chosen decision opened exactly one request, and the choice is
        # closed with the dispatch.
        self.assertFalse(review.with_user(self.secretary).action_create_requests())
        with self.assertRaises(UserError):
            improvement.with_user(self.secretary).needs_request = True
        with self.assertRaises(UserError):
            resource.with_user(self.secretary).needs_request = False
        self.assertEqual(len(review.request_ids), 1)

    def test_request_stays_once_opened(self):
        review = self.approved_meeting()
        improvement = review.decision_ids[0]
        review.with_user(self.secretary).action_create_requests()
        with self.assertRaises(UserError):
            improvement.with_user(self.iso_member).needs_request = False
        self.assertTrue(improvement.needs_request)

    def test_next_review_lists_earlier_actions(self):
        review = self.approved_meeting()
        review.with_user(self.secretary).action_dispatch()
        next_review = self.new_review(
            date_from=date(2026, 1, 1), date_to=date(2026, 12, 31)
        )
        next_review.with_user(self.secretary).action_compile_inputs()
        previous = next_review.input_ids.filtered(
            lambda line: line.section == "previous"
        )
        ours = previous.filtered(
            lambda line: line.request_id.management_review_id == review
        )
        self.assertEqual(ours.request_id, review.request_ids)
        self.assertEqual(set(ours.mapped("request_state")), {"assessment"})
        # The review's own requests are not "earlier" actions.
        review_rows = review.input_ids.filtered(lambda line: line.section == "previous")
        self.assertFalse(review_rows)
