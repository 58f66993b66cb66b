import shutil
import subprocess
import tempfile
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError

from odoo.addons.base.models.ir_qweb import QWebException

from .common import CtclPdfCase
from .quality_objective_common import CtclQualityObjectiveCase

PLAN = "ctcl_quality.action_report_ctcl_quality_plan"
REPORT = "ctcl_quality.action_report_ctcl_quality_report"
REVISION = "ctcl_quality.action_report_ctcl_quality_plan_revision"
LONG = (
    "theo Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh, tổng hợp "
    "hằng quý và đối chiếu với sổ theo dõi của Bộ phận Một cửa"
)


class TestQualityPlanPrint(CtclPdfCase, CtclQualityObjectiveCase):
    """Phụ lục 3 as printed: the plan, its revisions and the achievement report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_vietnamese()
        cls.company.write(
            {
                "name": "Sở Tài nguyên và Môi trường",
                "ctcl_parent_agency": "Ủy ban nhân dân tỉnh Lâm Đồng",
                "ctcl_place": "Lâm Đồng",
                "ctcl_tz": "Asia/Ho_Chi_Minh",
            }
        )

    def pdf_pages(self, report_xmlid, records):
        """The text layer of each page of a real PDF, spaces folded."""
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report_xmlid, records.ids)
        )
        self.assertTrue(shutil.which("pdftotext"), "pdftotext is required")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-raw", handle.name, "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        return [" ".join(page.split()) for page in text.split("\f") if page.strip()]

    def _unit_plan(self, objectives=None):
        plan = self.new_plan(department=self.dept_a, objectives=objectives)
        plan.with_user(self.head_a).drafter_id = self.staff_a
        plan.with_user(self.staff_a).action_submit()
        plan.with_user(self.head_a).action_approve()
        return plan

    def _report(self, plan, drafter, approver, value=91.57, end=""):
        for objective in plan.objective_ids:
            self.measure(objective, value, user=drafter, date=f"{self.YEAR}-11-30")
        plan.with_user(drafter).action_create_report()
        report = plan.report_ids
        for n, line in enumerate(report.line_ids, start=1):
            line.with_user(drafter).write(
                {
                    "cause": "Khâu lấy ý kiến kéo dài " + LONG,
                    "direction": "Lấy ý kiến song song qua hệ thống "
                    + LONG
                    + (end and f" {end}{n:02d}"),
                }
            )
        report.with_user(drafter).action_submit()
        report.with_user(approver).action_approve()
        return report

    def _job_title(self, user, title):
        user.employee_ids.job_title = title

    def assert_print_refused(self, user, report_xmlid, records):
        """Printing reads the records as ``user``: the record rules refuse."""
        self.env.invalidate_all()  # read from the database, as a new request
        with self.assertRaises(QWebException) as caught:
            self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                report_xmlid, records.ids
            )
        self.assertIs(type(caught.exception.__cause__), AccessError)

    # ------------------------------------------------------------------
    def test_signature_title_is_the_one_of_the_scope(self):
        plan = self._unit_plan()
        report = self._report(plan, self.staff_a, self.head_a)
        for xmlid, record in ((PLAN, plan), (REPORT, report)):
            text = self.pdf_text(xmlid, record)
            self.assertIn("TRƯỞNG ĐƠN VỊ head_a", text)
            self.assertNotIn("THỦ TRƯỞNG", text)
            self.assertNotIn("CQHCNN", text)
        self._job_title(self.head_a, "Trưởng phòng")
        text = self.pdf_text(REPORT, report)
        self.assertIn("TRƯỞNG PHÒNG head_a", text)
        self.assertNotIn("TRƯỞNG ĐƠN VỊ", text)
        # The agency's plan: its head's title, never the unit's.
        agency = self.approve_plan(self.new_plan())
        text = self.pdf_text(PLAN, agency)
        self.assertIn("THỦ TRƯỞNG CƠ QUAN leader", text)
        self.assertNotIn("ĐƠN VỊ", text)
        self._job_title(self.leader, "Giám đốc")
        agency_report = self._report(agency, self.secretary, self.leader)
        text = self.pdf_text(REPORT, agency_report)
        self.assertIn("GIÁM ĐỐC leader", text)
        self.assertNotIn("ĐƠN VỊ", text)
        # Unit A's printouts are not another unit's to print.
        for xmlid, record in ((PLAN, plan), (REPORT, report)):
            self.assert_print_refused(self.staff_b, xmlid, record)

    def test_decimals_print_with_the_vietnamese_comma_unbroken(self):
        plan = self._unit_plan(
            objectives=[
                self.objective_vals(target_value=98.6),
                self.objective_vals(
                    name="Không có phản ánh về thái độ phục vụ",
                    direction="at_most",
                    target_value=2.5,
                    target_uom="lượt",
                ),
            ]
        )
        report = self._report(plan, self.staff_a, self.head_a)
        plan_text = self.pdf_text(PLAN, plan)
        report_text = self.pdf_text(REPORT, report)
        for text in (plan_text, report_text):
            self.assertIn("Tối thiểu 98,6%", text)
            self.assertIn("Tối đa 2,5 lượt", text)
            self.assertNotIn("98,6 %", text)  # a line break between them
            self.assertNotIn("98.6", text)
        self.assertIn("91,57%", report_text)
        self.assertIn("91,57 lượt", report_text)
        self.assertNotIn("91,57 %", report_text)
        # Only the drafter and the approver move the report on.
        with self.assertRaises(AccessError):
            plan.with_user(self.staff_b).action_create_report()

    def test_no_table_row_splits_across_pages(self):
        objectives = [
            self.objective_vals(
                name=f"ĐẦU{n:02d} Giải quyết hồ sơ đúng hoặc trước hạn {LONG}",
                measurement_method=f"Tỷ lệ hồ sơ đúng hạn {LONG} CUỐI{n:02d}",
                measures=f"Theo dõi thời hạn từng hồ sơ {LONG}",
                sequence=n,
            )
            for n in range(1, 13)
        ]
        plan = self._unit_plan(objectives=objectives)
        report = self._report(plan, self.staff_a, self.head_a, end="CUỐI")
        for xmlid, record in ((PLAN, plan), (REPORT, report)):
            pages = self.pdf_pages(xmlid, record)
            self.assertGreater(len(pages), 2)
            for n in range(1, 13):
                # The first and the last words of the row are on one page.
                with self.subTest(report=xmlid, row=n):
                    self.assertEqual(
                        [i for i, page in enumerate(pages) if f"ĐẦU{n:02d}" in page],
                        [i for i, page in enumerate(pages) if f"CUỐI{n:02d}" in page],
                    )
            # The signature stays with its title and name.
            self.assertIn("TRƯỞNG ĐƠN VỊ head_a", pages[-1])

    def test_column_headings_as_on_the_form(self):
        plan = self._unit_plan()
        report = self._report(plan, self.staff_a, self.head_a)
        self.assertIn(
            "STT Mục tiêu chất lượng Cách đo lường Biện pháp thực hiện/đơn vị "
            "thực hiện Thời gian bắt đầu Thời gian hoàn thành",
            self.pdf_text(PLAN, plan),
        )
        self.assertIn(
            "STT Mục tiêu Mức đo lường Thực tế đạt được Nguyên nhân do không đạt "
            "mục tiêu Hướng giải quyết trong thời gian tới",
            self.pdf_text(REPORT, report),
        )

    def test_date_line_above_the_signature_in_the_agency_time_zone(self):
        plan = self.new_plan(department=self.dept_a)
        plan.with_user(self.head_a).action_submit()
        # Unsigned: the date is left to be written by hand, the name empty.
        text = self.pdf_text(PLAN, plan)
        self.assertIn("Lâm Đồng, ngày ..... tháng ..... năm ..... TRƯỞNG ĐƠN VỊ", text)
        self.assertNotIn("head_a", text.split("TRƯỞNG ĐƠN VỊ")[-1])
        with self.assertRaises(AccessError):
            plan.with_user(self.staff_a).action_approve()
        # 20:00 UTC on 24/01 is already 25/01 in Hà Nội (the test user is in UTC).
        with freeze_time("2025-01-24 20:00:00"):
            plan.with_user(self.head_a).action_approve()
        self.assertEqual(plan.approved_date, date(2025, 1, 25))
        text = self.pdf_text(PLAN, plan)
        self.assertIn("Lâm Đồng, ngày 25 tháng 01 năm 2025 TRƯỞNG ĐƠN VỊ head_a", text)
        # Like the form, no date in the header: only above the signature.
        header = text.split("KẾ HOẠCH THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG")[0]
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", header)
        self.assertNotIn("ngày", header)
        self.assertEqual(text.count("ngày 25 tháng 01 năm 2025"), 1)
        # The achievement report, approved at 23:30 on 31/12 in Hà Nội.
        for objective in plan.objective_ids:
            self.measure(objective, 99.0, user=self.head_a)
        plan.with_user(self.head_a).action_create_report()
        report = plan.report_ids
        report.with_user(self.head_a).action_submit()
        with freeze_time("2025-12-31 16:30:00"):
            report.with_user(self.head_a).action_approve()
        text = self.pdf_text(REPORT, report)
        self.assertIn("Lâm Đồng, ngày 31 tháng 12 năm 2025 TRƯỞNG ĐƠN VỊ head_a", text)
        self.assertNotIn("ngày", text.split("BÁO CÁO THỰC HIỆN")[0])

    def test_every_approved_revision_prints_as_approved(self):
        plan = self._unit_plan(objectives=[self.objective_vals(target_value=98.0)])
        plan.with_user(self.head_a).action_reopen("Nâng chỉ tiêu theo chỉ đạo")
        plan.objective_ids.with_user(self.staff_a).target_value = 99.5
        # A revision being drafted is not signed.
        text = self.pdf_text(PLAN, plan)
        self.assertIn("(Sửa đổi lần 1)", text)
        self.assertNotIn("head_a", text.split("TRƯỞNG ĐƠN VỊ")[-1])
        plan.with_user(self.staff_a).action_submit()
        plan.with_user(self.head_a).action_approve()
        old, new = plan.revision_ids.sorted("revision")
        old_signoff, new_signoff = (
            self.env["ctcl.signoff"]
            .sudo()
            .search(
                [
                    ("res_model", "=", plan._name),
                    ("res_id", "=", plan.id),
                    ("meaning", "=", "approve"),
                ],
                order="id",
            )
        )
        old_text = self.pdf_text(REVISION, old)
        self.assertIn(
            f"KẾ HOẠCH THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG NĂM {self.YEAR}", old_text
        )
        self.assertIn("Tối thiểu 98%", old_text)
        self.assertNotIn("99,5", old_text)
        self.assertNotIn("Sửa đổi", old_text)
        self.assertIn("TRƯỞNG ĐƠN VỊ head_a", old_text)
        self.assertIn(old_signoff.short_hash, old_text)
        for text in (self.pdf_text(REVISION, new), self.pdf_text(PLAN, plan)):
            self.assertIn("(Sửa đổi lần 1)", text)
            self.assertIn("Tối thiểu 99,5%", text)
            self.assertIn(new_signoff.short_hash, text)
        self.assert_print_refused(self.staff_b, REVISION, old)
