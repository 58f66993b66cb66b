from datetime import datetime, time, timedelta

from freezegun import freeze_time

from .common import CtclCase
from .management_review_common import ManagementReviewCase
from .quality_objective_common import CtclQualityObjectiveCase


def _printed(case, report_xmlid, records, user):
    """The HTML of a printout made by ``user`` in their own language and zone,
    whitespace folded."""
    html, _kind = (
        case.env["ir.actions.report"]
        .with_user(user)
        .with_context(lang=user.lang, tz=user.tz)
        ._render_qweb_html(report_xmlid, records.ids)
    )
    return " ".join(html.decode().split())


def _english_in_brussels(users):
    # A database installed with --load-language=vi_VN has English inactive.
    users.env["res.lang"]._activate_lang("en_US")
    users.write({"lang": "en_US", "tz": "Europe/Brussels"})


class TestAgencyForms(ManagementReviewCase):
    """The printouts are Vietnamese, in the agency's time zone, for everybody."""

    def test_install_activates_vietnamese(self):
        self.assertTrue(self.env["res.lang"]._lang_get("vi_VN").active)
        overdue = self.env.ref("ctcl_quality.mail_act_ctcl_request_overdue")
        self.assertNotEqual(
            overdue.with_context(lang="vi_VN").name,
            overdue.with_context(lang="en_US").name,
        )

    def test_agency_time_zone_setting(self):
        company = self.env["res.company"].create({"name": "Sở mới"})
        self.assertEqual(company.ctcl_tz, "Asia/Ho_Chi_Minh")
        settings = self.env["res.config.settings"].create({"ctcl_tz": "Asia/Bangkok"})
        settings.execute()
        self.assertEqual(self.env.company.ctcl_tz, "Asia/Bangkok")

    def test_annual_reminder_in_the_secretary_language(self):
        self.Review.search([]).write({"active": False})
        self.secretary.lang = "vi_VN"
        self.env.company.ctcl_review_reminded_year = 0
        with freeze_time("2027-12-16"):
            self.env["ctcl.follow.up"]._cron_follow_up()
        message = self.env["mail.message"].search(
            [("partner_ids", "in", self.secretary.partner_id.ids)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(message.subject, "Đến hạn xem xét của lãnh đạo hằng năm")
        self.assertIn("15/12/2027", message.body)

    def test_bm_ctcl_01_is_vietnamese_for_an_english_user(self):
        _english_in_brussels(self.secretary)
        request = self.walk_to(self.new_request(), "implementation")
        html = _printed(
            self,
            "ctcl_quality.action_report_ctcl_action_request",
            request,
            self.secretary,
        )
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", html)
        self.assertIn("PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC/CẢI TIẾN", html)
        self.assertNotIn("SOCIALIST REPUBLIC", html)
        self.assertIn(request.date_deadline.strftime("%d/%m/%Y"), html)
        # The interface stays in the user's language.
        self.assertEqual(self.secretary.lang, "en_US")

    def test_minutes_print_the_agency_time_for_everybody(self):
        _english_in_brussels(self.secretary)
        self.env.company.ctcl_tz = "Asia/Ho_Chi_Minh"
        # 01:30 UTC: 08:30 in Hà Nội, 02:30 in Brussels.
        review = self.new_review(
            meeting_start=datetime(2025, 12, 10, 1, 30),
            meeting_end=datetime(2025, 12, 10, 4, 5),
        )
        html = _printed(
            self,
            "ctcl_quality.action_report_ctcl_management_review_minutes",
            review,
            self.secretary,
        )
        self.assertIn("BIÊN BẢN<br/>HỌP XEM XÉT CỦA LÃNH ĐẠO", html)
        self.assertIn("08 giờ 30", html)
        self.assertIn("11 giờ 05", html)
        self.assertNotIn("02 giờ 30", html)
        self.assertIn("ngày 10 tháng 12 năm 2025", html)

    def test_operating_report_numbers_are_vietnamese(self):
        _english_in_brussels(self.secretary)
        review = self.new_review("report")
        review.with_user(self.secretary).action_compile_inputs()
        html = _printed(
            self,
            "ctcl_quality.action_report_ctcl_management_review_operating",
            review,
            self.secretary,
        )
        self.assertIn("BÁO CÁO", html)
        # The on-time closure rate, with a decimal comma.
        self.assertRegex(html, r">\d+,\d%<")
        self.assertNotRegex(html, r">\d+\.\d%<")


class TestAgencyObjectiveForms(CtclQualityObjectiveCase):
    def test_plan_prints_vietnamese_numbers_and_dates(self):
        _english_in_brussels(self.head_a)
        plan = self.new_plan(
            department=self.dept_a, objectives=[self.objective_vals(target_value=91.5)]
        )
        objective = plan.objective_ids
        html = _printed(
            self, "ctcl_quality.action_report_ctcl_quality_plan", plan, self.head_a
        )
        self.assertIn("KẾ HOẠCH THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG NĂM", html)
        self.assertIn("91,5", html)
        self.assertIn(objective.date_end.strftime("%d/%m/%Y"), html)
        # The same value in the English interface.
        self.assertIn("91.5", objective.with_context(lang="en_US").target_display)


class TestAgencyFollowUp(CtclCase):
    """The daily follow-up: the agency's today, messages in the reader's language."""

    def _overdue_notes(self, request):
        overdue = self.env.ref("ctcl_quality.mail_act_ctcl_request_overdue")
        return request.activity_ids.filtered(
            lambda a: a.activity_type_id == overdue
        ).mapped("note")

    def _run_cron_on(self, day, hour=0):
        with freeze_time(datetime.combine(day, time(hour))):
            self.env["ctcl.follow.up"]._cron_follow_up()

    def test_overdue_note_in_vietnamese_for_a_vietnamese_user(self):
        self.staff_b.lang = "vi_VN"
        request = self.walk_to(self.new_request(), "implementation")
        self._run_cron_on(request.date_deadline + timedelta(days=1))
        [note] = self._overdue_notes(request)
        self.assertIn("Đã quá ngày hoàn thành", note)
        self.assertIn(request.date_deadline.strftime("%d/%m/%Y"), note)

    def test_overdue_note_in_english_for_an_english_user(self):
        _english_in_brussels(self.staff_b)
        request = self.walk_to(self.new_request(), "implementation")
        self._run_cron_on(request.date_deadline + timedelta(days=1))
        [note] = self._overdue_notes(request)
        self.assertIn("The completion date", note)
        self.assertIn(request.date_deadline.strftime("%m/%d/%Y"), note)

    def test_chatter_note_in_the_agency_language(self):
        self.env.company.partner_id.lang = "vi_VN"
        self.leader.lang = "en_US"
        request = self.walk_to(self.new_request(), "verification")
        self._run_cron_on(request.date_deadline)
        message = request.message_ids.filtered(
            lambda m: self.leader.partner_id in m.partner_ids
        )[:1]
        self.assertIn("Hạn kiểm tra xác nhận", message.body)
        self.assertIn(request.date_deadline.strftime("%d/%m/%Y"), message.body)

    def test_today_is_the_agency_today(self):
        self.env.company.ctcl_tz = "Asia/Ho_Chi_Minh"
        request = self.walk_to(self.new_request(), "implementation")
        deadline = request.date_deadline
        # 16:00 UTC on the deadline: 23:00 in Hà Nội, not late yet.
        self._run_cron_on(deadline, hour=16)
        self.assertFalse(self._overdue_notes(request))
        # 18:00 UTC: already the next day in Hà Nội, late there.
        self._run_cron_on(deadline, hour=18)
        self.assertEqual(len(self._overdue_notes(request)), 1)
        overdue = self.env.ref("ctcl_quality.mail_act_ctcl_request_overdue")
        self.assertEqual(
            request.activity_ids.filtered(
                lambda a: a.activity_type_id == overdue
            ).date_deadline,
            deadline + timedelta(days=1),
        )
