from odoo.exceptions import AccessError, UserError

from .common import CtclPdfCase
from .quality_objective_common import CtclQualityObjectiveCase


class TestQualityObjectiveReport(CtclPdfCase, CtclQualityObjectiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_vietnamese()

    def _plan_with_two_objectives(self):
        plan = self.new_plan(
            department=self.dept_a,
            objectives=[
                self.objective_vals(),
                self.objective_vals(
                    name="Không có phản ánh về thái độ phục vụ",
                    measurement_method="Số phản ánh có căn cứ",
                    direction="at_most",
                    target_value=2,
                    target_uom="lượt",
                    measures="Quán triệt quy tắc ứng xử",
                ),
            ],
        )
        plan.with_user(self.head_a).drafter_id = self.staff_a
        plan.with_user(self.staff_a).action_submit()
        plan.with_user(self.head_a).action_approve()
        on_time, complaints = plan.objective_ids
        self.measure(on_time, 91.5, user=self.staff_a, date=f"{self.YEAR}-11-30")
        self.measure(complaints, 1, user=self.staff_a, date=f"{self.YEAR}-11-30")
        return plan

    def _approved_report(self):
        plan = self._plan_with_two_objectives()
        plan.with_user(self.staff_a).action_create_report()
        report = plan.report_ids
        missed, met = report.line_ids
        missed.with_user(self.staff_a).write(
            {
                "cause": "Khâu lấy ý kiến kéo dài",
                "direction": "Lấy ý kiến song song qua hệ thống",
            }
        )
        met.with_user(self.staff_a).write({"keep_next_year": False})
        report.with_user(self.staff_a).action_submit()
        report.with_user(self.head_a).action_approve()
        return report

    def test_report_prefilled_and_approved_by_real_roles(self):
        plan = self._plan_with_two_objectives()
        with self.assertRaises(AccessError):
            plan.with_user(self.staff_b).action_create_report()
        plan.with_user(self.staff_a).action_create_report()
        report = plan.report_ids
        self.assertEqual(plan.report_state, "draft")
        self.assertRecordValues(
            report.line_ids,
            [
                {"actual_value": 91.5, "achieved": False},
                {"actual_value": 1.0, "achieved": True},
            ],
        )
        missed = report.line_ids[0]
        # Not achieved: the cause is required.
        with self.assertRaisesRegex(UserError, "cause"):
            report.with_user(self.staff_a).action_submit()
        # Overriding the figures needs a reason.
        missed.with_user(self.staff_a).achieved = True
        with self.assertRaisesRegex(UserError, "reason"):
            report.with_user(self.staff_a).action_submit()
        missed.with_user(self.staff_a).write(
            {"achieved": False, "cause": "Khâu lấy ý kiến kéo dài"}
        )
        with self.assertRaises(AccessError):
            report.with_user(self.staff_b).action_submit()
        report.with_user(self.staff_a).action_submit()
        for user in (self.staff_a, self.head_b, self.leader, self.secretary):
            with self.assertRaises(AccessError):
                report.with_user(user).action_approve()
        report.with_user(self.head_a).action_approve()
        self.assertRecordValues(
            report,
            [
                {
                    "state": "approved",
                    "approved_by_id": self.head_a.id,
                    "achievement_rate": 50.0,
                }
            ],
        )
        # Approved: lines and measurements are frozen.
        with self.assertRaises(UserError):
            missed.with_user(self.staff_a).cause = "Khác"
        with self.assertRaises(UserError):
            self.measure(plan.objective_ids[0], 99, user=self.staff_a)
        figures = self.env["ctcl.management.review.input"]._ctcl_objective_figures(
            f"{self.YEAR}-01-01", f"{self.YEAR}-12-31", self.env.company
        )
        self.assertEqual(
            figures,
            {
                "plans": 1,
                "objectives": 2,
                "achieved": 1,
                "rate": 50.0,
                "by_scope": [("Unit A", 1, 2)],
            },
        )

    def test_carry_over_into_next_year(self):
        report = self._approved_report()
        with self.assertRaises(AccessError):
            report.with_user(self.staff_a).action_create_next_plan()
        report.with_user(self.head_a).action_create_next_plan()
        new_plan = report.next_plan_id
        self.assertRecordValues(
            new_plan,
            [
                {
                    "year": self.YEAR + 1,
                    "department_id": self.dept_a.id,
                    "state": "draft",
                    "drafter_id": self.staff_a.id,
                    "previous_report_id": report.id,
                }
            ],
        )
        # Not achieved: carried with its direction; achieved and not kept: dropped.
        self.assertRecordValues(
            new_plan.objective_ids,
            [
                {
                    "name": "Giải quyết hồ sơ TTHC đúng hạn",
                    "target_value": 98.0,
                    "measures": "Lấy ý kiến song song qua hệ thống",
                    "origin_objective_id": report.line_ids[0].objective_id.id,
                }
            ],
        )
        self.assertEqual(str(new_plan.objective_ids.date_end), f"{self.YEAR + 1}-12-31")
        with self.assertRaises(UserError):
            report.with_user(self.head_a).action_create_next_plan()

    def test_achieved_objectives_kept_and_raised(self):
        plan = self._plan_with_two_objectives()
        plan.with_user(self.staff_a).action_create_report()
        report = plan.report_ids
        missed, met = report.line_ids
        missed.with_user(self.staff_a).cause = "Khâu lấy ý kiến kéo dài"
        met.with_user(self.staff_a).write(
            {"keep_next_year": True, "next_target_value": 1}
        )
        report.with_user(self.staff_a).action_submit()
        report.with_user(self.head_a).action_approve()
        report.with_user(self.head_a).action_create_next_plan()
        self.assertEqual(
            report.next_plan_id.objective_ids.mapped("target_value"), [98.0, 1.0]
        )

    # ------------------------------------------------------------------
    def test_pdfs_print_in_vietnamese(self):
        self.env.company.write(
            {
                "name": "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng",
                "ctcl_parent_agency": "Ủy ban nhân dân tỉnh Lâm Đồng",
            }
        )
        report = self._approved_report()
        plan_text = self.pdf_text(
            "ctcl_quality.action_report_ctcl_quality_plan", report.plan_id
        )
        for heading in (
            "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
            "UNIT A",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            f"KẾ HOẠCH THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG NĂM {self.YEAR}",
            "Cách đo lường",
            "Thời gian hoàn thành",
            "TRƯỞNG ĐƠN VỊ",
            "Giải quyết hồ sơ TTHC đúng hạn",
            "head_a",
        ):
            self.assertIn(heading, plan_text)
        self.assertNotIn("THỦ TRƯỞNG", plan_text)
        report_text = self.html_text(
            "ctcl_quality.action_report_ctcl_quality_report", report
        )
        for heading in (
            f"BÁO CÁO THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG NĂM {self.YEAR}",
            "Thực tế đạt được",
            "Hướng giải quyết trong thời gian tới",
            "TRƯỞNG ĐƠN VỊ",
            "Khâu lấy ý kiến kéo dài",
            "91,5%",
        ):
            self.assertIn(heading, report_text)
        self.assertNotIn("THỦ TRƯỞNG", report_text)

    def test_unsigned_plan_prints_empty_signature(self):
        plan = self.new_plan()
        text = self.html_text("ctcl_quality.action_report_ctcl_quality_plan", plan)
        self.assertNotIn("leader", text.split("Giải quyết hồ sơ TTHC đúng hạn")[-1])
