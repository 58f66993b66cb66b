import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import CtclCase


class TestActionRequestVerification(CtclCase):
    """QT.CTCL 5.5-5.7: coordination, verification at the deadline, delegation,
    follow-up requests and box 3 closed by the ISO board."""

    def _verification_activities(self, request):
        verification = self.env.ref("ctcl_quality.mail_act_ctcl_request_verification")
        return request.activity_ids.filtered(
            lambda a: a.activity_type_id == verification
        )

    def _upload(self, user, model, name="bien-ban.pdf"):
        """A file ``user`` uploads in a dialog of ``model`` (many2many_binary)."""
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(b"%PDF-1.4 evidence"),
                    "res_model": model,
                    "res_id": 0,
                }
            )
        )

    # ------------------------------------------------------------------
    # 5.6 — at the deadline, reported done or not
    # ------------------------------------------------------------------
    def test_verification_due_at_the_deadline_without_done_report(self):
        request = self.walk_to(self.new_request(), "implementation")
        deadline = request.date_deadline
        Request = self.env["ctcl.action.request"].with_user(self.leader)
        FollowUp = self.env["ctcl.follow.up"]
        with freeze_time(deadline - timedelta(days=1)):
            FollowUp._cron_follow_up()
            self.assertFalse(self._verification_activities(request))
            self.assertFalse(request.with_user(self.leader).can_verify)
            self.assertNotIn(
                request, Request.search([("is_verification_due", "=", True)])
            )
            with self.assertRaises(UserError):  # not due yet
                request.with_user(self.leader).action_verify("not_done", "Chưa làm")
        with freeze_time(deadline):
            # The daily follow-up gives the verifier one activity, on the deadline.
            FollowUp._cron_follow_up()
            FollowUp._cron_follow_up()
            activity = self._verification_activities(request)
            self.assertEqual(activity.user_id, self.leader)
            self.assertEqual(activity.date_deadline, deadline)
            self.assertIn("Not done", activity.note)
            # Listed under "To verify" (the filter of the menu's action).
            action = self.env.ref("ctcl_quality.ctcl_action_request_action_to_verify")
            self.assertIn("search_default_to_verify", action.context)
            self.assertIn(request, Request.search([("is_verification_due", "=", True)]))
            self.assertNotIn(
                request, Request.search([("is_verification_due", "=", False)])
            )
            self.assertTrue(request.with_user(self.leader).can_verify)
            # Only the leadership verifies, not the implementers or the board.
            for user in (self.staff_b, self.head_b, self.iso_leader, self.secretary):
                with self.subTest(user=user.login), self.assertRaises(AccessError):
                    request.with_user(user).action_verify("achieved", "Đã xong")
                self.assertFalse(request.with_user(user).can_verify)
            request.with_user(self.leader).action_verify(
                "not_done", "Chưa lập sổ theo dõi, không có bằng chứng"
            )
            FollowUp._cron_follow_up()
        self.assertRecordValues(
            request,
            [
                {
                    "state": "to_close",
                    "verification_result": "not_done",
                    "verification_remarks": "Chưa lập sổ theo dõi, không có bằng chứng",
                    "verifier_id": self.leader.id,
                    "verified_by_delegate": False,
                    "done_reported_date": False,
                }
            ],
        )
        # The implementers' activities are over; the ISO board closes it.
        self.assertEqual(self.activity_owners(request), {("closing", self.secretary)})
        self.assertEqual(len(request.followup_ids), 1)

    def test_done_report_after_the_deadline_keeps_one_activity(self):
        request = self.walk_to(self.new_request(), "implementation")
        with freeze_time(request.date_deadline + timedelta(days=2)):
            self.env["ctcl.follow.up"]._cron_follow_up()
            self.assertEqual(len(self._verification_activities(request)), 1)
            self.do_step(request)  # the implementers report it done late
            self.env["ctcl.follow.up"]._cron_follow_up()
            self.assertEqual(request.state, "verification")
            self.assertEqual(
                self._verification_activities(request).user_id, self.leader
            )

    def test_new_deadline_withdraws_the_due_verification(self):
        request = self.walk_to(self.new_request(), "implementation")
        with freeze_time(request.date_deadline):
            self.env["ctcl.follow.up"]._cron_follow_up()
            self.assertTrue(self._verification_activities(request))
            change = (
                self.env["ctcl.action.change"]
                .with_user(self.staff_b)
                .create(
                    {
                        "request_id": request.id,
                        "change_type": "deadline",
                        "description": "Gia hạn",
                        "new_date_deadline": request.date_deadline + timedelta(days=20),
                    }
                )
            )
            change.with_user(self.iso_leader).action_approve()
            self.assertFalse(self._verification_activities(request))
            with self.assertRaises(UserError):
                request.with_user(self.leader).action_verify("not_done", "x")

    # ------------------------------------------------------------------
    # 5.7 — not done or incomplete: a new request for the leadership
    # ------------------------------------------------------------------
    def test_failed_results_open_a_linked_request_with_the_remarks(self):
        risk_free = self.walk_to(
            self.new_request(related_documents="Báo cáo đánh giá số 02/2025"),
            "verification",
        )
        late = self.walk_to(
            self.new_request(request_type="improvement"), "implementation"
        )
        with freeze_time(late.date_deadline):
            for request, result in ((risk_free, "not_achieved"), (late, "not_done")):
                remarks = f"Kết quả {result}: còn 3 hồ sơ trễ hạn"
                request.with_user(self.leader).action_verify(result, remarks)
                followup = request.followup_ids
                unit = request.requesting_department_id
                self.assertRecordValues(
                    followup,
                    [
                        {
                            "state": "assessment",
                            "origin_request_id": request.id,
                            "origin_verification_result": result,
                            "origin_verification_remarks": remarks,
                            "description": request.description,
                            "related_documents": request.related_documents,
                            "request_type": request.request_type,
                            "source_id": self.env.ref(
                                "ctcl_quality.ctcl_source_previous_action"
                            ).id,
                            "requesting_department_id": unit.id,
                            "requester_id": self.leader.id,
                        }
                    ],
                )
                self.assertTrue(
                    followup.message_ids.filtered(lambda m, r=remarks: r in m.body)
                )
                # Sent to the agency leadership for its direction, not the unit head.
                self.assertEqual(
                    self.activity_owners(followup), {("assessment", self.leader)}
                )
                with self.assertRaises(AccessError):
                    followup.with_user(self.head_a).action_forward()
                # The remarks are printed in box 1 of the new request.
                text = self.html_text(
                    "ctcl_quality.action_report_ctcl_action_request", followup
                )
                self.assertIn(f"Mở tiếp theo phiếu số {request.name}", text)
                self.assertIn(remarks, text)
        self.assertEqual(late.verification_result, "not_done")

    def test_achieved_opens_no_request(self):
        request = self.walk_to(self.new_request(), "to_close")
        self.assertFalse(request.followup_ids)

    # ------------------------------------------------------------------
    # 5.7 — box 3: verdict by the verifier, evidence by the ISO board
    # ------------------------------------------------------------------
    def test_verification_dialog_takes_remarks_and_files(self):
        request = self.walk_to(self.new_request(), "verification")
        upload = self._upload(self.leader, "ctcl.action.verify.wizard", "anh-chup.png")
        foreign = self._upload(self.staff_b, "ctcl.action.verify.wizard", "khac.pdf")
        Wizard = self.env["ctcl.action.verify.wizard"].with_user(self.leader)
        values = {
            "request_id": request.id,
            "verification_result": "achieved",
            "verification_remarks": "Đã kiểm tra sổ theo dõi",
        }
        with self.assertRaises(AccessError):  # someone else's upload
            Wizard.create(
                {**values, "attachment_ids": [(6, 0, foreign.ids)]}
            ).action_confirm()
        self.assertEqual(request.state, "verification")
        with self.assertRaises(AccessError):  # the dialog is the leadership's
            self.env["ctcl.action.verify.wizard"].with_user(self.staff_b).create(
                {**values, "attachment_ids": [(6, 0, foreign.ids)]}
            ).action_confirm()
        Wizard.create(
            {**values, "attachment_ids": [(6, 0, upload.ids)]}
        ).action_confirm()
        self.assertRecordValues(
            request,
            [
                {
                    "state": "to_close",
                    "verification_remarks": "Đã kiểm tra sổ theo dõi",
                    "verification_attachment_ids": upload.ids,
                    "verification_evidence": False,
                }
            ],
        )
        self.assertRecordValues(
            upload, [{"res_model": "ctcl.action.request", "res_id": request.id}]
        )
        self.assertIn(upload, request.message_ids.attachment_ids)

    def test_iso_board_closes_with_the_evidence_in_box_3(self):
        request = self.walk_to(self.new_request(), "to_close")
        for user in (self.leader, self.staff_b, self.head_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).action_close("Bằng chứng")
        with self.assertRaises(UserError):  # box 3 needs the evidence
            request.with_user(self.secretary).action_close("  ")
        with self.assertRaises(UserError):  # only the closing writes it
            request.with_user(self.secretary).verification_evidence = "Bằng chứng"
        upload = self._upload(self.secretary, "ctcl.action.close.wizard")
        action = request.with_user(self.secretary).action_open_close_wizard()
        self.assertEqual(action["res_model"], "ctcl.action.close.wizard")
        with self.assertRaises(AccessError):
            request.with_user(self.leader).action_open_close_wizard()
        wizard = (
            self.env["ctcl.action.close.wizard"]
            .with_user(self.secretary)
            .with_context(**action["context"])
            .create(
                {
                    "verification_evidence": "Sổ theo dõi tháng 10-12, 0 hồ sơ trễ hạn",
                    "attachment_ids": [(6, 0, upload.ids)],
                }
            )
        )
        wizard.action_confirm()
        self.assertRecordValues(
            request,
            [
                {
                    "state": "done",
                    "verification_evidence": "Sổ theo dõi tháng 10-12, 0 hồ sơ trễ hạn",
                    "closing_attachment_ids": upload.ids,
                    "closed_by_id": self.secretary.id,
                    "verification_remarks": "Sổ theo dõi tháng 10 và 11",
                    "verifier_id": self.leader.id,
                }
            ],
        )
        self.assertEqual(upload.res_id, request.id)
        # The closed record keeps its evidence files.
        with self.assertRaises(UserError):
            upload.with_user(self.secretary).unlink()

    # ------------------------------------------------------------------
    # 5.6 — "or the person it delegates"
    # ------------------------------------------------------------------
    def test_leadership_delegates_the_verification_of_one_request(self):
        request = self.walk_to(self.new_request(), "implementation")
        other = self.walk_to(self.new_request(), "implementation")
        delegate = self.staff_a1  # unit A1: does not see unit A's requests
        with self.assertRaises(AccessError):
            request.with_user(delegate).read(["description"])
        # Only the leadership names the delegate.
        for user in (self.staff_a, self.iso_leader, self.secretary, self.head_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).verification_delegate_id = delegate
        with self.assertRaises(UserError):  # not when the request is opened
            self.new_request(verification_delegate_id=delegate.id)
        outsider = new_test_user(self.env, login="no_role", groups="base.group_user")
        with self.assertRaises(ValidationError):
            request.with_user(self.leader).verification_delegate_id = outsider
        request.with_user(self.leader).verification_delegate_id = delegate
        self.assertIn(delegate.partner_id, request.message_partner_ids)
        self.assertEqual(request.with_user(delegate).description, request.description)
        with freeze_time(request.date_deadline):
            self.env["ctcl.follow.up"]._cron_follow_up()
            self.assertEqual(self._verification_activities(request).user_id, delegate)
            # The delegate verifies that request and nothing else.
            with self.assertRaises(AccessError):
                other.with_user(delegate).action_verify("achieved", "x")
            with self.assertRaises(AccessError):
                request.with_user(delegate).verification_delegate_id = self.staff_b
            request.with_user(delegate).action_verify(
                "not_achieved", "Mới thực hiện một phần"
            )
        self.assertRecordValues(
            request,
            [
                {
                    "state": "to_close",
                    "verifier_id": delegate.id,
                    "verified_by_delegate": True,
                }
            ],
        )
        # The follow-up goes to the leadership, not to the delegate.
        followup = request.followup_ids
        self.assertEqual(self.activity_owners(followup), {("assessment", self.leader)})
        with self.assertRaises(AccessError):
            followup.with_user(delegate).action_forward()
        with self.assertRaises(AccessError):
            request.with_user(delegate).action_close("x")
        text = self.html_text("ctcl_quality.action_report_ctcl_action_request", request)
        self.assertIn("(Người được ủy quyền)", text)
        self.assertIn(delegate.name, text)

    def test_replaced_delegate_loses_the_request(self):
        request = self.walk_to(self.new_request(), "implementation")
        request.with_user(self.leader).verification_delegate_id = self.staff_a1
        request.with_user(self.leader).verification_delegate_id = self.staff_a
        self.assertNotIn(self.staff_a1.partner_id, request.message_partner_ids)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            request.with_user(self.staff_a1).read(["description"])
        with freeze_time(request.date_deadline), self.assertRaises(AccessError):
            request.with_user(self.staff_a1).action_verify("achieved", "x")

    def test_delegate_never_becomes_an_implementer(self):
        request = self.walk_to(self.new_request(), "board_review")
        request.with_user(self.leader).verification_delegate_id = self.staff_a1
        with self.assertRaises(ValidationError) as caught:
            request.with_user(self.iso_leader).write(
                {
                    "implementing_department_id": self.dept_a1.id,
                    "assignee_id": self.staff_a1.id,
                }
            )
        self.assertIn("on behalf of the agency leadership", str(caught.exception))
        self.assertNotEqual(request.assignee_id, self.staff_a1)

    def test_verification_not_dated_before_it_was_due(self):
        with freeze_time(self.today - timedelta(days=5)):
            request = self.walk_to(self.new_request(), "implementation")
        with freeze_time(self.today - timedelta(days=3)):
            self.walk_to(request, "verification")
        self.assertEqual(request.done_reported_date, self.today - timedelta(days=3))
        with self.assertRaises(ValidationError) as caught:
            request.with_user(self.leader).action_verify(
                "achieved", "Đạt", verification_date=self.today - timedelta(days=4)
            )
        self.assertIn("reported done", str(caught.exception))
        self.assertEqual(request.state, "verification")
        request.with_user(self.leader).action_verify(
            "achieved", "Đạt", verification_date=self.today - timedelta(days=3)
        )
        self.assertEqual(request.state, "to_close")

    def test_step_arguments_checked_by_type(self):
        request = self.walk_to(self.new_request(), "implementation")
        with freeze_time(request.date_deadline):
            for args in (
                (["achieved"], "Đạt"),
                ("achieved", 123),
                ("achieved", "Đạt", None, "zz"),
                ("achieved", "Đạt", None, [2**63]),
            ):
                with self.subTest(args=args), self.assertRaises(UserError):
                    request.with_user(self.leader).action_verify(*args)
        self.assertEqual(request.state, "implementation")
        with freeze_time(request.date_deadline), self.assertRaises(UserError):
            # Named twice, it would be verified (and followed up) twice.
            request.browse([request.id, request.id]).with_user(
                self.leader
            ).action_verify("not_done", "Chưa thực hiện")
        self.assertFalse(request.followup_ids)
        submitted = self.walk_to(self.new_request(), "assessment")
        with self.assertRaises(UserError) as caught:
            submitted.with_user(self.head_a).action_reject_need(["Không cần"])
        self.assertIn("takes a text", str(caught.exception))

    def test_verification_date_checked_as_a_date(self):
        request = self.walk_to(self.new_request(), "implementation")
        with freeze_time(request.date_deadline):
            for value in ("notadate", 20250101, "2025-13-01"):
                with self.subTest(value=value), self.assertRaises(ValidationError):
                    request.with_user(self.leader).action_verify(
                        "achieved", "Đạt", verification_date=value
                    )
        self.assertEqual(request.state, "implementation")

    def test_standing_delegate_named_by_the_leadership(self):
        settings_admin = new_test_user(
            self.env,
            login="settings_admin",
            groups="base.group_system,ctcl_quality.group_ctcl_manager",
            company_id=self.company.id,
        )
        top_admin = new_test_user(
            self.env,
            login="top_admin",
            groups="base.group_system,ctcl_quality.group_ctcl_leadership",
            company_id=self.company.id,
        )
        delegate = self.staff_a1
        Settings = self.env["res.config.settings"]
        with self.assertRaises(AccessError):
            Settings.with_user(settings_admin).create(
                {"ctcl_verification_delegate_id": delegate.id}
            ).execute()
        self.assertFalse(self.company.ctcl_verification_delegate_id)
        # Saving the other settings is not naming a delegate.
        Settings.with_user(settings_admin).create({"ctcl_retention_years": 4}).execute()
        Settings.with_user(top_admin).create(
            {"ctcl_verification_delegate_id": delegate.id}
        ).execute()
        self.assertEqual(self.company.ctcl_verification_delegate_id, delegate)
        draft = self.new_request()
        request = self.walk_to(self.new_request(), "implementation")
        Request = self.env["ctcl.action.request"].with_user(delegate)
        self.assertIn(request, Request.search([]))
        self.assertNotIn(draft, Request.search([]))
        with freeze_time(request.date_deadline):
            self.env["ctcl.follow.up"]._cron_follow_up()
            self.assertEqual(self._verification_activities(request).user_id, delegate)
            with self.assertRaises(AccessError):  # nothing else of the leadership
                request.with_user(delegate).verification_delegate_id = self.staff_b
            request.with_user(delegate).action_verify("achieved", "Đạt yêu cầu")
        self.assertRecordValues(
            request, [{"verifier_id": delegate.id, "verified_by_delegate": True}]
        )
        with self.assertRaises(AccessError):
            request.with_user(delegate).action_close("x")

    # ------------------------------------------------------------------
    # 5.5 — coordination and the ISO board following the request
    # ------------------------------------------------------------------
    def _implemented_with(self, implementers):
        request = self.walk_to(self.new_request(self.staff_b), "approval")
        request.with_user(self.iso_leader).write(
            {
                "implementer_ids": [(6, 0, implementers.ids)],
                "date_deadline": self.today + timedelta(days=60),
            }
        )
        request.with_user(self.iso_leader).action_approve()
        return request

    def test_heads_of_the_implementers_read_the_request(self):
        unrelated = self.walk_to(self.new_request(self.staff_b), "implementation")
        request = self._implemented_with(self.staff_b | self.staff_a1)
        self.env["ctcl.action.progress"].with_user(self.staff_a1).create(
            {"request_id": request.id, "content": "Đơn vị A1 đã rà soát hồ sơ"}
        )
        Request = self.env["ctcl.action.request"].with_user(self.head_a)
        self.assertEqual(
            Request.search([("id", "in", (request | unrelated).ids)]), request
        )
        self.assertEqual(
            request.with_user(self.head_a).progress_ids.content,
            "Đơn vị A1 đã rà soát hồ sơ",
        )
        with self.assertRaises(AccessError):
            unrelated.with_user(self.head_a).read(["description"])
        # Reading is all: the implementers' steps stay theirs.
        with self.assertRaises(AccessError):
            request.with_user(self.head_a).result_summary = "Báo cáo thay"
        # A colleague of the implementer who is not the head does not see it.
        with self.assertRaises(AccessError):
            request.with_user(self.staff_a).read(["description"])

    def test_iso_board_follows_and_receives_the_progress_reports(self):
        request = self.walk_to(self.new_request(), "iso_review")
        self.do_step(request)  # the ISO secretary consolidates it
        self.assertEqual(request.consolidated_by_id, self.secretary)
        self.assertLessEqual(
            (self.secretary | self.iso_leader).partner_id, request.message_partner_ids
        )
        self.walk_to(request, "implementation")
        # The monthly reminder goes to the assignee; the report reaches the board.
        with freeze_time(request.progress_due_date - timedelta(days=2)):
            self.env["ctcl.follow.up"]._cron_follow_up()
            progress = self.env.ref("ctcl_quality.mail_act_ctcl_request_progress")
            self.assertEqual(
                request.activity_ids.filtered(
                    lambda a: a.activity_type_id == progress
                ).user_id,
                self.staff_b,
            )
            self.env["ctcl.action.progress"].with_user(self.staff_b).create(
                {
                    "request_id": request.id,
                    "content": "Hoàn thành 50%",
                    "percent_done": 50,
                }
            )
        message = request.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("ctcl_quality.mt_ctcl_request_progress")
            )
        )
        self.assertEqual(len(message), 1)
        self.assertLessEqual(
            (self.secretary | self.iso_leader).partner_id, message.notified_partner_ids
        )
        # The board receives reports; it does not write them.
        for user in (self.secretary, self.iso_leader):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["ctcl.action.progress"].with_user(user).create(
                    {"request_id": request.id, "content": "x"}
                )
        # Nor post one by hand: the subtype is the workflow's.
        for user in (self.secretary, self.staff_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).message_post(
                    body="Hoàn thành 90%",
                    message_type="comment",
                    subtype_xmlid="ctcl_quality.mt_ctcl_request_progress",
                )
        self.assertEqual(
            self.env["ctcl.action.progress"].search_count(
                [("request_id", "=", request.id)]
            ),
            1,
        )
        self.assertEqual(message.author_id, self.staff_b.partner_id)
