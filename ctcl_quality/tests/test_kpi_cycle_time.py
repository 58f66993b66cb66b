from datetime import timedelta

from freezegun import freeze_time

from .kpi_common import CtclKpiCase


class TestKpiCycleTime(CtclKpiCase):
    """Cycle time of each step, from the recorded transition dates."""

    def walk_dated(self, request, days_per_step, start=None):
        """Do the next steps of ``request`` from ``start`` (today), each after
        the given number of days."""
        day = start or self.today
        for days in days_per_step:
            day += timedelta(days=days)
            with freeze_time(day):
                self.do_step(request)
        return request

    def steps(self, request):
        rows = self.env["ctcl.kpi.step"].search([("request_id", "=", request.id)])
        return {row.step: row.days for row in rows}

    def test_every_step_is_timed(self):
        request = self.new_request(request_date=self.today)
        # draft → assessment → iso_review → board_review → analysis →
        # approval → implementation → verification → to_close → done
        self.walk_dated(request, [0, 2, 1, 3, 5, 4, 30, 6, 1])
        self.assertEqual(request.state, "done")
        self.assertEqual(
            self.steps(request),
            {
                "assessment": 2,
                "iso_review": 1,
                "board_review": 3,
                "analysis": 5,
                "approval": 4,
                "implementation": 30,
                "verification": 6,
                "to_close": 1,
            },
        )
        row = self.env["ctcl.kpi.step"].search(
            [("request_id", "=", request.id), ("step", "=", "implementation")]
        )
        self.assertEqual(
            (row.date_start, row.date_end),
            (self.today + timedelta(days=15), self.today + timedelta(days=45)),
        )

    def test_step_under_way_has_no_time_yet(self):
        request = self.new_request(request_date=self.today)
        self.walk_dated(request, [0, 2, 1])
        self.assertEqual(request.state, "board_review")
        self.assertEqual(self.steps(request), {"assessment": 2, "iso_review": 1})

    def test_sent_back_analysis_runs_to_the_approved_proposal(self):
        request = self.new_request(request_date=self.today)
        self.walk_dated(request, [0, 1, 1, 1, 2])
        self.assertEqual(request.state, "approval")
        with freeze_time(self.today + timedelta(days=6)):
            request.with_user(self.iso_leader).action_send_back("Làm rõ nguyên nhân")
        # Proposed again on day 14, approved on day 15.
        self.walk_dated(request, [9, 1], start=self.today + timedelta(days=5))
        self.assertEqual(request.state, "implementation")
        steps = self.steps(request)
        # Assigned on day 3, last proposal on day 14; approved the next day.
        self.assertEqual((steps["analysis"], steps["approval"]), (11, 1))

    def test_median_and_90th_percentile(self):
        # Need assessment taking 1, 2, ... 10 days.
        for days in range(1, 11):
            request = self.new_request(request_date=self.today)
            self.walk_dated(request, [0, days])
        Step = self.env["ctcl.kpi.step"]
        domain = [("company_id", "=", self.company.id), ("step", "=", "assessment")]
        [(count, median, p90, average)] = Step._read_group(
            domain, [], ["__count", "days_median:max", "days_p90:max", "days:avg"]
        )
        self.assertEqual(count, 10)
        self.assertAlmostEqual(median, 5.5)
        self.assertAlmostEqual(p90, 9.1)
        self.assertAlmostEqual(average, 5.5)
        # The web client's read_group (as the dashboard's pivots call it).
        [group] = Step.read_group(
            domain, ["days_median:max", "days_p90:max"], ["step"], lazy=False
        )
        self.assertAlmostEqual(group["days_median"], 5.5)
        self.assertAlmostEqual(group["days_p90"], 9.1)
        figures = Step._ctcl_kpi_cycle_times(
            self.company, self.today, self.today + timedelta(days=10)
        )
        self.assertEqual(figures, {"assessment": (10, 5.5, 9.1)})
        # Steps completed in the period only.
        figures = Step._ctcl_kpi_cycle_times(
            self.company, self.today, self.today + timedelta(days=4)
        )
        self.assertEqual(figures, {"assessment": (4, 2.5, 3.7)})
