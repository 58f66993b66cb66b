import json
from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from .common import CtclCase
from .management_review_common import ManagementReviewCase
from .nonconformity_common import CtclNonconformityCase
from .quality_objective_common import CtclQualityObjectiveCase


class SignoffMixin:
    def signoffs(self, record):
        return (
            self.env["ctcl.signoff"]
            .sudo()
            .search(
                [("res_model", "=", record._name), ("res_id", "=", record.id)],
                order="id",
            )
        )

    def check(self, user=None, **vals):
        """Run the integrity check of today's sign-offs as ``user``."""
        wizard = (
            self.env["ctcl.signoff.check"]
            .with_user(user or self.auditor)
            .create({"date_from": self.today, "date_to": self.today, **vals})
        )
        wizard.action_check()
        return wizard


class TestSignoffRequest(SignoffMixin, CtclCase):
    def test_walk_to_close_records_chained_signoffs(self):
        request = self.walk_to(self.new_request(), "done")
        lines = self.signoffs(request)
        self.assertEqual(
            lines.mapped("meaning"),
            [
                "submit_request",
                "assess_need",
                "consolidate",
                "assign",
                "propose_measures",
                "approve_measures",
                "report_done",
                "verify_result",
                "close",
            ],
        )
        self.assertEqual(
            [line.user_id for line in lines],
            [
                self.staff_a,
                self.head_a,
                self.secretary,
                self.iso_leader,
                self.staff_b,
                self.iso_leader,
                self.staff_b,
                self.leader,
                self.secretary,
            ],
        )
        self.assertEqual(
            lines.mapped("role"),
            [
                "staff",
                "unit_head",
                "iso_secretary",
                "iso_leader",
                "staff",
                "iso_leader",
                "staff",
                "leadership",
                "iso_secretary",
            ],
        )
        self.assertEqual(lines[-1].to_state, "done")
        self.assertEqual(lines[-1].from_state, "to_close")
        # Each line is linked to the previous one of the document and of the
        # company, its hash is SHA-256 of what it says, and numbers follow.
        previous_hash = ""
        for line in lines:
            self.assertEqual(line.previous_document_hash, previous_hash)
            self.assertRegex(line.hash, r"^[0-9a-f]{64}$")
            self.assertEqual(line.hash, line._ctcl_recomputed_hash())
            self.assertEqual(line.short_hash, line.hash[:12])
            self.assertTrue(line.signed_at_local)
            company_previous = self.env["ctcl.signoff"].search(
                [
                    ("company_id", "=", line.company_id.id),
                    ("sequence", "=", line.sequence - 1),
                ]
            )
            self.assertEqual(line.previous_company_hash, company_previous.hash or "")
            previous_hash = line.hash
        self.assertEqual(len(set(lines.mapped("sequence"))), 9)
        content = json.loads(lines[-1].signed_content)
        self.assertEqual(content["description"], request.description)
        self.assertEqual(content["state"], "done")
        self.assertEqual(content["verifier_id"], self.leader.id)
        self.assertEqual(json.loads(lines[0].signed_content)["state"], "assessment")

    def test_rejection_and_send_back_are_signed(self):
        rejected = self.walk_to(self.new_request(), "assessment")
        rejected.with_user(self.head_a).action_reject_need("Không cần thiết")
        self.assertEqual(
            self.signoffs(rejected).mapped("meaning"), ["submit_request", "reject_need"]
        )
        request = self.walk_to(self.new_request(), "approval")
        request.with_user(self.iso_leader).action_send_back("Bổ sung nguyên nhân")
        self.assertEqual(self.signoffs(request)[-1].meaning, "send_back")

    def test_followup_is_signed_by_the_verifier(self):
        request = self.walk_to(self.new_request(), "verification")
        request.with_user(self.leader).action_verify("not_achieved", "Còn trễ hạn")
        followup = request.followup_ids
        self.assertEqual(len(followup), 1)
        line = self.signoffs(followup)
        self.assertEqual(line.meaning, "submit_request")
        self.assertEqual(line.user_id, self.leader)
        self.assertEqual(line.role, "leadership")

    def test_signoffs_cannot_be_written_deleted_or_created(self):
        request = self.walk_to(self.new_request(), "assessment")
        line = self.signoffs(request)
        admin = self.env.ref("base.user_admin")
        Signoff = self.env["ctcl.signoff"]
        vals = {
            "company_id": self.env.company.id,
            "res_model": request._name,
            "res_id": request.id,
            "user_id": self.leader.id,
            "meaning": "close",
            "signed_at": "2026-01-01 00:00:00",
        }
        for signer in (admin, self.admin_q):
            with self.assertRaises(UserError):
                line.with_user(signer).write({"meaning": "close"})
            # No group may delete a sign-off: the access rights refuse first.
            with self.assertRaises(AccessError):
                line.with_user(signer).unlink()
            with self.assertRaises(UserError):
                Signoff.with_user(signer).create(vals)
            with self.assertRaises(UserError):
                line.with_user(signer).copy()
        with self.assertRaises(UserError):
            line.sudo().write({"hash": "0" * 64})
        with self.assertRaises(UserError):
            line.sudo().unlink()
        with self.assertRaises(UserError):
            Signoff.sudo().create(vals)
        with self.assertRaises(UserError):
            # A token sent over RPC is JSON, never the server's object.
            Signoff.sudo().with_context(ctcl_token="token").create(vals)
        with self.assertRaises(UserError):
            line.sudo().copy()
        self.assertEqual(line.meaning, "submit_request")
        self.assertTrue(line.exists())

    def test_staff_see_their_own_signoffs_auditors_all(self):
        request = self.walk_to(self.new_request(), "iso_review")
        lines = self.signoffs(request)
        Signoff = self.env["ctcl.signoff"]
        domain = [("id", "in", lines.ids)]
        self.assertEqual(Signoff.with_user(self.staff_a).search(domain), lines[0])
        self.assertEqual(Signoff.with_user(self.head_a).search(domain), lines[1])
        self.assertEqual(Signoff.with_user(self.auditor).search(domain), lines)
        self.assertFalse(Signoff.with_user(self.staff_b).search(domain))
        with self.assertRaises(AccessError):
            lines[1].with_user(self.staff_a).read(["hash"])

    def test_check_is_clean_then_flags_exactly_the_changed_record(self):
        tampered = self.walk_to(self.new_request(), "done")
        untouched = self.walk_to(self.new_request(), "done")
        running = self.walk_to(self.new_request(), "implementation")
        wizard = self.check()
        self.assertTrue(wizard.is_clean)
        self.assertFalse(wizard.line_ids)
        self.assertGreaterEqual(wizard.signoff_count, 24)
        self.assertGreaterEqual(wizard.document_count, 3)

        self.env.cr.execute(
            "UPDATE ctcl_action_request SET description = %s WHERE id = %s",
            ["Hồ sơ đã được sửa sau khi đóng", tampered.id],
        )
        self.env.invalidate_all()
        wizard = self.check()
        self.assertFalse(wizard.is_clean)
        self.assertEqual(len(wizard.line_ids), 1)
        finding = wizard.line_ids
        self.assertEqual(finding.kind, "content")
        self.assertEqual(finding.signoff_id, self.signoffs(tampered)[-1])
        self.assertIn(
            tampered._fields["description"].get_description(self.env)["string"],
            finding.details,
        )
        self.assertNotIn(
            untouched.name,
            wizard.line_ids.mapped("res_name"),
        )
        self.assertTrue(running.exists())

    def test_check_flags_altered_lines_and_forged_states(self):
        request = self.walk_to(self.new_request(), "analysis")
        forged = self.walk_to(self.new_request(), "implementation")
        lines = self.signoffs(request)
        self.env.cr.execute(
            "UPDATE ctcl_signoff SET signed_content = %s WHERE id = %s",
            ['{"state":"analysis"}', lines[1].id],
        )
        self.env.cr.execute(
            "UPDATE ctcl_action_request SET state = 'done' WHERE id = %s",
            [forged.id],
        )
        self.env.invalidate_all()
        findings = self.check().line_ids
        self.assertEqual(
            {(f.signoff_id, f.kind) for f in findings},
            {(lines[1], "altered"), (self.signoffs(forged)[-1], "state")},
        )
        # The states as the reader knows them, not their keys.
        self.assertEqual(
            findings.filtered(lambda f: f.kind == "state").details,
            "Signed in “Implementation”, now “Closed”.",
        )

    def test_check_compares_what_was_signed(self):
        """A later version may sign more fields: older sign-offs stay clean."""
        request = self.walk_to(self.new_request(), "done")
        Model = type(request)
        signed_values = Model._ctcl_signed_values

        def with_a_new_field(record):
            return dict(signed_values(record), new_field="not signed before")

        with patch.object(Model, "_ctcl_signed_values", with_a_new_field):
            self.assertTrue(self.check().is_clean)

    def test_check_results_are_the_checks(self):
        # The printed report states a check that ran (attack round).
        Check = self.env["ctcl.signoff.check"].with_user(self.auditor)
        for vals in (
            {"signoff_count": 999},
            {"checked_by_id": self.leader.id},
            {"line_ids": [(0, 0, {"kind": "altered", "details": "Giả mạo"})]},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                Check.create({"date_from": self.today, **vals})
        wizard = self.check()
        self.assertTrue(wizard.is_clean)
        with self.assertRaises(UserError):
            wizard.write({"document_count": 321})
        with self.assertRaises(UserError):
            self.env["ctcl.signoff.check.line"].with_user(self.auditor).create(
                {"check_id": wizard.id, "kind": "altered"}
            )
        # Another period: what was found no longer applies.
        wizard.write({"date_from": self.today - timedelta(days=30)})
        self.assertFalse(wizard.checked_date)
        self.assertFalse(wizard.is_clean)

    def test_check_refused_to_staff(self):
        with self.assertRaises(AccessError):
            self.check(user=self.staff_a)

    def test_check_report_lists_the_finding(self):
        request = self.walk_to(self.new_request(), "done")
        self.env.cr.execute(
            "UPDATE ctcl_action_request SET cause = 'Sửa' WHERE id = %s",
            [request.id],
        )
        self.env.invalidate_all()
        wizard = self.check()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "ctcl_quality.action_report_ctcl_signoff_check", wizard.ids
            )[0]
            .decode()
        )
        self.assertIn(request.name, html)
        self.assertIn(self.signoffs(request)[-1].short_hash, html)

    def test_printed_request_shows_the_short_hashes(self):
        request = self.walk_to(self.new_request(), "done")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "ctcl_quality.action_report_ctcl_action_request", request.ids
            )[0]
            .decode()
        )
        lines = self.signoffs(request)
        for meaning in ("approve_measures", "verify_result"):
            line = lines.filtered(lambda li, m=meaning: li.meaning == m)
            self.assertIn(line.short_hash, html)
        self.assertNotIn(lines[0].short_hash, html)


class TestSignoffNonconformity(SignoffMixin, CtclNonconformityCase):
    def test_decision_and_confirmation_are_signed(self):
        nc = self.new_nc()
        nc.action_report()
        head = nc.with_user(self.head_a)
        head.write({"disposition": "rework", "assignee_id": self.staff_a.id})
        head.action_decide()
        nc.write({"result_note": "Đã trả kết quả"})
        nc.action_report_result()
        head.action_confirm()
        lines = self.signoffs(nc)
        self.assertEqual(
            lines.mapped("meaning"),
            ["report_nc", "decide", "report_handling", "confirm"],
        )
        self.assertEqual(
            [line.user_id for line in lines],
            [self.staff_a, self.head_a, self.staff_a, self.head_a],
        )
        self.assertEqual(lines[1].role, "unit_head")
        self.assertEqual(
            lines[1:].mapped("previous_document_hash"), lines[:-1].mapped("hash")
        )
        self.assertTrue(self.check().is_clean)


class TestSignoffReview(SignoffMixin, ManagementReviewCase):
    def test_minutes_approval_and_dispatch_are_signed(self):
        review = self.approved_meeting()
        review.with_user(self.secretary).action_dispatch()
        lines = self.signoffs(review)
        self.assertEqual(
            lines.mapped("meaning"), ["record_minutes", "approve_minutes", "dispatch"]
        )
        self.assertEqual(lines[1].user_id, self.leader)
        self.assertEqual(lines[1].role, "leadership")
        self.assertTrue(self.check().is_clean)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "ctcl_quality.action_report_ctcl_management_review_minutes", review.ids
            )[0]
            .decode()
        )
        self.assertIn(lines[0].short_hash, html)
        self.assertIn(lines[1].short_hash, html)

    def test_report_and_notice_approvals_are_signed(self):
        review = self.new_review(form="report")
        review.with_user(self.secretary).action_compile_inputs()
        review.with_user(self.secretary).action_submit_report()
        review.with_user(self.iso_leader).action_approve_report()
        review.with_user(self.leader).action_add_comment("Cần số hóa hồ sơ.")
        self.add_decisions(review)
        review.with_user(self.secretary).action_compile_notice()
        review.with_user(self.iso_leader).action_submit_notice()
        review.with_user(self.leader).action_approve_notice()
        self.assertEqual(
            self.signoffs(review).mapped("meaning"),
            [
                "submit_report",
                "approve_report",
                "compile_notice",
                "submit_notice",
                "approve_notice",
            ],
        )
        self.assertTrue(self.check().is_clean)


class TestSignoffPlan(SignoffMixin, CtclQualityObjectiveCase):
    def test_plan_and_report_approvals_are_signed(self):
        plan = self.approve_plan(self.new_plan())
        lines = self.signoffs(plan)
        self.assertEqual(lines.mapped("meaning"), ["submit", "approve"])
        self.assertEqual(lines[1].user_id, self.leader)
        content = json.loads(lines[1].signed_content)
        self.assertEqual(
            [name for _id, name in content["objective_ids.name"]],
            ["Giải quyết hồ sơ TTHC đúng hạn"],
        )
        self.assertTrue(self.check().is_clean)
        self.env.cr.execute(
            "UPDATE ctcl_quality_objective SET target_value = 50 WHERE plan_id = %s",
            [plan.id],
        )
        self.env.invalidate_all()
        finding = self.check().line_ids
        self.assertEqual(finding.signoff_id, lines[1])
        self.assertEqual(finding.kind, "content")

    def test_signed_draft_cannot_be_deleted(self):
        plan = self.new_plan()
        plan.with_user(self.secretary).action_submit()
        plan.with_user(self.leader).action_send_back()
        self.assertEqual(plan.state, "draft")
        # A draft could be deleted; one that was signed is a record.
        with self.assertRaises(UserError):
            plan.sudo().unlink()
        self.assertTrue(plan.exists())
