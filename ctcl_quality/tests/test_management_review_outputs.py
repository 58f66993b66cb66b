from datetime import date

from odoo.exceptions import AccessError

from .management_review_common import ManagementReviewCase


class TestManagementReviewOutputs(ManagementReviewCase):
    def test_requests_created_exactly_once(self):
        review = self.approved_meeting()
        source = self.env.ref("ctcl_quality.ctcl_source_management_review")
        with self.assertRaises(AccessError):
            review.with_user(self.leader).action_create_requests()
        created = review.with_user(self.secretary).action_create_requests()
        self.assertEqual(len(created), 2)
        again = review.with_user(self.secretary).action_create_requests()
        self.assertFalse(again)
        review.with_user(self.secretary).action_dispatch()
        requests = review.request_ids
        self.assertEqual(len(requests), 2)
        self.assertEqual(review.request_count, 2)
        for decision in review.decision_ids:
            self.assertRecordValues(
                decision.request_id,
                [
                    {
                        "source_id": source.id,
                        "requesting_department_id": decision.department_id.id,
                        "management_review_id": review.id,
                        "request_type": "improvement",
                        "state": "assessment",
                    }
                ],
            )
            self.assertIn(decision.description, decision.request_id.description)
        # The responsible unit's head now assesses the request.
        request_a = review.decision_ids.filtered(
            lambda d: d.department_id == self.dept_a
        ).request_id
        self.assertIn(self.head_a, request_a.activity_ids.user_id)

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
