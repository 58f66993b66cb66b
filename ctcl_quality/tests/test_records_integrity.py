"""What an RPC attack on the records found open, each class closed in one place:
followers of closed records, notices posted by users, renamed evidence, a
second risk table for a unit (also under concurrency), a nonexistent record
in a value, requests filed for another unit and deletions that would empty
the history."""

import base64
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from ..models.ctcl_record_evidence import _SERVER_WORK
from .test_records_evidence import EVIDENCE, CtclEvidenceCase
from .test_risk_register import CtclRiskCase


class CtclIntegrityCase(CtclEvidenceCase):
    def new_call(self):
        """Where the next RPC call of a client starts: the previous ones are
        committed (their commit hooks ran), nothing of them is pending."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.cr.postcommit.data.pop(_SERVER_WORK, None)


class TestFollowersOfClosedRecords(CtclIntegrityCase):
    def test_nobody_removes_the_followers_of_a_closed_request(self):
        request = self.request_at("done")
        followers = request.sudo().message_follower_ids
        self.assertIn(self.staff_a.partner_id, followers.partner_id)
        as_staff = request.with_user(self.staff_a)
        with self.assertRaises(UserError):
            as_staff.message_unsubscribe(partner_ids=self.staff_a.partner_id.ids)
        with self.assertRaises(UserError):
            request.with_user(self.secretary).message_unsubscribe(
                partner_ids=followers.partner_id.ids
            )
        mine = followers.filtered(lambda f: f.partner_id == self.staff_a.partner_id)
        with self.assertRaises(UserError):
            mine.sudo().unlink()
        with self.assertRaises(UserError):
            mine.sudo().write({"partner_id": self.leader.partner_id.id})
        with self.assertRaises(UserError):
            mine.sudo().write({"res_id": self.new_request().id})
        # Through the document's own field: the client may not, the server
        # gets to the followers' guard.
        with self.assertRaises(UserError):
            as_staff.write({"message_follower_ids": [Command.clear()]})
        with self.assertRaises(UserError):
            request.sudo().write({"message_follower_ids": [Command.delete(mine.id)]})
        self.assertEqual(request.sudo().message_follower_ids, followers)
        # What a follower is sent stays theirs.
        mine.sudo().write({"subtype_ids": [Command.clear()]})
        self.assertFalse(mine.subtype_ids)

    def test_nobody_adds_followers_to_a_closed_request(self):
        """Else a follower added there could never be removed again."""
        request = self.request_at("done")
        followers = request.sudo().message_follower_ids
        newcomers = self.all_users.filtered(
            lambda u: (
                u.partner_id not in followers.partner_id
                and request.with_user(u).has_access("read")
            )
        )
        self.assertGreaterEqual(len(newcomers), 2)
        reader, recipient = newcomers[:2]
        with self.assertRaises(UserError):
            request.with_user(reader).message_subscribe(
                partner_ids=reader.partner_id.ids
            )
        with self.assertRaises(UserError):
            request.with_user(self.secretary).message_subscribe(
                partner_ids=recipient.partner_id.ids
            )
        with self.assertRaises(UserError):
            self.env["mail.followers"].create(
                {
                    "res_model": request._name,
                    "res_id": request.id,
                    "partner_id": reader.partner_id.id,
                }
            )
        # A post, even one Odoo's chatter sends to its recipients with
        # "follow", adds neither its author nor them.
        request.with_user(reader).with_context(mail_post_autofollow=True).message_post(
            body="Ý kiến sau khi kết thúc",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=recipient.partner_id.ids,
        )
        self.assertEqual(request.sudo().message_follower_ids, followers)
        self.assertEqual(request.message_ids[0].body, "<p>Ý kiến sau khi kết thúc</p>")
        # On an open request a post still adds its author, as in Odoo.
        open_request = self.request_at("implementation")
        self.assertNotIn(self.leader.partner_id, open_request.message_partner_ids)
        open_request.with_user(self.leader).message_post(
            body="Ý kiến", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertIn(self.leader.partner_id, open_request.message_partner_ids)

    def test_followers_of_an_open_request_or_a_deleted_draft_go(self):
        request = self.request_at("implementation")
        request.with_user(self.staff_a).message_unsubscribe(
            partner_ids=self.staff_a.partner_id.ids
        )
        self.assertNotIn(self.staff_a.partner_id, request.message_partner_ids)
        draft = self.new_request()
        followers = draft.message_follower_ids
        self.assertTrue(followers)
        draft.with_user(self.staff_a).unlink()
        self.assertFalse(followers.exists())


class TestUsersPostNoNotices(CtclIntegrityCase):
    def test_user_posts_comments_and_notes_only(self):
        request = self.request_at("implementation")
        as_staff = request.with_user(self.staff_a)
        for message_type in ("notification", "auto_comment", "email_outgoing"):
            self.new_call()
            with self.assertRaises(AccessError):
                as_staff.message_post(body="Đã phê duyệt", message_type=message_type)
        self.new_call()
        with self.assertRaises(AccessError):  # message_post's default type
            as_staff.message_post(body="Đã phê duyệt")
        self.new_call()
        with self.assertRaises(AccessError):
            self.env["mail.message"].with_user(self.staff_a).create(
                {
                    "model": request._name,
                    "res_id": request.id,
                    "body": "Đã phê duyệt",
                    "message_type": "notification",
                }
            )
        self.new_call()
        # Odoo's own ValueError for a wrong type reaches the user as a message.
        with self.assertRaises(UserError):
            as_staff.message_post(body="x", message_type="user_notification")
        with self.assertRaises(UserError):
            as_staff.message_post(body="x", message_type="comment", partner_ids="1")
        note = as_staff.message_post(
            body="Ghi chú", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(note.author_id, self.staff_a.partner_id)

    def test_no_message_through_the_documents_values(self):
        request = self.request_at("implementation")
        self.new_call()
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).write(
                {
                    "message_ids": [
                        Command.create(
                            {
                                "model": request._name,
                                "body": "Đã đóng",
                                "message_type": "notification",
                            }
                        )
                    ]
                }
            )
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).write(
                {"message_ids": [Command.unlink(self.comment.id)]}
            )
        self.assertEqual(self.comment.res_id, request.id)

    def test_workflow_and_activities_still_post_their_notices(self):
        request = self.walk_to(self.new_request(), "approval")
        self.new_call()
        history = request.sudo().message_ids
        request.with_user(self.iso_leader).action_send_back("Bổ sung nguyên nhân")
        self.assertEqual(request.state, "analysis")
        sent_back = (request.sudo().message_ids - history).filtered(
            lambda m: "Bổ sung nguyên nhân" in m.body
        )
        self.assertEqual(sent_back.message_type, "notification")
        todo = request.with_user(self.staff_a).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.staff_a.id, summary="Lưu"
        )
        self.new_call()
        history = request.sudo().message_ids
        todo.with_user(self.staff_a).action_feedback(feedback="Xong")
        done = request.sudo().message_ids - history
        self.assertEqual(done.subtype_id, self.env.ref("mail.mt_activities"))
        self.assertEqual(done.message_type, "notification")
        self.assertEqual(done.author_id, self.staff_a.partner_id)


class TestUsersPostNoNoticesHttp(HttpCase, CtclIntegrityCase):
    def post(self, request, **post_data):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": request._name,
                "thread_id": request.id,
                "post_data": {"body": "Đã đóng", **post_data},
            },
        )

    @mute_logger("odoo.http")
    def test_chatter_route_posts_comments_only(self):
        request = self.request_at("done")
        history = request.sudo().message_ids
        self.new_call()
        self.authenticate("staff_a", "staff_a")
        with self.assertRaises(JsonRpcException):
            self.post(request, message_type="notification")
        with self.assertRaises(JsonRpcException):
            self.post(request)  # no type: a notification
        with self.assertRaises(JsonRpcException):
            self.post(
                request,
                message_type="comment",
                subtype_xmlid="ctcl_quality.mt_ctcl_request_closed",
            )
        posted = self.post(
            request, message_type="comment", subtype_xmlid="mail.mt_note"
        )
        message = self.env["mail.message"].browse(posted["mail.message"][0]["id"])
        self.assertEqual(message.message_type, "comment")
        self.assertEqual(request.sudo().message_ids - history, message)


class TestEvidenceKeepsItsName(CtclIntegrityCase):
    def test_evidence_of_a_closed_request_is_not_renamed(self):
        request = self.request_at("done")
        as_uploader = self.evidence.with_user(self.staff_b)
        for vals in (
            {"name": "bien-ban-khac.pdf"},
            {"description": "Bản khác"},
            {"mimetype": "text/html"},
        ):
            with self.assertRaises(UserError):
                as_uploader.write(vals)
        with self.assertRaises(UserError):
            self.evidence.sudo().write({"name": "bien-ban-khac.pdf"})
        other = self.env["res.company"].create({"name": "Sở khác"})
        with self.assertRaises(UserError):
            self.evidence.sudo().write({"company_id": other.id})
        # A form sending the same values again changes nothing.
        as_uploader.write({"name": "so-theo-doi.pdf", "res_id": request.id})
        self.assertRecordValues(
            self.evidence,
            [{"name": "so-theo-doi.pdf", "description": False, "raw": EVIDENCE}],
        )

    def test_evidence_renamed_before_closing(self):
        self.request_at("implementation")
        self.evidence.with_user(self.staff_b).write({"name": "so-theo-doi-t10.pdf"})
        self.assertEqual(self.evidence.name, "so-theo-doi-t10.pdf")
        self.evidence.with_user(self.staff_b).write(
            {"datas": base64.b64encode(b"Ban moi")}
        )
        self.assertEqual(self.evidence.raw, b"Ban moi")


class TestNonexistentRecords(CtclIntegrityCase):
    def test_nonexistent_record_is_named_not_a_deletion(self):
        missing = self.env["ctcl.source"].search([], order="id desc", limit=1).id + 1000
        with self.assertRaisesRegex(
            ValidationError, "“Source”: there is no .* with the id"
        ):
            self.new_request(source_id=missing)
        request = self.new_request()
        with self.assertRaisesRegex(ValidationError, "“Requesting unit”"):
            request.with_user(self.staff_a).write(
                {"requesting_department_id": missing + 10**6}
            )
        self.assertEqual(request.requesting_department_id, self.dept_a)
        self.walk_to(request, "assessment")
        with self.assertRaisesRegex(ValidationError, "“Need criteria”"):
            request.with_user(self.head_a).write(
                {"need_criterion_ids": [Command.set([self.criterion.id, missing])]}
            )
        with self.assertRaisesRegex(ValidationError, "“Request”"):
            self.env["ctcl.action.progress"].with_user(self.staff_a).create(
                {"request_id": missing * 1000, "content": "x", "percent_done": 5}
            )

    def test_quick_create_says_what_is_missing(self):
        with self.assertRaisesRegex(UserError, "cannot be created from a name alone"):
            self.env["ctcl.action.request"].with_user(self.staff_a).name_create(
                "Hồ sơ trễ hạn"
            )


class TestRequestsFiledForTheirUnit(CtclIntegrityCase):
    def test_staff_file_for_their_own_unit(self):
        with self.assertRaises(AccessError):
            self.new_request(self.staff_a, requesting_department_id=self.dept_b.id)
        request = self.new_request(self.staff_a)
        with self.assertRaises(AccessError):
            request.with_user(self.staff_a).write(
                {"requesting_department_id": self.dept_b.id}
            )
        self.assertEqual(request.requesting_department_id, self.dept_a)
        # A head for the unit tree they head; the ISO secretary and the
        # internal auditor for any unit.
        self.assertTrue(
            self.new_request(self.head_a, requesting_department_id=self.dept_a1.id)
        )
        with self.assertRaises(AccessError):
            self.new_request(self.head_a, requesting_department_id=self.dept_b.id)
        for user in (self.secretary, self.auditor, self.leader):
            self.assertEqual(
                self.new_request(
                    user, requesting_department_id=self.dept_b.id
                ).requesting_department_id,
                self.dept_b,
            )


class TestHistoryReferencesKept(CtclIntegrityCase):
    def test_partner_following_or_writing_history_is_kept(self):
        request = self.request_at("done")
        outsider = self.env["res.partner"].create(
            {"name": "Người dân", "email": "nguoidan@example.com"}
        )
        request._ctcl_subscribe(outsider)
        with self.assertRaises(UserError):
            outsider.unlink()
        author = self.env["res.partner"].create({"name": "Người gửi"})
        request.sudo().message_post(body="Thư phản ánh", author_id=author.id)
        with self.assertRaises(UserError):
            author.unlink()
        self.assertIn(outsider, request.message_partner_ids)
        # A partner the records do not know goes as before.
        stranger = self.env["res.partner"].create({"name": "Không liên quan"})
        stranger.unlink()
        self.assertFalse(stranger.exists())

    def test_workflow_settings_are_kept(self):
        request = self.request_at("done")
        closed = self.env.ref("ctcl_quality.mt_ctcl_request_closed")
        self.assertIn(closed, request.sudo().message_ids.subtype_id)
        with self.assertRaises(UserError):
            closed.unlink()
        # Unused ones too: the steps find them by their xml ids.
        for xmlid in (
            "ctcl_quality.mt_ctcl_risk_register_state",
            "ctcl_quality.mail_act_ctcl_risk_register_review",
            "ctcl_quality.ctcl_source_risk_analysis",
        ):
            record = self.env.ref(xmlid)
            with self.subTest(xmlid=xmlid), self.assertRaises(UserError):
                record.unlink()
            self.assertTrue(record.exists())


class TestRiskTableUniqueness(CtclRiskCase):
    def test_second_table_of_a_unit_is_a_validation_error(self):
        self.new_register()
        with self.assertRaisesRegex(ValidationError, "already has a risk analysis"):
            self.new_register(user=self.head_a)

    @mute_logger("odoo.sql_db")  # the refused INSERT is logged
    def test_two_tables_of_a_unit_in_one_call(self):
        with self.assertRaisesRegex(ValidationError, "someone saved it at the same"):
            self.Register.with_user(self.head_a).create(
                [{"department_id": self.dept_a.id}, {"department_id": self.dept_a.id}]
            )
        self.assertFalse(self.Register.search([("department_id", "=", self.dept_a.id)]))

    @mute_logger("odoo.sql_db")
    def test_concurrent_second_table_is_a_validation_error(self):
        """The check before the insert cannot see a table another transaction
        is creating: the unique index refuses it, with the same clarity."""
        self.new_register()
        Register = type(self.env["ctcl.risk.register"])
        with (
            patch.object(Register, "_ctcl_check_scope_free", lambda *args: None),
            self.assertRaisesRegex(ValidationError, "someone saved it at the same"),
        ):
            self.new_register(user=self.head_a)
        self.env.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = %s",
            ["ctcl_risk_register_scope_revision_uniq"],
        )
        self.assertTrue(self.env.cr.fetchone())
        self.assertEqual(
            self.Register.search_count([("department_id", "=", self.dept_a.id)]), 1
        )
