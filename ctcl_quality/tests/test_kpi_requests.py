from datetime import timedelta

from .kpi_common import CtclKpiCase


class TestKpiRequests(CtclKpiCase):
    """The key figures of action requests, on hand-built requests."""

    def test_closed_one_day_late_counts_late(self):
        deadline = self.today + timedelta(days=20)
        late = self.close_on(self.implementing(deadline), deadline + timedelta(days=1))
        on_time = self.close_on(self.implementing(deadline), deadline)
        self.assertRecordValues(
            self.kpi(late) | self.kpi(on_time),
            [
                {"closed_count": 1, "on_time_count": 0, "late_count": 1},
                {"closed_count": 1, "on_time_count": 1, "late_count": 0},
            ],
        )
        self.assertEqual(self.kpi(late).on_time_rate, 0.0)
        self.assertEqual(self.kpi(on_time).on_time_rate, 100.0)
        figures = self.env["ctcl.kpi.request"]._ctcl_kpi_on_time(
            self.company, deadline, deadline + timedelta(days=1)
        )
        self.assertEqual(
            figures, {"closed_count": 2, "on_time_count": 1, "on_time_rate": 50.0}
        )
        # The period is the closing date's: the late one closed the day after.
        figures = self.env["ctcl.kpi.request"]._ctcl_kpi_on_time(
            self.company, deadline, deadline
        )
        self.assertEqual(
            figures, {"closed_count": 1, "on_time_count": 1, "on_time_rate": 100.0}
        )

    def test_approved_extension_moves_the_deadline(self):
        deadline = self.today + timedelta(days=20)
        extended = self.implementing(deadline)
        self.extend(extended, deadline + timedelta(days=10))
        refused = self.implementing(deadline)
        self.extend(refused, deadline + timedelta(days=10), approve=False)
        for request in extended | refused:
            self.close_on(request, deadline + timedelta(days=5))
        self.assertEqual(extended.date_deadline, deadline + timedelta(days=10))
        self.assertEqual(self.kpi(extended).on_time_count, 1)
        # A refused extension moves nothing: closed five days late.
        self.assertEqual(refused.date_deadline, deadline)
        self.assertEqual(self.kpi(refused).late_count, 1)

    def test_rejected_and_open_requests_are_not_closed(self):
        rejected = self.walk_to(self.new_request(), "assessment")
        rejected.with_user(self.head_a).action_reject_need("Đã xử lý tại chỗ")
        draft = self.new_request()
        running = self.implementing(self.today + timedelta(days=5))
        self.assertRecordValues(
            self.kpi(rejected) | self.kpi(draft) | self.kpi(running),
            [
                {"closed_count": 0, "open_count": 0, "on_time_rate": 0.0},
                {"closed_count": 0, "open_count": 0, "on_time_rate": 0.0},
                {"closed_count": 0, "open_count": 1, "on_time_rate": 0.0},
            ],
        )
        # Not closed: no rate at all, rather than a rate of 0 (averages skip them).
        self.env.cr.execute(
            "SELECT COUNT(on_time_rate) FROM ctcl_kpi_request WHERE id IN %s",
            [(rejected.id, draft.id, running.id)],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_overdue_by_age(self):
        ages = {5: "overdue_1_30", 30: "overdue_1_30", 31: "overdue_31_60"}
        ages.update(
            {75: "overdue_61_90", 91: "overdue_90_plus", 400: "overdue_90_plus"}
        )
        requests = {
            days: self.implementing(self.today - timedelta(days=days)) for days in ages
        }
        not_yet = self.implementing(self.today)
        for days, bucket in ages.items():
            row = self.kpi(requests[days])
            self.assertEqual((row.overdue_count, row.overdue_days), (1, days))
            buckets = {
                fname: row[fname]
                for fname in (
                    "overdue_1_30",
                    "overdue_31_60",
                    "overdue_61_90",
                    "overdue_90_plus",
                )
            }
            self.assertEqual(buckets, {f: int(f == bucket) for f in buckets}, days)
        # Due today: not overdue, but its verification is due (QT.CTCL 5.6).
        self.assertRecordValues(
            self.kpi(not_yet),
            [{"overdue_count": 0, "overdue_days": 0, "verification_due_count": 1}],
        )
        overdue = self.env["ctcl.kpi.request"]._ctcl_kpi_overdue(
            self.company, self.today
        )
        self.assertEqual(
            overdue.ids, [requests[d].id for d in sorted(ages, reverse=True)]
        )
        # Reported done: no longer overdue, verification due.
        self.do_step(requests[5])
        self.assertRecordValues(
            self.kpi(requests[5]),
            [{"overdue_count": 0, "verification_due_count": 1, "open_count": 1}],
        )

    def test_unit_is_the_implementing_unit_once_assigned(self):
        request = self.new_request()
        self.assertEqual(self.kpi(request).unit_id, self.dept_a)
        self.walk_to(request, "analysis")
        self.assertEqual(self.kpi(request).unit_id, self.dept_b)
        self.assertEqual(self.kpi(request).requesting_department_id, self.dept_a)
        self.assertEqual(
            self.kpi(request).type_id.code, "corrective", "filter by request type"
        )

    def test_achieved_at_first_verification(self):
        achieved = self.walk_to(self.new_request(), "verification")
        self.do_step(achieved, "achieved")
        failed = self.walk_to(self.new_request(), "verification")
        self.do_step(failed, "not_achieved")
        followup = failed.followup_ids
        self.assertTrue(followup)
        # The follow-up is walked by the leadership, then achieved: its
        # verification is not a first one.
        followup.with_user(self.leader).need_criterion_ids = self.criterion
        followup.with_user(self.leader).action_forward()
        self.walk_to(followup, "verification")
        self.do_step(followup, "achieved")
        self.assertRecordValues(
            self.kpi(achieved) | self.kpi(failed) | self.kpi(followup),
            [
                {
                    "first_verified_count": 1,
                    "first_achieved_count": 1,
                    "verification_failed_count": 0,
                    "followup_count": 0,
                },
                {
                    "first_verified_count": 1,
                    "first_achieved_count": 0,
                    "verification_failed_count": 1,
                    "followup_count": 0,
                },
                {
                    "first_verified_count": 0,
                    "first_achieved_count": 0,
                    "verification_failed_count": 0,
                    "followup_count": 1,
                },
            ],
        )
        figures = self.env["ctcl.kpi.request"]._ctcl_kpi_effectiveness(
            self.company, self.today, self.today
        )
        self.assertEqual(
            figures,
            {
                "verified_count": 3,
                "first_verified_count": 2,
                "first_achieved_count": 1,
                "verification_failed_count": 1,
                "followup_count": 1,
                "first_achieved_rate": 50.0,
            },
        )

    def test_archived_requests_are_not_counted(self):
        request = self.new_request()
        request.with_user(self.secretary).action_archive()
        self.assertFalse(
            self.env["ctcl.kpi.request"].search([("request_id", "=", request.id)])
        )
