from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError

from .management_review_common import ManagementReviewCase
from .nonconformity_common import CtclNonconformityCase
from .quality_objective_common import CtclQualityObjectiveCase


class TestManagementReviewInputs(ManagementReviewCase):
    # The figures are the company's: CtclCase gives the test a company of its
    # own, so they count the test's records only.
    def _request(self, user, state, request_date, deadline=None, close=None, **vals):
        request = self.new_request(user, **vals)
        self.walk_to(request, state)
        values = {"request_date": request_date}
        if deadline:
            values["date_deadline"] = deadline
        if close:
            # Back-dated history: approved before it was verified and closed.
            values.update(
                approved_date=request_date,
                done_reported_date=close,
                close_date=close,
                verification_date=close,
            )
        request.sudo().write(values)
        return request

    def _rows(self, review, section):
        return {
            (line.display_label, line.count)
            for line in review.input_ids
            if line.section == section
        }

    def test_compiled_figures(self):
        feedback = self.env.ref("ctcl_quality.ctcl_source_feedback")
        # Unit A: closed on time, closed late, overdue; unit B: draft, feedback.
        on_time = self._request(
            self.staff_a, "done", date(2019, 2, 1), date(2019, 6, 30), date(2019, 6, 1)
        )
        late = self._request(
            self.staff_a, "done", date(2019, 3, 1), date(2019, 5, 31), date(2019, 7, 15)
        )
        overdue = self._request(
            self.staff_a1, "implementation", date(2019, 4, 1), date(2019, 9, 30)
        )
        self._request(self.staff_b, "draft", date(2019, 5, 1))
        self._request(
            self.staff_b, "assessment", date(2019, 6, 1), source_id=feedback.id
        )
        # Outside the period: not counted.
        self._request(self.staff_b, "draft", date(2018, 12, 31))
        review = self.new_review(date_from=date(2019, 1, 1), date_to=date(2019, 12, 31))
        with freeze_time("2020-01-10"):
            review.with_user(self.secretary).action_compile_inputs()
        fig = review.input_figures
        self.assertEqual(fig["request_count"], 5)
        self.assertEqual(fig["closed_count"], 2)
        self.assertEqual(fig["on_time_count"], 1)
        self.assertEqual(fig["on_time_rate"], 50.0)
        self.assertEqual(fig["overdue_count"], 1)
        self.assertEqual(fig["feedback_request_count"], 1)
        self.assertEqual(
            self._rows(review, "request_unit"),
            {("Unit A", 2), ("Unit A1", 1), ("Unit B", 2)},
        )
        states = dict(
            self.env["ctcl.action.request"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        self.assertEqual(
            self._rows(review, "request_state"),
            {
                (states["done"], 2),
                (states["implementation"], 1),
                (states["draft"], 1),
                (states["assessment"], 1),
            },
        )
        overdue_rows = review.input_ids.filtered(lambda line: line.section == "overdue")
        self.assertEqual(overdue_rows.request_id, overdue)
        self.assertEqual(
            overdue_rows.count, (date(2019, 12, 31) - date(2019, 9, 30)).days
        )
        verified = review.input_ids.filtered(
            lambda line: line.section == "verification"
        )
        self.assertEqual(sum(verified.mapped("count")), 2)
        self.assertEqual(verified.verification_result, "achieved")
        # Closed requests are counted; only overdue ones are listed.
        self.assertNotIn(on_time.name, review.inputs_html)
        self.assertNotIn(late.name, review.inputs_html)
        self.assertIn(overdue.name, review.inputs_html)

    def test_recompile_replaces_rows(self):
        review = self.new_review(date_from=date(2019, 1, 1), date_to=date(2019, 12, 31))
        review.with_user(self.secretary).action_compile_inputs()
        self.assertEqual(review.input_figures["request_count"], 0)
        self._request(self.staff_a, "draft", date(2019, 5, 1))
        review.with_user(self.secretary).action_compile_inputs()
        self.assertEqual(review.input_figures["request_count"], 1)
        self.assertEqual(self._rows(review, "request_unit"), {("Unit A", 1)})


class TestManagementReviewNonconformityInputs(
    ManagementReviewCase, CtclNonconformityCase
):
    def test_nonconformity_rows_in_inputs(self):
        self.new_nc(date=date(2019, 1, 5))
        self.new_nc(date=date(2019, 1, 6), category_id=self.cat_guidance.id)
        self.new_nc(user=self.staff_b, date=date(2019, 2, 1))
        self.new_nc(user=self.staff_b, date=date(2018, 12, 31))  # outside
        review = self.new_review(date_from=date(2019, 1, 1), date_to=date(2019, 12, 31))
        review.with_user(self.secretary).action_compile_inputs()
        self.assertEqual(review.input_figures["nc_count"], 3)

        def rows(section):
            return {
                (line.label, line.count)
                for line in review.input_ids
                if line.section == section
            }

        self.assertEqual(rows("nc_unit"), {("Unit A", 2), ("Unit B", 1)})
        self.assertEqual(
            rows("nc_category"), {(self.cat_late.name, 2), (self.cat_guidance.name, 1)}
        )
        self.assertEqual(sum(count for _label, count in rows("nc_state")), 3)
        self.assertIn(self.cat_guidance.name, review.inputs_html)

    def test_a_recurring_run_counts_once_as_on_the_dashboard(self):
        records = [
            self.new_nc(date=date(2019, 3, day), category_id=self.cat_late.id)
            for day in range(1, 6)
        ]
        self.assertEqual([r.is_recurring for r in records], [False] * 3 + [True] * 2)
        review = self.new_review(date_from=date(2019, 1, 1), date_to=date(2019, 12, 31))
        review.with_user(self.secretary).action_compile_inputs()
        kpi = self.env["ctcl.kpi.recurrence"]._ctcl_kpi_runs(
            self.company, date(2019, 1, 1), date(2019, 12, 31)
        )
        self.assertEqual((review.input_figures["nc_recurring"], kpi), (1, 1))


class TestManagementReviewObjectiveInputs(
    ManagementReviewCase, CtclQualityObjectiveCase
):
    """5.8.1.1 degree of meeting the MTCL: from the approved year-end report, or
    from the measurements of the period while that report is not approved."""

    def _unit_plan(self, department, head, values):
        objectives = [self.objective_vals(name=f"Mục tiêu {v}") for v in values]
        plan = self.approve_plan(self.new_plan(head, department, objectives=objectives))
        for objective, value in zip(plan.objective_ids, values, strict=True):
            if value is not None:
                self.measure(objective, value, user=head, date=f"{self.YEAR}-10-31")
        return plan

    def _compile(self):
        review = self.new_review()
        for user in (self.staff_a, self.head_a, self.leader):
            with self.assertRaises(AccessError):
                review.with_user(user).action_compile_inputs()
        review.with_user(self.secretary).action_compile_inputs()
        rows = review.input_ids.filtered(lambda r: r.section == "objective_scope")
        return review, rows

    def test_measurements_of_the_year_before_the_report(self):
        # Unit A: one objective on target, one off target, one not measured.
        self._unit_plan(self.dept_a, self.head_a, [99.0, 90.0, None])
        review, rows = self._compile()
        fig = review.input_figures
        self.assertEqual((fig["objective_achieved"], fig["objective_count"]), (1, 3))
        self.assertEqual(fig["objective_source"], "measurements")
        self.assertRecordValues(
            rows,
            [
                {
                    "label": "Unit A",
                    "count": 1,
                    "total": 3,
                    "objective_source": "measurements",
                    "date": date(self.YEAR, 10, 31),
                }
            ],
        )
        # The inputs say where the figures come from, in the reader's language.
        html = review.with_user(self.secretary).inputs_html
        self.assertIn("the year-end report is not approved yet", html)
        self.assertIn("Measurements of the year (report not approved yet)", html)

    def test_approved_report_wins_and_sources_are_told_apart(self):
        plan_b = self._unit_plan(self.dept_b, self.head_b, [99.0])
        plan_b.with_user(self.head_b).action_create_report()
        plan_b.report_ids.with_user(self.head_b).action_submit()
        plan_b.report_ids.with_user(self.head_b).action_approve()
        self._unit_plan(self.dept_a, self.head_a, [90.0])
        review, rows = self._compile()
        fig = review.input_figures
        self.assertEqual(fig["objective_source"], "mixed")
        self.assertEqual((fig["objective_achieved"], fig["objective_count"]), (1, 2))
        self.assertEqual(
            {(r.label, r.count, r.total, r.objective_source) for r in rows},
            {("Unit B", 1, 1, "report"), ("Unit A", 0, 1, "measurements")},
        )
        self.assertIn(
            "from the approved year-end reports and, for the plans whose report",
            review.with_user(self.secretary).inputs_html,
        )
