from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user

from .management_review_common import ManagementReviewCase
from .quality_objective_common import CtclQualityObjectiveCase

NOT_FINITE = [float("nan"), float("inf"), float("-inf"), 1e400]


class TestRecordsInput(CtclQualityObjectiveCase, ManagementReviewCase):
    """Issue 8, hole 7: bad input gets a clear error and nothing is saved."""

    def assertNothingSaved(self, model, before):
        self.assertEqual(
            self.env[model].with_context(active_test=False).search_count([]), before
        )

    def count(self, model):
        return self.env[model].with_context(active_test=False).search_count([])

    # ------------------------------------------------------------------
    # Floats: targets, measurements, actuals
    # ------------------------------------------------------------------
    def test_objective_target_not_finite(self):
        plan = self.new_plan(department=self.dept_a, objectives=[])
        Objective = self.env["ctcl.quality.objective"].with_user(self.head_a)
        before = self.count("ctcl.quality.objective")
        for value in NOT_FINITE:
            with self.subTest(value=value), self.assertRaises(ValidationError):
                Objective.create(
                    self.objective_vals(plan_id=plan.id, target_value=value)
                )
        self.assertNothingSaved("ctcl.quality.objective", before)
        objective = Objective.create(self.objective_vals(plan_id=plan.id))
        for value in NOT_FINITE:
            with self.subTest(value=value), self.assertRaises(ValidationError):
                objective.write({"target_value": value})
        self.assertEqual(objective.target_value, 98.0)

    def test_measurement_not_finite(self):
        plan = self.approve_plan(self.new_plan(department=self.dept_a))
        before = self.count("ctcl.quality.measurement")
        for value in NOT_FINITE:
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.measure(plan.objective_ids, value, user=self.head_a)
        self.assertNothingSaved("ctcl.quality.measurement", before)

    def test_report_actual_not_finite(self):
        plan = self.approve_plan(self.new_plan(department=self.dept_a))
        plan.with_user(self.head_a).action_create_report()
        line = plan.report_ids.line_ids
        actual = line.actual_value
        for value in NOT_FINITE:
            with self.subTest(value=value), self.assertRaises(ValidationError):
                line.with_user(self.head_a).write({"actual_value": value})
        self.assertEqual(line.actual_value, actual)

    # ------------------------------------------------------------------
    # Dates
    # ------------------------------------------------------------------
    def test_unparsable_and_year_one_dates(self):
        before = self.count("ctcl.action.request")
        for value in ["31/12/2025", "2025-02-30", "yesterday", "0001-01-01", 20250101]:
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.new_request(self.staff_a, request_date=value)
        self.assertNothingSaved("ctcl.action.request", before)
        before = self.count("ctcl.nonconformity")
        with self.assertRaises(ValidationError):
            self.env["ctcl.nonconformity"].with_user(self.staff_a).create(
                {"description": "Hồ sơ trễ hạn", "date": "0001-01-01"}
            )
        self.assertNothingSaved("ctcl.nonconformity", before)

    def test_verification_dated_before_request(self):
        request = self.new_request(request_date=self.today - timedelta(days=10))
        self.walk_to(request, "verification")
        with self.assertRaises(ValidationError):
            request.with_user(self.leader).action_verify(
                "achieved", "Sổ theo dõi", self.today - timedelta(days=11)
            )
        self.assertEqual(request.state, "verification")
        self.assertFalse(request.verification_date)

    # ------------------------------------------------------------------
    # People and companies
    # ------------------------------------------------------------------
    def test_portal_user_as_implementer(self):
        portal = new_test_user(
            self.env, login="portal_x", groups="base.group_portal", name="Portal X"
        )
        request = self.walk_to(self.new_request(), "approval")
        with self.assertRaises(ValidationError):
            request.with_user(self.iso_leader).write(
                {"implementer_ids": [(6, 0, portal.ids)]}
            )
        self.assertFalse(request.implementer_ids)
        request = self.walk_to(self.new_request(), "board_review")
        with self.assertRaises(ValidationError):
            request.with_user(self.iso_leader).write({"assignee_id": portal.id})
        self.assertFalse(request.assignee_id)

    def test_decision_in_another_company_unit(self):
        other = self.env["res.company"].create({"name": "Other agency"})
        foreign = self.env["hr.department"].create(
            {"name": "Other unit", "company_id": other.id}
        )
        review = self.new_review()
        decision = {
            "kind": "improvement",
            "description": "Số hóa sổ theo dõi",
            "department_id": foreign.id,
            "date_deadline": self.today,
        }
        with self.assertRaises(UserError):
            review.with_user(self.secretary).write({"decision_ids": [(0, 0, decision)]})
        self.assertFalse(review.decision_ids)

    # ------------------------------------------------------------------
    # Sizes and types
    # ------------------------------------------------------------------
    def test_huge_names_of_settings(self):
        for model in (
            "ctcl.nonconformity.category",
            "ctcl.source",
            "ctcl.need.criterion",
        ):
            before = self.count(model)
            with self.subTest(model=model), self.assertRaises(ValidationError):
                self.env[model].with_user(self.admin_q).create({"name": "x" * 100000})
            self.assertNothingSaved(model, before)

    def test_wrong_types_and_huge_numbers(self):
        before = self.count("ctcl.action.request")
        for vals in (
            {"source_id": "internal audit"},
            {"source_id": 10**12},
            {"source_id": -3},
            {"requesting_department_id": [self.dept_a.id]},
            {"request_type": "whatever"},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.new_request(self.staff_a, **vals)
        self.assertNothingSaved("ctcl.action.request", before)
        plan = self.new_plan(department=self.dept_a)
        for vals in ({"year": 10**12}, {"year": "2026"}, {"year": 2026.5}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                plan.with_user(self.head_a).write(vals)
        category = self.env["ctcl.nonconformity.category"].create({"name": "Test"})
        with self.assertRaises(ValidationError):
            category.write({"color": 2**40})

    def test_texts_are_texts(self):
        # Odoo would store the text of a dict or a list ("{'a': 1}").
        before = self.count("ctcl.action.request")
        for value in ({"a": 1}, [1, 2], 12):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.new_request(self.staff_a, description=value)
        self.assertNothingSaved("ctcl.action.request", before)
        request = self.new_request(self.staff_a)
        with self.assertRaises(ValidationError):
            request.with_user(self.staff_a).write({"description": [1, 2]})
        self.assertIsInstance(request.description, str)

    def test_records_named_by_ids_only(self):
        # RPC browses the client's ids before calling the method: True or a
        # text would fail in SQL, with a traceback.
        Request = self.env["ctcl.action.request"].with_user(self.staff_a)
        for ids in ([True], ["abc"], [2**40], [1.5]):
            with self.subTest(ids=ids), self.assertRaises(UserError):
                Request.browse(ids)
        nc = self.env["ctcl.nonconformity"].with_user(self.staff_a)
        with self.assertRaises(UserError):
            nc.browse([True]).action_create_request()
        self.assertEqual(Request.browse([]), Request)
        self.assertEqual(Request.browse(False), Request)

    def test_good_input_still_accepted(self):
        request = self.new_request(
            request_date=str(self.today), source_id=self.source.id
        )
        self.assertEqual(request.request_date, self.today)
        plan = self.new_plan(department=self.dept_a)
        plan.with_user(self.head_a).write({"year": 2026.0})
        self.assertEqual(plan.year, 2026)
