from datetime import timedelta

from odoo.tests import HttpCase

from .common import CtclCase
from .nonconformity_common import CtclNonconformityCase

REQUESTS = "/odoo/action-ctcl_quality.ctcl_action_request_action"


class TestToursRequestBrowser(HttpCase, CtclCase):
    """BM.CTCL.01 in the browser, as the head, the ISO secretary and anyone who
    prints it."""

    def test_head_assesses_his_own_request_in_the_browser(self):
        self.env["ctcl.source"].create({"name": "Tour source"})
        self.start_tour(REQUESTS, "ctcl_request_head_assesses", login=self.head_a.login)
        request = self.env["ctcl.action.request"].search(
            [("create_uid", "=", self.head_a.id)]
        )
        self.assertRecordValues(
            request,
            [
                {
                    "state": "iso_review",
                    "requester_id": self.head_a.id,
                    "assessed_by_id": self.head_a.id,
                    "requesting_department_id": self.dept_a.id,
                }
            ],
        )
        self.assertEqual(
            self.activity_owners(request), {("iso_review", self.secretary)}
        )

    def _sourced(self, source, state, user=None):
        request = self.new_request(
            user, source_id=self.env["ctcl.source"].create({"name": source}).id
        )
        return self.walk_to(request, state).with_env(self.env)

    def test_secretary_consolidates_from_the_list(self):
        first = self._sourced("Tour gộp 1", "iso_review")
        second = self._sourced("Tour gộp 2", "iso_review", self.staff_b)
        other = self._sourced("Tour khác", "assessment")
        self.start_tour(
            f"{REQUESTS}?view_type=list",
            "ctcl_request_consolidate_list",
            login=self.secretary.login,
        )
        self.assertEqual(
            (first | second | other).mapped("state"),
            ["board_review", "board_review", "assessment"],
        )
        self.assertEqual((first | second).consolidated_by_id, self.secretary)

    def test_print_a_closed_request_from_its_form(self):
        request = self.walk_to(self.new_request(), "done")
        for user in (self.staff_a, self.secretary):
            with self.subTest(user=user.login):
                self.start_tour(
                    f"{REQUESTS}/{request.id}", "ctcl_request_print", login=user.login
                )


class TestToursPhoneLists(HttpCase, CtclNonconformityCase):
    """On a phone the lists of the staff open as cards: number, status, unit,
    deadline."""

    browser_size = "390x844"
    touch_enabled = True

    def test_requests_open_as_cards(self):
        source = self.env["ctcl.source"].create({"name": "Tour gộp 1"})
        request = self.walk_to(self.new_request(source_id=source.id), "implementation")
        self.assertTrue(request.date_deadline)
        self.start_tour(REQUESTS, "ctcl_request_phone_cards", login=self.staff_b.login)
        self.start_tour(
            REQUESTS, "ctcl_request_phone_open_card", login=self.staff_b.login
        )
        # The leadership's list of requests to verify.
        self.walk_to(request, "verification")
        self.start_tour(
            "/odoo/action-ctcl_quality.ctcl_action_request_action_to_verify",
            "ctcl_request_phone_cards",
            login=self.leader.login,
        )

    def test_nonconformities_open_as_cards(self):
        record = self.new_nc()
        record.with_user(self.staff_a).action_report()
        record.with_user(self.head_a).write(
            {
                "disposition": "rework",
                "assignee_id": self.staff_a.id,
                "handling_deadline": self.today + timedelta(days=5),
            }
        )
        record.with_user(self.head_a).action_decide()
        self.start_tour(
            "/odoo/action-ctcl_quality.ctcl_nonconformity_action",
            "ctcl_nonconformity_phone_cards",
            login=self.staff_a.login,
        )
