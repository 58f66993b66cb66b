from .common import CtclCase


class CtclQualityObjectiveCase(CtclCase):
    """Factories for quality objectives plans (QT.CTCL 5.9)."""

    # The plans' year: any year will do, the company is the test's own.
    YEAR = 2025

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A commitment of the test agency's own quality policy (CSCL).
        cls.commitment = cls.env["ctcl.quality.commitment"].create(
            {
                "name": "Giải quyết TTHC đúng pháp luật và đúng hạn",
                "company_id": cls.company.id,
            }
        )

    def new_plan(self, user=None, department=None, year=None, objectives=None):
        """A draft plan: the agency's (no department) or a unit's."""
        user = user or (self.head_a if department else self.secretary)
        vals = {"year": year or self.YEAR}
        if department:
            vals["department_id"] = department.id
        plan = self.env["ctcl.quality.plan"].with_user(user).create(vals)
        for objective in (
            objectives if objectives is not None else [self.objective_vals()]
        ):
            self.env["ctcl.quality.objective"].with_user(user).create(
                dict(objective, plan_id=plan.id)
            )
        return plan.with_user(self.env.user)

    def objective_vals(self, **vals):
        values = {
            "name": "Giải quyết hồ sơ TTHC đúng hạn",
            "measurement_method": "Tỷ lệ hồ sơ đúng hạn trên tổng số hồ sơ",
            "target_type": "numeric",
            "direction": "at_least",
            "target_value": 98.0,
            "target_uom": "%",
            "measures": "Theo dõi thời hạn hằng tuần",
            "policy_commitment_id": self.commitment.id,
            "date_start": f"{self.YEAR}-01-01",
            "date_end": f"{self.YEAR}-12-31",
        }
        values.update(vals)
        return values

    def approve_plan(self, plan):
        drafter, approver = self.plan_people(plan)
        plan.with_user(drafter).action_submit()
        plan.with_user(approver).action_approve()
        return plan

    def plan_people(self, plan):
        if not plan.department_id:
            return self.secretary, self.leader
        head = (
            self.head_a
            if plan.department_id in (self.dept_a | self.dept_a1)
            else (self.head_b)
        )
        return head, head

    def measure(self, objective, value=None, value_bool=False, user=None, date=None):
        user = user or self.plan_people(objective.plan_id)[0]
        return (
            self.env["ctcl.quality.measurement"]
            .with_user(user)
            .create(
                {
                    "objective_id": objective.id,
                    "value": value or 0.0,
                    "value_bool": value_bool,
                    "date": date or f"{self.YEAR}-06-30",
                }
            )
        )
