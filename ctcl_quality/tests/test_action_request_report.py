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
