from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common import CtclPdfCase
from .nonconformity_common import CtclNonconformityCase

REPORT = "ctcl_quality.action_report_ctcl_nonconformity"


class TestNonconformityReport(CtclPdfCase, CtclNonconformityCase):
    """A nonconformity reported to the unit head prints on BM.CTCL.01 (5.1.1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_vietnamese()
        cls.env.company.write(
            {
                "name": "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng",
                "ctcl_parent_agency": "Ủy ban nhân dân tỉnh Lâm Đồng",
                "ctcl_place": "Lâm Đồng",
            }
        )

    def reported_nc(self, **vals):
        nc = self.new_nc(service_concerned="Giao đất cho tổ chức", **vals)
        nc.with_user(self.staff_a).action_report()
        return nc

    def print_as(self, user, records, pdf=False):
        with self.with_user(user.login):
            if pdf:
                return self.pdf_text(REPORT, records)
            return self.html_text(REPORT, records)

    def test_reported_nonconformity_prints_box_1_in_vietnamese(self):
        nc = self.reported_nc()
        text = self.print_as(self.head_a, nc, pdf=True)
        for words in (
            "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
            "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH LÂM ĐỒNG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập – Tự do – Hạnh phúc",
            "PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC/CẢI TIẾN",
            "Số phiếu",
            "Đơn vị đề nghị: Unit A",
            "Hành động khắc phục",
            "Hành động phòng ngừa/cải tiến",
            f"Tài liệu liên quan (nếu có): Hồ sơ sự không phù hợp số {nc.name}",
            "1. Mô tả sự không phù hợp",
            "Hồ sơ trả kết quả trễ hạn",
            "Thời hạn giải quyết TTHC theo quy định",
            "Hồ sơ giao đất trả kết quả chậm 3 ngày làm việc",
            "Giao đất cho tổ chức",
            "Người đề nghị: staff_a",
            "2. Xác định nguyên nhân và đề xuất biện pháp",
            "Trưởng đơn vị thực hiện",
            "3. Kiểm tra - Xác nhận thực hiện biện pháp khắc phục/phòng ngừa/cải tiến",
            "Biện pháp KP/PN mới",
        ):
            self.assertIn(words, text)
        # Corrective ticked; preventive and the three results left for the pen.
        self.assertEqual(text.count("☒"), 1)
        self.assertEqual(text.count("☐"), 4)
        self.assertLess(text.index("☒"), text.index("Hành động phòng ngừa"))
        # Boxes 2 and 3 keep their signature lines, empty.
        self.assertEqual(text.count("Ngày ..... tháng ..... năm ....."), 2)
        self.assertIn("PHÊ DUYỆT", text.upper())
        self.assertIn("NGƯỜI KIỂM TRA", text.upper())
        self.assertNotIn("head_a", text)

    def test_dates_in_the_agency_time_zone(self):
        self.company.ctcl_tz = "Asia/Ho_Chi_Minh"
        nc = self.new_nc(date=date(2026, 1, 2))
        # 20:00 UTC on 4 January is 03:00 on 5 January in Viet Nam (UTC+7),
        # whatever the time zone of the user (UTC here).
        with freeze_time(datetime(2026, 1, 4, 20, 0)):
            nc.with_user(self.staff_a).action_report()
        text = self.print_as(self.staff_a, nc)
        self.assertIn("Lâm Đồng, ngày 05 tháng 01 năm 2026", text)
        self.assertIn("Ngày: 05/01/2026", text)
        self.assertIn("Ngày phát hiện: 02/01/2026", text)

    def test_boxes_2_and_3_stay_empty_in_every_reported_state(self):
        nc = self.reported_nc()
        texts = {"reported": self.print_as(self.staff_a, nc)}
        nc.with_user(self.head_a).write(
            {
                "disposition": "rework",
                "assignee_id": self.staff_a.id,
                "disposition_note": "Làm lại hồ sơ ngay trong ngày",
            }
        )
        nc.with_user(self.head_a).action_decide()
        texts["handling"] = self.print_as(self.staff_a, nc)
        nc.with_user(self.staff_a).result_note = "Đã trả kết quả cho tổ chức"
        nc.with_user(self.staff_a).action_report_result()
        texts["checking"] = self.print_as(self.head_a, nc)
        nc.with_user(self.head_a).action_confirm()
        texts["done"] = self.print_as(self.secretary, nc)
        for state, text in texts.items():
            self.assertIn("PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC/CẢI TIẾN", text, state)
            self.assertNotIn("Làm lại hồ sơ ngay trong ngày", text, state)
            self.assertNotIn("Đã trả kết quả cho tổ chức", text, state)
            self.assertEqual(text.count("☒"), 1, state)

    def test_only_reported_nonconformities_print(self):
        draft = self.new_nc()
        with self.assertRaises(UserError) as cm:
            self.print_as(self.staff_a, draft)
        self.assertIn("BM.CTCL.01", str(cm.exception))
        self.assertIn(draft.name, str(cm.exception))
        on_spot = self.new_nc(result_note="Đã hướng dẫn lại ngay tại chỗ")
        on_spot.with_user(self.staff_a).action_handle_on_spot()
        self.assertEqual(on_spot.state, "done")
        with self.assertRaises(UserError):
            self.print_as(self.head_a, on_spot)
        # One unreported record refuses the whole print.
        with self.assertRaises(UserError):
            self.print_as(self.head_a, self.reported_nc() | draft)

    def test_who_cannot_read_the_record_cannot_print_it(self):
        nc = self.reported_nc()
        with self.assertRaises(AccessError):
            self.print_as(self.staff_b, nc)
        with self.assertRaises(AccessError):
            self.print_as(self.head_b, nc)
        # Not even learn that a draft of another unit is one.
        with self.assertRaises(AccessError):
            self.print_as(self.staff_b, self.new_nc())
        self.assertIn(nc.name, self.print_as(self.auditor, nc))

    def test_in_the_print_menu_of_the_nonconformity(self):
        report = self.env.ref(REPORT)
        self.assertEqual(report.binding_model_id.model, "ctcl.nonconformity")
        self.assertEqual(report.binding_type, "report")
        bindings = self.env["ir.actions.actions"].with_user(self.staff_a)
        bindings = bindings.get_bindings("ctcl.nonconformity")["report"]
        self.assertIn(report.id, [action["id"] for action in bindings])
