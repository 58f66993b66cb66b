from odoo.exceptions import AccessError

from .quality_objective_common import CtclQualityObjectiveCase


class TestRecordsPlanScope(CtclQualityObjectiveCase):
    """Issue 8, hole 9: the drafter writes the plan, the head sets its scope."""

    def _unit_plan_drafted_by_staff(self):
        plan = self.new_plan(department=self.dept_a)
        plan.with_user(self.head_a).drafter_id = self.staff_a
        return plan

    def test_drafter_cannot_move_the_plan(self):
        plan = self._unit_plan_drafted_by_staff()
        with self.assertRaises(AccessError):
            plan.with_user(self.staff_a).write({"department_id": self.dept_b.id})
        with self.assertRaises(AccessError):
            plan.with_user(self.staff_a).write({"department_id": False})
        other = self.env["res.company"].create({"name": "Other agency"})
        with self.assertRaises(AccessError):
            plan.with_user(self.staff_a).write({"company_id": other.id})
        self.assertRecordValues(
            plan, [{"department_id": self.dept_a.id, "company_id": self.company.id}]
        )
        # The drafter still writes the plan itself.
        plan.with_user(self.staff_a).note = "Dự thảo lần 2"

    def test_head_moves_plan_only_within_own_units(self):
        plan = self._unit_plan_drafted_by_staff()
        with self.assertRaises(AccessError):
            plan.with_user(self.head_a).write({"department_id": self.dept_b.id})
        self.assertEqual(plan.department_id, self.dept_a)
        plan.with_user(self.head_a).write({"department_id": self.dept_a1.id})
        self.assertEqual(plan.department_id, self.dept_a1)

    def test_agency_plan_scope_set_by_iso_board(self):
        plan = self.new_plan()
        plan.with_user(self.secretary).drafter_id = self.staff_b
        with self.assertRaises(AccessError):
            plan.with_user(self.staff_b).write({"department_id": self.dept_b.id})
        self.assertFalse(plan.department_id)
        plan.with_user(self.staff_b).note = "Dự thảo"
