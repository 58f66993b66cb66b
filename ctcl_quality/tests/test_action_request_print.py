import io
import shutil
import subprocess
import tempfile
from datetime import timedelta

from odoo.tools.pdf import PdfFileReader

from .common import CtclPdfCase

REPORT = "ctcl_quality.action_report_ctcl_action_request"


class TestActionRequestPrint(CtclPdfCase):
    """BM.CTCL.01 prints on one A4 page, as the paper form, in every state of
    a request filled as the agency fills it; its header never breaks a name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_vietnamese()
        cls.company.write(
            {
                "name": "Sở Tài nguyên và Môi trường",
                "ctcl_parent_agency": "Ủy ban nhân dân tỉnh Lâm Đồng",
                "ctcl_place": "Lâm Đồng",
            }
        )
        # Names as long as real ones.
        for user, name in (
            (cls.staff_a, "Tạ Quang Vinh"),
            (cls.staff_b, "Nguyễn Đức Thịnh"),
            (cls.head_b, "Hoàng Văn Thành"),
            (cls.iso_leader, "Lê Thị Thu Hà"),
            (cls.leader, "Trần Minh Quang"),
            (cls.secretary, "Phạm Ngọc Anh"),
        ):
            user.name = name
        cls.dept_b.name = "Văn phòng Sở"

    def pdf(self, records):
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, records.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def page_count(self, pdf):
        return len(PdfFileReader(io.BytesIO(pdf)).pages)

    def layout_text(self, pdf):
        """The text as laid out on the page (pdftotext -layout): one line of
        the PDF is one line of the text."""
        self.assertTrue(shutil.which("pdftotext"), "pdftotext is required")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            return subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout

    def full_request(self):
        """A request with every box written as long as the demo's."""
        return self.new_request(
            description=(
                "Trong quý có 12 hồ sơ thủ tục hành chính trả kết quả trễ hạn nhưng "
                "Sở không gửi phiếu xin lỗi và hẹn lại ngày trả kết quả cho người "
                "dân, tổ chức theo quy định của cơ chế một cửa, một cửa liên thông."
            ),
            related_documents=(
                "Báo cáo tình hình giải quyết TTHC quý; danh sách hồ sơ trễ hạn "
                "trích từ Hệ thống thông tin giải quyết TTHC"
            ),
        )

    def step(self, request):
        """The next step of the walk, with the full texts of the agency."""
        state = request.state
        rec = request.with_user(self.step_user(request))
        if state == "analysis":
            rec.write(
                {
                    "cause": (
                        "Hệ thống thông tin giải quyết TTHC không cảnh báo hồ sơ sắp "
                        "đến hạn cho đơn vị chuyên môn; đơn vị giải quyết không báo "
                        "Bộ phận Một cửa khi hồ sơ có khả năng trễ hạn; chưa phân "
                        "công người lập phiếu xin lỗi."
                    ),
                    "measures": (
                        "1. Cấu hình cảnh báo hồ sơ sắp đến hạn (trước 02 ngày) trên "
                        "Hệ thống.\n2. Quy định đơn vị giải quyết lập phiếu xin lỗi "
                        "và hẹn lại ngày trả kết quả chậm nhất 01 ngày trước hạn.\n"
                        "3. Văn phòng Sở theo dõi, tổng hợp hằng tuần và báo cáo tại "
                        "giao ban."
                    ),
                }
            )
            rec.action_propose()
        elif state == "approval":
            rec.write(
                {
                    "implementer_ids": [(6, 0, (self.staff_b | self.head_b).ids)],
                    "date_deadline": self.today + timedelta(days=60),
                }
            )
            rec.action_approve()
        elif state == "verification":
            rec.action_verify(
                "achieved",
                "Đã kiểm tra sổ theo dõi và phiếu xin lỗi của 02 tháng gần nhất.",
            )
        elif state == "to_close":
            rec.action_close(
                "Kiểm tra trên Hệ thống thông tin giải quyết TTHC: 05/05 hồ sơ trễ "
                "hạn trong 02 tháng gần nhất đều có phiếu xin lỗi và hẹn lại ngày trả "
                "kết quả gửi trước hạn."
            )
        else:
            self.do_step(request)

    def test_every_state_prints_on_one_page(self):
        request = self.full_request()
        rejected = self.walk_to(self.new_request(), "assessment")
        rejected.with_user(self.head_a).action_reject_need(
            "Đã xử lý tại chỗ, không có dấu hiệu lặp lại."
        )
        states = [rejected.state]
        pages = {"rejected": self.page_count(self.pdf(rejected))}
        while True:
            states.append(request.state)
            pages[request.state] = self.page_count(self.pdf(request))
            if request.state == "done":
                break
            self.step(request)
        self.assertEqual(
            states,
            [
                "rejected",
                "draft",
                "assessment",
                "iso_review",
                "board_review",
                "analysis",
                "approval",
                "implementation",
                "verification",
                "to_close",
                "done",
            ],
        )
        self.assertEqual(pages, dict.fromkeys(pages, 1))

    def test_closed_request_on_one_page_with_its_signatures(self):
        request = self.full_request()
        while request.state != "done":
            self.step(request)
        pdf = self.pdf(request)
        self.assertEqual(self.page_count(pdf), 1)
        text = " ".join(self.layout_text(pdf).split())
        # Box 2 and box 3 signed, each with its name and sign-off code.
        for role, name, meaning in (
            ("PHÊ DUYỆT", "Lê Thị Thu Hà", "approve_measures"),
            ("NGƯỜI KIỂM TRA", "Trần Minh Quang", "verify_result"),
        ):
            with self.subTest(role=role):
                after = text[text.index(role) :]
                self.assertIn(name, after)
                self.assertIn(request._ctcl_signoff_for(meaning).short_hash, after)
        self.assertIn("Bằng chứng kết quả thực hiện:", text)
        self.assertIn("Ban ISO đóng phiếu: Phạm Ngọc Anh", text)

    def test_agency_name_never_breaks(self):
        lines = [
            " ".join(line.split())
            for line in self.layout_text(self.pdf(self.full_request())).splitlines()
        ]
        self.assertTrue(
            any(line.startswith("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG") for line in lines),
            lines[:6],
        )
        # The parent agency breaks before its place, beside the national title.
        self.assertTrue(
            any(line.startswith("ỦY BAN NHÂN DÂN CỘNG HÒA") for line in lines),
            lines[:6],
        )
        self.assertTrue(any(line.startswith("TỈNH LÂM ĐỒNG") for line in lines))
        self.assertFalse([line for line in lines if line.endswith("VÀ MÔI")])

    def test_header_lines(self):
        lines = self.env["ir.actions.report"]._ctcl_header_lines
        for name, expected in (
            ("Sở Nông nghiệp và Môi trường", ["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"]),
            ("Ủy ban nhân dân tỉnh Lâm Đồng", ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"]),
            (
                "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng",
                ["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "TỈNH LÂM ĐỒNG"],
            ),
            (
                "Ủy ban nhân dân thành phố Hồ Chí Minh",
                ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"],
            ),
            (
                "Trung tâm Công nghệ thông tin và Truyền thông",
                ["TRUNG TÂM CÔNG NGHỆ", "THÔNG TIN VÀ TRUYỀN THÔNG"],
            ),
            ("  Ban   chỉ đạo ISO ", ["BAN CHỈ ĐẠO ISO"]),
            ("", []),
        ):
            with self.subTest(name=name):
                self.assertEqual(lines(name.upper(), 28), expected)
