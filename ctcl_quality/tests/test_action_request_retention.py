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

    def test_archiving_keeps_the_record(self):
        request = self.walk_to(self.new_request(), "done")
        request.with_user(self.secretary).action_archive()
        Request = self.env["ctcl.action.request"].with_user(self.secretary)
        self.assertFalse(Request.search([("id", "=", request.id)]))
        self.assertEqual(
            Request.with_context(active_test=False).search([("id", "=", request.id)]),
            request,
        )
