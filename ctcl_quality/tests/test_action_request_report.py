from freezegun import freeze_time

from .common import CtclPdfCase


class TestActionRequestReport(CtclPdfCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_vietnamese()

    def test_bm_ctcl_01_prints_in_vietnamese(self):
        self.env.company.write(
            {
                "name": "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng",
                "ctcl_parent_agency": "Ủy ban nhân dân tỉnh Lâm Đồng",
            }
        )
        request = self.walk_to(self.new_request(), "done")
        text = self.pdf_text("ctcl_quality.action_report_ctcl_action_request", request)
        for heading in (
            "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập – Tự do – Hạnh phúc",
            "PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC/CẢI TIẾN",
            "Số phiếu",
            "Mô tả sự không phù hợp",
            "Xác định nguyên nhân và đề xuất biện pháp",
            "Kiểm tra - Xác nhận thực hiện biện pháp khắc phục/phòng ngừa/cải tiến",
            request.name,
            "Hồ sơ TTHC trả kết quả trễ hạn",
            "Thiếu kiểm soát thời hạn",
            "Sổ theo dõi tháng 10 và 11",
        ):
            self.assertIn(heading, text)
        self.assertIn("☒", text)

    def test_draft_prints_empty_signatures(self):
        request = self.new_request()
        text = self.html_text("ctcl_quality.action_report_ctcl_action_request", request)
        self.assertNotIn(self.iso_leader.name, text)
        self.assertNotIn(self.leader.name, text)

    def test_blank_form_keeps_the_blocks_to_sign_by_hand(self):
        """An unsigned BM.CTCL.01 keeps "Ngày … tháng … năm / Phê duyệt" and
        "Người kiểm tra", with the space to sign, like the paper form."""
        request = self.new_request()
        text = self.pdf_text("ctcl_quality.action_report_ctcl_action_request", request)
        blank_date = "Ngày ..... tháng ..... năm ....."
        self.assertEqual(text.count(blank_date), 2, text)
        approval = text.index("PHÊ DUYỆT")
        verifier = text.index("NGƯỜI KIỂM TRA")
        self.assertLess(text.index(blank_date), approval)
        self.assertLess(text.rindex(blank_date), verifier)
        self.assertLess(approval, verifier)
        for name in (self.iso_leader.name, self.leader.name, self.secretary.name):
            self.assertNotIn(f" {name} ", f" {text} ")

    def test_box_3_prints_the_verdict_signed_and_the_closing_evidence(self):
        request = self.walk_to(self.new_request(), "done")
        text = self.pdf_text("ctcl_quality.action_report_ctcl_action_request", request)
        self.assertIn("Đạt ☒ Không đạt ☐ Biện pháp KP/PN mới ☐", text)
        self.assertIn("Ý kiến của người kiểm tra: Sổ theo dõi tháng 10 và 11", text)
        # The verifier signs under "Người kiểm tra", dated.
        verifier = text.index("NGƯỜI KIỂM TRA")
        self.assertLess(
            text.index(f"Ngày {request.verification_date.day:02d} tháng"), verifier
        )
        self.assertIn(self.leader.name, text[verifier:])
        self.assertEqual(text.count("Ngày ..... tháng"), 0)
        # The evidence the ISO board wrote when closing.
        self.assertIn(
            "Bằng chứng kết quả thực hiện: Biên bản kiểm tra hồ sơ tháng 12: "
            "không còn trễ hạn",
            text,
        )
        self.assertIn(f"Ban ISO đóng phiếu: {self.secretary.name}", text)

    def test_not_done_prints_not_achieved(self):
        # Not reported done: at the completion date, "not done" is a verdict.
        request = self.walk_to(self.new_request(), "implementation")
        with freeze_time(request.date_deadline):
            request.with_user(self.leader).action_verify("not_done", "Chưa lập sổ")
        text = self.pdf_text("ctcl_quality.action_report_ctcl_action_request", request)
        self.assertIn("Đạt ☐ Không đạt ☒ Biện pháp KP/PN mới ☐", text)
        self.assertIn("Hoạt động khắc phục chưa được thực hiện.", text)
        self.assertIn(f"Phiếu yêu cầu mới: {request.followup_ids.name}", text)
        # Not closed yet: no evidence, no closing line.
        self.assertNotIn("Bằng chứng kết quả thực hiện", text)
        self.assertNotIn("Ban ISO đóng phiếu", text)
