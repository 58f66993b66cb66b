from odoo.tests import HttpCase

from .quality_objective_common import CtclQualityObjectiveCase


class TestToursQualityPlan(HttpCase, CtclQualityObjectiveCase):
    """A unit plan from New to approval, then a measurement from New."""

    def test_unit_plan_and_measurement_in_the_browser(self):
        self.start_tour(
            "/odoo/action-ctcl_quality.ctcl_quality_plan_action",
            "ctcl_quality_plan_new",
            login=self.head_a.login,
        )
        plan = self.env["ctcl.quality.plan"].search(
            [("create_uid", "=", self.head_a.id)]
        )
        self.assertRecordValues(
            plan,
            [{"state": "approved", "department_id": self.dept_a.id}],
        )
        objective = plan.objective_ids
        self.assertRecordValues(
            objective,
            [{"target_value": 98.0, "target_uom": "%", "direction": "at_least"}],
        )
        self.start_tour(
            "/odoo/action-ctcl_quality.ctcl_quality_measurement_action",
            "ctcl_quality_measurement_new",
            login=self.head_a.login,
        )
        self.assertRecordValues(
            objective.measurement_ids,
            [{"value": 99.0, "status": "on_target", "recorded_by_id": self.head_a.id}],
        )

    def test_year_end_report_and_next_plan_in_the_browser(self):
        plan = self.approve_plan(self.new_plan(department=self.dept_a))
        self.measure(plan.objective_ids, 99.0)
        self.start_tour(
            f"/odoo/action-ctcl_quality.ctcl_quality_plan_action/{plan.id}",
            "ctcl_quality_report_year_end",
            login=self.head_a.login,
        )
        report = plan.report_ids
        self.assertRecordValues(report, [{"state": "approved", "achieved_count": 1}])
        self.assertRecordValues(
            report.next_plan_id,
            [
                {
                    "state": "draft",
                    "year": self.YEAR + 1,
                    "department_id": self.dept_a.id,
                }
            ],
        )
        self.assertEqual(
            report.next_plan_id.objective_ids.name, plan.objective_ids.name
        )

    def test_revision_in_the_browser(self):
        plan = self.approve_plan(self.new_plan(department=self.dept_a))
        self.start_tour(
            f"/odoo/action-ctcl_quality.ctcl_quality_plan_action/{plan.id}",
            "ctcl_quality_plan_revise",
            login=self.head_a.login,
        )
        self.assertRecordValues(
            plan,
            [
                {
                    "state": "approved",
                    "revision": 1,
                    "revision_reason": "Nâng chỉ tiêu theo chỉ đạo của tỉnh",
                }
            ],
        )
        self.assertEqual(
            plan.revision_ids.sorted("revision").line_ids.mapped("target_value"),
            [98.0, 99.0],
        )


class TestToursQualityPlanPhone(HttpCase, CtclQualityObjectiveCase):
    """On a phone the objectives' records are cards."""

    browser_size = "390x844"
    touch_enabled = True

    def test_cards_on_a_phone(self):
        # This year's plan: the lists open on the current year.
        self.YEAR = self.today.year
        plan = self.approve_plan(self.new_plan(department=self.dept_a))
        self.measure(plan.objective_ids, 99.0, date=self.today)
        plan.with_user(self.head_a).action_create_report()
        for action in (
            "ctcl_quality_plan_action",
            "ctcl_quality_objective_action",
            "ctcl_quality_measurement_action",
            "ctcl_quality_report_action",
        ):
            with self.subTest(action=action):
                self.start_tour(
                    f"/odoo/action-ctcl_quality.{action}",
                    "ctcl_quality_phone_cards",
                    login=self.head_a.login,
                )
