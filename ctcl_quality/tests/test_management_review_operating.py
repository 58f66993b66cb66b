from datetime import date

from .management_review_common import ManagementReviewCase

OPERATING = "ctcl_quality.action_report_ctcl_management_review_operating"


class TestManagementReviewOperatingReport(ManagementReviewCase):
    """The QMS operating report (QT.CTCL 5.8.2.1) prints each input of 5.8.1.1
    under its heading."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_vietnamese()

    def _printed(self, review):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            OPERATING, review.ids
        )
        return html.decode()

    def test_each_input_under_its_heading(self):
        earlier = self.new_review(
            "report", date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)
        )
        previous = self.new_request(description="Số hóa sổ theo dõi hồ sơ TTHC")
        previous.sudo().management_review_id = earlier
        # Topics 1-4 written, 5 and 6 not.
        review = self.new_review("report", discussed="1234")
        review.with_user(self.secretary).action_compile_inputs()
        text = self.html_text(OPERATING, review)
        headings = [
            text.index(heading)
            for heading in (
                "1. Tình trạng của các hành động từ các cuộc họp xem xét trước đó",
                "2. Bối cảnh hoạt động",
                "3. Kết quả thực hiện và hiệu lực của HTQLCL",
                "4. Sự đầy đủ của nguồn lực",
                "5. Hiệu lực của hành động giải quyết rủi ro, cơ hội",
                "6. Các cơ hội cải tiến",
            )
        ]
        self.assertEqual(headings, sorted(headings))
        one, two, three, four, five, six = headings
        # 1: what the secretary wrote, then the earlier reviews' actions.
        self.assertLess(one, text.index("Báo cáo, thảo luận nội dung 1"))
        self.assertLess(text.index(previous.name), two)
        self.assertLess(one, text.index(previous.name))
        self.assertEqual(text.count(previous.name), 1)
        # 3: the key figures of the period, and only there.
        for figure in ("Số liệu chính trong kỳ", "Tỷ lệ đóng phiếu đúng hạn"):
            with self.subTest(figure=figure):
                self.assertLess(three, text.index(figure))
                self.assertLess(text.index(figure), four)
        # 2 and 4 keep the secretary's text.
        self.assertLess(two, text.index("Báo cáo, thảo luận nội dung 2"))
        self.assertLess(text.index("Báo cáo, thảo luận nội dung 4"), five)
        # 5 and 6 have nothing written nor compiled: lines to fill in; the
        # optional 7 is left out.
        html = self._printed(review)
        self.assertEqual(html.count('class="ctcl-dots"'), 4)
        self.assertNotIn("7. Các nội dung khác", text)
        self.assertLess(six, len(text))

    def test_not_compiled_says_so_under_heading_3(self):
        review = self.new_review("report", discussed="")
        text = self.html_text(OPERATING, review)
        three = text.index("3. Kết quả thực hiện và hiệu lực của HTQLCL")
        notice = text.index("Chưa tổng hợp đầu vào.")
        self.assertLess(three, notice)
        self.assertLess(notice, text.index("4. Sự đầy đủ của nguồn lực"))
        self.assertEqual(text.count("Chưa tổng hợp đầu vào."), 1)
        # Nothing written nor compiled under 1, 2, 3, 4, 5, 6: lines to fill in.
        self.assertEqual(self._printed(review).count('class="ctcl-dots"'), 12)
