import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from ..models.ctcl_record_evidence import QTCTCL_DOCUMENTS
from .common import CtclCase

EVIDENCE = b"So theo doi thang 10 va 11"


class CtclEvidenceCase(CtclCase):
    """A request walked to a state, with the history and files it gathered."""

    def request_at(self, state):
        request = self.new_request()
        self.env.cr.precommit.run()  # tracking messages are written at commit
        self.walk_to(request, "implementation")
        self.evidence = (
            self.env["ir.attachment"]
            .with_user(self.staff_b)
            .create(
                {
                    "name": "so-theo-doi.pdf",
                    "raw": EVIDENCE,
                    "res_model": request._name,
                    "res_id": request.id,
                }
            )
        )
        self.comment = request.with_user(self.staff_a).message_post(
            body="Đơn vị đã gửi bổ sung hồ sơ.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.walk_to(request, state)
        self.env.cr.precommit.run()
        return request

    def tracking_message(self, request):
        return request.sudo().message_ids.filtered("tracking_value_ids")[:1]


class TestRecordsEvidence(CtclEvidenceCase):
    def test_no_mass_mail_written_on_a_record(self):
        # Odoo writes mass mails as superuser: any author, kept for good.
        request = self.request_at("done")
        messages = request.sudo().message_ids
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.staff_a)
            .create(
                {
                    "composition_mode": "mass_mail",
                    "model": request._name,
                    "res_ids": str(request.ids),
                    "subject": "Phê duyệt",
                    "body": "<p>Giám đốc: đã phê duyệt</p>",
                    "author_id": self.leader.partner_id.id,
                    "email_from": "giamdoc@example.com",
                }
            )
        )
        with self.assertRaises(AccessError):
            composer.action_send_mail()
        self.assertEqual(request.sudo().message_ids, messages)

    def test_message_of_closed_record_keeps_its_place_and_readers(self):
        request = self.request_at("done")
        message = self.tracking_message(request)
        other = (request.sudo().message_ids - message.parent_id - message)[-1]
        for vals in (
            {"is_internal": not message.is_internal},
            {"partner_ids": [(4, self.head_b.partner_id.id)]},
            {"parent_id": other.id},
            {"record_name": "Giả mạo"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                message.with_user(self.staff_a).write(vals)
        self.assertNotEqual(message.record_name, "Giả mạo")

    def test_documents_are_the_quality_records_with_a_chatter(self):
        # Every QT.CTCL model with a chatter keeps it as evidence: the
        # workflow documents, the objectives and the audit rounds.
        self.assertEqual(
            QTCTCL_DOCUMENTS,
            {
                name
                for name, model in self.env.registry.items()
                if name.startswith("ctcl.")
                and not model._abstract
                and not model._transient
                and "message_ids" in model._fields
            },
        )
        self.assertIn("ctcl.management.review.audit", QTCTCL_DOCUMENTS)

    def test_tracking_message_of_closed_request_stays(self):
        request = self.request_at("done")
        message = self.tracking_message(request)
        self.assertTrue(message)
        with self.assertRaises(UserError):
            message.with_user(self.staff_a).unlink()
        with self.assertRaises(UserError):
            message.with_user(self.staff_a).write({"body": "Đã đóng"})
        with self.assertRaises(UserError):
            message.with_user(self.staff_a).write(
                {"author_id": self.leader.partner_id.id}
            )
        with self.assertRaises(UserError):
            message.tracking_value_ids.sudo().write({"new_value_char": "Nháp"})
        with self.assertRaises(UserError):
            message.tracking_value_ids.sudo().unlink()
        self.assertTrue(message.exists())
        self.assertTrue(message.tracking_value_ids)
        # Stars, reactions and pins are the reader's, not the record's.
        mine = message.with_user(self.staff_a)
        mine.toggle_message_starred()
        # sudo: as the reaction route does.
        message.sudo()._message_reaction(
            "👍", "add", self.staff_a.partner_id, self.env["mail.guest"]
        )
        message.sudo().write({"pinned_at": False})
        self.assertIn(self.staff_a.partner_id, message.starred_partner_ids)
        self.assertEqual(len(message.reaction_ids), 1)

    def test_admin_and_superuser_cannot_delete_history(self):
        request = self.new_request()
        self.env.cr.precommit.run()  # tracking messages are written at commit
        self.walk_to(request, "assessment")
        self.env.cr.precommit.run()
        message = self.tracking_message(request)
        self.assertTrue(message)
        admin = self.env.ref("base.user_admin")
        with self.assertRaises(UserError):
            message.with_user(admin).unlink()
        with self.assertRaises(UserError):
            message.sudo().unlink()
        with self.assertRaises(UserError):
            message.sudo().write({"date": "2020-01-01 00:00:00"})
        self.assertTrue(message.exists())

    def test_evidence_file_of_closed_request_stays(self):
        request = self.request_at("done")
        with self.assertRaises(UserError):
            self.evidence.with_user(self.staff_b).unlink()
        with self.assertRaises(UserError):
            self.evidence.with_user(self.staff_b).write({"raw": b"Ban khac"})
        with self.assertRaises(UserError):
            self.evidence.with_user(self.staff_b).write(
                {"datas": base64.b64encode(b"Ban khac")}
            )
        with self.assertRaises(UserError):
            self.evidence.sudo().write({"res_id": self.new_request().id})
        with self.assertRaises(UserError):
            self.evidence.sudo().unlink()
        # Its name is part of it; moving it to another storage keeps it.
        with self.assertRaises(UserError):
            self.evidence.with_user(self.staff_b).write({"name": "so-theo-doi-t10.pdf"})
        self.evidence.sudo().write({"raw": EVIDENCE, "name": "so-theo-doi.pdf"})
        self.assertEqual(self.evidence.raw, EVIDENCE)
        self.assertEqual(self.evidence.name, "so-theo-doi.pdf")
        self.assertEqual(self.evidence.res_id, request.id)

    def test_closed_request_takes_new_comments_and_files_only(self):
        request = self.request_at("done")
        message = request.with_user(self.staff_a).message_post(
            body="Bổ sung biên bản kiểm tra.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=[("bien-ban.txt", b"Bien ban")],
        )
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.staff_a)
            .create(
                {
                    "name": "anh-chup.png",
                    "raw": b"PNG",
                    "res_model": request._name,
                    "res_id": request.id,
                }
            )
        )
        self.assertEqual(message.attachment_ids.res_id, request.id)
        with self.assertRaises(UserError):
            message.with_user(self.staff_a).write({"body": "Sửa lại"})
        with self.assertRaises(UserError):
            request.with_user(self.staff_a)._message_update_content(
                message, body="", attachment_ids=[]
            )
        with self.assertRaises(UserError):
            message.attachment_ids.with_user(self.staff_a).unlink()
        with self.assertRaises(UserError):
            attachment.with_user(self.staff_a).unlink()
        self.assertTrue(message.attachment_ids.exists())

    def test_comment_edited_by_its_author_before_closing_only(self):
        request = self.request_at("implementation")
        comment = self.comment
        with self.assertRaises(AccessError):
            comment.with_user(self.staff_b).write({"body": "Sửa bởi người khác"})
        with self.assertRaises(AccessError):
            comment.with_user(self.admin_q).unlink()
        with self.assertRaises(AccessError):
            comment.with_env(self.env).sudo().unlink()
        request.with_user(self.staff_a)._message_update_content(
            comment, body="Đơn vị đã gửi bổ sung hồ sơ lần 2."
        )
        self.assertIn("lần 2", comment.body)
        self.walk_to(request, "done")
        with self.assertRaises(UserError):
            comment.with_user(self.staff_a).write({"body": "Sửa sau khi đóng"})
        with self.assertRaises(UserError):
            comment.with_user(self.staff_a).unlink()

    def test_evidence_file_deleted_by_uploader_or_editor_before_closing(self):
        request = self.request_at("implementation")
        with self.assertRaises(AccessError):
            self.evidence.with_user(self.staff_a).unlink()
        spare = self.evidence.with_user(self.staff_a).copy({"name": "ban-nhap.pdf"})
        # staff_b implements the request: they may edit it at this step.
        spare.with_user(self.staff_b).unlink()
        self.evidence.with_user(self.staff_b).unlink()
        self.assertFalse(self.evidence.exists())
        self.assertEqual(request.state, "implementation")

    def test_nobody_posts_in_someone_elses_name(self):
        request = self.request_at("implementation")
        director = self.leader.partner_id.id
        with self.assertRaises(AccessError):
            request.with_user(self.staff_a).message_post(
                body="Đồng ý", message_type="comment", author_id=director
            )
        with self.assertRaises(AccessError):
            self.env["mail.message"].with_user(self.staff_a).create(
                {
                    "model": request._name,
                    "res_id": request.id,
                    "body": "Đồng ý",
                    "message_type": "comment",
                    "author_id": director,
                }
            )
        own = request.with_user(self.staff_a).message_post(
            body="Ý kiến của tôi", message_type="comment"
        )
        self.assertEqual(own.author_id, self.staff_a.partner_id)
        # Server code (here as superuser) still posts for someone else.
        on_behalf = request.sudo().message_post(body="Ý kiến", author_id=director)
        self.assertEqual(on_behalf.author_id.id, director)

    def test_nobody_forges_history_in_a_message(self):
        """Fake state tracking, a backdated message or a workflow subtype."""
        request = self.request_at("implementation")
        state_field = self.env["ir.model.fields"]._get(request._name, "state")
        fake_tracking = [
            (
                0,
                0,
                {
                    "field_id": state_field.id,
                    "old_value_char": "Implementation",
                    "new_value_char": "Closed",
                },
            )
        ]
        as_staff = request.with_user(self.staff_a)
        with self.assertRaises(AccessError):
            as_staff.message_post(body="x", tracking_value_ids=fake_tracking)
        with self.assertRaises(AccessError):
            as_staff.message_post(body="Đã đóng", date="2020-01-01 08:00:00")
        with self.assertRaises(AccessError):
            as_staff.message_post(
                body="Đã đóng", subtype_xmlid="ctcl_quality.mt_ctcl_request_closed"
            )
        # A plain comment or note is still the user's to post.
        note = as_staff.message_post(body="Ghi chú", subtype_xmlid="mail.mt_note")
        self.assertEqual(note.author_id, self.staff_a.partner_id)

    def test_own_comment_keeps_its_author_date_and_type(self):
        request = self.request_at("implementation")
        comment = self.comment.with_user(self.staff_a)
        closing = self.env.ref("ctcl_quality.mt_ctcl_request_closed")
        for vals in (
            {"author_id": self.leader.partner_id.id},
            {"date": "2020-01-01 08:00:00"},
            {"subtype_id": closing.id},
            {"message_type": "notification"},
            {"email_from": "Giám đốc <giamdoc@example.com>"},
            {"res_id": self.new_request().id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                comment.write(vals)
        self.assertEqual(comment.author_id, self.staff_a.partner_id)
        self.assertEqual(comment.message_type, "comment")
        self.assertEqual(comment.res_id, request.id)
        comment.write({"body": "Đã bổ sung hồ sơ."})
        self.assertIn("Đã bổ sung", comment.body)

    def test_no_message_moved_onto_a_record(self):
        request = self.request_at("done")
        closing = self.env.ref("ctcl_quality.mt_ctcl_request_closed")
        stray = (
            self.env["mail.message"]
            .with_user(self.admin_q)
            .create({"body": "Đã đóng", "message_type": "comment"})
        )
        with self.assertRaises(UserError):
            stray.with_user(self.admin_q).write(
                {"model": request._name, "res_id": request.id, "subtype_id": closing.id}
            )
        self.assertFalse(stray.model)
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).message_post(body="x", parent_id="abc")
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).message_post(body="x", subtype_xmlid=["x"])

    def test_context_defaults_forge_no_message(self):
        request = self.request_at("implementation")
        closing = self.env.ref("ctcl_quality.mt_ctcl_request_closed")
        vals = {
            "model": request._name,
            "res_id": request.id,
            "body": "Đã đóng",
            "message_type": "comment",
        }
        Message = self.env["mail.message"].with_user(self.staff_a)
        # (A notice typed by a context key is refused over RPC: see the HTTP
        # class; here the test's transaction runs the workflow's code.)
        for key, value in (
            ("default_subtype_id", closing.id),
            ("default_date", "2020-01-01 08:00:00"),
            ("default_author_id", self.leader.partner_id.id),
        ):
            with self.subTest(key=key), self.assertRaises(AccessError):
                Message.with_context(**{key: value}).create(
                    {k: v for k, v in vals.items() if k != key[8:]}
                )
        with self.assertRaises(AccessError):
            Message.create({**vals, "subtype_id": str(closing.id)})
        for odd in (1.5, [closing.id], "mt_ctcl"):
            with self.subTest(subtype=odd), self.assertRaises(UserError):
                Message.create({**vals, "subtype_id": odd})
        # The workflow's subtypes are refused on records of other models too.
        with self.assertRaises(AccessError):
            Message.create(
                {
                    "model": "hr.department",
                    "res_id": self.dept_a.id,
                    "body": "Đã đóng",
                    "subtype_id": closing.id,
                }
            )

    def test_followers_of_other_units_records_are_hidden(self):
        request = self.new_request()  # a draft of unit A, followed by staff_a
        Followers = self.env["mail.followers"]
        domain = [("res_model", "=", request._name), ("res_id", "=", request.id)]
        followers = Followers.search(domain)
        self.assertEqual(followers.partner_id, self.staff_a.partner_id)
        self.assertEqual(Followers.with_user(self.staff_b).search_read(domain), [])
        with self.assertRaises(AccessError):
            followers.with_user(self.staff_b).read(["partner_id"])
        self.assertEqual(len(Followers.with_user(self.staff_a).search_read(domain)), 1)
        self.assertEqual(
            request.with_user(self.staff_a).message_follower_ids, followers
        )

    def test_deleting_a_draft_takes_its_history_along(self):
        request = self.new_request()
        self.env.cr.precommit.run()
        messages = request.sudo().message_ids
        self.assertTrue(messages)
        request.with_user(self.staff_a).unlink()
        self.assertFalse(messages.exists())


class TestRecordsEvidenceHttp(HttpCase, CtclEvidenceCase):
    def call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    @mute_logger("odoo.http")
    def test_comment_of_closed_request_not_rewritten_over_http(self):
        request = self.request_at("done")
        self.authenticate("staff_a", "staff_a")
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/update_content",
                {"message_id": self.comment.id, "body": "Sửa", "attachment_ids": []},
            )
        message = self.tracking_message(request)
        with self.assertRaises(JsonRpcException):
            self.call_kw("mail.message", "write", [message.ids, {"body": "Sửa"}])
        with self.assertRaises(JsonRpcException):
            self.call_kw("mail.message", "unlink", [message.ids])
        self.assertIn("bổ sung hồ sơ", self.comment.body)
        self.assertTrue(message.exists())

    @mute_logger("odoo.http")
    def test_admin_cannot_rewrite_a_comment_over_http(self):
        self.request_at("implementation")
        self.authenticate("admin", "admin")
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/update_content",
                {"message_id": self.comment.id, "body": "", "attachment_ids": []},
            )
        self.assertIn("bổ sung hồ sơ", self.comment.body)
        self.authenticate("staff_a", "staff_a")
        self.make_jsonrpc_request(
            "/mail/message/update_content",
            {"message_id": self.comment.id, "body": "Đã sửa", "attachment_ids": []},
        )
        self.assertIn("Đã sửa", self.comment.body)

    @mute_logger("odoo.http")
    def test_notice_typed_by_a_context_key_refused_over_rpc(self):
        request = self.request_at("implementation")
        self.authenticate("staff_a", "staff_a")
        vals = {"model": request._name, "res_id": request.id, "body": "Đã đóng"}
        with self.assertRaises(JsonRpcException) as caught:
            self.call_kw(
                "mail.message",
                "create",
                [vals],
                {"context": {"default_message_type": "notification"}},
            )
        self.assertIn("AccessError", str(caught.exception))
        self.assertFalse(
            request.message_ids.filtered(lambda m: m.body and "Đã đóng" in m.body)
        )

    @mute_logger("odoo.http")
    def test_workflow_subtype_refused_by_the_chatter_on_any_record(self):
        self.request_at("implementation")
        self.authenticate("staff_a", "staff_a")
        for subtype in ("ctcl_quality.mt_ctcl_request_closed", ["x"]):
            with self.subTest(subtype=subtype), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/mail/message/post",
                    {
                        "thread_model": "hr.department",
                        "thread_id": self.dept_a.id,
                        "post_data": {
                            "body": "Đã đóng",
                            "message_type": "comment",
                            "subtype_xmlid": subtype,
                        },
                    },
                )
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", "hr.department"), ("body", "ilike", "Đã đóng")]
            )
        )

    @mute_logger("odoo.http")
    def test_evidence_file_of_closed_request_stays_over_http(self):
        request = self.request_at("done")
        self.authenticate("staff_b", "staff_b")
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/attachment/delete", {"attachment_id": self.evidence.id}
            )
        with self.assertRaises(JsonRpcException):
            self.call_kw(
                "ir.attachment",
                "write",
                [self.evidence.ids, {"datas": base64.b64encode(b"Ban khac").decode()}],
            )
        response = self.url_open(f"/web/content/{self.evidence.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, EVIDENCE)
        # New comments and files are still welcome.
        posted = self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": request._name,
                "thread_id": request.id,
                "post_data": {
                    "body": "Bổ sung ảnh chụp sổ theo dõi.",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_note",
                    "author_id": self.leader.partner_id.id,
                },
            },
        )
        message = self.env["mail.message"].browse(posted["mail.message"][0]["id"])
        self.assertEqual(message.author_id, self.staff_b.partner_id)
        self.assertEqual(message.res_id, request.id)
