from odoo.tests import HttpCase

from .common import CtclCase


class TestToursActionRequest(HttpCase, CtclCase):
    """BM.CTCL.01 from Mới to closing in the browser, each step as its owner."""

    def _step(self, tour, user, request=None, action="ctcl_action_request_action"):
        url = f"/odoo/action-ctcl_quality.{action}"
        if request:
            url += f"/{request.id}"
        self.start_tour(url, tour, login=user.login)

    def test_request_walk_in_the_browser(self):
        self.env["ctcl.source"].create({"name": "Tour source"})
        self._step("ctcl_request_walk_new", self.staff_a)
        request = self.env["ctcl.action.request"].search(
            [("create_uid", "=", self.staff_a.id)]
        )
        self.assertRecordValues(
            request,
            [
                {
                    "state": "assessment",
                    "requester_id": self.staff_a.id,
                    "requesting_department_id": self.dept_a.id,
                }
            ],
        )
        walk = [
            ("ctcl_request_walk_assess", self.head_a, "iso_review"),
            ("ctcl_request_walk_consolidate", self.secretary, "board_review"),
            ("ctcl_request_walk_assign", self.iso_leader, "analysis"),
            ("ctcl_request_walk_propose", self.staff_b, "approval"),
            ("ctcl_request_walk_approve", self.iso_leader, "implementation"),
            ("ctcl_request_walk_report_done", self.staff_b, "verification"),
            ("ctcl_request_walk_verify", self.leader, "to_close"),
            ("ctcl_request_walk_close", self.secretary, "done"),
        ]
        for tour, user, state in walk:
            # The owner of the step finds it among their activities.
            owners = {owner for _step, owner in self.activity_owners(request)}
            self.assertIn(user, owners, tour)
            self._step(tour, user, request)
            self.assertEqual(request.state, state, tour)
        self.assertRecordValues(
            request,
            [
                {
                    "verification_result": "achieved",
                    "implementing_department_id": self.dept_b.id,
                    "assignee_id": self.staff_b.id,
                    "implementer_ids": self.staff_b.ids,
                    "cause": "Không có sổ theo dõi thời hạn",
                }
            ],
        )
        self.assertFalse(request.activity_ids)

    def test_request_side_roads_in_the_browser(self):
        request = self.walk_to(self.new_request(), "approval")
        self._step("ctcl_request_send_back", self.iso_leader, request)
        self.assertEqual(request.state, "analysis")
        self.assertIn(self.staff_b, request.activity_ids.user_id)
        self.walk_to(request, "implementation")
        self._step("ctcl_request_progress_and_change", self.staff_b, request)
        self.assertEqual(len(request.progress_ids), 1)
        change = request.change_ids
        self.assertRecordValues(change, [{"state": "requested"}])
        self._step("ctcl_request_approve_change", self.iso_leader, request)
        self.assertEqual(change.state, "approved")
        self.assertEqual(request.date_deadline, change.new_date_deadline)
        self.walk_to(request, "verification")
        self._step("ctcl_request_not_achieved", self.leader, request)
        self.assertRecordValues(
            request, [{"state": "to_close", "verification_result": "not_achieved"}]
        )
        followup = request.followup_ids
        self.assertRecordValues(followup, [{"state": "assessment"}])
        self.assertEqual(self.activity_owners(followup), {("assessment", self.leader)})

    def test_verify_at_the_deadline_in_the_browser(self):
        request = self.walk_to(
            self.new_request(description="Chưa triển khai theo thời hạn"), "approval"
        )
        request.with_user(self.iso_leader).write(
            {"implementer_ids": [(6, 0, self.staff_b.ids)], "date_deadline": self.today}
        )
        request.with_user(self.iso_leader).action_approve()
        self.env["ctcl.follow.up"]._cron_follow_up()
        self.assertIn(("verification", self.leader), self.activity_owners(request))
        self._step(
            "ctcl_request_verify_at_deadline",
            self.leader,
            action="ctcl_action_request_action_to_verify",
        )
        self.assertRecordValues(
            request,
            [
                {
                    "state": "to_close",
                    "verification_result": "not_done",
                    "verification_remarks": "Chưa lập sổ theo dõi thời hạn",
                    "done_reported_date": False,
                }
            ],
        )
        self.assertEqual(
            self.activity_owners(request.followup_ids), {("assessment", self.leader)}
        )
