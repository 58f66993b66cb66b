from odoo.tests import HttpCase, new_test_user

from .common import CtclCase


class TestActionRequestTour(HttpCase, CtclCase):
    def test_staff_submits_a_request_in_the_browser(self):
        staff = new_test_user(
            self.env,
            login="tour_staff_a",
            password="tour_staff_a",
            groups="ctcl_quality.group_ctcl_staff",
            name="Tour Staff",
            lang="en_US",
        )
        self.env["hr.employee"].create(
            {"name": "Tour Staff", "user_id": staff.id, "department_id": self.dept_a.id}
        )
        self.env["ctcl.source"].create({"name": "Tour source"})
        self.start_tour(
            "/odoo/action-ctcl_quality.ctcl_action_request_action",
            "ctcl_action_request_submit_tour",
            login="tour_staff_a",
        )
        request = self.env["ctcl.action.request"].search(
            [("create_uid", "=", staff.id)]
        )
        self.assertEqual(
            request.description, "Hồ sơ trả kết quả trễ hạn, kiểm thử giao diện"
        )
        self.assertRecordValues(
            request,
            [
                {
                    "state": "assessment",
                    "requester_id": staff.id,
                    "requesting_department_id": self.dept_a.id,
                }
            ],
        )
        self.assertEqual(self.activity_owners(request), {("assessment", self.head_a)})
