from odoo.exceptions import AccessError, UserError

from .common import CtclCase

# The method an RPC client would call for each step, and the roles allowed.
STEPS = {
    "draft": ("action_submit", {"staff_a", "head_a", "secretary"}),
    "assessment": ("action_forward", {"head_a"}),
    "iso_review": ("action_submit_to_board", {"secretary"}),
    "board_review": ("action_assign", {"iso_leader"}),
    "analysis": ("action_propose", {"staff_b", "head_b"}),
    "approval": ("action_approve", {"iso_leader"}),
    "implementation": ("action_report_done", {"staff_b", "head_b"}),
    "verification": ("action_verify", {"leader"}),
    "to_close": ("action_close", {"secretary", "iso_member", "iso_leader"}),
}
LOGINS = (
    "staff_a",
    "staff_a1",
    "staff_b",
    "head_a",
    "head_b",
    "auditor",
    "secretary",
    "iso_member",
    "iso_leader",
    "leader",
    "admin_q",
)


class TestActionRequestAccess(CtclCase):
    def _prepared(self, state):
        """A request in ``state`` with the content its next step needs."""
        request = self.walk_to(self.new_request(), state)
        if state == "assessment":
            request.with_user(self.head_a).need_criterion_ids = self.criterion
        elif state == "board_review":
            request.with_user(self.iso_leader).write(
                {
                    "implementing_department_id": self.dept_b.id,
                    "assignee_id": self.staff_b.id,
                }
            )
        elif state == "analysis":
            request.with_user(self.staff_b).write({"cause": "c", "measures": "m"})
        elif state == "approval":
            request.with_user(self.iso_leader).write(
                {
                    "implementer_ids": [(6, 0, self.staff_b.ids)],
                    "date_deadline": self.today,
                }
            )
        elif state == "implementation":
            request.with_user(self.staff_b).result_summary = "done"
        return request

    def _call(self, request, method):
        if method == "action_verify":
            return request.action_verify("achieved", "evidence")
        if method == "action_close":
            return request.action_close("evidence")
        return getattr(request, method)()

    def test_each_step_refused_to_every_other_role(self):
        for state, (method, allowed) in STEPS.items():
            request = self._prepared(state)
            for login in LOGINS:
                if login in allowed:
                    continue
                user = getattr(self, login)
                with self.subTest(state=state, user=login):
                    with self.assertRaises(AccessError):
                        self._call(request.with_user(user), method)
                    self.assertEqual(request.state, state)
            # ... and done by each role that may do it.
            for login in allowed:
                with (
                    self.subTest(state=state, allowed=login),
                    self.env.cr.savepoint() as savepoint,
                ):
                    self._call(request.with_user(getattr(self, login)), method)
                    self.assertNotEqual(request.state, state)
                    savepoint.rollback()

    def test_steps_refused_in_the_wrong_state(self):
        request = self.new_request()
        for method, user in (
            ("action_forward", self.head_a),
            ("action_submit_to_board", self.secretary),
            ("action_approve", self.iso_leader),
            ("action_close", self.secretary),
        ):
            with self.subTest(method=method), self.assertRaises(UserError):
                getattr(request.with_user(user), method)()
        with self.assertRaises(UserError):
            request.with_user(self.leader).action_verify("achieved", "evidence")
        self.assertEqual(request.state, "draft")

    def test_raw_state_write_refused(self):
        request = self.walk_to(self.new_request(), "verification")
        for user in (self.staff_a, self.iso_leader, self.leader, self.admin_q):
            for context in ({}, {"ctcl_token": True}, {"ctcl_token": "x"}):
                with (
                    self.subTest(user=user.login, context=context),
                    self.assertRaises(UserError),
                ):
                    request.with_user(user).with_context(**context).write(
                        {"state": "done"}
                    )
        with self.assertRaises(UserError):
            request.with_user(self.leader).write({"verification_result": "achieved"})
        with self.assertRaises(UserError):
            self.env["ctcl.action.request"].with_user(self.staff_a).create(
                {
                    "requesting_department_id": self.dept_a.id,
                    "description": "x",
                    "source_id": self.source.id,
                    "approved_by_id": self.iso_leader.id,
                }
            )
        created = self.new_request(state="done")
        self.assertEqual(created.state, "draft")
        self.assertEqual(request.state, "verification")

    def test_fields_editable_by_state_and_role(self):
        request = self.new_request()
        request.with_user(self.staff_a).description = "Sửa mô tả"
        with self.assertRaises(AccessError):
            request.with_user(self.staff_a1).description = "not mine"
        request.with_user(self.staff_a).action_submit()
        with self.assertRaises(AccessError):
            request.with_user(self.staff_a).description = "after submit"
        request.with_user(self.head_a).description = "Trưởng đơn vị chỉnh sửa"
        with self.assertRaises(UserError):  # direction is not set at assessment
            request.with_user(self.iso_leader).assignee_id = self.staff_b
        self.walk_to(request, "analysis")
        with self.assertRaises(AccessError):
            request.with_user(self.iso_leader).cause = "not the assignee"
        with self.assertRaises(UserError):
            request.with_user(self.head_a).description = "box 1 is frozen"
        self.assertEqual(request.description, "Trưởng đơn vị chỉnh sửa")

    def test_direction_by_state(self):
        # 5.3: the secretary proposes who implements, the leader directs;
        # 5.4: the leader may re-assign when approving.
        request = self.walk_to(self.new_request(), "iso_review")
        request.with_user(self.secretary).assignee_id = self.staff_b
        with self.assertRaises(UserError):
            request.with_user(self.secretary).board_instruction = "Chỉ đạo"
        self.walk_to(request, "board_review")
        request.with_user(self.iso_leader).board_instruction = "Chỉ đạo"
        self.walk_to(request, "approval")
        with self.assertRaises(UserError):
            request.with_user(self.iso_leader).board_instruction = "Sửa chỉ đạo"
        for user in (self.secretary, self.staff_b, self.head_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).assignee_id = self.head_b
        request.with_user(self.iso_leader).assignee_id = self.head_b
        self.assertRecordValues(
            request, [{"assignee_id": self.head_b.id, "board_instruction": "Chỉ đạo"}]
        )

    def test_archive_by_secretary_only(self):
        request = self.walk_to(self.new_request(), "done")
        with self.assertRaises(AccessError):
            request.with_user(self.staff_a).action_archive()
        request.with_user(self.secretary).action_archive()
        self.assertFalse(request.active)

    def test_record_rules_isolate_units(self):
        Request = self.env["ctcl.action.request"]
        request_a = self.new_request(self.staff_a)
        request_a1 = self.new_request(self.staff_a1)
        request_b = self.new_request(self.staff_b)
        both = request_a | request_a1 | request_b

        def visible(user):
            return Request.with_user(user).search([("id", "in", both.ids)])

        self.assertEqual(visible(self.staff_a), request_a)
        self.assertEqual(visible(self.staff_a1), request_a1)
        self.assertEqual(visible(self.staff_b), request_b)
        self.assertEqual(visible(self.head_a), request_a | request_a1)
        self.assertEqual(visible(self.head_b), request_b)
        for user in (
            self.auditor,
            self.secretary,
            self.iso_member,
            self.leader,
            self.admin_q,
        ):
            self.assertEqual(visible(user), both, user.login)
        with self.assertRaises(AccessError):
            request_a.with_user(self.staff_b).read(["description"])
        # Taking part in a request makes it visible.
        self.walk_to(request_a, "analysis")
        self.assertIn(request_a, visible(self.staff_b))

    def test_new_unit_head_sees_unit_at_once(self):
        request = self.new_request(self.staff_a)
        Request = self.env["ctcl.action.request"].with_user(self.head_b)
        self.assertFalse(Request.search([("id", "=", request.id)]))
        self.dept_a.manager_id = self.head_b.employee_ids
        self.assertEqual(Request.search([("id", "=", request.id)]), request)
        self.env.invalidate_all()
        request.with_user(self.head_b).action_submit()
        request.with_user(self.head_b).need_criterion_ids = self.criterion
        request.with_user(self.head_b).action_forward()
        # The former head keeps seeing the unit he works in, but assesses no more.
        other = self.new_request(self.staff_a)
        other.action_submit()
        other.with_user(self.head_b).need_criterion_ids = self.criterion
        with self.assertRaises(AccessError):
            other.with_user(self.head_a).action_forward()

    def test_configuration_for_administrators_only(self):
        with self.assertRaises(AccessError):
            self.env["ctcl.source"].with_user(self.iso_leader).create({"name": "x"})
        self.env["ctcl.source"].with_user(self.admin_q).create({"name": "Nguồn khác"})

    def test_side_steps_refused_to_other_roles(self):
        assessed = self.walk_to(self.new_request(), "assessment")
        approval = self.walk_to(self.new_request(), "approval")
        implementing = self.walk_to(self.new_request(), "implementation")
        change = (
            self.env["ctcl.action.change"]
            .with_user(self.staff_b)
            .create({"request_id": implementing.id, "description": "Thêm nhân lực"})
        )
        side_steps = [
            (assessed, lambda r: r.action_reject_need("Không cần"), {"head_a"}),
            (approval, lambda r: r.action_send_back("Làm rõ"), {"iso_leader"}),
            (change, lambda c: c.action_approve(), {"iso_leader"}),
            (change, lambda c: c.action_refuse(), {"iso_leader"}),
        ]
        for record, call, allowed in side_steps:
            for login in set(LOGINS) - allowed:
                with (
                    self.subTest(record=record.display_name, user=login),
                    self.assertRaises(AccessError),
                ):
                    call(record.with_user(getattr(self, login)))
        self.assertEqual(assessed.state, "assessment")
        self.assertEqual(approval.state, "approval")
        self.assertEqual(change.state, "requested")
        # Outsiders cannot report progress or ask for changes either.
        for login in ("staff_a", "head_a", "secretary", "leader"):
            with self.subTest(progress=login), self.assertRaises(AccessError):
                self.env["ctcl.action.progress"].with_user(getattr(self, login)).create(
                    {"request_id": implementing.id, "content": "x"}
                )

    def test_other_company_is_invisible(self):
        other = self.env["res.company"].create({"name": "Sở khác"})
        dept = self.env["hr.department"].create(
            {"name": "Unit X", "company_id": other.id}
        )
        request = (
            self.env["ctcl.action.request"]
            .sudo()
            .create(
                {
                    "company_id": other.id,
                    "requesting_department_id": dept.id,
                    "description": "Khác công ty",
                    "source_id": self.source.id,
                }
            )
        )
        for user in (self.secretary, self.leader, self.admin_q):
            self.assertFalse(
                self.env["ctcl.action.request"]
                .with_user(user)
                .search([("id", "=", request.id)])
            )

    def test_number_comes_from_the_sequence(self):
        request = self.new_request(name="999/1999/PYC")
        self.assertNotEqual(request.name, "999/1999/PYC")
        self.assertRegex(request.name, r"^\d{3}/\d{4}/PYC$")
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).name = "999/1999/PYC"

    def test_links_are_set_by_the_server_only(self):
        request = self.new_request()
        for field, value in (
            ("nonconformity_ids", [(6, 0, [])]),
            ("management_review_id", False),
            ("quality_objective_id", False),
            ("origin_request_id", False),
            ("progress_due_date", False),  # computed: would silence the reminders
            ("last_progress_date", False),
        ):
            with self.subTest(field=field), self.assertRaises(UserError):
                request.with_user(self.staff_a).write({field: value})
