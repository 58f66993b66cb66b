import datetime

from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .quality_objective_common import CtclQualityObjectiveCase


class TestQualityObjectiveWorkflow(CtclQualityObjectiveCase):
    def test_new_plan_defaults(self):
        # A head opens his unit's plan; the ISO board the agency's. Until the
        # plans of the year are due (29/01) a new plan is this year's.
        Plan = self.env["ctcl.quality.plan"]
        self.assertEqual(Plan.with_user(self.head_a).new({}).department_id, self.dept_a)
        self.assertFalse(Plan.with_user(self.secretary).new({}).department_id)
        for today, year in (("2025-01-29", 2025), ("2025-01-30", 2026)):
            with self.subTest(today=today), freeze_time(today):
                self.assertEqual(Plan.with_user(self.head_a).new({}).year, year)

    def test_measurement_in_the_plan_year_and_percent_range(self):
        objective = self.approve_plan(
            self.new_plan(department=self.dept_a)
        ).objective_ids
        for value, date in (
            (101.0, f"{self.YEAR}-06-30"),
            (-1.0, f"{self.YEAR}-06-30"),
            (99.0, f"{self.YEAR - 1}-12-31"),
        ):
            with (
                self.subTest(value=value, date=date),
                self.assertRaises(ValidationError),
            ):
                self.measure(objective, value, user=self.head_a, date=date)
        self.assertFalse(objective.measurement_ids)
        with self.assertRaises(ValidationError):
            self.measure(
                objective,
                99.0,
                user=self.head_a,
                date=self.today + datetime.timedelta(days=1),
            )
        measurement = self.measure(
            objective, 100.0, user=self.head_a, date=f"{self.YEAR}-12-31"
        )
        # The figure stays its recorder's: others record a new one.
        for user in (self.staff_a, self.iso_leader):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                measurement.with_user(user).write({"value": 55.5})
        measurement.with_user(self.secretary).write({"note": "Số liệu đã đối chiếu"})
        self.assertEqual(measurement.value, 100.0)
        self.assertEqual(
            measurement.display_name, f"{objective.name} – 12/31/{self.YEAR}"
        )

    def test_agency_plan_drafted_by_iso_board_approved_by_top_leader(self):
        plan = self.new_plan()
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.scope, "agency")
        for user in (self.staff_a, self.head_a, self.auditor, self.leader):
            with self.assertRaises(AccessError):
                plan.with_user(user).action_submit()
        plan.with_user(self.secretary).action_submit()
        self.assertEqual(plan.state, "submitted")
        self.assertIn(
            self.leader,
            plan.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("ctcl_quality.mail_act_ctcl_quality_plan_approval")
                )
            ).user_id,
        )
        # The designated top leader approves, nobody else (ISO leader included).
        for user in (
            self.staff_a,
            self.head_a,
            self.secretary,
            self.iso_member,
            self.iso_leader,
            self.admin_q,
        ):
            with self.assertRaises(AccessError):
                plan.with_user(user).action_approve()
        plan.with_user(self.leader).action_approve()
        self.assertRecordValues(
            plan,
            [
                {
                    "state": "approved",
                    "approved_by_id": self.leader.id,
                    "approved_date": self.today,
                }
            ],
        )
        self.assertTrue(plan.retention_until)
        self.assertFalse(plan.activity_ids)

    def test_agency_plan_any_leadership_without_designated_top_leader(self):
        self.env.company.ctcl_top_leader_id = False
        plan = self.new_plan()
        plan.with_user(self.iso_member).action_submit()
        with self.assertRaises(AccessError):
            plan.with_user(self.secretary).action_approve()
        plan.with_user(self.leader).action_approve()
        self.assertEqual(plan.state, "approved")

    def test_unit_plan_drafted_by_named_person_approved_by_head(self):
        # Only the unit head sets up the unit's plan and names the drafter.
        with self.assertRaises(AccessError):
            self.new_plan(user=self.staff_a, department=self.dept_a, objectives=[])
        with self.assertRaises(AccessError):
            self.new_plan(user=self.head_b, department=self.dept_a, objectives=[])
        plan = self.new_plan(department=self.dept_a, objectives=[])
        with self.assertRaises(AccessError):
            plan.with_user(self.staff_a).drafter_id = self.staff_a
        plan.with_user(self.head_a).drafter_id = self.staff_a
        self.assertIn(
            self.staff_a,
            plan.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("ctcl_quality.mail_act_ctcl_quality_plan_draft")
                )
            ).user_id,
        )
        # The named drafter writes the objectives; other staff cannot.
        Objective = self.env["ctcl.quality.objective"]
        with self.assertRaises(AccessError):
            Objective.with_user(self.staff_a1).create(
                dict(self.objective_vals(), plan_id=plan.id)
            )
        Objective.with_user(self.staff_a).create(
            dict(self.objective_vals(), plan_id=plan.id)
        )
        # A plan without objectives is not submitted.
        plan.with_user(self.head_a).objective_ids.unlink()
        with self.assertRaises(UserError):
            plan.with_user(self.head_a).action_submit()
        Objective.with_user(self.staff_a).create(
            dict(self.objective_vals(), plan_id=plan.id)
        )
        plan.with_user(self.staff_a).action_submit()
        for user in (
            self.staff_a,
            self.staff_b,
            self.head_b,
            self.secretary,
            self.iso_leader,
            self.leader,
        ):
            with self.assertRaises(AccessError):
                plan.with_user(user).action_approve()
        plan.with_user(self.head_a).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.head_a)

    def test_send_back(self):
        plan = self.new_plan()
        plan.with_user(self.secretary).action_submit()
        with self.assertRaises(AccessError):
            plan.with_user(self.secretary).action_send_back()
        plan.with_user(self.leader).action_send_back()
        self.assertEqual(plan.state, "draft")
        with self.assertRaises(UserError):
            plan.with_user(self.leader).action_approve()

    def test_approved_plan_is_read_only(self):
        plan = self.approve_plan(self.new_plan())
        objective = plan.objective_ids
        with self.assertRaises(UserError):
            plan.with_user(self.secretary).note = "Sửa sau khi duyệt"
        with self.assertRaises(UserError):
            plan.with_user(self.secretary).year = 2027
        with self.assertRaises(UserError):
            objective.with_user(self.secretary).target_value = 50
        with self.assertRaises(UserError):
            objective.with_user(self.leader).name = "Khác"
        with self.assertRaises(UserError):
            self.env["ctcl.quality.objective"].with_user(self.secretary).create(
                dict(self.objective_vals(), plan_id=plan.id)
            )
        with self.assertRaises(UserError):
            objective.with_user(self.secretary).unlink()
        with self.assertRaises(UserError):
            plan.with_user(self.secretary).write({"state": "draft"})
        with self.assertRaises(UserError):
            plan.with_user(self.admin_q).unlink()
        self.assertRecordValues(
            objective,
            [{"target_value": 98.0, "name": "Giải quyết hồ sơ TTHC đúng hạn"}],
        )

    def test_one_plan_per_scope_and_year(self):
        self.new_plan()
        with self.assertRaisesRegex(ValidationError, "already has"):
            self.new_plan(objectives=[])
        self.new_plan(department=self.dept_a, objectives=[])
        with self.assertRaisesRegex(ValidationError, "already has"):
            self.new_plan(department=self.dept_a, objectives=[])
        # Another unit or another year is another plan.
        self.new_plan(user=self.head_b, department=self.dept_b, objectives=[])
        self.new_plan(year=self.YEAR + 1, objectives=[])
        # The database refuses it too, agency plans (no unit) included.
        with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation):
            self.env.cr.execute(
                "INSERT INTO ctcl_quality_plan (company_id, year, state, active) "
                "VALUES (%s, %s, 'draft', true)",
                [self.env.company.id, self.YEAR],
            )

    def test_bad_input(self):
        plan = self.new_plan(objectives=[])
        Objective = self.env["ctcl.quality.objective"].with_user(self.secretary)
        with self.assertRaisesRegex(UserError, "must be a number"):
            Objective.create(
                dict(self.objective_vals(target_value="nhiều"), plan_id=plan.id)
            )
        with self.assertRaises(ValidationError):
            Objective.create(
                dict(
                    self.objective_vals(
                        date_start=f"{self.YEAR}-06-01", date_end=f"{self.YEAR}-05-01"
                    ),
                    plan_id=plan.id,
                )
            )
        with self.assertRaises(ValidationError):
            Objective.create(
                dict(self.objective_vals(measurement_method="  "), plan_id=plan.id)
            )
        self.assertFalse(plan.objective_ids)
        # A number written as text with a decimal comma is accepted.
        objective = Objective.create(
            dict(self.objective_vals(target_value="97,5"), plan_id=plan.id)
        )
        self.assertEqual(objective.target_value, 97.5)

    def test_record_rules(self):
        plan_a = self.new_plan(department=self.dept_a)
        agency = self.new_plan()
        Plan = self.env["ctcl.quality.plan"]
        self.assertEqual(
            Plan.with_user(self.staff_b).search([("id", "in", (plan_a | agency).ids)]),
            agency,
        )
        self.assertEqual(
            Plan.with_user(self.staff_a).search([("id", "in", (plan_a | agency).ids)]),
            plan_a | agency,
        )
        self.assertEqual(
            Plan.with_user(self.head_b).search([("id", "in", (plan_a | agency).ids)]),
            agency,
        )
        self.assertEqual(
            Plan.with_user(self.auditor).search([("id", "in", (plan_a | agency).ids)]),
            plan_a | agency,
        )
        with self.assertRaises(AccessError):
            plan_a.objective_ids.with_user(self.staff_b).read(["name"])

    def test_computed_fields_refused_over_rpc(self):
        """Statuses, rates, deadlines and fields copied from the plan are the
        server's: a raw write or create of them is refused, by anyone."""
        plan = self.approve_plan(self.new_plan())
        objective = plan.objective_ids
        measurement = self.measure(objective, 50.0)
        plan.with_user(self.secretary).action_create_report()
        report = plan.report_ids
        report.line_ids.with_user(self.secretary).cause = "Chưa đạt"
        line = report.line_ids
        report.with_user(self.secretary).action_submit()
        report.with_user(self.leader).action_approve()
        attempts = [
            (plan, self.staff_a, {"report_state": "draft"}),
            (plan, self.secretary, {"date_deadline": f"{self.YEAR + 1}-01-30"}),
            (plan, self.secretary, {"report_reminder_date": False}),
            (plan, self.leader, {"name": "Khác", "scope_name": "Khác"}),
            (report, self.secretary, {"achievement_rate": 100.0}),
            (report, self.leader, {"year": self.YEAR + 1}),
            (line, self.secretary, {"achieved_percent": 100.0}),
            (line, self.secretary, {"report_state": "draft"}),
            (measurement, self.secretary, {"status": "on_target"}),
            (measurement, self.secretary, {"plan_id": self.new_plan(year=2032).id}),
        ]
        for record, user, vals in attempts:
            with (
                self.subTest(model=record._name, vals=vals),
                self.assertRaises(UserError),
            ):
                record.with_user(user).write(vals)
        self.assertRecordValues(
            plan,
            [
                {
                    "report_state": "approved",
                    "date_deadline": datetime.date(self.YEAR, 1, 29),
                }
            ],
        )
        self.assertRecordValues(report, [{"achievement_rate": 0.0}])
        self.assertRecordValues(measurement, [{"status": "off_target"}])
        # Nor in a draft plan, where the drafter edits the objectives.
        draft = self.new_plan(department=self.dept_a)
        with self.assertRaises(UserError):
            draft.objective_ids.with_user(self.head_a).write(
                {"department_id": self.dept_b.id}
            )
        with self.assertRaises(UserError):
            draft.objective_ids.with_user(self.head_a).write({"status": "on_target"})
        with self.assertRaises(UserError):
            self.env["ctcl.quality.plan"].with_user(self.secretary).create(
                {"year": self.YEAR + 2, "report_state": "approved"}
            )
        self.assertEqual(draft.objective_ids.department_id, self.dept_a)

    def test_report_lines_only_for_the_plan_objectives(self):
        plan = self.approve_plan(self.new_plan())
        other = self.approve_plan(self.new_plan(year=self.YEAR + 1))
        plan.with_user(self.secretary).action_create_report()
        report = plan.report_ids
        Line = self.env["ctcl.quality.report.line"].with_user(self.secretary)
        with self.assertRaises(ValidationError):
            Line.create(
                {"report_id": report.id, "objective_id": other.objective_ids.id}
            )
        with self.assertRaises(ValidationError):
            Line.create({"report_id": report.id, "objective_id": plan.objective_ids.id})
        self.assertEqual(report.line_ids.objective_id, plan.objective_ids)
