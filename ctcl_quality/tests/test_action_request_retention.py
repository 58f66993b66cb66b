from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common import CtclCase


class TestActionRequestRetention(CtclCase):
    def test_closed_request_cannot_be_deleted_until_retention_ends(self):
        request = self.walk_to(self.new_request(), "done")
        self.assertEqual(request.retention_until.year, self.today.year + 3)
        for user in (self.staff_a, self.secretary, self.admin_q):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                request.with_user(user).unlink()
        with self.assertRaises(UserError):
            request.sudo().unlink()
        with freeze_time(
            request.retention_until.replace(year=request.retention_until.year + 1)
        ):
            with self.assertRaises(AccessError):
                request.with_user(self.staff_a).unlink()
            request.with_user(self.admin_q).unlink()
        self.assertFalse(request.exists())

    def test_running_request_cannot_be_deleted(self):
        for state in ("assessment", "implementation", "to_close"):
            request = self.walk_to(self.new_request(), state)
            with self.subTest(state=state), self.assertRaises(UserError):
                request.with_user(self.admin_q).unlink()
            self.assertTrue(request.exists())

    def test_draft_deleted_by_its_requester_only(self):
        request = self.new_request()
        with self.assertRaises(UserError):
            request.with_user(self.head_a).unlink()
        request.with_user(self.staff_a).unlink()
        self.assertFalse(request.exists())

    def test_no_cascade_from_department_or_user(self):
        request = self.walk_to(self.new_request(), "implementation")
        self.env["ctcl.action.progress"].with_user(self.staff_b).create(
            {"request_id": request.id, "content": "Đang thực hiện"}
        )
        self.walk_to(request, "done")
        with self.assertRaises(UserError):
            self.dept_a.unlink()
        with self.assertRaises(UserError):
            self.staff_b.unlink()
        with self.assertRaises(UserError):
            request.progress_ids.unlink()
        self.assertTrue(request.exists())
        self.assertTrue(self.dept_a.exists())

    def test_no_contact_merged_away_from_a_kept_record(self):
        # The merge moves references in SQL before it deletes the contact:
        # refused as the deletion would be, before anything moves.
        request = self.walk_to(self.new_request(), "done")
        stranger = self.env["res.partner"].create({"name": "Người lạ"})
        Merge = self.env["base.partner.merge.automatic.wizard"]
        with self.assertRaises(UserError):
            Merge._merge(
                [self.staff_a.partner_id.id, stranger.id], dst_partner=stranger
            )
        self.assertEqual(request.requester_id.partner_id, self.staff_a.partner_id)
        self.assertEqual(self.staff_a.partner_id.name, self.staff_a.name)
        # A contact no QT.CTCL record names still merges.
        other = self.env["res.partner"].create({"name": "Người lạ"})
        Merge._merge([other.id, stranger.id], dst_partner=stranger)
        self.assertFalse(other.exists())

    def test_main_attachment_is_the_servers(self):
        # A client pointing it elsewhere (another unit's file) would rewrite a
        # kept record and show that file's name.
        request = self.walk_to(self.new_request(), "done")
        other = self.env["ir.attachment"].create(
            {"name": "khac.pdf", "raw": b"%PDF-1.4", "res_model": "res.partner"}
        )
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).write(
                {"message_main_attachment_id": other.id}
            )
        self.assertFalse(request.message_main_attachment_id)
        # Odoo sets it itself (as superuser) when a file is posted.
        running = self.new_request()
        running.with_user(self.staff_a).message_post(
            body="Hồ sơ kèm theo",
            attachments=[("phieu.pdf", b"%PDF-1.4")],
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertEqual(running.message_main_attachment_id.name, "phieu.pdf")

    def test_archiving_keeps_the_record(self):
        request = self.walk_to(self.new_request(), "done")
        request.with_user(self.secretary).action_archive()
        Request = self.env["ctcl.action.request"].with_user(self.secretary)
        self.assertFalse(Request.search([("id", "=", request.id)]))
        self.assertEqual(
            Request.with_context(active_test=False).search([("id", "=", request.id)]),
            request,
        )
