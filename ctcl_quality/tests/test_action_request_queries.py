from odoo.tests import users, warmup

from .common import CtclCase


class TestActionRequestQueries(CtclCase):
    """Query budgets: a regression here means an N+1 crept in."""

    @users("staff_a")
    @warmup
    def test_create_request(self):
        Request = self.env["ctcl.action.request"]
        with self.assertQueryCount(staff_a=23):
            Request.create(
                {
                    "requesting_department_id": self.dept_a.id,
                    "description": "Hồ sơ trễ hạn",
                    "source_id": self.source.id,
                }
            )

    @warmup
    def test_transitions(self):
        budgets = {
            "draft": 65,
            "assessment": 100,
            "iso_review": 86,
            "board_review": 90,
            "analysis": 87,
            "approval": 90,
            "implementation": 89,
            "verification": 85,
            "to_close": 62,
        }
        request = self.new_request()
        for state, budget in budgets.items():
            self.assertEqual(request.state, state)
            with self.subTest(state=state), self.assertQueryCount(budget):
                self.do_step(request)
