import html
import json
import re
from datetime import date

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

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

    def test_combined_minutes_title_audits_and_risk_update(self):
        review = self.new_review(meeting_kind="briefing")
        review.with_user(self.secretary).action_compile_inputs()
        self.add_decisions(review)
        improvement = review.decision_ids[0]
        improvement.with_user(self.secretary).risk_update = True
        review.with_user(self.secretary).write(
            {
                "topic_ids": [
                    (1, topic.id, {"conclusion": f"Kết luận {topic.code}"})
                    for topic in review.topic_ids
                ]
            }
        )
        review.with_user(self.secretary).action_record_minutes()
        review.with_user(self.leader).action_approve_minutes()
        text = self.pdf_text(
            "ctcl_quality.action_report_ctcl_management_review_minutes", review
        )
        audit = review.audit_ids
        for heading in (
            "BIÊN BẢN",
            "HỌP GIAO BAN CÓ LỒNG GHÉP NỘI DUNG XEM XÉT CỦA LÃNH ĐẠO",
            f"Số: {review.name}",
            # Every content of BM.CTCL.02 all the same.
            "Cuộc họp được khai mạc vào hồi",
            "Thành phần tham dự",
            "Chủ trì",
            "Thư ký cuộc họp",
            "Các báo cáo",
            "Phần thảo luận",
            "Tình trạng của các hành động từ các cuộc họp xem xét trước đó",
            "Sự đầy đủ của nguồn lực",
            "Hiệu lực của hành động giải quyết rủi ro, cơ hội",
            "Các cơ hội cải tiến",
            "Các nội dung khác",
            "Kết luận 6",
            "Biên bản này được đọc trước cuộc họp",
            "Cuộc họp kết thúc vào hồi",
            "THƯ KÝ",
            "CHỦ TRÌ",
            # The internal audit the review follows (topic 3).
            "Kết quả đánh giá nội bộ:",
            f"{audit.name} (ngày 10/12/2025; phạm vi: {audit.scope}; báo cáo số "
            f"{audit.report_reference}; 7",
            # The risk table update decided (5.8.1.2).
            "Số hóa sổ theo dõi hồ sơ TTHC (đơn vị đầu mối: Unit A; thời hạn hoàn "
            "thành: 31/03/2026; cập nhật bảng phân tích rủi ro của đơn vị)",
        ):
            self.assertIn(heading, text)
        self.assertNotIn("HỌP XEM XÉT CỦA LÃNH ĐẠO Cuộc họp", text)
        # The drawing order of the PDF splits the table cell; the HTML does not.
        self.assertIn(
            f"{audit.report_reference}; 7 phát hiện)",
            self.html_text(
                "ctcl_quality.action_report_ctcl_management_review_minutes", review
            ),
        )
        # The risk update is not said of the decisions that do not ask for it.
        self.assertEqual(text.count("cập nhật bảng phân tích rủi ro"), 1)

    def test_notice_prints_the_risk_update(self):
        review = self._approved_report_review()
        text = self.html_text(
            "ctcl_quality.action_report_ctcl_management_review_notice", review
        )
        # Under the resource decision (unit B), not the improvement (unit A).
        marker = "Cập nhật bảng phân tích rủi ro của đơn vị"
        self.assertEqual(text.count(marker), 1)
        self.assertLess(text.index("Unit A"), text.index("Bổ sung 01 máy scan"))
        self.assertLess(text.index("Bổ sung 01 máy scan"), text.index(marker))
        self.assertLess(text.index(marker), text.index("Unit B"))

    def _approved_report_review(self):
        review = self.new_review("report")
        review.with_user(self.secretary).action_compile_inputs()
        review.with_user(self.secretary).action_submit_report()
        review.with_user(self.iso_leader).action_approve_report()
        self.add_decisions(review)
        review.decision_ids[1].with_user(self.secretary).risk_update = True
        review.with_user(self.secretary).action_compile_notice()
        review.with_user(self.iso_leader).action_submit_notice()
        review.with_user(self.leader).action_approve_notice()
        return review

    def test_printouts_follow_the_form_of_the_review(self):
        Report = self.env["ir.actions.report"]
        minutes = self.env.ref(
            "ctcl_quality.action_report_ctcl_management_review_minutes"
        )
        operating = self.env.ref(
            "ctcl_quality.action_report_ctcl_management_review_operating"
        )
        notice = self.env.ref(
            "ctcl_quality.action_report_ctcl_management_review_notice"
        )
        printouts = minutes | operating | notice
        meeting = self.approved_meeting()
        report = self._approved_report_review()
        # The Print menu offers the printouts of the review's form only.
        toolbar = self.Review.with_user(self.secretary).get_views(
            [(False, "form")], {"toolbar": True}
        )["views"]["form"]["toolbar"]["print"]
        offered = {action["id"]: action for action in toolbar}
        self.assertLessEqual(set(printouts.ids), set(offered))
        self.assertTrue(all("domain" in offered[i] for i in printouts.ids))
        valid = Report.with_user(self.secretary).browse(printouts.ids)
        self.assertEqual(
            set(valid.get_valid_action_reports(self.Review._name, meeting.ids)),
            set(minutes.ids),
        )
        self.assertEqual(
            set(valid.get_valid_action_reports(self.Review._name, report.ids)),
            set((operating | notice).ids),
        )
        # Printing the other form's printout is refused on the server, over
        # RPC too: the notice of results is the report form's (5.8.2.2).
        Printer = Report.with_user(self.secretary)
        with self.assertRaises(UserError) as caught:
            Printer._render_qweb_pdf(notice.report_name, meeting.ids)
        self.assertIn(meeting.name, str(caught.exception))
        for printout, review in (
            (notice, meeting),
            (operating, meeting),
            (minutes, report),
            (notice, meeting | report),
        ):
            with self.assertRaises(UserError):
                Printer._render_qweb_html(printout.report_name, review.ids)
        # Each form prints its own.
        self.assertIn("THÔNG BÁO", self.html_text(notice.report_name, report))
        # A reader who may not see the review cannot print it either.
        with self.assertRaises(AccessError):
            Report.with_user(self.staff_a)._render_qweb_html(
                minutes.report_name, meeting.ids
            )

    def test_wrong_printout_shows_a_dialog_not_a_raw_page(self):
        """The web client prints through /report/download: a refused printout
        comes back as the JSON of a UserError, which the client shows in its
        error dialog (not an HTTP error page)."""
        meeting = self.approved_meeting()
        self.authenticate(self.secretary.login, self.secretary.login)
        url = (
            "/report/pdf/ctcl_quality.report_ctcl_management_review_notice/"
            f"{meeting.id}"
        )
        with mute_logger("odoo.addons.web.controllers.report"):
            response = self.url_open(
                "/report/download",
                data={
                    "data": json.dumps([url, "qweb-pdf"]),
                    "context": "{}",
                    "csrf_token": http.Request.csrf_token(self),
                },
            )
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
        error = json.loads(html.unescape(response.text))
        self.assertEqual(error["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn(meeting.name, error["data"]["message"])
        self.assertIn("cannot be printed", error["data"]["message"])

    def _operating_review_with_inputs(self):
        review = self.new_review("report")
        review.with_user(self.secretary).action_compile_inputs()
        Input = self.env["ctcl.management.review.input"]
        rows = [
            {
                "section": "previous",
                "label": "020/2026/PYC",
                "detail": "Số hóa",
                "unit": "Unit A",
                "date": date(2026, 11, 30),
            },
            {"section": "objective_scope", "label": "Toàn Sở", "count": 3, "total": 4},
            {
                "section": "risk_measures",
                "label": "UNITRISKROW",
                "total": 2,
                "count": 1,
                "detail": "1",
            },
            {
                "section": "risk_change",
                "label": "RISKCHANGEROW",
                "unit": "Unit A",
                "total": 12,
                "count": 6,
            },
        ]
        Input._ctcl_replace(review, rows)
        return review

    def test_operating_report_inputs_under_their_headings(self):
        """Each heading 1–6 of the operating report carries its own inputs:
        earlier actions under 1, performance under 3, risks under 5."""
        review = self._operating_review_with_inputs()
        text = self.html_text(
            "ctcl_quality.action_report_ctcl_management_review_operating", review
        )
        heads = [
            text.index(h)
            for h in (
                "1. Tình trạng",
                "2. Bối cảnh",
                "3. Kết quả",
                "4. Sự đầy đủ của nguồn lực",
                "5. Hiệu lực của hành động giải quyết rủi ro, cơ hội",
                "6. Các cơ hội cải tiến",
            )
        ]
        self.assertEqual(heads, sorted(heads))
        h1, h2, h3, h4, h5, h6 = heads

        def under(marker, start, end):
            at = text.index(marker)
            self.assertTrue(start < at < end, f"{marker} not in its section")
            self.assertEqual(text.count(marker), 1, marker)

        under("020/2026/PYC", h1, h2)
        under("Số liệu chính trong kỳ", h3, h4)
        under("MTCL theo phạm vi", h3, h4)
        under("UNITRISKROW", h5, h6)
        under("RISKCHANGEROW", h5, h6)
        # What the secretary reported on each topic is under its heading.
        for code, (start, end) in zip(
            "123456", zip(heads, [*heads[1:], len(text)], strict=True), strict=True
        ):
            under(f"Báo cáo, thảo luận nội dung {code}", start, end)
        # The approver's title prints whole, on two lines (UI: ISO board leader).
        self.assertIn("PHÊ DUYỆT", text)
        self.assertIn("LÃNH ĐẠO BAN ISO", text)
        self.assertNotIn("BAN CHỈ ĐẠO ISO PHÊ", text.upper())

    def test_printed_widths_keep_numbers_and_dates_whole(self):
        """The discussion table is headed “TT” as on BM.CTCL.02; request
        numbers and dates never wrap in the operating report."""
        meeting = self.approved_meeting()
        minutes = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "ctcl_quality.report_ctcl_management_review_minutes", meeting.ids
            )[0]
            .decode()
        )
        self.assertRegex(
            minutes, r'<th class="ctcl-nowrap">TT</th>\s*<th>Nội dung thảo luận'
        )
        self.assertNotIn(
            ">STT</th>\n                        <th>Nội dung thảo luận", minutes
        )
        review = self._operating_review_with_inputs()
        page = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "ctcl_quality.report_ctcl_management_review_operating", review.ids
            )[0]
            .decode()
        )
        self.assertRegex(page, r'<td class="ctcl-nowrap">020/2026/PYC</td>')
        self.assertRegex(page, r'class="text-center ctcl-nowrap"><span[^>]*>30/11/2026')
        self.assertIn(".ctcl-nowrap { white-space: nowrap; }", page)
        pdf = self.pdf_text(
            "ctcl_quality.action_report_ctcl_management_review_operating", review
        )
        self.assertIn("020/2026/PYC", pdf)
        self.assertIn("30/11/2026", pdf)
        self.assertIn("PHÊ DUYỆT", pdf)
        self.assertIn("LÃNH ĐẠO BAN ISO", pdf)

    def test_notice_prints_none_for_an_output_kind_without_decision(self):
        """As in the minutes, each kind of output prints “(không có)” when the
        review decided nothing of it."""
        review = self._approved_report_review()
        text = self.html_text(
            "ctcl_quality.action_report_ctcl_management_review_notice", review
        )
        change = text.index("Nhu cầu thay đổi HTQLCL:")
        resource = text.index("Nhu cầu về nguồn lực:")
        self.assertLess(text.index("Yêu cầu cải tiến cần thực hiện:"), change)
        self.assertEqual(text.count("(không có)"), 1)
        self.assertTrue(change < text.index("(không có)") < resource)
