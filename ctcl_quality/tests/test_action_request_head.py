from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import CtclCase


class TestActionRequestHead(CtclCase):
    """QT.CTCL 5.2.1-5.2.2: a unit head who opens a request for his unit is the
    one who assesses it, at once: he never submits it to himself."""

    def signoffs(self, request):
        return (
            self.env["ctcl.signoff"]
            .sudo()
            .search(
                [("res_model", "=", request._name), ("res_id", "=", request.id)],
                order="id",
            )
        )

    def activity_messages(self, request):
        """Messages of activities done on ``request`` (the chatter's log)."""
        return request.message_ids.filtered("mail_activity_type_id")

    def test_head_assesses_his_own_request_in_the_form(self):
        with Form(self.env["ctcl.action.request"].with_user(self.head_a)) as form:
            form.description = "Sổ theo dõi hồ sơ chưa cập nhật thời hạn"
            form.source_id = self.source
            self.assertFalse(form.can_submit)
            self.assertTrue(form.can_assess)
            form.need_criterion_ids.add(self.criterion)
        request = form.record
        self.assertRecordValues(
            request,
            [
                {
                    "state": "draft",
                    "requester_id": self.head_a.id,
                    "need_criterion_ids": self.criterion.ids,
                }
            ],
        )
        request.with_user(self.head_a).action_forward()
        self.assertRecordValues(
            request,
            [
                {
                    "state": "iso_review",
                    "submitted_date": self.today,
                    "assessed_by_id": self.head_a.id,
                    "assessed_date": self.today,
                }
            ],
        )
        # Both boxes signed, by him, in their order, and the chain is sound.
        lines = self.signoffs(request)
        self.assertEqual(lines.mapped("meaning"), ["submit_request", "assess_need"])
        self.assertEqual(lines.user_id, self.head_a)
        self.assertEqual(lines.mapped("role"), ["unit_head", "unit_head"])
        self.assertEqual(
            [(line.from_state, line.to_state) for line in lines],
            [("draft", "assessment"), ("assessment", "iso_review")],
        )
        self.assertEqual(
            self.env["ctcl.signoff"]._ctcl_integrity_issues(self.company), []
        )
        # No step was handed to him on the way: the next one is the secretary's.
        self.assertEqual(
            self.activity_owners(request), {("iso_review", self.secretary)}
        )
        self.assertFalse(self.activity_messages(request))

    def test_head_rejects_his_own_request_from_the_draft(self):
        request = self.new_request(self.head_a)
        request.with_user(self.head_a).action_open_reject_wizard()
        request.with_user(self.head_a).action_reject_need("Đã xử lý tại chỗ")
        self.assertRecordValues(
            request,
            [
                {
                    "state": "rejected",
                    "reject_reason": "Đã xử lý tại chỗ",
                    "assessed_by_id": self.head_a.id,
                    "submitted_date": self.today,
                    "close_date": self.today,
                }
            ],
        )
        self.assertTrue(request.retention_until)
        self.assertEqual(
            self.signoffs(request).mapped("meaning"), ["submit_request", "reject_need"]
        )
        self.assertFalse(request.activity_ids)
        self.assertFalse(self.activity_messages(request))

    def test_head_does_not_submit_to_himself(self):
        request = self.new_request(self.head_a)
        self.assertFalse(request.with_user(self.head_a).can_submit)
        self.assertTrue(request.with_user(self.head_a).can_assess)
        with self.assertRaises(UserError):
            request.with_user(self.head_a).action_submit()
        # The criteria are required, as in the assessment step.
        with self.assertRaises(UserError):
            request.with_user(self.head_a).action_forward()
        self.assertEqual(request.state, "draft")
        # A head of the parent unit opening one for a sub-unit assesses it too.
        sub = self.new_request(self.head_a, requesting_department_id=self.dept_a1.id)
        sub.with_user(self.head_a).need_criterion_ids = self.criterion
        sub.with_user(self.head_a).action_forward()
        self.assertEqual(sub.state, "iso_review")

    def test_nobody_else_assesses_a_draft(self):
        request = self.new_request(self.staff_a)
        # Not the head on a draft of his staff: the requester submits it first.
        self.assertFalse(request.with_user(self.head_a).can_assess)
        self.assertFalse(request.with_user(self.staff_a).can_assess)
        for user in (self.head_a, self.staff_a, self.leader):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                request.with_user(user).action_forward()
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).need_criterion_ids = self.criterion
        with self.assertRaises(UserError):
            request.with_user(self.head_a).action_open_reject_wizard()
        with self.assertRaises(UserError):
            self.env["ctcl.action.request"].with_user(self.staff_a).create(
                {
                    "requesting_department_id": self.dept_a.id,
                    "description": "Hồ sơ trễ hạn",
                    "source_id": self.source.id,
                    "need_criterion_ids": [(6, 0, self.criterion.ids)],
                }
            )
        # Submitted, the head assesses it as before.
        self.assertTrue(request.with_user(self.staff_a).can_submit)
        request.with_user(self.staff_a).action_submit()
        self.assertEqual(self.activity_owners(request), {("assessment", self.head_a)})
        request.with_user(self.head_a).need_criterion_ids = self.criterion
        request.with_user(self.head_a).action_forward()
        self.assertEqual(request.state, "iso_review")

    def test_a_head_of_another_unit_is_a_requester_like_staff(self):
        # Filed by the secretary for unit B in head_a's name: head_b assesses.
        request = self.new_request(
            self.secretary,
            requester_id=self.head_a.id,
            requesting_department_id=self.dept_b.id,
        )
        self.assertFalse(request.with_user(self.head_a).can_assess)
        with self.assertRaises(UserError):
            request.with_user(self.head_a).action_forward()
        request.with_user(self.head_a).action_submit()
        self.assertEqual(self.activity_owners(request), {("assessment", self.head_b)})


class TestActionRequestConsolidation(CtclCase):
    """QT.CTCL 5.3: the ISO secretary “tổng hợp và trình” — consolidates the
    requests of the units for the ISO board leader, several at once."""

    def consolidate(self, requests, user):
        action = self.env.ref("ctcl_quality.ctcl_action_request_action_consolidate")
        return (
            action.with_user(user)
            .with_context(
                active_model=requests._name,
                active_id=requests[:1].id,
                active_ids=requests.ids,
            )
            .run()
        )

    def test_secretary_consolidates_the_selection(self):
        first = self.walk_to(self.new_request(), "iso_review").with_env(self.env)
        second = self.walk_to(self.new_request(self.staff_b), "iso_review")
        second = second.with_env(self.env)
        result = self.consolidate(first | second, self.secretary)
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(result["params"]["next"]["tag"], "soft_reload")
        for request in first | second:
            self.assertRecordValues(
                request,
                [{"state": "board_review", "consolidated_by_id": self.secretary.id}],
            )
            self.assertEqual(
                self.activity_owners(request), {("direction", self.iso_leader)}
            )
        signoffs = self.env["ctcl.signoff"].search(
            [("res_model", "=", first._name), ("meaning", "=", "consolidate")]
        )
        self.assertEqual(
            sorted(signoffs.mapped("res_id")), sorted((first | second).ids)
        )

    def test_all_or_nothing(self):
        ready = self.walk_to(self.new_request(), "iso_review")
        pending = self.walk_to(self.new_request(), "assessment")
        with self.assertRaises(UserError) as caught:
            self.consolidate(ready | pending, self.secretary)
        self.assertIn(pending.name, str(caught.exception))
        self.assertNotIn(ready.name, str(caught.exception))
        self.assertEqual((ready.state, pending.state), ("iso_review", "assessment"))
        self.assertFalse(ready.consolidated_by_id)

    def test_secretary_only(self):
        requests = self.walk_to(self.new_request(), "iso_review") | self.walk_to(
            self.new_request(), "iso_review"
        )
        for user in (self.iso_leader, self.head_a, self.staff_a, self.admin_q):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.consolidate(requests, user)
                with self.assertRaises(AccessError):
                    requests.with_user(user).action_consolidate_for_board()
        self.assertEqual(set(requests.mapped("state")), {"iso_review"})

    def test_count_of_the_selection(self):
        request = self.walk_to(self.new_request(), "iso_review")
        Request = self.env["ctcl.action.request"].with_user(self.secretary)
        with self.assertRaises(UserError):
            Request.action_consolidate_for_board()
        with self.assertRaises(UserError):  # a record named twice
            Request.browse([request.id, request.id]).action_consolidate_for_board()
        self.assertEqual(request.state, "iso_review")
