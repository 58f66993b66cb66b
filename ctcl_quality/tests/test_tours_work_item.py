from datetime import timedelta

from odoo.tests import HttpCase

from .kpi_common import CtclKpiCase


class TestToursWorkItem(HttpCase, CtclKpiCase):
    """“My work” is the Quality app's landing page for each role, in
    Vietnamese; what it lists per role is tested in test_work_item.py."""

    def test_home_per_role(self):
        self.load_vietnamese()
        self.walk_to(self.new_request(user=self.staff_b), "assessment")
        self.walk_to(self.new_request(), "iso_review")
        overdue = self.implementing(self.today - timedelta(days=5))
        for user in (self.staff_b, self.head_b, self.secretary, self.leader):
            with self.subTest(user=user.login):
                user.lang = "vi_VN"
                items = (
                    self.env["ctcl.work.item"]
                    .with_user(user)
                    .search([("for_me", "=", True)])
                )
                self.assertTrue(items, user.login)
                self.start_tour("/odoo", "ctcl_work_item_home", login=user.login)
        self.assertEqual(overdue.state, "implementation")
