from datetime import datetime

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import ROLE_GROUPS
from .management_review_common import ManagementReviewCase


class TestManagementReviewWorkflow(ManagementReviewCase):
    def owners(self, review):
        return {
            (a.activity_type_id.get_external_id()[a.activity_type_id.id], a.user_id)
            for a in review.activity_ids
        }

    def test_meeting_walk_by_real_roles(self):
        review = self.new_review()
        self.assertRegex(review.name, r"^\d{2}/BB-BCĐ ISO$")
        self.assertEqual(len(review.topic_ids), 7)
        self.assertEqual(review.topic_ids.mapped("code"), list("1234567"))
        self.assertIn(
            ("ctcl_quality.mail_act_ctcl_review_minutes", self.secretary),
            self.owners(review),
        )
        # Minutes need compiled inputs.
        with self.assertRaises(UserError):
            review.with_user(self.secretary).action_record_minutes()
        review.with_user(self.secretary).action_compile_inputs()
        self.add_decisions(review)
        for user in self.all_users - self.secretary:
            with self.assertRaises(AccessError):
                review.with_user(user).action_record_minutes()
        review.with_user(self.secretary).action_record_minutes()
        self.assertEqual(review.state, "recorded")
        self.assertEqual(
            self.owners(review),
            {("ctcl_quality.mail_act_ctcl_review_approve", self.leader)},
        )
        for user in self.all_users - self.leader:
            with self.assertRaises(AccessError):
                review.with_user(user).action_approve_minutes()
        review.with_user(self.leader).action_approve_minutes()
        self.assertRecordValues(
            review, [{"state": "approved", "approved_by_id": self.leader.id}]
        )
        self.assertTrue(review.retention_until)
        for user in self.all_users - self.secretary:
            with self.assertRaises(AccessError):
                review.with_user(user).action_dispatch()
        review.with_user(self.secretary).action_dispatch()
        self.assertEqual(review.state, "dispatched")
        self.assertFalse(review.activity_ids)

    def test_report_walk_by_real_roles(self):
        review = self.new_review("report")
        self.assertRegex(review.name, r"^\d{2}/BC-BCĐ ISO$")
        review.with_user(self.secretary).action_compile_inputs()
        with self.assertRaises(UserError):  # not a step of the report form
            review.with_user(self.secretary).action_record_minutes()
        review.with_user(self.secretary).action_submit_report()
        self.assertEqual(review.state, "report_review")
        for user in self.all_users - self.iso_leader:
            with self.assertRaises(AccessError):
                review.with_user(user).action_approve_report()
        review.with_user(self.iso_leader).action_approve_report()
        self.assertEqual(review.state, "comments")
        owners = self.owners(review)
        self.assertIn(
            ("ctcl_quality.mail_act_ctcl_review_comment", self.leader), owners
        )
        self.assertIn(
            ("ctcl_quality.mail_act_ctcl_review_comment", self.iso_member), owners
        )
        # Comments: top leader and ISO board members only, kept with author/date.
        for user in (self.staff_a, self.head_a, self.auditor, self.secretary):
            with self.assertRaises(AccessError):
                review.with_user(user).action_add_comment("Ý kiến")
        review.with_user(self.leader).action_add_comment("Cần tăng cường số hóa hồ sơ.")
        review.with_user(self.iso_member).action_add_comment("Đồng ý với báo cáo.")
        self.assertRecordValues(
            review.comment_ids,
            [
                {"author_id": self.leader.id, "body": "Cần tăng cường số hóa hồ sơ."},
                {"author_id": self.iso_member.id, "body": "Đồng ý với báo cáo."},
            ],
        )
        self.assertTrue(all(review.comment_ids.mapped("date")))
        self.assertNotIn(
            ("ctcl_quality.mail_act_ctcl_review_comment", self.leader),
            self.owners(review),
        )
        with self.assertRaises(UserError):
            review.comment_ids[0].with_user(self.leader).write({"body": "Sửa"})
        with self.assertRaises(UserError):
            review.comment_ids[0].with_user(self.leader).unlink()
        # The notice needs decisions.
        with self.assertRaises(UserError):
            review.with_user(self.secretary).action_compile_notice()
        self.add_decisions(review)
        for user in self.all_users - self.secretary:
            with self.assertRaises(AccessError):
                review.with_user(user).action_compile_notice()
        review.with_user(self.secretary).action_compile_notice()
        self.assertRegex(review.notice_number, r"^\d{2}/TB-BCĐ ISO$")
        for user in self.all_users - self.iso_leader:
            with self.assertRaises(AccessError):
                review.with_user(user).action_submit_notice()
        review.with_user(self.iso_leader).action_submit_notice()
        for user in self.all_users - self.leader:
            with self.assertRaises(AccessError):
                review.with_user(user).action_approve_notice()
        review.with_user(self.leader).action_approve_notice()
        self.assertEqual(review.state, "approved")
        review.with_user(self.secretary).action_dispatch()
        self.assertEqual(review.state, "dispatched")
        # Sent to every unit: the unit heads follow it and were notified.
        self.assertLessEqual(
            (self.head_a | self.head_b).partner_id, review.message_partner_ids
        )
        self.assertTrue(review.with_user(self.head_b).read(["name"]))

    def test_only_secretary_creates(self):
        for user in (self.staff_a, self.head_a, self.leader, self.iso_leader):
            with self.assertRaises(AccessError):
                self.Review.with_user(user).create(
                    {"title": "X", "date_from": "2025-01-01", "date_to": "2025-12-31"}
                )

    def test_closing_before_opening_refused(self):
        with self.assertRaises(ValidationError):
            self.new_review(meeting_end=datetime(2025, 12, 10, 0, 30))
        review = self.new_review()
        with self.assertRaises(ValidationError):
            review.with_user(self.secretary).write(
                {"meeting_end": datetime(2025, 12, 9, 8, 0)}
            )

    def test_decision_needs_unit_and_deadline(self):
        review = self.new_review()
        for missing in ("department_id", "date_deadline"):
            vals = {
                "description": "Cải tiến",
                "department_id": self.dept_a.id,
                "date_deadline": "2026-03-31",
            }
            vals.pop(missing)
            with self.assertRaises(ValidationError):
                review.with_user(self.secretary).write({"decision_ids": [(0, 0, vals)]})
            self.assertFalse(review.decision_ids)

    def test_approved_review_and_inputs_frozen(self):
        review = self.approved_meeting()
        lines = review.input_ids
        with self.assertRaises(UserError):
            review.with_user(self.secretary).action_compile_inputs()
        with self.assertRaises(UserError):
            review.with_user(self.secretary).write({"place": "Nơi khác"})
        with self.assertRaises(UserError):
            review.with_user(self.secretary).write({"conclusion": "Khác"})
        with self.assertRaises(UserError):
            review.decision_ids[0].with_user(self.secretary).write({"description": "X"})
        with self.assertRaises(UserError):
            review.topic_ids[0].with_user(self.secretary).write({"conclusion": "X"})
        with self.assertRaises(UserError):
            lines[:1].with_user(self.secretary).write({"count": 99})
        with self.assertRaises(UserError):
            review.with_user(self.secretary).write({"input_figures": {}})
        with self.assertRaises(UserError):
            review.with_user(self.leader).write({"state": "draft"})
        self.assertEqual(review.input_ids, lines)
        with self.assertRaises(UserError):
            review.with_user(self.secretary).unlink()

    def test_inputs_locked_even_in_draft(self):
        review = self.new_review()
        review.with_user(self.secretary).action_compile_inputs()
        with self.assertRaises(UserError):
            self.env["ctcl.management.review.input"].with_user(self.secretary).create(
                {"review_id": review.id, "section": "overdue", "label": "X"}
            )
        for user in self.all_users - self.secretary:
            with self.assertRaises(AccessError):
                review.with_user(user).action_compile_inputs()

    def test_chair_must_be_leadership(self):
        with self.assertRaises(ValidationError):
            self.new_review(chair_id=self.iso_member.id)

    def test_chair_is_the_top_leader(self):
        deputy = new_test_user(
            self.env,
            login="deputy",
            groups=ROLE_GROUPS["leadership"],
            company_id=self.company.id,
        )
        with self.assertRaises(ValidationError) as caught:
            self.new_review(chair_id=deputy.id)
        self.assertIn("top leader of the agency", str(caught.exception))
        with self.assertRaises(ValidationError):
            self.new_review(secretary_id=self.leader.id)
        with self.assertRaises(ValidationError):
            self.new_review(chair_id=False, secretary_id=self.leader.id)
        self.assertEqual(self.new_review().chair_id, self.leader)

    def test_staff_sees_only_dispatched(self):
        review = self.approved_meeting()
        self.assertFalse(
            self.Review.with_user(self.staff_a).search([("id", "=", review.id)])
        )
        review.with_user(self.secretary).action_dispatch()
        self.assertTrue(
            self.Review.with_user(self.staff_a).search([("id", "=", review.id)])
        )


class TestManagementReviewAccess(ManagementReviewCase):
    """Raw RPC-style writes that only a workflow step may make are refused."""

    def test_signers_fixed_once_minutes_recorded(self):
        review = self.new_review()
        review.with_user(self.secretary).action_compile_inputs()
        review.with_user(self.secretary).action_record_minutes()
        for vals in ({"chair_id": self.admin_q.id}, {"secretary_id": self.leader.id}):
            with self.assertRaises(UserError):
                review.with_user(self.secretary).write(vals)
        self.assertRecordValues(
            review, [{"chair_id": self.leader.id, "secretary_id": self.secretary.id}]
        )
        # The chair sends the minutes back: the secretary may change them again.
        review.with_user(self.leader).action_back_to_draft()
        review.with_user(self.secretary).write({"secretary_id": self.iso_member.id})
        self.assertEqual(review.secretary_id, self.iso_member)

    def test_workflow_fields_refused_over_rpc(self):
        review = self.new_review()
        for vals in (
            {"approved_by_id": self.secretary.id},
            {"recorded_by_id": self.secretary.id},
            {"notice_number": "99/TB-BCĐ ISO"},
            {"review_form": "report"},
            {"inputs_compiled_date": "2025-12-31 00:00:00"},
        ):
            with self.assertRaises(UserError):
                review.with_user(self.secretary).write(vals)
        with self.assertRaises(UserError):
            self.Review.with_user(self.secretary).create(
                {
                    "title": "X",
                    "date_from": "2025-01-01",
                    "date_to": "2025-12-31",
                    "approved_by_id": self.leader.id,
                }
            )

    def test_decision_request_link_refused_over_rpc(self):
        review = self.approved_meeting()
        review.with_user(self.secretary).action_dispatch()
        request = review.decision_ids[0].request_id
        self.assertTrue(request)
        draft = self.new_review()
        Decision = self.env["ctcl.management.review.decision"]
        with self.assertRaises(UserError):
            Decision.with_user(self.secretary).create(
                {
                    "review_id": draft.id,
                    "description": "Cải tiến",
                    "department_id": self.dept_a.id,
                    "date_deadline": "2026-03-31",
                    "request_id": request.id,
                }
            )
        self.add_decisions(draft)
        with self.assertRaises(UserError):
            draft.decision_ids[0].with_user(self.secretary).write(
                {"request_id": request.id}
            )
        with self.assertRaises(UserError):
            review.with_user(self.secretary).write({"request_ids": [(3, request.id)]})
        self.assertEqual(request.management_review_id, review)

    def test_comment_author_and_date_not_forged(self):
        review = self.new_review("report")
        review.with_user(self.secretary).action_compile_inputs()
        review.with_user(self.secretary).action_submit_report()
        review.with_user(self.iso_leader).action_approve_report()
        Comment = self.env["ctcl.management.review.comment"]
        comment = Comment.with_user(self.iso_member).create(
            {
                "review_id": review.id,
                "body": "Đồng ý.",
                "author_id": self.leader.id,
                "date": "2020-01-01 00:00:00",
            }
        )
        self.assertEqual(comment.author_id, self.iso_member)
        self.assertGreater(comment.date.year, 2020)
        with self.assertRaises(AccessError):
            Comment.with_user(self.secretary).create(
                {"review_id": review.id, "body": "Ý kiến"}
            )
        with self.assertRaises(UserError):
            review.with_user(self.secretary).write(
                {"comment_ids": [(0, 0, {"body": "Ý kiến"})]}
            )

    def test_create_requests_on_nothing(self):
        Review = self.Review.with_user(self.secretary)
        self.assertFalse(Review.browse().action_create_requests())

    def test_comment_button_in_the_header_for_the_commenters(self):
        review = self.new_review("report")
        review.with_user(self.secretary).action_compile_inputs()
        review.with_user(self.secretary).action_submit_report()
        review.with_user(self.iso_leader).action_approve_report()
        action = self.env.ref("ctcl_quality.ctcl_management_review_comment_action_new")
        arch = etree.fromstring(
            self.Review.with_user(self.leader).get_views([(False, "form")])["views"][
                "form"
            ]["arch"]
        )
        buttons = arch.xpath(f"//button[@name='{action.id}']")
        # In the header, where the commenter lands, not in a tab of the notebook.
        self.assertEqual(len(buttons), 1)
        self.assertEqual(buttons[0].getparent().tag, "header")
        self.assertEqual(buttons[0].get("invisible"), "not can_comment")
        for user in (self.leader, self.iso_member):
            self.assertTrue(review.with_user(user).can_comment)
        for user in (self.secretary, self.auditor):
            self.assertFalse(review.with_user(user).can_comment)
        for user in (self.secretary, self.staff_a, self.head_a, self.auditor):
            with self.assertRaises(AccessError):
                review.with_user(user).action_add_comment("Ý kiến")
        # The button opens the comment form of this review for the commenter.
        Comment = self.env["ctcl.management.review.comment"].with_user(self.leader)
        comment = Comment.with_context(default_review_id=review.id).create(
            {"body": "Đồng ý."}
        )
        self.assertRecordValues(
            comment, [{"review_id": review.id, "author_id": self.leader.id}]
        )
