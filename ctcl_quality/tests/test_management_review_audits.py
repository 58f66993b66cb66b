from datetime import date, datetime

from odoo.exceptions import AccessError, UserError, ValidationError

from .management_review_common import ManagementReviewCase


class TestManagementReviewAudits(ManagementReviewCase):
    """QT.CTCL 5.8: the review is held after the periodic internal audits, and
    records the round(s) it follows."""

    def test_rounds_recorded_by_secretary_or_auditor(self):
        for user in (
            self.staff_a,
            self.head_a,
            self.iso_member,
            self.iso_leader,
            self.leader,
            self.admin_q,
        ):
            with self.assertRaises(AccessError):
                self.new_audit(user=user)
        by_auditor = self.new_audit(user=self.auditor)
        by_secretary = self.new_audit(user=self.secretary, name="Đợt 2")
        self.assertRecordValues(
            by_auditor | by_secretary,
            [{"year": 2025, "finding_count": 7, "followed": False}] * 2,
        )
        # Everybody of the agency reads them.
        self.assertTrue(by_auditor.with_user(self.staff_a).read(["name"]))
        with self.assertRaises(AccessError):
            by_auditor.with_user(self.head_a).write({"finding_count": 8})
        with self.assertRaises(ValidationError):
            self.new_audit(scope="  ")
        with self.assertRaises(ValidationError):
            self.new_audit(finding_count=-1)

    def test_review_records_the_rounds_it_follows(self):
        audit = self.new_audit(date=date(2025, 11, 20))
        other_year = self.new_audit(name="Năm trước", date=date(2024, 11, 20))
        review = self.new_review(audit_ids=[])
        # Proposed when the period is set: the rounds of the period no approved
        # review has followed yet.
        proposed = self.Review.with_user(self.secretary).new(
            {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)}
        )
        self.assertEqual(proposed.audit_ids._origin, audit)
        self.assertNotIn(other_year, proposed.audit_ids._origin)
        review.with_user(self.secretary).action_compile_inputs()
        with self.assertRaises(UserError):
            review.with_user(self.secretary).action_record_minutes()
        for user in (self.head_a, self.auditor, self.leader, self.iso_leader):
            with self.assertRaises(AccessError):
                review.with_user(user).write({"audit_ids": [(6, 0, audit.ids)]})
        # A review follows the audits: not one held after the meeting.
        late = self.new_audit(name="Sau cuộc họp", date=date(2025, 12, 11))
        with self.assertRaises(ValidationError):
            review.with_user(self.secretary).write({"audit_ids": [(4, late.id)]})
        # Nor can a round it follows be moved after it.
        review.with_user(self.secretary).write({"audit_ids": [(4, audit.id)]})
        with self.assertRaises(ValidationError):
            audit.with_user(self.auditor).write({"date": date(2025, 12, 20)})
        self.assertEqual(audit.date, date(2025, 11, 20))
        with self.assertRaises(UserError):
            audit.with_user(self.secretary).action_archive()
        # The workflow's messages are its own, on audit rounds too.
        with self.assertRaises(AccessError):
            audit.with_user(self.secretary).message_post(
                body="x", subtype_xmlid="ctcl_quality.mt_ctcl_review_state"
            )
        review.with_user(self.secretary).write({"audit_ids": [(6, 0, audit.ids)]})
        review.with_user(self.secretary).action_record_minutes()
        self.assertFalse(audit.followed)
        file = (
            self.env["ir.attachment"]
            .with_user(self.auditor)
            .create(
                {
                    "name": "bao-cao-danh-gia.pdf",
                    "raw": b"%PDF-1.4",
                    "res_model": audit._name,
                    "res_id": audit.id,
                }
            )
        )
        review.with_user(self.leader).action_approve_minutes()
        self.assertTrue(audit.followed)
        # Its chatter and its files are kept with it (attack round of issue 9).
        log = audit.message_ids[-1]
        with self.assertRaises(UserError):
            log.with_user(self.auditor).unlink()
        with self.assertRaises(UserError):
            log.with_user(self.secretary).write({"body": "Sửa lại"})
        with self.assertRaises(AccessError):
            audit.with_user(self.auditor).message_post(
                body="x", author_id=self.leader.partner_id.id
            )
        with self.assertRaises(UserError):
            file.with_user(self.secretary).unlink()
        self.assertTrue(log.exists() and file.exists())
        self.assertEqual(
            self.Audit.search(
                [("followed", "=", True), ("id", "in", (audit | late).ids)]
            ),
            audit,
        )
        # Once followed by an approved review, the round is kept as it was.
        with self.assertRaises(UserError):
            audit.with_user(self.auditor).write({"finding_count": 9})
        with self.assertRaises(UserError):
            audit.with_user(self.secretary).unlink()
        with self.assertRaises(UserError):
            review.with_user(self.secretary).write({"audit_ids": [(5, 0, 0)]})
        self.assertEqual(review.audit_ids, audit)
        # A round named by a review is not deleted, even before its approval.
        draft = self.new_review(
            meeting_start=datetime(2025, 12, 12, 1, 0),
            meeting_end=datetime(2025, 12, 12, 3, 0),
            audit_ids=[(6, 0, late.ids)],
        )
        with self.assertRaises(UserError) as refusal:
            late.with_user(self.secretary).unlink()
        self.assertEqual(draft.audit_ids, late)
        # ... nor archived: the refusal does not send the user there.
        self.assertIn(draft.display_name, str(refusal.exception))
        self.assertNotIn("Archive", str(refusal.exception))
        with self.assertRaises(UserError):
            late.with_user(self.secretary).action_archive()
        self.assertTrue(late.active)

    def test_report_form_follows_the_audits_too(self):
        review = self.new_review("report", audit_ids=[])
        review.with_user(self.secretary).action_compile_inputs()
        with self.assertRaises(UserError):
            review.with_user(self.secretary).action_submit_report()
        audit = self.new_audit(user=self.auditor)
        review.with_user(self.secretary).write({"audit_ids": [(4, audit.id)]})
        review.with_user(self.secretary).action_submit_report()
        self.assertEqual(review.state, "report_review")
        # The audits are part of the inputs shown and printed.
        html = review.with_user(self.secretary).inputs_html
        self.assertIn("Internal audit rounds followed", html)
        self.assertIn(audit.report_reference, html)
