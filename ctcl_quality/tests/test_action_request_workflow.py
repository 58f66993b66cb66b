from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CtclCase


class TestActionRequestWorkflow(CtclCase):
    def test_full_walk_by_real_roles(self):
        request = self.new_request()
        self.assertRegex(request.name, r"^\d{3}/\d{4}/PYC$")
        self.assertRecordValues(
            request,
            [
                {
                    "state": "draft",
                    "requester_id": self.staff_a.id,
                    "requesting_department_id": self.dept_a.id,
                }
            ],
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        expected = [
            ("assessment", {("assessment", self.head_a)}),
            ("iso_review", {("iso_review", self.secretary)}),
            ("board_review", {("direction", self.iso_leader)}),
            ("analysis", {("analysis", self.staff_b)}),
            ("approval", {("approval", self.iso_leader)}),
            ("implementation", {("implementation", self.staff_b)}),
            ("verification", {("verification", self.leader)}),
            ("to_close", {("closing", self.secretary)}),
            ("done", set()),
        ]
        for state, activities in expected:
            self.do_step(request)
            self.env.flush_all()
            self.env.cr.precommit.run()  # tracking messages are written at commit
            self.assertEqual(request.state, state)
            self.assertEqual(self.activity_owners(request), activities, state)
        self.assertRecordValues(
            request,
            [
                {
                    "assessed_by_id": self.head_a.id,
                    "approved_by_id": self.iso_leader.id,
                    "implementing_head_id": self.head_b.id,
                    "verification_result": "achieved",
                    "verifier_id": self.leader.id,
                    "closed_by_id": self.secretary.id,
                    "close_date": self.today,
                    "retention_until": self.today.replace(year=self.today.year + 3),
                }
            ],
        )
        # Every participant follows the request.
        self.assertLessEqual(
            (
                self.staff_a
                | self.head_a
                | self.staff_b
                | self.iso_leader
                | self.leader
            ).partner_id,
            request.message_partner_ids,
        )
        # State changes are tracked in the chatter with who did them.
        tracked = request.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(len(tracked), 9)

    def test_sub_unit_request_is_assessed_by_parent_head(self):
        request = self.new_request(self.staff_a1)
        request.action_submit()
        self.assertEqual(self.activity_owners(request), {("assessment", self.head_a)})
        request.with_user(self.head_a).need_criterion_ids = self.criterion
        request.with_user(self.head_a).action_forward()
        self.assertEqual(request.state, "iso_review")

    def test_reject_need_with_reason(self):
        request = self.new_request()
        request.action_submit()
        wizard = (
            self.env["ctcl.action.reason.wizard"]
            .with_user(self.head_a)
            .create(
                {
                    "request_ids": request.ids,
                    "mode": "reject_need",
                    "reason": "Đã xử lý tại chỗ",
                }
            )
        )
        wizard.action_confirm()
        self.assertRecordValues(
            request,
            [
                {
                    "state": "rejected",
                    "reject_reason": "Đã xử lý tại chỗ",
                    "assessed_by_id": self.head_a.id,
                    "close_date": self.today,
                }
            ],
        )
        self.assertFalse(request.activity_ids)
        # A submitted request: the role check is what refuses the requester.
        other = self.new_request()
        other.action_submit()
        with self.assertRaises(AccessError):
            other.with_user(self.staff_a).action_reject_need("x")
        self.assertEqual(other.state, "assessment")

    def test_reject_needs_a_reason(self):
        request = self.new_request()
        request.action_submit()
        with self.assertRaises(UserError):
            request.with_user(self.head_a).action_reject_need("  ")
        self.assertEqual(request.state, "assessment")

    def test_send_back_returns_to_analysis(self):
        request = self.walk_to(self.new_request(), "approval")
        request.with_user(self.iso_leader).action_send_back("Nguyên nhân chưa rõ")
        self.assertEqual(request.state, "analysis")
        self.assertEqual(self.activity_owners(request), {("analysis", self.staff_b)})
        self.assertIn("Nguyên nhân chưa rõ", request.message_ids[0].body)

    def test_required_content_per_step(self):
        request = self.walk_to(self.new_request(), "assessment")
        with self.assertRaises(UserError):  # no need criterion ticked
            request.with_user(self.head_a).action_forward()
        request = self.walk_to(request, "board_review")
        with self.assertRaises(UserError):  # no implementing unit/assignee
            request.with_user(self.iso_leader).action_assign()
        request = self.walk_to(request, "analysis")
        with self.assertRaises(UserError):  # no cause/measures
            request.with_user(self.staff_b).action_propose()
        request = self.walk_to(request, "approval")
        with self.assertRaises(UserError):  # no implementers/deadline
            request.with_user(self.iso_leader).action_approve()
        self.assertEqual(request.state, "approval")
        request = self.walk_to(request, "implementation")
        with self.assertRaises(UserError):  # no result reported
            request.with_user(self.staff_b).action_report_done()
        request = self.walk_to(request, "verification")
        with self.assertRaises(UserError):  # no evidence
            request.with_user(self.leader).action_verify("achieved", " ")
        with self.assertRaises(UserError):  # unknown result
            request.with_user(self.leader).action_verify("great", "evidence")
        self.assertEqual(request.state, "verification")
        self.assertFalse(request.verification_result)

    def test_deadline_before_request_date(self):
        request = self.walk_to(self.new_request(), "approval")
        with self.assertRaises(ValidationError):
            request.with_user(self.iso_leader).date_deadline = (
                request.request_date - timedelta(days=1)
            )

    def test_empty_description_refused(self):
        with self.assertRaises(ValidationError):
            self.new_request(description="   ")

    def test_progress_reports_and_changes(self):
        request = self.walk_to(self.new_request(), "implementation")
        Progress = self.env["ctcl.action.progress"].with_user(self.staff_b)
        Progress.create(
            {"request_id": request.id, "percent_done": 40, "content": "Đã rà soát"}
        )
        self.assertEqual(request.last_progress_date, self.today)
        self.assertEqual(len(request.progress_ids), 1)
        with self.assertRaises(UserError):  # progress reports are records
            request.progress_ids.with_user(self.staff_b).content = "changed"
        with self.assertRaises(UserError):
            request.progress_ids.with_user(self.staff_b).unlink()
        with self.assertRaises(UserError):
            Progress.create(
                {
                    "request_id": request.id,
                    "content": "future",
                    "date": self.today + timedelta(days=2),
                }
            )

        new_deadline = request.date_deadline + timedelta(days=30)
        change = (
            self.env["ctcl.action.change"]
            .with_user(self.staff_b)
            .create(
                {
                    "request_id": request.id,
                    "change_type": "deadline",
                    "description": "Cần thêm thời gian",
                    "new_date_deadline": new_deadline,
                }
            )
        )
        self.assertEqual(change.state, "requested")
        change.with_user(self.iso_leader).action_approve()
        self.assertRecordValues(
            change, [{"state": "approved", "decided_by_id": self.iso_leader.id}]
        )
        self.assertEqual(request.date_deadline, new_deadline)
        # The implementation activity moved with the deadline.
        self.assertEqual(
            request.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("ctcl_quality.mail_act_ctcl_request_implementation")
                )
            ).date_deadline,
            new_deadline,
        )
        with self.assertRaises(UserError):  # decided once
            change.with_user(self.iso_leader).action_refuse()
        with self.assertRaises(UserError):
            change.with_user(self.staff_b).unlink()
        with self.assertRaises(ValidationError):  # a new deadline needs a date
            self.env["ctcl.action.change"].with_user(self.staff_b).create(
                {
                    "request_id": request.id,
                    "change_type": "deadline",
                    "description": "x",
                }
            )

    def test_activity_follows_an_edited_owner(self):
        request = self.new_request()
        request.action_submit()
        self.assertEqual(self.activity_owners(request), {("assessment", self.head_a)})
        # The head finds the request belongs to unit B: B's head assesses it.
        request.with_user(self.head_a).requesting_department_id = self.dept_b
        self.assertEqual(self.activity_owners(request), {("assessment", self.head_b)})
        self.walk_to(request, "approval")
        request.with_user(self.iso_leader).write(
            {"implementer_ids": [(6, 0, self.staff_b.ids)], "date_deadline": self.today}
        )
        self.assertEqual(self.activity_owners(request), {("approval", self.iso_leader)})
