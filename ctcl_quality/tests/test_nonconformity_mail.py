from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .nonconformity_common import CtclNonconformityCase

EMAIL = """Return-Path: <{sender}>
To: {to}
From: {name} <{sender}>
Subject: {subject}
Date: Mon, 02 Mar 2026 08:15:00 +0700
Message-ID: {msg_id}
{headers}MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XYZ"

--XYZ
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}

--XYZ
Content-Type: application/pdf; name="phieu.pdf"
Content-Disposition: attachment; filename="phieu.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcOkw7zDtsOfCg==
--XYZ--
"""


class TestNonconformityMail(CtclNonconformityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff_b.email = "staff_b@example.com"
        cls.alias = cls.env.ref("ctcl_quality.mail_alias_ctcl_nonconformity")
        cls.env.company.ctcl_nc_default_department_id = cls.dept_a

    def _process(
        self,
        sender,
        name="Sender",
        msg_id="<nc-1@example.com>",
        user=None,
        model="ctcl.nonconformity",
        **kw,
    ):
        raw = EMAIL.format(
            sender=sender,
            name=name,
            msg_id=msg_id,
            to=kw.get("to", "ctcl-kph@example.com"),
            headers=kw.get("headers", ""),
            subject=kw.get("subject", "Hồ sơ bị trả lại nhiều lần"),
            body=kw.get("body", "Hồ sơ của tôi bị yêu cầu bổ sung 3 lần."),
        )
        MailThread = self.env["mail.thread"]
        if user:
            MailThread = MailThread.with_user(user)
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            return MailThread.message_process(
                model, raw.encode(), custom_values=kw.get("custom_values")
            )

    def _records(self):
        return self.env["ctcl.nonconformity"].search(
            self.test_units + [("email_from", "!=", False)], order="id"
        )

    def test_alias_is_configured(self):
        self.assertEqual(self.alias.alias_name, "ctcl-kph")
        self.assertEqual(self.alias.alias_model_id.model, "ctcl.nonconformity")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.ctcl_nc_alias_name, "ctcl-kph")
        settings.ctcl_nc_alias_name = "kph-test"
        settings.execute()
        self.assertEqual(self.alias.alias_name, "kph-test")

    def test_known_sender_files_in_their_unit(self):
        res_id = self._process("staff_b@example.com", "staff_b")
        nc = self._records()
        self.assertEqual(len(nc), 1)
        self.assertEqual(nc.id, res_id)
        self.assertRecordValues(
            nc,
            [
                {
                    "state": "reported",
                    "department_id": self.dept_b.id,
                    "found_by_id": self.staff_b.id,
                    "title": "Hồ sơ bị trả lại nhiều lần",
                    "source_id": self.env.ref(
                        "ctcl_quality.ctcl_source_nonconforming_activity"
                    ).id,
                }
            ],
        )
        self.assertIn("bổ sung 3 lần", nc.description)
        self.assertTrue(nc.name.endswith("/KPH"))
        self.assertEqual(self.activity_types(nc), {("disposition", self.head_b)})
        self.assertEqual(
            self.env["ir.attachment"]
            .search([("res_model", "=", nc._name), ("res_id", "=", nc.id)])
            .mapped("name"),
            ["phieu.pdf"],
        )
        # The unit head triages it: category, requirement, then the disposition.
        nc.with_user(self.head_b).write(
            {
                "category_id": self.cat_guidance.id,
                "requirement": "Hướng dẫn một lần đầy đủ",
                "disposition": "repair",
                "assignee_id": self.staff_b.id,
            }
        )
        nc.with_user(self.head_b).action_decide()
        self.assertEqual(nc.state, "handling")

    def test_unknown_sender_goes_to_default_unit(self):
        self._process("congdan@example.org", "Nguyễn Văn Dân")
        nc = self._records()
        self.assertRecordValues(
            nc,
            [
                {
                    "department_id": self.dept_a.id,
                    "found_by_id": False,
                    "email_from": '"Nguyễn Văn Dân" <congdan@example.org>',
                    "source_id": self.env.ref("ctcl_quality.ctcl_source_feedback").id,
                }
            ],
        )
        self.assertEqual(self.activity_types(nc), {("disposition", self.head_a)})

    def test_same_message_twice_files_one_record(self):
        self._process("staff_b@example.com", msg_id="<dup@example.com>")
        self._process("staff_b@example.com", msg_id="<dup@example.com>")
        self.assertEqual(len(self._records()), 1)
        self._process("staff_b@example.com", msg_id="<other@example.com>")
        self.assertEqual(len(self._records()), 2)

    def test_message_new_refused_over_rpc(self):
        # Called by a user instead of the mail gateway, it would file a record
        # in another person's name and skip the workflow checks.
        request = self.new_request()
        with self.assertRaises(AccessError):
            self.env["ctcl.nonconformity"].with_user(self.staff_b).message_new(
                {
                    "email_from": "staff_a@example.com",
                    "subject": "Giả mạo",
                    "body": "x",
                    "author_id": self.head_a.partner_id.id,
                },
                {
                    "disposition": "accept",
                    "request_ids": [(6, 0, request.ids)],
                    "active": False,
                },
            )
        self.assertFalse(
            self.env["ctcl.nonconformity"]
            .with_context(active_test=False)
            .search(self.test_units)
        )
        self.assertFalse(request.nonconformity_ids)

    def test_gateway_refused_over_rpc(self):
        # message_process is public: as a user it would file a record, or post
        # on a kept one, in the name of whatever sender the e-mail claims.
        with self.assertRaises(AccessError):
            self._process("giamdoc@example.com", "Giám đốc", user=self.staff_b)
        self.assertFalse(self._records())
        closed = self.new_nc(user=self.staff_a, result_note="Đã xử lý tại chỗ")
        closed.with_user(self.staff_a).action_handle_on_spot()
        self.assertTrue(closed.retention_until)
        messages = closed.message_ids
        with self.assertRaises(AccessError):
            self._process(
                "giamdoc@example.com",
                msg_id="<reply-1@example.com>",
                user=self.staff_b,
                model=False,
                subject=f"Re: {closed.name}",
                to="nobody@example.com",
                headers=f"In-Reply-To: {messages[-1].message_id}\n",
            )
        self.assertEqual(closed.message_ids, messages)

    def test_only_nonconformities_are_filed_by_email(self):
        # Even through the gateway, a review, request or table is opened by
        # its workflow, not with the values of an e-mail (or of its caller).
        admin = new_test_user(
            self.env,
            login="mailgate",
            groups="base.group_user,base.group_system",
            company_id=self.company.id,
        )
        Review = self.env["ctcl.management.review"].with_context(active_test=False)
        reviews = Review.search_count([])
        for model in ("ctcl.management.review", "ctcl.action.request"):
            with self.subTest(model=model), self.assertRaises(UserError):
                self._process(
                    "secretary@example.com",
                    user=admin,
                    model=model,
                    to="nobody@example.com",
                    custom_values={"state": "approved"},
                )
        self.assertEqual(Review.search_count([]), reviews)
        # Values the workflow sets are refused from the gateway's caller too.
        with self.assertRaises(UserError):
            self._process(
                "staff_b@example.com",
                user=admin,
                to="nobody@example.com",
                custom_values={"retention_until": "2099-01-01"},
            )
        self.assertFalse(self._records())
        self._process("staff_b@example.com", user=admin, to="nobody@example.com")
        self.assertEqual(self._records().found_by_id, self.staff_b)
