from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .quality_objective_common import CtclQualityObjectiveCase


class TestQualityPlanRevision(CtclQualityObjectiveCase):
    """QT.CTCL 5.9: quality objectives are communicated and updated."""

    def _approved_unit_plan(self):
        plan = self.new_plan(department=self.dept_a)
        plan.with_user(self.head_a).drafter_id = self.staff_a
        plan.with_user(self.staff_a).action_submit()
        plan.with_user(self.head_a).action_approve()
        return plan

    def _revise(self, plan, approver, drafter, **objective_vals):
        plan.with_user(approver).action_reopen("Bổ sung chỉ tiêu theo chỉ đạo của tỉnh")
        if objective_vals:
            plan.objective_ids[:1].with_user(drafter).write(objective_vals)
        plan.with_user(drafter).action_submit()
        plan.with_user(approver).action_approve()
        return plan

    # ------------------------------------------------------------------
    def test_only_the_approver_reopens_with_a_reason(self):
        plan = self._approved_unit_plan()
        for user in (self.staff_a, self.head_b, self.secretary, self.leader):
            with self.assertRaises(AccessError):
                plan.with_user(user).action_reopen("Cập nhật")
        wizard = (
            self.env["ctcl.quality.plan.reopen.wizard"]
            .with_user(self.staff_a)
            .create({"plan_ids": plan.ids, "reason": "Cập nhật"})
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        with self.assertRaises(UserError):
            plan.with_user(self.head_a).action_reopen("   ")
        self.assertFalse(plan.with_user(self.staff_a).can_reopen)
        self.assertTrue(plan.with_user(self.head_a).can_reopen)
        # The state, the revision and its reason are the workflow's, not RPC's.
        with self.assertRaises(UserError):
            plan.with_user(self.head_a).write({"revision": 1})
        with self.assertRaises(UserError):
            plan.with_user(self.head_a).write({"revision_reason": "Khác"})
        wizard = (
            self.env["ctcl.quality.plan.reopen.wizard"]
            .with_user(self.head_a)
            .create({"plan_ids": plan.ids, "reason": "Bổ sung chỉ tiêu chuyển đổi số"})
        )
        wizard.action_confirm()
        self.assertRecordValues(
            plan,
            [
                {
                    "state": "draft",
                    "revision": 1,
                    "revision_reason": "Bổ sung chỉ tiêu chuyển đổi số",
                    "reopened_by_id": self.head_a.id,
                    "approved_by_id": False,
                }
            ],
        )
        # The approved plan is kept as revision 0, in force meanwhile.
        self.assertRecordValues(
            plan.revision_ids,
            [{"revision": 0, "approved_by_id": self.head_a.id, "is_current": True}],
        )
        self.assertFalse(plan.is_overdue)
        # The drafter is asked to draft the revision.
        draft = self.env.ref("ctcl_quality.mail_act_ctcl_quality_plan_draft")
        self.assertEqual(
            plan.activity_ids.filtered(lambda a: a.activity_type_id == draft).user_id,
            self.staff_a,
        )

    def test_agency_plan_reopened_by_the_top_leader(self):
        plan = self.approve_plan(self.new_plan())
        for user in (self.secretary, self.iso_leader, self.head_a, self.admin_q):
            with self.assertRaises(AccessError):
                plan.with_user(user).action_reopen("Cập nhật")
        plan.with_user(self.leader).action_reopen("Cập nhật theo kết luận XXLĐ")
        self.assertRecordValues(plan, [{"state": "draft", "revision": 1}])

    def test_revision_goes_through_the_same_approval(self):
        plan = self._approved_unit_plan()
        plan.with_user(self.head_a).action_reopen("Nâng chỉ tiêu đúng hạn")
        objective = plan.objective_ids
        # Only the drafter (or the head) edits the revision.
        with self.assertRaises(AccessError):
            objective.with_user(self.staff_a1).target_value = 99.0
        objective.with_user(self.staff_a).target_value = 99.0
        # The unit and the year stay those the plan was approved for.
        with self.assertRaises(UserError):
            plan.with_user(self.head_a).year = self.YEAR + 1
        with self.assertRaises(UserError):
            plan.with_user(self.head_a).department_id = self.dept_b
        with self.assertRaises(AccessError):
            plan.with_user(self.staff_a1).action_submit()
        plan.with_user(self.staff_a).action_submit()
        for user in (self.staff_a, self.head_b, self.leader, self.secretary):
            with self.assertRaises(AccessError):
                plan.with_user(user).action_approve()
        plan.with_user(self.head_a).action_approve()
        self.assertRecordValues(
            plan,
            [{"state": "approved", "revision": 1, "approved_by_id": self.head_a.id}],
        )
        old, new = plan.revision_ids.sorted("revision")
        self.assertEqual(plan.revision_id, new)
        self.assertRecordValues(
            old | new,
            [
                {
                    "revision": 0,
                    "is_current": False,
                    "reason": False,
                    "approved_by_id": self.head_a.id,
                },
                {
                    "revision": 1,
                    "is_current": True,
                    "reason": "Nâng chỉ tiêu đúng hạn",
                    "approved_by_id": self.head_a.id,
                },
            ],
        )
        # Each revision keeps the objectives as they were approved.
        self.assertEqual(old.line_ids.target_value, 98.0)
        self.assertEqual(new.line_ids.target_value, 99.0)
        self.assertEqual(old.line_ids.policy_commitment, self.commitment.name)
        # A revision restarts the retention from its approval; both are kept.
        self.assertEqual(new.retention_until, plan.retention_until)
        self.assertTrue(old.retention_until)

    def test_sign_offs_of_every_revision_stay_consistent(self):
        plan = self._revise(
            self._approved_unit_plan(), self.head_a, self.staff_a, target_value=99.0
        )
        signoffs = (
            self.env["ctcl.signoff"]
            .sudo()
            .search([("res_model", "=", plan._name), ("res_id", "=", plan.id)])
            .sorted("id")
        )
        self.assertEqual(
            signoffs.mapped("meaning"),
            ["submit", "approve", "reopen", "submit", "approve"],
        )
        self.assertEqual(
            set(plan.revision_ids.mapped("signoff_hash")),
            set(signoffs.filtered(lambda s: s.meaning == "approve").mapped("hash")),
        )
        issues = self.env["ctcl.signoff"]._ctcl_integrity_issues(self.company)
        self.assertEqual(issues, [])

    def test_approved_revisions_are_never_rewritten_nor_deleted(self):
        plan = self._revise(
            self._approved_unit_plan(), self.head_a, self.staff_a, target_value=99.0
        )
        old = plan.revision_ids.sorted("revision")[0]
        for user in (self.admin_q, self.head_a):
            with self.assertRaises(UserError):
                old.with_user(user).write({"reason": "Sửa lịch sử"})
        with self.assertRaises(UserError):
            old.sudo().write({"reason": "Sửa lịch sử"})
        with self.assertRaises(UserError):
            old.line_ids.sudo().write({"target_value": 50.0})
        with self.assertRaises(UserError):
            old.sudo().unlink()
        with self.assertRaises(UserError):
            old.line_ids.sudo().unlink()
        with self.assertRaises(UserError):
            old.sudo().copy()
        with self.assertRaises(UserError):
            self.env["ctcl.quality.plan.revision"].sudo().create(
                {"plan_id": plan.id, "revision": 5, "company_id": self.company.id}
            )
        # The plan that holds them is a kept record too.
        with self.assertRaises(UserError):
            plan.with_user(self.admin_q).unlink()
        plan.with_user(self.head_a).action_reopen("Lần sửa đổi thứ hai")
        with self.assertRaises(UserError):
            plan.with_user(self.head_a).unlink()
        self.assertRecordValues(
            old, [{"reason": False, "revision": 0, "approved_by_id": self.head_a.id}]
        )
        self.assertEqual(old.line_ids.target_value, 98.0)

    def test_history_read_like_the_plan(self):
        plan = self._revise(self._approved_unit_plan(), self.head_a, self.staff_a)
        Revision = self.env["ctcl.quality.plan.revision"]
        for user in (self.staff_a, self.head_a, self.auditor):
            self.assertEqual(
                Revision.with_user(user).search([("plan_id", "=", plan.id)]),
                plan.revision_ids,
            )
        self.assertFalse(
            Revision.with_user(self.staff_b).search([("plan_id", "=", plan.id)])
        )
        with self.assertRaises(AccessError):
            plan.revision_ids.line_ids.with_user(self.staff_b).read(["name"])

    def test_monitoring_goes_on_during_a_revision(self):
        plan = self._approved_unit_plan()
        kept = plan.objective_ids
        self.measure(kept, 97.0, user=self.staff_a, date=f"{self.YEAR}-03-31")
        plan.with_user(self.head_a).action_reopen("Bổ sung mục tiêu")
        # The approved revision stays in force: its objectives are measured.
        self.measure(kept, 98.5, user=self.staff_a, date=f"{self.YEAR}-04-30")
        added = (
            self.env["ctcl.quality.objective"]
            .with_user(self.staff_a)
            .create(dict(self.objective_vals(name="Số hóa hồ sơ"), plan_id=plan.id))
        )
        self.assertFalse(added.in_force)
        with self.assertRaises(UserError):
            self.measure(added, 50.0, user=self.staff_a)
        with self.assertRaises(AccessError):
            self.measure(kept, 99.0, user=self.staff_b)
        # A measured objective leaves the plan archived, never deleted.
        with self.assertRaises(UserError):
            kept.with_user(self.staff_a).unlink()
        kept.with_user(self.staff_a).active = False
        with self.assertRaises(UserError):
            self.measure(kept, 99.0, user=self.staff_a)
        plan.with_user(self.staff_a).action_submit()
        plan.with_user(self.head_a).action_approve()
        self.assertTrue(added.in_force)
        self.measure(added, 60.0, user=self.staff_a)
        old, new = plan.revision_ids.sorted("revision")
        self.assertEqual(old.line_ids.name, kept.name)
        self.assertEqual(new.line_ids.name, "Số hóa hồ sơ")
        self.assertEqual(len(kept.measurement_ids), 2)

    def test_no_revision_once_the_year_is_evaluated(self):
        plan = self._approved_unit_plan()
        plan.with_user(self.staff_a).action_create_report()
        with self.assertRaisesRegex(UserError, "achievement report"):
            plan.with_user(self.head_a).action_reopen("Cập nhật")
        self.assertFalse(plan.with_user(self.head_a).can_reopen)
        self.assertEqual(plan.state, "approved")

    def test_revision_is_not_reminded_of_30_01(self):
        plan = self._approved_unit_plan()
        with freeze_time(f"{self.YEAR}-06-01"):
            plan.with_user(self.head_a).action_reopen("Cập nhật giữa năm")
            self.env["ctcl.follow.up"]._cron_follow_up()
            self.assertFalse(plan.is_overdue)
        deadline = self.env.ref("ctcl_quality.mail_act_ctcl_quality_plan_deadline")
        self.assertFalse(
            plan.activity_ids.filtered(lambda a: a.activity_type_id == deadline)
        )

    # ------------------------------------------------------------------
    # Communicated: the approval is notified to the people it concerns
    # ------------------------------------------------------------------
    def _approval_message(self, plan):
        return plan.message_ids.filtered(
            lambda m: m.message_type == "comment" and "in force" in (m.body or "")
        )

    def test_unit_plan_approval_notified_to_the_unit_staff(self):
        plan = self._approved_unit_plan()
        [message] = self._approval_message(plan)
        self.assertIn(self.staff_a.partner_id, message.partner_ids)
        self.assertNotIn(self.staff_b.partner_id, message.partner_ids)
        self.assertNotIn(self.head_b.partner_id, message.partner_ids)
        self.assertIn(
            self.staff_a.partner_id,
            message.notification_ids.res_partner_id,
        )
        # A revision is communicated again, with its reason.
        self._revise(plan, self.head_a, self.staff_a, target_value=99.0)
        latest = self._approval_message(plan).sorted("id")[-1]
        self.assertIn("Revision 1", latest.body)
        self.assertIn("Bổ sung chỉ tiêu theo chỉ đạo của tỉnh", latest.body)
        self.assertIn(self.staff_a.partner_id, latest.notification_ids.res_partner_id)

    def test_agency_plan_approval_notified_to_every_unit(self):
        plan = self.approve_plan(self.new_plan())
        [message] = self._approval_message(plan)
        self.assertLessEqual(
            (
                self.staff_a | self.staff_a1 | self.staff_b | self.head_a | self.head_b
            ).partner_id,
            message.partner_ids,
        )
        self.assertLessEqual(
            (self.staff_a | self.staff_b).partner_id,
            message.notification_ids.res_partner_id,
        )
        # Not before approval: a submitted plan is not communicated.
        draft = self.new_plan(year=self.YEAR + 1)
        draft.with_user(self.secretary).action_submit()
        self.assertFalse(self._approval_message(draft))

    # ------------------------------------------------------------------
    # Consistent with the quality policy
    # ------------------------------------------------------------------
    def test_each_objective_names_a_policy_commitment(self):
        plan = self.new_plan(
            department=self.dept_a,
            objectives=[self.objective_vals(policy_commitment_id=False)],
        )
        with self.assertRaises(AccessError):
            plan.with_user(self.staff_b).action_submit()
        with self.assertRaisesRegex(UserError, "commitment"):
            plan.with_user(self.head_a).action_submit()
        plan.objective_ids.with_user(self.head_a).policy_commitment_id = self.commitment
        plan.with_user(self.head_a).action_submit()
        # A commitment withdrawn from the policy meanwhile: not approved.
        self.commitment.with_user(self.admin_q).active = False
        with self.assertRaises(AccessError):
            plan.with_user(self.head_b).action_approve()
        with self.assertRaisesRegex(UserError, "no longer a commitment"):
            plan.with_user(self.head_a).action_approve()
        self.commitment.with_user(self.admin_q).active = True
        plan.with_user(self.head_a).action_approve()
        self.assertEqual(plan.state, "approved")

    def test_commitments_are_configured_by_the_administrator(self):
        Commitment = self.env["ctcl.quality.commitment"]
        for user in (self.staff_a, self.head_a, self.secretary, self.leader):
            with self.assertRaises(AccessError):
                Commitment.with_user(user).create({"name": "Cam kết khác"})
            with self.assertRaises(AccessError):
                self.commitment.with_user(user).name = "Cam kết khác"
        own = Commitment.with_user(self.admin_q).create(
            {"name": "Ứng dụng chuyển đổi số", "company_id": self.company.id}
        )
        self.assertIn(own, Commitment.with_user(self.staff_a).search([]))
        # A commitment an objective serves is archived, not deleted.
        self.approve_plan(self.new_plan())
        with self.assertRaises(UserError):
            self.commitment.with_user(self.admin_q).unlink()
        # Another agency's commitment is not this agency's policy.
        other = self.env["res.company"].create({"name": "Other agency"})
        foreign = Commitment.create({"name": "Cam kết khác", "company_id": other.id})
        plan = self.new_plan(year=self.YEAR + 1, objectives=[])
        with self.assertRaises(UserError):
            self.env["ctcl.quality.objective"].with_user(self.secretary).create(
                dict(
                    self.objective_vals(policy_commitment_id=foreign.id),
                    plan_id=plan.id,
                )
            )
