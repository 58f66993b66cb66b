from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CtclPdfCase
from .management_review_common import ManagementReviewCase


class TestActionRequestAudit(ManagementReviewCase):
    """Findings of the ISO audit on the BM.CTCL.01 workflow: a review's
    request is not rejected (5.8), the verifier is independent of the
    implementers (5.6), a follow-up keeps the links of box 1 (5.7)."""

    def _review_request(self):
        review = self.approved_meeting()
        review.with_user(self.secretary).action_dispatch()
        request = review.request_ids
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "assessment")
        return review, request

    # ------------------------------------------------------------------
    # 5.8 — the review found the action needed
    # ------------------------------------------------------------------
    def test_review_request_cannot_be_rejected_by_the_unit_head(self):
        review, request = self._review_request()
        head = request.with_user(self.head_a)
        self.assertTrue(head.can_assess)
        with self.assertRaises(UserError):
            head.action_open_reject_wizard()
        with self.assertRaises(UserError):
            head.action_reject_need("Không cần thiết")
        self.assertEqual(request.state, "assessment")
        # Box 1 names the review the request came from.
        text = self.html_text("ctcl_quality.action_report_ctcl_action_request", request)
        self.assertIn(
            f"Xem xét của lãnh đạo: {review.notice_number or review.name}", text
        )
        # The head forwards it.
        head.need_criterion_ids = self.criterion
        head.action_forward()
        self.assertEqual(request.state, "iso_review")

    def test_followup_keeps_the_links_and_the_leadership_may_reject_it(self):
        review, request = self._review_request()
        self.walk_to(request, "verification")
        request.with_user(self.leader).action_verify("not_achieved", "Mới một phần")
        followup = request.followup_ids
        self.assertRecordValues(
            followup,
            [
                {
                    "origin_request_id": request.id,
                    "management_review_id": review.id,
                    "source_id": self.env.ref(
                        "ctcl_quality.ctcl_source_previous_action"
                    ).id,
                    "state": "assessment",
                }
            ],
        )
        # A follow-up goes to the leadership for its opinion (5.7): it may
        # find no further action needed.
        followup.with_user(self.leader).action_reject_need("Đã xử lý bằng văn bản")
        self.assertEqual(followup.state, "rejected")

    def test_followup_keeps_the_nonconformities(self):
        category = self.env["ctcl.nonconformity.category"].create(
            {"name": "Test: returned late"}
        )
        nc = (
            self.env["ctcl.nonconformity"]
            .with_user(self.staff_a)
            .create(
                {
                    "department_id": self.dept_a.id,
                    "title": "Hồ sơ trả kết quả trễ hạn",
                    "requirement": "Thời hạn giải quyết TTHC theo quy định",
                    "description": "Hồ sơ giao đất trả kết quả chậm 3 ngày",
                    "category_id": category.id,
                }
            )
        )
        nc.action_report()
        action = nc.action_create_request()
        request = self.env["ctcl.action.request"].browse(action["res_id"])
        self.assertEqual(request.nonconformity_ids, nc)
        self.walk_to(request, "verification")
        request.with_user(self.leader).action_verify("not_achieved", "Còn trễ hạn")
        followup = request.followup_ids
        self.assertEqual(followup.nonconformity_ids, nc)
        self.assertIn(followup, nc.request_ids)
        text = self.html_text(
            "ctcl_quality.action_report_ctcl_action_request", followup
        )
        self.assertIn(f"Hồ sơ sự KPH số {nc.name}", text)

    # ------------------------------------------------------------------
    # 5.6 — the delegate is not one of the implementers
    # ------------------------------------------------------------------
    def test_delegate_cannot_be_an_implementer(self):
        request = self.walk_to(self.new_request(), "implementation")
        leader = request.with_user(self.leader)
        for user in (self.staff_b, self.head_b):  # assignee/implementer, unit head
            with self.subTest(user=user.login), self.assertRaises(ValidationError):
                leader.verification_delegate_id = user
        self.assertFalse(request.verification_delegate_id)
        leader.verification_delegate_id = self.staff_a1
        self.assertEqual(request.verification_delegate_id, self.staff_a1)

    def test_delegate_is_never_made_an_implementer(self):
        request = self.walk_to(self.new_request(), "approval")
        request.with_user(self.leader).verification_delegate_id = self.staff_a1
        with self.assertRaises(ValidationError):
            request.with_user(self.iso_leader).write(
                {
                    "implementer_ids": [(6, 0, (self.staff_b | self.staff_a1).ids)],
                    "date_deadline": self.today + timedelta(days=60),
                }
            )
        self.assertNotIn(self.staff_a1, request.implementer_ids)

    def test_standing_delegate_cannot_verify_what_they_implement(self):
        self.company.sudo().ctcl_verification_delegate_id = self.staff_b
        request = self.walk_to(self.new_request(), "verification")
        with self.assertRaises(AccessError):
            request.with_user(self.staff_b).action_verify("achieved", "Đạt")
        self.assertFalse(request.with_user(self.staff_b).can_verify)
        request.with_user(self.leader).action_verify("achieved", "Đạt yêu cầu")
        self.assertEqual(request.verifier_id, self.leader)

    # ------------------------------------------------------------------
    # 5.6 — the verdict and its date
    # ------------------------------------------------------------------
    def test_not_done_refused_once_reported_done(self):
        request = self.walk_to(self.new_request(), "verification")
        self.assertTrue(request.done_reported_date)
        with self.assertRaises(UserError):
            request.with_user(self.leader).action_verify("not_done", "Chưa làm")
        self.assertEqual(request.state, "verification")
        request.with_user(self.leader).action_verify("not_achieved", "Một phần")
        self.assertEqual(request.verification_result, "not_achieved")

    def test_verification_not_dated_before_the_approval(self):
        with freeze_time(self.today - timedelta(days=10)):
            request = self.walk_to(self.new_request(), "approval")
        self.walk_to(request, "verification")
        self.assertEqual(request.approved_date, self.today)
        with self.assertRaises(ValidationError):
            request.with_user(self.leader).action_verify(
                "achieved", "Đạt", verification_date=self.today - timedelta(days=2)
            )
        self.assertEqual(request.state, "verification")
        request.with_user(self.leader).action_verify(
            "achieved", "Đạt", verification_date=self.today
        )
        self.assertEqual(request.verification_date, self.today)


class TestActionRequestAuditReport(CtclPdfCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_vietnamese()

    def test_box_1_names_the_nonconformity_and_box_3_the_close_code(self):
        category = self.env["ctcl.nonconformity.category"].create(
            {"name": "Test: returned late"}
        )
        nc = (
            self.env["ctcl.nonconformity"]
            .with_user(self.staff_a)
            .create(
                {
                    "department_id": self.dept_a.id,
                    "title": "Hồ sơ trả kết quả trễ hạn",
                    "requirement": "Thời hạn giải quyết TTHC theo quy định",
                    "description": "Hồ sơ giao đất trả kết quả chậm 3 ngày",
                    "category_id": category.id,
                }
            )
        )
        nc.action_report()
        action = nc.action_create_request()
        request = self.env["ctcl.action.request"].browse(action["res_id"])
        self.walk_to(request, "done")
        close = request._ctcl_signoff_for("close")
        self.assertTrue(close)
        text = self.pdf_text("ctcl_quality.action_report_ctcl_action_request", request)
        self.assertIn(f"Hồ sơ sự KPH số {nc.name}", text)
        closing = text.index("Ban ISO đóng phiếu")
        self.assertIn(f"Mã xác thực chữ ký: {close.short_hash}", text[closing:])
