import re

from .common import CtclPdfCase
from .management_review_common import ManagementReviewCase


class TestManagementReviewReport(CtclPdfCase, ManagementReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_vietnamese()

    def setUp(self):
        super().setUp()
        self.env.company.write(
            {
                "name": "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng",
                "ctcl_parent_agency": "Ủy ban nhân dân tỉnh Lâm Đồng",
            }
        )

    def test_minutes_bm_ctcl_02(self):
        review = self.approved_meeting()
        review.topic_ids[0].sudo().conclusion = "Các hành động đã hoàn thành đúng hạn"
        text = self.pdf_text(
            "ctcl_quality.action_report_ctcl_management_review_minutes", review
        )
        for heading in (
            "SỞ NÔNG NGHIỆP VÀ MÔI",  # the agency's name wraps in its column
            "BAN CHỈ ĐẠO ISO",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập – Tự do – Hạnh phúc",
            f"Số: {review.name}",
            "BIÊN BẢN",
            "HỌP XEM XÉT CỦA LÃNH ĐẠO",
            "Cuộc họp được khai mạc vào hồi",
            "Thành phần tham dự",
            "Chủ trì",
            "Thư ký cuộc họp",
            "Các báo cáo",
            "Phần thảo luận",
            "Nội dung thảo luận",
            "Kết luận của chủ trì",
            "Tình trạng của các hành động từ các cuộc họp xem xét trước đó",
            "Sự đầy đủ của nguồn lực",
            "Hiệu lực của hành động giải quyết rủi ro, cơ hội",
            "Các cơ hội cải tiến",
            "Các nội dung khác",
            "Kết luận",
            "Biên bản này được đọc trước cuộc họp và toàn bộ thành viên đã nhất trí "
            "thông qua.",
            "Cuộc họp kết thúc vào hồi",
            "THƯ KÝ",
            "CHỦ TRÌ",
            "Trần Minh Quang, Giám đốc Sở",
            "Số hóa sổ theo dõi hồ sơ TTHC",
            "Unit A",
            "Các hành động đã hoàn thành đúng hạn",
            self.leader.name,
        ):
            self.assertIn(heading, text)

    def test_operating_report_and_notice(self):
        review = self.new_review("report")
        review.with_user(self.secretary).action_compile_inputs()
        review.with_user(self.secretary).action_submit_report()
        review.with_user(self.iso_leader).action_approve_report()
        text = self.html_text(
            "ctcl_quality.action_report_ctcl_management_review_operating", review
        )
        for heading in (
            "SỞ NÔNG NGHIỆP VÀ MÔI",  # the agency's name wraps in its column
            "BAN CHỈ ĐẠO ISO",
            "BÁO CÁO",
            "KẾT QUẢ HOẠT ĐỘNG VẬN HÀNH DUY TRÌ HTQLCL",
            "Tỷ lệ đóng phiếu đúng hạn",
            self.iso_leader.name,
        ):
            self.assertIn(heading, text)
        self.add_decisions(review)
        review.with_user(self.secretary).action_compile_notice()
        review.with_user(self.iso_leader).action_submit_notice()
        review.with_user(self.leader).action_approve_notice()
        text = self.html_text(
            "ctcl_quality.action_report_ctcl_management_review_notice", review
        )
        for heading in (
            "THÔNG BÁO",
            "KẾT QUẢ XEM XÉT CỦA LÃNH ĐẠO",
            review.notice_number,
            "Bổ sung 01 máy scan cho Bộ phận Một cửa",
            "Unit B",
            "30/06/2026",
            self.leader.name,
        ):
            self.assertIn(heading, text)

    def test_draft_minutes_print_empty_signatures(self):
        review = self.new_review()
        text = self.html_text(
            "ctcl_quality.action_report_ctcl_management_review_minutes", review
        )
        # The signature boxes close the minutes (their titles are uppercase in
        # print only, by CSS).
        signatures = re.split("chủ trì|chair", text, flags=re.IGNORECASE)[-1]
        self.assertNotIn(self.leader.name, signatures)
        self.assertNotIn(self.secretary.name, signatures)
