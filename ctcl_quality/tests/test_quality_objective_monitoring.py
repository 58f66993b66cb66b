from odoo.exceptions import AccessError, UserError

from .quality_objective_common import CtclQualityObjectiveCase


class TestQualityObjectiveMonitoring(CtclQualityObjectiveCase):
    def _objective(self, **vals):
        plan = self.approve_plan(
            self.new_plan(objectives=[self.objective_vals(**vals)])
        )
        return plan.objective_ids

    def _status_after(self, objective, value, day):
        self.measure(objective, value, date=f"{self.YEAR}-{day}")
        return objective.status

    def test_status_at_least(self):
        objective = self._objective(direction="at_least", target_value=90.0)
        self.assertEqual(objective.status, "none")
        # The margin is 10% of the target by default: 81..90 is at risk.
        self.assertEqual(self._status_after(objective, 90.0, "02-01"), "on_target")
        self.assertEqual(self._status_after(objective, 95.0, "03-01"), "on_target")
        self.assertEqual(self._status_after(objective, 85.0, "04-01"), "at_risk")
        self.assertEqual(self._status_after(objective, 81.0, "05-01"), "at_risk")
        self.assertEqual(self._status_after(objective, 80.0, "06-01"), "off_target")
        # An older measurement does not change the latest status.
        self.measure(objective, 99.0, date=f"{self.YEAR}-01-15")
        self.assertEqual(objective.status, "off_target")
        self.assertEqual(objective.last_measurement_id.value, 80.0)

    def test_status_at_most(self):
        objective = self._objective(
            direction="at_most", target_value=10.0, target_uom="ngày"
        )
        self.assertEqual(self._status_after(objective, 10.0, "02-01"), "on_target")
        self.assertEqual(self._status_after(objective, 7.0, "03-01"), "on_target")
        self.assertEqual(self._status_after(objective, 11.0, "04-01"), "at_risk")
        self.assertEqual(self._status_after(objective, 12.0, "05-01"), "off_target")
        # A no-break space: the figure and its unit never part on a printout.
        self.assertEqual(objective.target_display, "At most 10\N{NO-BREAK SPACE}ngày")

    def test_status_margin_setting_and_yes_no(self):
        self.env.company.ctcl_objective_risk_margin = 0.0
        objective = self._objective(direction="at_least", target_value=90.0)
        self.assertEqual(self._status_after(objective, 89.9, "02-01"), "off_target")
        yes_no = self._objective_yes_no()
        self.measure(yes_no, value_bool=True, date=f"{self.YEAR}-02-01")
        self.assertEqual(yes_no.status, "on_target")
        self.measure(yes_no, value_bool=False, date=f"{self.YEAR}-03-01")
        self.assertEqual(yes_no.status, "off_target")

    def _objective_yes_no(self):
        plan = self.approve_plan(
            self.new_plan(
                user=self.head_b,
                department=self.dept_b,
                objectives=[self.objective_vals(target_type="boolean", target_value=0)],
            )
        )
        return plan.objective_ids

    def test_measurements_only_on_approved_plans_by_their_people(self):
        plan = self.new_plan(department=self.dept_a)
        with self.assertRaises(UserError):
            self.measure(plan.objective_ids, 50.0, user=self.head_a)
        self.approve_plan(plan)
        with self.assertRaises(AccessError):
            self.measure(plan.objective_ids, 50.0, user=self.staff_b)
        with self.assertRaisesRegex(UserError, "must be a number"):
            self.env["ctcl.quality.measurement"].with_user(self.staff_a).create(
                {"objective_id": plan.objective_ids.id, "value": "abc"}
            )
        measurement = self.measure(plan.objective_ids, 99.0, user=self.staff_a)
        self.assertEqual(measurement.recorded_by_id, self.staff_a)
        self.assertEqual(plan.objective_ids.status, "on_target")

    def test_off_target_offers_improvement_request(self):
        objective = self._objective(direction="at_least", target_value=98.0)
        self.measure(objective, 70.0, date=f"{self.YEAR}-03-01")
        self.assertEqual(objective.status, "off_target")
        self.assertFalse(objective.request_ids)
        self.assertTrue(objective.with_user(self.secretary).can_request_improvement)
        with self.assertRaises(AccessError):
            objective.with_user(self.staff_b)._ctcl_create_improvement_request()
        objective.with_user(self.secretary).action_create_improvement_request()
        request = objective.request_ids
        self.assertRecordValues(
            request,
            [
                {
                    "state": "draft",
                    "request_type": "improvement",
                    "requester_id": self.secretary.id,
                    "source_id": self.env.ref(
                        "ctcl_quality.ctcl_source_process_performance"
                    ).id,
                    "requesting_department_id": self.dept_iso.id,
                }
            ],
        )
        self.assertFalse(objective.with_user(self.secretary).can_request_improvement)
        with self.assertRaises(UserError):
            objective.with_user(self.secretary).action_create_improvement_request()

    def test_off_target_creates_request_by_setting(self):
        self.env.company.ctcl_objective_auto_request = True
        plan = self.approve_plan(self.new_plan(department=self.dept_a))
        objective = plan.objective_ids
        self.measure(objective, 97.0, user=self.staff_a, date=f"{self.YEAR}-02-01")
        self.assertFalse(objective.request_ids)
        self.measure(objective, 60.0, user=self.staff_a, date=f"{self.YEAR}-03-01")
        self.assertEqual(len(objective.request_ids), 1)
        self.assertRecordValues(
            objective.request_ids,
            [
                {
                    "requester_id": self.staff_a.id,
                    "requesting_department_id": self.dept_a.id,
                    "request_type": "improvement",
                }
            ],
        )
        # Still off target: no second request while the first is open.
        self.measure(objective, 50.0, user=self.staff_a, date=f"{self.YEAR}-04-01")
        self.assertEqual(len(objective.request_ids), 1)
