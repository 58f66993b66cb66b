from odoo.tests import users, warmup

from .common import CtclCase


class TestActionRequestQueries(CtclCase):
    """Query budgets: a regression here means an N+1 crept in.

    Measured on the database scripts/test.sh builds (demo data, vi_VN active).
    A transition's cost is mostly Odoo's: tracking, followers, and the activity
    (with its e-mail) for the owner of the next step.
    """

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
            "draft": 67,
            "assessment": 102,
            "iso_review": 88,
            "board_review": 106,
            "analysis": 89,
            "approval": 106,
            "implementation": 91,
            "verification": 87,
            "to_close": 62,
        }
        request = self.new_request()
        for state, budget in budgets.items():
            self.assertEqual(request.state, state)
            with self.subTest(state=state), self.assertQueryCount(budget):
                self.do_step(request)
