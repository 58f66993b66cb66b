from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError

from .nonconformity_common import CtclNonconformityCase


class TestNonconformityRecurrence(CtclNonconformityCase):
    def _series(self, count, user=None, category=None, start_days_ago=30, report=False):
        category = category or self.cat_late
        records = [
            self.new_nc(
                user=user,
                category_id=category.id,
                date=self.today - timedelta(days=start_days_ago - i),
            )
            for i in range(count)
        ]
        if report:
            for record in records:
                record.with_user(user or self.staff_a).action_report()
        return records

    def recurrence_calls(self, records):
        return records.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("ctcl_quality.mail_act_ctcl_nc_recurrence")
            )
        )

    def test_n_minus_one_n_and_n_plus_one(self):
        # N = 3: the 2nd and 3rd records of a run are not recurring, the 4th is
        # ("more than 3 consecutive records").
        records = self._series(2, report=True)
        self.assertFalse(any(r.is_recurring for r in records))
        third = self._series(1, start_days_ago=10, report=True)[0]
        self.assertFalse(third.is_recurring)
        fourth = self._series(1, start_days_ago=5, report=True)[0]
        self.assertTrue(fourth.is_recurring)
        calls = self.recurrence_calls(fourth)
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls.user_id, self.head_a)
        # A fifth record of the same run: flagged, but the head is not called twice.
        fifth = self._series(1, start_days_ago=1, report=True)[0]
        self.assertTrue(fifth.is_recurring)
        self.assertFalse(self.recurrence_calls(fifth))
        self.assertEqual(
            len(
                self.recurrence_calls(
                    self.env["ctcl.nonconformity"].search(self.test_units)
                )
            ),
            1,
        )

    def test_two_units_and_two_categories_no_false_positive(self):
        # Unit A: late, late, guidance, late, late -> the run is broken.
        self._series(2, start_days_ago=40, report=True)
        self._series(1, category=self.cat_guidance, start_days_ago=30, report=True)
        a_late = self._series(2, start_days_ago=20, report=True)
        self.assertFalse(any(r.is_recurring for r in a_late))
        # Unit B records in between do not break A's run, nor count for it.
        b_late = self._series(3, user=self.staff_b, start_days_ago=15, report=True)
        self.assertFalse(any(r.is_recurring for r in b_late))
        a_third = self._series(1, start_days_ago=5, report=True)[0]
        self.assertFalse(a_third.is_recurring)
        b_fourth = self._series(1, user=self.staff_b, start_days_ago=4, report=True)[0]
        self.assertTrue(b_fourth.is_recurring)
        self.assertEqual(self.recurrence_calls(b_fourth).user_id, self.head_b)
        a_fourth = self._series(1, start_days_ago=3, report=True)[0]
        self.assertTrue(a_fourth.is_recurring)
        self.assertEqual(self.recurrence_calls(a_fourth).user_id, self.head_a)
        # Guidance at A: 1 record only.
        guidance = self._series(
            1, category=self.cat_guidance, start_days_ago=2, report=True
        )[0]
        self.assertFalse(guidance.is_recurring)
        # Sub-unit A1 is a unit of its own.
        a1 = self._series(
            4, user=self.staff_a1, category=self.cat_guidance, report=True
        )
        self.assertEqual([r.is_recurring for r in a1], [False, False, False, True])

    def test_no_window_by_default_window_as_option(self):
        # As written in 5.2.2: no time limit, unless the agency sets one.
        fresh = self.env["res.company"].create({"name": "Fresh agency"})
        self.assertEqual(fresh.ctcl_nc_recurrence_months, 0)
        self.assertEqual(fresh.ctcl_nc_recurrence_threshold, 3)
        self._series(3, start_days_ago=500)
        self.assertTrue(self._series(1, start_days_ago=1)[0].is_recurring)
        # Window of 12 months at unit B: a record exactly 12 months back is out.
        self.env.company.ctcl_nc_recurrence_months = 12
        for months in (12, 11, 10):
            self.new_nc(
                user=self.staff_b,
                date=self.today - relativedelta(months=months),
            )
        in_window = self.new_nc(user=self.staff_b)
        self.assertFalse(in_window.is_recurring, "2 earlier records in the window")
        self.assertTrue(self.new_nc(user=self.staff_b).is_recurring)
        # Window off again: every earlier record counts.
        self.env.company.ctcl_nc_recurrence_months = 0
        self.assertTrue(
            self._series(1, user=self.staff_b, start_days_ago=0)[0].is_recurring
        )
        self.env.company.ctcl_nc_recurrence_threshold = 10
        self.assertFalse(self._series(1, start_days_ago=0)[0].is_recurring)

    def test_window_leaves_out_old_records_of_the_run(self):
        self.env.company.ctcl_nc_recurrence_months = 12
        self._series(3, start_days_ago=500)
        recent = self._series(1, start_days_ago=1)[0]
        self.assertFalse(recent.is_recurring, "records out of the window")

    def test_interrupted_run_starts_again(self):
        # late x3, guidance, late x3 -> no record recurring; the 4th late after
        # the interruption is ("more than 03 consecutive").
        runs = self._series(3, start_days_ago=60)
        runs += self._series(1, category=self.cat_guidance, start_days_ago=50)
        runs += self._series(3, start_days_ago=40)
        self.assertFalse(any(r.is_recurring for r in runs))
        self.assertTrue(self._series(1, start_days_ago=1)[0].is_recurring)

    def test_a_draft_counts_but_the_call_waits_for_its_report(self):
        # D1 of the browser walk: the head was called to open a request he
        # cannot open yet (a draft is its finder's until reported, 5.2.1).
        self._series(3, report=True)
        fourth = self._series(1, start_days_ago=5)[0]
        self.assertTrue(fourth.is_recurring)
        self.assertFalse(self.recurrence_calls(fourth))
        with self.assertRaises(UserError):
            fourth.with_user(self.head_a).action_create_request()
        fourth.with_user(self.staff_a).action_report()
        calls = self.recurrence_calls(fourth)
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls.user_id, self.head_a)
        # Handled on the spot, a recurring draft calls for a request too.
        fifth = self._series(1, start_days_ago=1)[0]
        self.assertTrue(fifth.is_recurring)
        fifth.with_user(self.staff_a).write({"result_note": "Đã xử lý"})
        fifth.with_user(self.staff_a).action_handle_on_spot()
        self.assertEqual(fifth.state, "done")
        self.assertFalse(self.recurrence_calls(fifth), "the run is called for")
        self.assertEqual(len(self.recurrence_calls(fourth)), 1)

    def test_record_dated_back_completes_a_run(self):
        late = self._series(3, start_days_ago=30, report=True)
        self.assertFalse(any(r.is_recurring for r in late))
        # Filed later, found before them: the last of the run is now the 4th.
        earlier = self.new_nc(date=self.today - timedelta(days=40))
        self.assertFalse(earlier.is_recurring)
        self.assertTrue(late[-1].is_recurring)
        self.assertEqual(self.recurrence_calls(late[-1]).user_id, self.head_a)
        # Deleted by its finder (a draft): the run is 3 records again.
        with self.assertRaises(AccessError):
            earlier.with_user(self.staff_b).unlink()
        earlier.with_user(self.staff_a).unlink()
        self.assertFalse(late[-1].is_recurring)
        self.assertFalse(self.recurrence_calls(late[-1]))

    def test_recategorised_or_archived_record_updates_the_run(self):
        records = self._series(4)
        for record in records:
            record.with_user(self.staff_a).action_report()
        fourth = records[-1]
        self.assertTrue(fourth.is_recurring)
        self.assertEqual(len(self.recurrence_calls(fourth)), 1)
        # After the report only the head of the unit recategorises.
        with self.assertRaises(AccessError):
            records[1].with_user(self.staff_a).category_id = self.cat_guidance
        records[1].with_user(self.head_a).category_id = self.cat_guidance
        self.assertFalse(fourth.is_recurring, "the run is broken")
        self.assertFalse(self.recurrence_calls(fourth))
        records[1].with_user(self.head_a).category_id = self.cat_late
        self.assertTrue(fourth.is_recurring)
        self.assertEqual(len(self.recurrence_calls(fourth)), 1)
        # Archived records are not counted.
        with self.assertRaises(AccessError):
            records[1].with_user(self.head_a).action_archive()
        records[1].with_user(self.secretary).action_archive()
        self.assertFalse(fourth.is_recurring)
        records[1].with_user(self.secretary).action_unarchive()
        self.assertTrue(fourth.is_recurring)
        # The flag is the server's.
        with self.assertRaises(UserError):
            fourth.with_user(self.head_a).is_recurring = False

    def test_need_criterion_quotes_the_procedure(self):
        criterion = self.env.ref("ctcl_quality.ctcl_need_criterion_recurrence_rule")
        criteria = self.env["ctcl.need.criterion"].search([])
        self.assertEqual(criteria[3], criterion, "4th sign of 5.2.2")
        self.assertIn("more than 03 times in a row", criterion.name)
        self.assertIn(
            "được lập quá 03 lần liên tiếp cho cùng một nội dung KPH tại cùng đơn vị",
            criterion.description,
        )

    def test_uncategorised_records_are_ignored_until_triage(self):
        self._series(3)
        pending = self.new_nc(category_id=False)
        pending.with_user(self.staff_a).action_report()
        self.assertFalse(pending.is_recurring)
        pending.with_user(self.head_a).category_id = self.cat_late
        self.assertTrue(pending.is_recurring)
        self.assertEqual(len(self.recurrence_calls(pending)), 1)
        # Recategorised: no longer recurring, the call is withdrawn.
        pending.with_user(self.head_a).category_id = self.cat_guidance
        self.assertFalse(pending.is_recurring)
        self.assertFalse(self.recurrence_calls(pending))

    def test_request_from_recurring_record_has_criterion_ticked(self):
        records = self._series(4)
        fourth = records[-1]
        self.assertTrue(fourth.is_recurring)
        fourth.with_user(self.staff_a).action_report()
        action = fourth.with_user(self.head_a).action_create_request()
        request = self.env["ctcl.action.request"].browse(action["res_id"])
        self.assertIn(
            self.env.ref("ctcl_quality.ctcl_need_criterion_recurrence_rule"),
            request.need_criterion_ids,
        )
        self.assertFalse(self.recurrence_calls(fourth), "call answered")
        # The unit head opened it: he forwards it at once, with the ticked
        # criterion, without submitting it to himself.
        request.with_user(self.head_a).action_forward()
        self.assertEqual(request.state, "iso_review")

    def test_staff_answers_the_call_with_a_request(self):
        fourth = self._series(4)[-1]
        fourth.with_user(self.staff_a).action_report()
        self.assertEqual(len(self.recurrence_calls(fourth)), 1)
        action = fourth.with_user(self.staff_a).action_create_request()
        request = self.env["ctcl.action.request"].browse(action["res_id"])
        self.assertEqual(request.requester_id, self.staff_a)
        self.assertIn(
            self.env.ref("ctcl_quality.ctcl_need_criterion_recurrence_rule"),
            request.need_criterion_ids,
        )
        self.assertFalse(self.recurrence_calls(fourth), "call answered")
        # The links and the ticked criterion are the server's, not the caller's.
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).write({"nonconformity_ids": [(5, 0, 0)]})
        with self.assertRaises(UserError):
            fourth.with_user(self.head_a).write({"request_ids": [(5, 0, 0)]})

    def test_request_from_recurring_record_is_forwarded_by_the_head(self):
        # Issue 11, each step as its real owner.
        records = self._series(4)
        for record in records:
            record.with_user(self.staff_a).action_report()
        fourth = records[-1]
        self.assertTrue(fourth.is_recurring)
        with self.assertRaises(AccessError):
            fourth.with_user(self.staff_b).action_create_request()
        request = self.env["ctcl.action.request"].browse(
            fourth.with_user(self.staff_a).action_create_request()["res_id"]
        )
        rule = self.env.ref("ctcl_quality.ctcl_need_criterion_recurrence_rule")
        self.assertEqual(request.need_criterion_ids, rule)
        # The requester does not assess the need.
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).need_criterion_ids = False
        request.with_user(self.staff_a).action_submit()
        with self.assertRaises(AccessError):
            request.with_user(self.staff_a).action_forward()
        request.with_user(self.head_a).action_forward()
        self.assertRecordValues(
            request,
            [{"state": "iso_review", "assessed_by_id": self.head_a.id}],
        )
        self.assertEqual(request.need_criterion_ids, rule)

    def test_record_found_recurring_ticks_its_open_request(self):
        # The request was opened before the head's triage made the record
        # recurring: the criterion follows, the head can forward.
        records = [
            self.new_nc(category_id=False, date=self.today - timedelta(days=9 - i))
            for i in range(4)
        ]
        for record in records:
            record.with_user(self.staff_a).action_report()
        fourth = records[-1]
        request = self.env["ctcl.action.request"].browse(
            fourth.with_user(self.staff_a).action_create_request()["res_id"]
        )
        self.assertFalse(request.need_criterion_ids)
        request.with_user(self.staff_a).action_submit()
        for record in records:
            record.with_user(self.head_a).category_id = self.cat_late
        self.assertTrue(fourth.is_recurring)
        self.assertFalse(self.recurrence_calls(fourth), "already requested")
        rule = self.env.ref("ctcl_quality.ctcl_need_criterion_recurrence_rule")
        self.assertEqual(request.need_criterion_ids, rule)
        request.with_user(self.head_a).action_forward()
        self.assertEqual(request.state, "iso_review")
