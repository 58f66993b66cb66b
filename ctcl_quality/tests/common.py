import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from datetime import timedelta

from lxml import html

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

ROLE_GROUPS = {
    "staff": "ctcl_quality.group_ctcl_staff",
    "unit_head": "ctcl_quality.group_ctcl_unit_head",
    "auditor": "ctcl_quality.group_ctcl_auditor",
    "secretary": "ctcl_quality.group_ctcl_iso_secretary",
    "iso_member": "ctcl_quality.group_ctcl_iso_member",
    "iso_leader": "ctcl_quality.group_ctcl_iso_leader",
    "leadership": "ctcl_quality.group_ctcl_leadership",
    "manager": "ctcl_quality.group_ctcl_manager",
}


@tagged("post_install", "-at_install")
class CtclCase(TransactionCase):
    """A company of its own, two units (A with a sub-unit A1, and B) and one
    user per role.

    Every figure and search of the tests sees their own records only, whether
    the database holds demo data or not. Subclasses inherit the tags.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A database installed in Vietnamese only (--load-language=vi_VN) has
        # English inactive, and so no English number format.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.company = cls.env["res.company"].create({"name": "Test agency"})
        # English unless a test says otherwise, whatever the database's
        # default language (a database installed in Vietnamese gives new
        # partners vi_VN): messages are written in their reader's language.
        cls.company.partner_id.lang = "en_US"
        # One time zone for the test and every user it acts as: "today" is the
        # same date for all of them at any hour (the demo users are in UTC+7).
        cls.env = cls.env(
            context=dict(cls.env.context, tz="UTC", allowed_company_ids=cls.company.ids)
        )
        # The agency's time zone too: the server dates the steps in it.
        cls.company.ctcl_tz = "UTC"
        cls.today = cls.company._ctcl_today()
        Department = cls.env["hr.department"]
        cls.dept_a = Department.create({"name": "Unit A"})
        cls.dept_a1 = Department.create({"name": "Unit A1", "parent_id": cls.dept_a.id})
        cls.dept_b = Department.create({"name": "Unit B"})
        cls.dept_iso = Department.create({"name": "ISO office"})

        def user(login, role, department):
            new = new_test_user(
                cls.env,
                login=login,
                groups=ROLE_GROUPS[role],
                name=login,
                company_id=cls.company.id,
                lang="en_US",
            )
            cls.env["hr.employee"].create(
                {"name": login, "user_id": new.id, "department_id": department.id}
            )
            return new

        cls.staff_a = user("staff_a", "staff", cls.dept_a)
        cls.staff_a1 = user("staff_a1", "staff", cls.dept_a1)
        cls.staff_b = user("staff_b", "staff", cls.dept_b)
        cls.head_a = user("head_a", "unit_head", cls.dept_a)
        cls.head_b = user("head_b", "unit_head", cls.dept_b)
        cls.auditor = user("auditor", "auditor", cls.dept_iso)
        cls.secretary = user("secretary", "secretary", cls.dept_iso)
        cls.iso_member = user("iso_member", "iso_member", cls.dept_iso)
        cls.iso_leader = user("iso_leader", "iso_leader", cls.dept_iso)
        cls.leader = user("leader", "leadership", cls.dept_iso)
        cls.admin_q = user("admin_q", "manager", cls.dept_iso)
        cls.dept_a.manager_id = cls.head_a.employee_ids
        cls.dept_b.manager_id = cls.head_b.employee_ids
        cls.env.company.write(
            {
                "ctcl_iso_secretary_id": cls.secretary.id,
                "ctcl_iso_leader_id": cls.iso_leader.id,
                "ctcl_top_leader_id": cls.leader.id,
                "ctcl_retention_years": 3,
                "ctcl_progress_interval_days": 30,
            }
        )
        cls.all_users = (
            cls.staff_a
            | cls.staff_a1
            | cls.staff_b
            | cls.head_a
            | cls.head_b
            | cls.auditor
            | cls.secretary
            | cls.iso_member
            | cls.iso_leader
            | cls.leader
            | cls.admin_q
        )
        cls.source = cls.env.ref("ctcl_quality.ctcl_source_internal_audit")
        cls.criterion = cls.env.ref("ctcl_quality.ctcl_need_criterion_repetitive")

    @contextmanager
    def _assertRaises(self, exception, *, msg=None):
        """assertRaises of the exact class: AccessError and ValidationError are
        UserErrors too, so a plain assertRaises(UserError) would pass on them."""
        with super()._assertRaises(exception, msg=msg) as cm:
            yield cm
        self.assertIs(type(cm.exception), exception, msg)

    @classmethod
    def load_vietnamese(cls):
        """Activate vi_VN with the module's translations, as the printouts
        need, whether or not the database was installed with it."""
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"]._load_module_terms(["ctcl_quality"], ["vi_VN"])

    # ------------------------------------------------------------------
    def new_request(self, user=None, **vals):
        user = user or self.staff_a
        values = {
            "requesting_department_id": user.employee_ids.department_id.id,
            "description": "Hồ sơ TTHC trả kết quả trễ hạn",
            "source_id": self.source.id,
        }
        values.update(vals)
        return self.env["ctcl.action.request"].with_user(user).create(values)

    def step_user(self, request):
        """Who performs the next step of ``request`` in the standard walk."""
        return {
            "draft": request.requester_id,
            "assessment": self.head_a
            if request.requesting_department_id in (self.dept_a | self.dept_a1)
            else self.head_b,
            "iso_review": self.secretary,
            "board_review": self.iso_leader,
            "analysis": self.staff_b,
            "approval": self.iso_leader,
            "implementation": self.staff_b,
            "verification": self.leader,
            "to_close": self.secretary,
        }[request.state]

    def do_step(self, request, result="achieved"):
        """Perform the next step of the standard walk as its real owner."""
        rec = request.with_user(self.step_user(request))
        state = rec.state
        if state == "draft" and not rec._ctcl_passes("_check_can_assess_draft"):
            rec.action_submit()
        elif state in ("draft", "assessment"):
            # A head who opens a request for his unit assesses it at once.
            rec.need_criterion_ids = self.criterion
            rec.action_forward()
        elif state == "iso_review":
            rec.action_submit_to_board()
        elif state == "board_review":
            rec.write(
                {
                    "implementing_department_id": self.dept_b.id,
                    "assignee_id": self.staff_b.id,
                }
            )
            rec.action_assign()
        elif state == "analysis":
            rec.write(
                {"cause": "Thiếu kiểm soát thời hạn", "measures": "Lập sổ theo dõi"}
            )
            rec.action_propose()
        elif state == "approval":
            rec.write(
                {
                    "implementer_ids": [(6, 0, self.staff_b.ids)],
                    "date_deadline": self.today + timedelta(days=60),
                }
            )
            rec.action_approve()
        elif state == "implementation":
            rec.result_summary = "Đã lập sổ theo dõi, không còn hồ sơ trễ hạn"
            rec.action_report_done()
        elif state == "verification":
            rec.action_verify(result, "Sổ theo dõi tháng 10 và 11")
        elif state == "to_close":
            rec.action_close("Biên bản kiểm tra hồ sơ tháng 12: không còn trễ hạn")
        return request

    def walk_to(self, request, state):
        for _i in range(12):
            if request.state == state:
                return request
            self.do_step(request)
        raise AssertionError(f"{request.name} never reached {state}")

    def activity_owners(self, request):
        return {
            (
                a.activity_type_id.get_external_id()[a.activity_type_id.id]
                .split(".mail_act_ctcl_")[1]
                .removeprefix("request_"),
                a.user_id,
            )
            for a in request.activity_ids
        }

    def html_text(self, report_xmlid, records):
        """The text of a QWeb report rendered as HTML, spaces folded: what the
        printout says, without its paper layout."""
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            report_xmlid, records.ids
        )
        root = html.fromstring(content)
        for node in root.xpath("//head | //script | //style"):
            node.drop_tree()
        return " ".join(root.text_content().split())


class CtclPdfCase(HttpCase, CtclCase):
    """CtclCase that prints real PDFs.

    wkhtmltopdf fetches the report's CSS from the Odoo HTTP server, and waits
    for it without a time limit. odoo-bin holds the registry lock while it
    installs and runs the tests, so from a TransactionCase that request waits
    for ever. An HttpCase puts the registry in test mode: no lock, and the
    request shares the test's transaction.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # HttpCase points web.base.url at the test server; report.url wins.
        cls.env["ir.config_parameter"].set_param("report.url", cls.base_url())

    def pdf_text(self, report_xmlid, records):
        """Render a QWeb PDF for real and return its text layer, spaces folded.

        pdftotext -raw keeps the order the text was drawn in, so the words of
        a table cell stay together even when the cell wraps.
        """
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report_xmlid, records.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertTrue(
            shutil.which("pdftotext"), "pdftotext (poppler-utils) is required"
        )
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-raw", handle.name, "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        return " ".join(text.split())
