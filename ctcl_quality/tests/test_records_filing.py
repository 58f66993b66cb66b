from odoo.exceptions import AccessError

from .nonconformity_common import CtclNonconformityCase


class TestRecordsFiling(CtclNonconformityCase):
    """Issue 8, hole 5: nobody files a request or a nonconformity in someone
    else's name, except the ISO secretary, who is then recorded as the filer."""

    def test_staff_cannot_file_request_as_director(self):
        Request = self.env["ctcl.action.request"]
        before = Request.search_count([])
        with self.assertRaises(AccessError):
            self.new_request(self.staff_a, requester_id=self.leader.id)
        self.assertEqual(Request.search_count([]), before)

    def test_staff_cannot_hand_own_draft_to_director(self):
        request = self.new_request(self.staff_a)
        with self.assertRaises(AccessError):
            request.with_user(self.staff_a).write({"requester_id": self.leader.id})
        self.assertEqual(request.requester_id, self.staff_a)

    def test_unit_head_cannot_file_request_for_staff(self):
        request = self.new_request(self.staff_a)
        with self.assertRaises(AccessError):
            request.with_user(self.head_a).write({"requester_id": self.staff_a1.id})

    def test_unit_head_cannot_take_over_a_staff_draft(self):
        # He would then assess it as his own and skip the staff's submission.
        request = self.new_request(self.staff_a)
        with self.assertRaises(AccessError):
            request.with_user(self.head_a).write({"requester_id": self.head_a.id})
        self.assertEqual(request.requester_id, self.staff_a)
        with self.assertRaises(AccessError):
            self.new_nc(self.staff_a).with_user(self.head_a).write(
                {"found_by_id": self.head_a.id}
            )

    def test_no_finder_added_after_filing(self):
        # A citizen's complaint by e-mail (the mail gateway, as superuser): no
        # finder among the users.
        nc = self.new_nc(self.secretary, department_id=self.dept_a.id)
        nc.sudo().write({"email_from": "nguoidan@example.com", "found_by_id": False})
        nc.with_user(self.secretary).action_report()
        with self.assertRaises(AccessError):
            nc.with_user(self.head_a).write({"found_by_id": self.head_a.id})
        self.assertFalse(nc.found_by_id)

    def test_secretary_files_on_behalf_recorded(self):
        request = self.new_request(
            self.secretary,
            requester_id=self.staff_a.id,
            requesting_department_id=self.dept_a.id,
        )
        self.assertRecordValues(
            request,
            [{"requester_id": self.staff_a.id, "filed_by_id": self.secretary.id}],
        )
        # The requester takes it over: box 1 is now filed in their own name.
        request.with_user(self.staff_a).write({"requester_id": self.staff_a.id})
        self.assertFalse(request.filed_by_id)
        self.env.cr.precommit.run()  # tracking messages are written at commit
        request.with_user(self.secretary).write({"requester_id": self.staff_a1.id})
        self.assertEqual(request.filed_by_id, self.secretary)
        self.env.cr.precommit.run()  # tracking messages are written at commit
        tracked = request.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "filed_by_id"
        )
        self.assertTrue(tracked)

    def test_own_request_has_no_filer(self):
        request = self.new_request(self.staff_a, requester_id=self.staff_a.id)
        self.assertFalse(request.filed_by_id)

    def test_filer_cannot_be_forged(self):
        request = self.new_request(self.staff_a, filed_by_id=self.secretary.id)
        self.assertFalse(request.filed_by_id)

    def test_staff_cannot_file_nonconformity_as_head(self):
        NC = self.env["ctcl.nonconformity"]
        before = NC.search_count([])
        with self.assertRaises(AccessError):
            self.new_nc(self.staff_a, found_by_id=self.head_a.id)
        self.assertEqual(NC.search_count([]), before)

    def test_staff_cannot_change_finder(self):
        nc = self.new_nc(self.staff_a)
        with self.assertRaises(AccessError):
            nc.with_user(self.staff_a).write({"found_by_id": self.head_a.id})
        self.assertEqual(nc.found_by_id, self.staff_a)

    def test_secretary_files_nonconformity_on_behalf(self):
        nc = self.new_nc(
            self.secretary, found_by_id=self.staff_a.id, department_id=self.dept_a.id
        )
        self.assertRecordValues(
            nc, [{"found_by_id": self.staff_a.id, "filed_by_id": self.secretary.id}]
        )

    def test_server_followup_keeps_working(self):
        """A failed verification opens the follow-up as the verifier."""
        request = self.walk_to(self.new_request(), "verification")
        self.do_step(request, result="not_achieved")
        followup = request.followup_ids
        self.assertRecordValues(
            followup, [{"requester_id": self.leader.id, "filed_by_id": False}]
        )
