from .quality_objective_common import CtclQualityObjectiveCase


class TestKpiObjectives(CtclQualityObjectiveCase):
    """Quality objectives on target / at risk / off target per unit and year."""

    def test_status_per_unit_from_the_latest_measurement(self):
        names = ["Đúng hạn", "Hài lòng", "Số hóa", "Đào tạo"]
        unit_plan = self.approve_plan(
            self.new_plan(
                department=self.dept_a,
                objectives=[self.objective_vals(name=name) for name in names],
            )
        )
        on, at_risk, off, _unmeasured = unit_plan.objective_ids.sorted("id")
        self.measure(on, 50.0, date=f"{self.YEAR}-03-31")
        self.measure(on, 99.0)  # the latest one counts
        self.measure(at_risk, 90.0)
        self.measure(off, 50.0)
        agency_plan = self.approve_plan(self.new_plan())
        self.measure(agency_plan.objective_ids, 98.5)
        # Not approved: not in force, not counted.
        self.new_plan(user=self.head_b, department=self.dept_b)
        Kpi = self.env["ctcl.kpi.objective"]
        self.assertEqual(
            Kpi._ctcl_kpi_status(self.company, self.YEAR),
            [
                (self.company.name, 1, 0, 0, 0),
                (self.dept_a.name, 1, 1, 1, 1),
            ],
        )
        self.assertEqual(Kpi._ctcl_kpi_status(self.company, self.YEAR + 1), [])
        rows = Kpi.search([("plan_id", "=", unit_plan.id)])
        self.assertEqual(
            sorted(rows.mapped("status")),
            ["at_risk", "none", "off_target", "on_target"],
        )
        self.assertEqual(rows.unit_id, self.dept_a)
        self.assertEqual(set(rows.mapped("date")), {rows[0].date})
        self.assertEqual(str(rows[0].date), f"{self.YEAR}-01-01")
