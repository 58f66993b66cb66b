from odoo.tests import HttpCase

from .common import CtclCase


class TestToursWorkflowActivity(HttpCase, CtclCase):
    def test_mark_done_in_the_chatter_keeps_the_step(self):
        request = self.walk_to(self.new_request(), "assessment")
        self.start_tour(
            f"/odoo/action-ctcl_quality.ctcl_action_request_action/{request.id}",
            "ctcl_workflow_activity_mark_done",
            login=self.head_a.login,
        )
        self.assertEqual(request.state, "assessment")
        self.assertEqual(self.activity_owners(request), {("assessment", self.head_a)})
