from datetime import timedelta

from odoo.exceptions import UserError

from .nonconformity_common import CtclNonconformityCase


class TestNonconformityRequest(CtclNonconformityCase):
    def _request(self, action):
        self.assertEqual(action["res_model"], "ctcl.action.request")
        return self.env["ctcl.action.request"].browse(action["res_id"])

    def test_request_from_one_nonconformity(self):
        nc = self.new_nc(source_id=self.env.ref("ctcl_quality.ctcl_source_feedback").id)
        nc.action_report()
        request = self._request(nc.action_create_request())
        self.assertRecordValues(
            request,
            [
                {
                    "state": "draft",
                    "request_type": "corrective",
                    "requesting_department_id": self.dept_a.id,
                    "requester_id": self.staff_a.id,
                    "source_id": nc.source_id.id,
                    "related_documents": nc.name,
                    "create_uid": self.staff_a.id,
                }
            ],
        )
        self.assertIn(nc.requirement, request.description)
        self.assertIn(nc.description, request.description)
        self.assertEqual(request.nonconformity_ids, nc)
        self.assertEqual(nc.request_ids, request)
        self.assertEqual(nc.request_count, 1)
        self.assertFalse(request.need_criterion_ids)
        self.assertEqual(nc.action_view_requests()["res_id"], request.id)

    def test_request_from_several_nonconformities(self):
        first = self.new_nc(date=self.today - timedelta(days=3), title="Lần 1")
        second = self.new_nc(
            date=self.today - timedelta(days=1),
            title="Lần 2",
            category_id=self.cat_guidance.id,
            source_id=self.env.ref("ctcl_quality.ctcl_source_feedback").id,
        )
        (first | second).action_report()
        request = self._request(
            (second | first).with_user(self.head_a).action_create_request()
        )
        self.assertEqual(request.nonconformity_ids, first | second)
        self.assertEqual(first.request_ids, request)
        self.assertEqual(second.request_ids, request)
        self.assertEqual(request.requester_id, self.head_a)
        # Listed in date order, mixed sources -> "nonconforming activities".
        self.assertLess(
            request.description.index(first.name),
            request.description.index(second.name),
        )
        self.assertEqual(
            request.source_id,
            self.env.ref("ctcl_quality.ctcl_source_nonconforming_activity"),
        )
        # The request walks its normal flow.
        self.walk_to(request, "iso_review")

    def test_refusals(self):
        draft = self.new_nc()
        with self.assertRaises(UserError):
            draft.action_create_request()
        a = self.new_nc()
        b = self.new_nc(user=self.staff_b)
        (a | b).sudo().action_report()
        with self.assertRaises(UserError):
            (a | b).with_user(self.auditor).action_create_request()
        self.assertFalse((a | b | draft).sudo().request_ids)
