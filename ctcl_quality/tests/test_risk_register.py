from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .management_review_common import ManagementReviewCase
from .nonconformity_common import CtclNonconformityCase


class CtclRiskCase(CtclNonconformityCase, ManagementReviewCase):
    """Factories for risk analysis tables (issue 13)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Register = cls.env["ctcl.risk.register"]
        cls.env.company.write(
            {
                "ctcl_risk_medium_from": 5,
                "ctcl_risk_high_from": 10,
                "ctcl_risk_critical_from": 16,
                "ctcl_risk_review_months": 12,
            }
        )
        cls.source_risk = cls.env.ref("ctcl_quality.ctcl_source_risk_analysis")
        cls.serious = cls.env.ref("ctcl_quality.ctcl_need_criterion_serious")

    def risk_vals(self, **vals):
        values = {
            "kind": "risk",
            "name": "Hồ sơ TTHC trả kết quả trễ hạn",
            "process": "Giao đất, cho thuê đất",
            "cause": "Thiếu theo dõi thời hạn giải quyết",
            "consequence": "Người dân khiếu nại, giảm chỉ số hài lòng",
            "likelihood": 4,
            "impact": 3,
            "treatment": "mitigate",
            "residual_likelihood": 2,
            "residual_impact": 3,
            "measure_ids": [
                Command.create(
                    {
                        "name": "Lập sổ theo dõi hạn giải quyết hồ sơ",
                        "owner_id": self.staff_a.id,
                        "date_deadline": date(2025, 6, 30),
                    }
                )
            ],
        }
        values.update(vals)
        return values

    def new_register(self, user=None, department=None, risks=None):
        user = user or self.staff_a
        department = self.dept_a if department is None else department
        return self.Register.with_user(user).create(
            {
                "department_id": department.id,
                "risk_ids": [Command.create(v) for v in (risks or [self.risk_vals()])],
            }
        )

    def approve(self, register, drafter=None, approver=None):
        register.with_user(drafter or self.staff_a).action_submit()
        register.with_user(approver or self.head_a).action_approve()
        return register

    def review_activities(self, register):
        kind = self.env.ref("ctcl_quality.mail_act_ctcl_risk_register_review")
        return register.activity_ids.filtered(lambda a: a.activity_type_id == kind)


class TestRiskRegister(CtclRiskCase):
    def test_level_and_band_at_the_thresholds(self):
        scores = [(1, 4), (5, 1), (3, 3), (5, 2), (5, 3), (4, 4), (5, 5)]
        register = self.new_register(
            risks=[
                self.risk_vals(
                    name=f"Rủi ro {lik}x{imp}",
                    likelihood=lik,
                    impact=imp,
                    residual_likelihood=0,
                    residual_impact=0,
                    measure_ids=[],
                )
                for lik, imp in scores
            ]
        )
        risks = register.risk_ids.sorted("id")
        self.assertEqual(risks.mapped("level"), [4, 5, 9, 10, 15, 16, 25])
        self.assertEqual(
            risks.mapped("band"),
            ["low", "medium", "medium", "high", "high", "critical", "critical"],
        )
        self.assertEqual(set(risks.mapped("residual_level")), {0})
        self.assertEqual(set(risks.mapped("residual_band")), {False})
        self.assertEqual(register.high_count, 4)
        # An open table follows the company's thresholds: moving one re-bands it.
        self.env.company.ctcl_risk_high_from = 9
        self.assertEqual(register.high_from, 9)
        self.assertEqual(risks[2].band, "high")
        self.assertEqual(risks[1].band, "medium")
        risks[0].with_user(self.staff_a).write(
            {"residual_likelihood": 1, "residual_impact": 2}
        )
        self.assertEqual(risks[0].residual_level, 2)
        self.assertEqual(risks[0].residual_band, "low")

    def test_approved_table_keeps_the_bands_it_was_approved_with(self):
        approved = self.approve(self.new_register())
        risk = approved.risk_ids
        self.assertEqual((risk.level, risk.band), (12, "high"))
        revision = approved.with_user(self.staff_a)._ctcl_open_revision(self.staff_a)
        self.env.company.write(
            {"ctcl_risk_high_from": 13, "ctcl_risk_critical_from": 20}
        )
        self.env.flush_all()
        # Evidence: the approved revision is not re-banded; the open one is.
        self.assertEqual(
            (approved.medium_from, approved.high_from, approved.critical_from),
            (5, 10, 16),
        )
        self.assertEqual(risk.band, "high")
        self.assertEqual(
            (revision.high_from, revision.critical_from, revision.risk_ids.band),
            (13, 20, "medium"),
        )
        # A new table starts with the company's bands; nobody sets its own.
        table = self.new_register(department=self.dept_b, user=self.staff_b)
        self.assertEqual(table.high_from, 13)
        with self.assertRaises(UserError):
            table.with_user(self.staff_b).write({"high_from": 25})
        forged = self.Register.with_user(self.staff_a).with_context(
            default_high_from=25
        )
        self.assertEqual(forged.default_get(["high_from"]), {"high_from": 13})

    def test_scales_and_treatment_are_checked(self):
        register = self.new_register()
        risk = register.risk_ids.with_user(self.staff_a)
        with self.assertRaises(ValidationError):
            risk.likelihood = 6
        with self.assertRaises(ValidationError):
            risk.write({"residual_likelihood": 2, "residual_impact": 0})
        with self.assertRaises(ValidationError):
            risk.treatment = "exploit"
        with self.assertRaises(UserError):
            risk.level = 1
        opportunity = self.risk_vals(
            kind="opportunity",
            name="Tiếp nhận hồ sơ trực tuyến toàn trình",
            treatment="exploit",
        )
        register.with_user(self.staff_a).write(
            {"risk_ids": [Command.create(opportunity)]}
        )
        self.assertEqual(len(register.risk_ids), 2)

    def test_unit_table_approved_by_its_head_only(self):
        register = self.new_register()
        with self.assertRaises(AccessError):
            register.with_user(self.staff_b).action_submit()
        register.with_user(self.staff_a).action_submit()
        self.assertEqual(register.state, "submitted")
        for user in (self.staff_a, self.head_b, self.secretary, self.leader):
            with self.assertRaises(AccessError):
                register.with_user(user).action_approve()
        register.with_user(self.head_a).action_approve()
        self.assertRecordValues(
            register,
            [
                {
                    "state": "approved",
                    "approved_by_id": self.head_a.id,
                    "submitted_by_id": self.staff_a.id,
                    "is_current": True,
                    "revision": 1,
                    "reviewed_date": self.today,
                }
            ],
        )
        self.assertTrue(register.retention_until)
        self.assertTrue(register._ctcl_signoff_for("approve"))
        with self.assertRaises(UserError):
            register.with_user(self.head_a).action_approve()
        with self.assertRaises(UserError):
            register.with_user(self.secretary).unlink()

    def test_agency_table_drafted_by_iso_board_approved_by_top_leader(self):
        with self.assertRaises(AccessError):
            self.new_register(user=self.staff_a, department=self.Register.department_id)
        register = self.new_register(
            user=self.secretary, department=self.Register.department_id
        )
        self.assertEqual(register.scope_name, self.company.name)
        register.with_user(self.iso_member).action_submit()
        for user in (self.head_a, self.iso_leader, self.secretary):
            with self.assertRaises(AccessError):
                register.with_user(user).action_approve()
        register.with_user(self.leader).action_approve()
        self.assertEqual(register.approved_by_id, self.leader)

    def test_one_table_per_unit_and_unit_isolation(self):
        register = self.new_register()
        with self.assertRaises(ValidationError):
            self.new_register(user=self.head_a)
        with self.assertRaises(AccessError):
            self.new_register(user=self.staff_b, department=self.dept_a1)
        self.assertFalse(
            self.Register.with_user(self.staff_b).search([("id", "=", register.id)])
        )
        with self.assertRaises(AccessError):
            register.with_user(self.staff_b).read(["name"])
        with self.assertRaises(AccessError):
            register.risk_ids.with_user(self.staff_b).read(["name"])
        # Heads see their unit tree; the ISO board and auditors all tables.
        for user in (self.head_a, self.auditor, self.iso_member, self.leader):
            self.assertEqual(
                self.Register.with_user(user).search([("id", "=", register.id)]),
                register,
            )
        self.assertFalse(
            self.Register.with_user(self.head_b).search([("id", "=", register.id)])
        )

    def test_revision_keeps_the_approved_one_read_only(self):
        register = self.approve(self.new_register())
        risk = register.risk_ids
        with self.assertRaises(UserError):
            register.with_user(self.staff_a).note = "Sửa sau phê duyệt"
        with self.assertRaises(UserError):
            risk.with_user(self.staff_a).likelihood = 1
        with self.assertRaises(UserError):
            risk.measure_ids.with_user(self.staff_a).name = "Biện pháp khác"
        with self.assertRaises(UserError):
            self.env["ctcl.risk"].with_user(self.staff_a).create(
                self.risk_vals(register_id=register.id, measure_ids=[])
            )
        with self.assertRaises(AccessError):
            register.with_user(self.staff_b).action_revise()
        action = register.with_user(self.staff_a).action_revise()
        revision = self.Register.browse(action["res_id"])
        self.assertRecordValues(
            revision,
            [
                {
                    "state": "draft",
                    "revision": 2,
                    "previous_revision_id": register.id,
                    "department_id": self.dept_a.id,
                    "drafter_id": self.staff_a.id,
                }
            ],
        )
        self.assertEqual(revision.risk_ids.previous_risk_id, risk)
        self.assertEqual(revision.risk_ids.level, risk.level)
        self.assertEqual(revision.risk_ids.measure_ids.name, risk.measure_ids.name)
        # Revising again opens the same draft.
        again = register.with_user(self.head_a).action_revise()
        self.assertEqual(again["res_id"], revision.id)
        revision.risk_ids.with_user(self.staff_a).write(
            {"likelihood": 2, "residual_likelihood": 1}
        )
        self.approve(revision)
        self.assertFalse(register.is_current)
        self.assertTrue(revision.is_current)
        # The first revision stays as approved, printable and kept.
        self.assertEqual(register.state, "approved")
        self.assertEqual(risk.likelihood, 4)
        self.assertEqual(register.risk_ids, risk)
        with self.assertRaises(UserError):
            register.with_user(self.staff_a).action_revise()
        with self.assertRaises(UserError):
            revision.with_user(self.staff_a).department_id = self.dept_a1

    def test_review_reminder_after_the_period(self):
        with freeze_time("2026-01-10"):
            register = self.approve(self.new_register())
        self.assertEqual(register.review_due_date, date(2027, 1, 10))
        FollowUp = self.env["ctcl.follow.up"]
        with freeze_time("2027-01-09"):
            FollowUp._cron_follow_up()
            self.assertFalse(self.review_activities(register))
        with freeze_time("2027-01-12"):
            FollowUp._cron_follow_up()
            FollowUp._cron_follow_up()
            reminders = self.review_activities(register)
            self.assertEqual(reminders.user_id, self.head_a)
            self.assertEqual(len(reminders), 1)
            with self.assertRaises(AccessError):
                register.with_user(self.staff_a).action_confirm_review()
            register.with_user(self.head_a).action_confirm_review()
            self.assertFalse(self.review_activities(register))
            self.assertEqual(register.reviewed_date, date(2027, 1, 12))
            self.assertEqual(register.review_due_date, date(2028, 1, 12))
            self.assertFalse(register.review_reminded)
        # A shorter period from the settings brings the next reminder forward.
        self.env.company.ctcl_risk_review_months = 6
        self.assertEqual(register.review_due_date, date(2027, 7, 12))
        with freeze_time("2027-07-12"):
            FollowUp._cron_follow_up()
            self.assertEqual(len(self.review_activities(register)), 1)

    def test_nonconformity_and_request_name_their_risk(self):
        register = self.approve(self.new_register())
        risk = register.risk_ids
        nc = self.new_nc(risk_id=risk.id)
        request = self.new_request(risk_id=risk.id)
        self.assertEqual(risk.nonconformity_ids, nc)
        self.assertEqual(risk.request_ids, request)
        self.assertEqual(risk.with_user(self.staff_a).nonconformity_count, 1)
        self.assertEqual(request.risk_level, 12)
        self.assertEqual(request.risk_band, "high")
        # Part of the first box: set while it may be edited, then kept.
        nc.with_user(self.staff_a).risk_id = False
        nc.with_user(self.staff_a).risk_id = risk
        nc.with_user(self.staff_a).action_report()
        with self.assertRaises(AccessError):
            nc.with_user(self.staff_a).risk_id = False
        self.do_step(request)
        self.do_step(request)
        self.assertEqual(request.state, "iso_review")
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).risk_id = False
        with self.assertRaises(UserError):
            risk.with_user(self.admin_q).unlink()

    def test_request_from_a_measure_gets_the_risk_source(self):
        register = self.approve(self.new_register())
        measure = register.risk_ids.measure_ids
        with self.assertRaises(AccessError):
            measure.with_user(self.staff_b).action_create_request()
        action = measure.with_user(self.staff_a).action_create_request()
        request = self.env["ctcl.action.request"].browse(action["res_id"])
        self.assertRecordValues(
            request,
            [
                {
                    "source_id": self.source_risk.id,
                    "risk_id": register.risk_ids.id,
                    "request_type": "improvement",
                    "requesting_department_id": self.dept_a.id,
                    "requester_id": self.staff_a.id,
                    "state": "draft",
                }
            ],
        )
        self.assertIn(measure.name, request.description)
        self.assertEqual(measure.request_id, request)
        with self.assertRaises(UserError):
            measure.with_user(self.staff_a).action_create_request()
        with self.assertRaises(UserError):
            measure.with_user(self.staff_a).write({"request_id": False})
        measure.with_user(self.staff_a).action_mark_done()
        self.assertEqual(measure.done_by_id, self.staff_a)
        with self.assertRaises(UserError):
            measure.with_user(self.staff_a).action_mark_done()

    def test_draft_measure_opens_no_request(self):
        register = self.new_register()
        with self.assertRaises(UserError):
            register.risk_ids.measure_ids.with_user(
                self.staff_a
            ).action_create_request()

    def test_serious_consequences_proposed_for_a_high_risk(self):
        register = self.approve(
            self.new_register(
                risks=[
                    self.risk_vals(name="Cháy rừng phát hiện chậm", impact=5),
                    self.risk_vals(name="Sai sót nhỏ", likelihood=1, impact=2),
                ]
            )
        )
        high = register.risk_ids.filtered(lambda r: r.band == "critical")
        low = register.risk_ids.filtered(lambda r: r.band == "low")
        request = self.new_request(risk_id=low.id)
        self.assertFalse(request.proposed_criterion_ids)
        request.with_user(self.staff_a).action_submit()
        self.assertEqual(request.state, "assessment")
        with Form(request.with_user(self.head_a)) as form:
            form.risk_id = high
            self.assertIn(self.serious, form.need_criterion_ids)
        self.assertIn(self.serious, request.need_criterion_ids)
        request.with_user(self.head_a).need_criterion_ids = self.criterion
        self.assertEqual(request.proposed_criterion_ids, self.serious)
        with self.assertRaises(AccessError):
            request.with_user(self.staff_a).action_apply_proposed_criteria()
        request.with_user(self.head_a).action_apply_proposed_criteria()
        self.assertEqual(request.need_criterion_ids, self.criterion | self.serious)
        self.assertFalse(request.proposed_criterion_ids)

    def test_context_defaults_cannot_forge_state_or_approver(self):
        forged = {
            "default_state": "approved",
            "default_approved_by_id": self.head_a.id,
            "default_approved_date": "2025-01-01",
            "default_revision": 7,
            "default_reviewed_date": "2025-01-01",
        }
        register = (
            self.Register.with_user(self.staff_a)
            .with_context(**forged)
            .create({"department_id": self.dept_a.id})
        )
        self.assertRecordValues(
            register,
            [
                {
                    "state": "draft",
                    "approved_by_id": False,
                    "approved_date": False,
                    "revision": 1,
                    "reviewed_date": False,
                    "retention_until": False,
                }
            ],
        )
        with self.assertRaises(UserError):
            self.Register.with_user(self.staff_a).create(
                {"department_id": self.dept_b.id, "approved_by_id": self.head_b.id}
            )
        with self.assertRaises(UserError):
            register.with_user(self.staff_a).write({"state": "approved"})
        measure_ctx = {"default_done_date": "2025-01-01"}
        register.with_user(self.staff_a).write(
            {"risk_ids": [Command.create(self.risk_vals())]}
        )
        measure = (
            self.env["ctcl.risk.measure"]
            .with_user(self.staff_a)
            .with_context(**measure_ctx)
            .create({"risk_id": register.risk_ids.id, "name": "Tập huấn cán bộ"})
        )
        self.assertFalse(measure.done_date)

    def test_printout_has_the_vietnamese_heading(self):
        self.load_vietnamese()
        register = self.approve(self.new_register())
        text = self.html_text("ctcl_quality.report_ctcl_risk_register", register)
        self.assertIn("BẢNG PHÂN TÍCH RỦI RO VÀ CƠ HỘI", text)
        self.assertIn("UNIT A", text)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)
        self.assertIn("Hồ sơ TTHC trả kết quả trễ hạn", text)
        self.assertIn("Lập sổ theo dõi hạn giải quyết hồ sơ", text)
        self.assertIn(self.head_a.name, text)
        # The bands it was approved with, under the table.
        self.assertIn("10–15", text)

    def test_review_inputs_and_risk_table_update_decision(self):
        with freeze_time("2025-02-01"):
            register = self.approve(self.new_register())
        risk = register.risk_ids
        with freeze_time("2025-06-20"):
            risk.measure_ids.with_user(self.staff_a).action_mark_done()
            self.new_nc(risk_id=risk.id, date=date(2025, 6, 20))
        with freeze_time("2025-09-01"):
            revision = self.Register.browse(
                register.with_user(self.staff_a).action_revise()["res_id"]
            )
            revision.risk_ids.with_user(self.staff_a).write(
                {
                    "residual_likelihood": 1,
                    "measure_ids": [
                        Command.create(
                            {
                                "name": "Số hóa hồ sơ địa chính",
                                "owner_id": self.staff_a.id,
                                "date_deadline": date(2025, 10, 31),
                            }
                        )
                    ],
                }
            )
            self.approve(revision)
        with freeze_time("2025-12-05"):
            review = self.new_review()
            review.with_user(self.secretary).action_compile_inputs()
        figures = review.input_figures
        self.assertEqual(figures["risk_measures_due"], 2)
        self.assertEqual(figures["risk_measures_done"], 1)
        self.assertEqual(figures["risk_measures_overdue"], 1)
        self.assertEqual(figures["risk_level_down"], 1)
        self.assertEqual(figures["risk_level_up"], 0)
        self.assertEqual(figures["risk_nc_realised"], 1)
        rows = review.input_ids
        change = rows.filtered(lambda r: r.section == "risk_change")
        self.assertEqual((change.count, change.total), (3, 6))
        realised = rows.filtered(lambda r: r.section == "risk_realised")
        self.assertEqual((realised.label, realised.count), (risk.name, 1))

        # A decision to update the table opens one revision for the head.
        self.add_decisions(review)
        decision = review.decision_ids.filtered(
            lambda d: d.department_id == self.dept_a
        )
        decision.with_user(self.secretary).risk_update = True
        with self.assertRaises(UserError):
            decision.with_user(self.secretary).risk_register_id = revision
        review.with_user(self.secretary).action_record_minutes()
        review.with_user(self.leader).action_approve_minutes()
        review.with_user(self.secretary).action_dispatch()
        opened = decision.risk_register_id
        self.assertRecordValues(
            opened,
            [
                {
                    "state": "draft",
                    "revision": 3,
                    "previous_revision_id": revision.id,
                    "drafter_id": self.head_a.id,
                }
            ],
        )
        self.assertIn(
            self.head_a,
            opened.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("ctcl_quality.mail_act_ctcl_risk_register_draft")
                )
            ).user_id,
        )
        review.with_user(self.secretary).action_create_requests()
        self.assertEqual(
            self.Register.search_count([("previous_revision_id", "=", revision.id)]),
            1,
        )
        # The next review lists whether the update was done.
        with freeze_time("2026-12-05"):
            nxt = self.new_review(
                title="Xem xét của lãnh đạo năm 2026",
                date_from=date(2026, 1, 1),
                date_to=date(2026, 12, 31),
                meeting_start=datetime(2026, 12, 10, 1, 0),
                meeting_end=datetime(2026, 12, 10, 4, 0),
            )
            nxt.with_user(self.secretary).action_compile_inputs()
        update = nxt.input_ids.filtered(lambda r: r.section == "risk_update")
        self.assertEqual((update.label, update.count), (self.dept_a.name, 0))

    def test_recurring_nonconformity_proposes_a_higher_likelihood(self):
        register = self.approve(self.new_register())
        risk = register.risk_ids
        self.assertFalse(risk.proposed_likelihood)
        for _i in range(3):
            self.new_nc()
        nc = self.new_nc(risk_id=risk.id)
        self.assertTrue(nc.is_recurring)
        self.assertEqual(risk.proposed_likelihood, 5)
        # The table is told once the record is reported (a draft is its finder's).
        nc.with_user(self.staff_a).action_report()
        proposal = register.message_ids.filtered(
            lambda m: nc.name in (m.body or "") and risk.name in (m.body or "")
        )
        self.assertEqual(len(proposal), 1)
        self.assertIn(self.head_a.partner_id, proposal.partner_ids)
        # The revision being drafted carries the proposal on.
        revision = self.Register.browse(
            register.with_user(self.staff_a).action_revise()["res_id"]
        )
        self.assertEqual(revision.risk_ids.proposed_likelihood, 5)
        revision.risk_ids.with_user(self.staff_a).likelihood = 5
        self.assertFalse(revision.risk_ids.proposed_likelihood)

    def test_staff_drafts_the_table_in_the_form(self):
        with Form(self.Register.with_user(self.staff_a)) as form:
            form.department_id = self.dept_a
            with form.risk_ids.new() as line:
                line.kind = "opportunity"
                line.name = "Tiếp nhận hồ sơ trực tuyến toàn trình"
                line.process = "Đăng ký biến động đất đai"
                line.likelihood = 3
                line.impact = 4
                line.treatment = "exploit"
                with line.measure_ids.new() as measure:
                    measure.name = "Hướng dẫn người dân nộp hồ sơ trực tuyến"
                    measure.owner_id = self.staff_a
        register = form.record
        self.assertEqual(register.risk_ids.level, 12)
        self.assertEqual(register.risk_ids.band, "high")
        self.assertEqual(register.drafter_id, self.staff_a)
        self.assertEqual(
            register.activity_ids.activity_type_id,
            self.env.ref("ctcl_quality.mail_act_ctcl_risk_register_draft"),
        )
        register.with_user(self.staff_a).action_submit()
        self.assertEqual(register.activity_ids.user_id, self.head_a)
        self.assertTrue(register.with_user(self.head_a).can_approve)
        self.assertFalse(register.with_user(self.staff_a).can_approve)

    def test_review_printout_lists_the_risk_actions(self):
        self.load_vietnamese()
        register = self.approve(self.new_register())
        risk = register.risk_ids
        self.new_nc(risk_id=risk.id, date=date(2025, 5, 2))
        review = self.new_review("report")
        review.with_user(self.secretary).action_compile_inputs()
        text = self.html_text(
            "ctcl_quality.action_report_ctcl_management_review_operating", review
        )
        self.assertIn("Unit A", text)
        self.assertIn(risk.name, text)

    def test_owner_in_another_unit_follows_up_the_measure(self):
        register = self.approve(
            self.new_register(
                risks=[
                    self.risk_vals(
                        measure_ids=[
                            Command.create(
                                {
                                    "name": "Phối hợp kiểm tra hiện trường",
                                    "owner_id": self.staff_b.id,
                                    "date_deadline": date(2025, 6, 30),
                                }
                            )
                        ]
                    )
                ]
            )
        )
        measure = register.risk_ids.measure_ids
        Measure = self.env["ctcl.risk.measure"].with_user(self.staff_b)
        self.assertEqual(Measure.search([("id", "=", measure.id)]), measure)
        with self.assertRaises(AccessError):
            register.with_user(self.staff_b).read(["name"])
        action = measure.with_user(self.staff_b).action_create_request()
        request = self.env["ctcl.action.request"].browse(action["res_id"])
        self.assertEqual(request.requester_id, self.staff_b)
        self.assertEqual(request.requesting_department_id, self.dept_a)
        measure.with_user(self.staff_b).action_mark_done()
        self.assertTrue(measure.done_date)
        with self.assertRaises(AccessError):
            measure.with_user(self.staff_a1).action_mark_done()

    def test_draft_with_linked_lines_is_not_deleted(self):
        register = self.new_register()
        self.new_nc(risk_id=register.risk_ids.id)
        with self.assertRaises(UserError):
            register.with_user(self.staff_a).unlink()
        self.assertTrue(register.exists())
        other = self.new_register(user=self.staff_b, department=self.dept_b)
        other.with_user(self.staff_b).unlink()
        self.assertFalse(other.exists())
