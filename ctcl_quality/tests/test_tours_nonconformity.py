from datetime import timedelta

from odoo.tests import HttpCase

from .nonconformity_common import CtclNonconformityCase


class TestToursNonconformityPhone(HttpCase, CtclNonconformityCase):
    """A nonconformity from record to confirmation on a phone, each step as its
    owner, with the step's button in the header."""

    browser_size = "390x844"
    touch_enabled = True

    def _step(self, tour, user, record=None):
        url = "/odoo/action-ctcl_quality.ctcl_nonconformity_action/"
        url += str(record.id) if record else "new"
        self.start_tour(url, tour, login=user.login)

    def test_nonconformity_on_a_phone(self):
        self._step("ctcl_nonconformity_phone_record", self.staff_a)
        record = self.env["ctcl.nonconformity"].search(
            [("create_uid", "=", self.staff_a.id)]
        )
        self.assertRecordValues(
            record,
            [{"state": "reported", "department_id": self.dept_a.id}],
        )
        walk = [
            ("ctcl_nonconformity_phone_decide", self.head_a, "handling"),
            ("ctcl_nonconformity_phone_result", self.staff_a, "checking"),
            ("ctcl_nonconformity_phone_confirm", self.head_a, "done"),
        ]
        for tour, user, state in walk:
            # The owner of the step finds it among their activities.
            self.assertIn(user, record.activity_ids.user_id, tour)
            self._step(tour, user, record)
            self.assertEqual(record.state, state, tour)
        self.assertRecordValues(
            record,
            [
                {
                    "category_id": self.cat_late.id,
                    "disposition": "rework",
                    "assignee_id": self.staff_a.id,
                    "confirmed_by_id": self.head_a.id,
                }
            ],
        )
        self.assertFalse(record.activity_ids)


class TestToursNonconformityRecurrence(HttpCase, CtclNonconformityCase):
    def test_recurring_nonconformity_opens_a_request_in_the_browser(self):
        records = self.env["ctcl.nonconformity"]
        for days_ago in (40, 30, 20, 10):
            record = self.new_nc(date=self.today - timedelta(days=days_ago))
            record.action_report()
            records |= record
        recurring = records[-1]
        self.assertTrue(recurring.is_recurring)
        self.start_tour(
            f"/odoo/action-ctcl_quality.ctcl_nonconformity_action/{recurring.id}",
            "ctcl_nonconformity_recurrence_request",
            login=self.head_a.login,
        )
        request = recurring.request_ids
        self.assertEqual(len(request), 1)
        self.assertRecordValues(
            request,
            [
                {
                    "requesting_department_id": self.dept_a.id,
                    "request_type": "corrective",
                }
            ],
        )
        self.assertIn(recurring, request.nonconformity_ids)
