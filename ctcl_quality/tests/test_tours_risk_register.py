from odoo.tests import HttpCase

from .test_risk_register import CtclRiskCase


class TestToursRiskRegister(HttpCase, CtclRiskCase):
    """A unit's risk analysis table from Mới to approval in the browser, each
    step as its owner, and unit isolation in the list (issue 13)."""

    URL = "/odoo/action-ctcl_quality.ctcl_risk_register_action"

    def test_unit_table_drafted_and_approved_in_the_browser(self):
        self.start_tour(self.URL, "ctcl_risk_register_draft", login=self.staff_a.login)
        register = self.Register.search([("create_uid", "=", self.staff_a.id)])
        self.assertRecordValues(
            register,
            [
                {
                    "state": "submitted",
                    "department_id": self.dept_a.id,
                    "drafter_id": self.staff_a.id,
                    "submitted_by_id": self.staff_a.id,
                }
            ],
        )
        self.assertRecordValues(
            register.risk_ids,
            [
                {
                    "likelihood": 4,
                    "impact": 5,
                    "level": 20,
                    "band": "critical",
                    "treatment": "mitigate",
                }
            ],
        )
        self.assertEqual(
            register.risk_ids.measure_ids.name, "Lập sổ theo dõi hạn giải quyết"
        )
        self.start_tour(self.URL, "ctcl_risk_register_approve", login=self.head_a.login)
        self.assertRecordValues(
            register,
            [{"state": "approved", "approved_by_id": self.head_a.id, "is_current": 1}],
        )

    def test_other_unit_does_not_see_the_table(self):
        self.approve(self.new_register())
        self.new_register(user=self.staff_b, department=self.dept_b)
        self.start_tour(
            self.URL, "ctcl_risk_register_other_unit", login=self.staff_b.login
        )

    def test_agency_table_drafted_by_secretary_approved_by_top_leader(self):
        self.start_tour(
            self.URL, "ctcl_risk_register_agency_draft", login=self.secretary.login
        )
        register = self.Register.search([("create_uid", "=", self.secretary.id)])
        self.assertRecordValues(
            register,
            [
                {
                    "state": "submitted",
                    "department_id": False,
                    "scope_name": self.company.name,
                    "submitted_by_id": self.secretary.id,
                }
            ],
        )
        self.assertRecordValues(register.risk_ids, [{"level": 15, "band": "high"}])
        self.start_tour(
            self.URL, "ctcl_risk_register_agency_approve", login=self.leader.login
        )
        self.assertRecordValues(
            register,
            [{"state": "approved", "approved_by_id": self.leader.id, "is_current": 1}],
        )
