from .quality_objective_common import CtclQualityObjectiveCase


class TestReaderNumbers(CtclQualityObjectiveCase):
    """Figures the module writes into text follow the number format of their
    reader's language: “82,9%” for a Vietnamese agency, “82.9%” in English."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_vietnamese()

    def _off_target_request(self):
        plan = self.approve_plan(
            self.new_plan(
                department=self.dept_a,
                objectives=[self.objective_vals(target_value=98.6)],
            )
        )
        objective = plan.objective_ids
        self.measure(objective, 82.9, user=self.staff_a, date=f"{self.YEAR}-03-01")
        self.assertEqual(objective.status, "off_target")
        # An English-speaking head opens it: box 1 is the agency's all the same.
        objective.with_user(self.head_a).action_create_improvement_request()
        return objective.request_ids

    def test_improvement_request_figures_in_the_agency_language(self):
        self.company.partner_id.lang = "vi_VN"
        description = self._off_target_request().description
        self.assertIn("Chỉ tiêu: Tối thiểu 98,6%", description)
        self.assertIn(f"ngày 01/03/{self.YEAR}: 82,9%", description)
        self.assertNotIn("82.9", description)

    def test_improvement_request_figures_for_an_english_agency(self):
        self.head_a.lang = "vi_VN"  # whoever opens it
        description = self._off_target_request().description
        self.assertIn("Target: At least 98.6%", description)
        self.assertIn(f"measured 82.9% on 03/01/{self.YEAR}", description)

    def test_shown_figures_follow_the_user_language(self):
        objective = self.new_plan(
            department=self.dept_a,
            objectives=[self.objective_vals(target_value=1250.5)],
        ).objective_ids
        objective.target_uom = "lượt"
        vi = objective.with_context(lang="vi_VN")
        en = objective.with_context(lang="en_US")
        self.assertEqual(vi.target_display, "Tối thiểu 1.250,5\N{NO-BREAK SPACE}lượt")
        self.assertEqual(en.target_display, "At least 1,250.5\N{NO-BREAK SPACE}lượt")

    def test_progress_report_in_the_agency_language(self):
        request = self.walk_to(self.new_request(), "implementation")
        for lang, text in (
            ("vi_VN", "Báo cáo tiến độ (40%): Đã lập sổ"),
            ("en_US", "Progress report (40%): Đã lập sổ"),
        ):
            with self.subTest(lang=lang):
                self.company.partner_id.lang = lang
                self.staff_b.lang = "en_US" if lang == "vi_VN" else "vi_VN"
                self.env["ctcl.action.progress"].with_user(self.staff_b).create(
                    {
                        "request_id": request.id,
                        "percent_done": 40,
                        "content": "Đã lập sổ",
                    }
                )
                self.assertIn(text, request.message_ids[0].body)
