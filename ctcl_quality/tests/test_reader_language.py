from datetime import date

from freezegun import freeze_time

from .common import CtclCase


class TestReaderLanguage(CtclCase):
    """What QT.CTCL stores for a person to read is in that person's language."""

    def test_activity_summary_in_the_assignee_language(self):
        self.load_vietnamese()
        self.head_a.lang = "vi_VN"
        request = self.new_request()
        request.with_user(self.staff_a).action_submit()
        activity = request.activity_ids.filtered(lambda a: a.user_id == self.head_a)
        self.assertEqual(
            activity.summary,
            "Xác định sự cần thiết thực hiện hành động khắc phục/cải tiến "
            "(QT.CTCL 5.2.2).",
        )
        # An English reader gets it in English, whoever acts.
        self.head_a.lang = "en_US"
        self.staff_a.lang = "vi_VN"
        other = self.new_request()
        other.with_user(self.staff_a).action_submit()
        self.assertEqual(
            other.activity_ids.filtered(lambda a: a.user_id == self.head_a).summary,
            "Decide whether a corrective/improvement action is needed (QT.CTCL 5.2.2).",
        )

    def test_roles_and_terms_as_the_procedure_names_them(self):
        """QT.CTCL's own terms (its roles, section IV's definitions) in Vietnamese."""
        self.load_vietnamese()
        vi = self.env(context={"lang": "vi_VN"})
        self.assertEqual(
            [
                vi.ref(f"ctcl_quality.group_ctcl_{role}").name
                for role in ("leadership", "iso_leader", "staff")
            ],
            ["Lãnh đạo CQHCNN", "Lãnh đạo Ban ISO", "CBCCVCLĐ"],
        )
        self.assertIn(
            "cán bộ, công chức, viên chức, người lao động",
            vi.ref("ctcl_quality.group_ctcl_staff").comment,
        )
        definitions = {
            ("ctcl.nonconformity", "requirement"): "Sự không đáp ứng một yêu cầu",
            ("ctcl.nonconformity", "disposition"): (
                "Hành động nhằm loại bỏ một sự không phù hợp được tìm thấy"
            ),
            ("ctcl.action.request", "request_type"): (
                "loại bỏ nguyên nhân của sự không phù hợp nhằm ngăn ngừa việc tái diễn"
            ),
        }
        for (model, fname), text in definitions.items():
            with self.subTest(field=fname):
                help_text = vi[model]._fields[fname].get_description(vi)["help"]
                self.assertIn(text, help_text)


class TestAgencyDates(CtclCase):
    """The dates of the steps are the agency's, whatever the user's time zone."""

    def test_step_dates_in_the_agency_time_zone(self):
        self.company.ctcl_tz = "Asia/Ho_Chi_Minh"
        # 20:00 UTC on 5 January is 03:00 on 6 January in Hà Nội.
        with freeze_time("2026-01-05 20:00:00"):
            request = self.new_request()
            self.assertEqual(request.request_date, date(2026, 1, 6))
            request.with_user(self.staff_a).with_context(tz="UTC").action_submit()
        self.assertEqual(request.submitted_date, date(2026, 1, 6))
