from datetime import timedelta

from odoo.tests import users, warmup

from .kpi_common import CtclKpiCase

# The size the budgets are stated at: requests in every state, two units.
REQUESTS_PER_STATE = 1


class TestKpiQueries(CtclKpiCase):
    """One query budget per key figure, read as a unit head (record rules
    applied) and as the ISO secretary (everything), at a stated size: 23
    requests (one of unit A and one of unit B in each state of the walk,
    with their sign-offs, and three overdue ones). Each figure is one SQL
    statement over its view whatever the size (plus, for the unit head, the
    unit tree of the record rules): a budget that moves means a figure
    started reading row by row."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        walk = [
            "draft",
            "assessment",
            "iso_review",
            "board_review",
            "analysis",
            "approval",
            "implementation",
            "verification",
            "to_close",
            "done",
        ]
        # The factories are the tests' own: borrow an instance for them.
        maker = cls("test_on_time")
        for state in walk:
            for user in [cls.staff_a, cls.staff_b] * REQUESTS_PER_STATE:
                maker.walk_to(maker.new_request(user=user), state)
        for days in (5, 45, 100):
            maker.implementing(cls.today - timedelta(days=days))
        cls.period = (cls.today - timedelta(days=365), cls.today)
        cls.Kpi = cls.env["ctcl.kpi.request"]

    def figures(self, model):
        return self.env[model]

    def assert_budget(self, call, **budgets):
        """Run ``call`` within the budget of the current login, exactly: a
        count below the budget fails too, so that the budget is re-pinned."""
        with self.assertQueryCount(**budgets):
            start = self.cr.sql_log_count
            result = call()
        count = self.cr.sql_log_count - start
        budget = budgets[self.env.user.login]
        if self.warm and count != budget:
            self.fail(f"{count} queries instead of {budget} for {self.env.user.login}")
        return result

    @users("head_a", "secretary")
    @warmup
    def test_on_time(self):
        result = self.assert_budget(
            lambda: self.figures("ctcl.kpi.request")._ctcl_kpi_on_time(
                self.company, *self.period
            ),
            head_a=2,
            secretary=1,
        )
        self.assertGreater(result["closed_count"], 0)

    @users("head_a", "secretary")
    @warmup
    def test_overdue(self):
        result = self.assert_budget(
            lambda: self.figures("ctcl.kpi.request")._ctcl_kpi_overdue(
                self.company, self.today
            ),
            head_a=3,
            secretary=2,
        )
        self.assertEqual(len(result), 3)

    @users("head_a", "secretary")
    @warmup
    def test_effectiveness(self):
        result = self.assert_budget(
            lambda: self.figures("ctcl.kpi.request")._ctcl_kpi_effectiveness(
                self.company, *self.period
            ),
            head_a=3,
            secretary=2,
        )
        self.assertGreater(result["first_verified_count"], 0)

    @users("head_a", "secretary")
    @warmup
    def test_cycle_times(self):
        result = self.assert_budget(
            lambda: self.figures("ctcl.kpi.step")._ctcl_kpi_cycle_times(
                self.company, self.today, self.today
            ),
            head_a=2,
            secretary=1,
        )
        self.assertIn("assessment", result)

    @users("head_a", "secretary")
    @warmup
    def test_dashboard_pivot_by_unit_and_state(self):
        # What a dashboard pivot asks: open requests by unit and state.
        result = self.assert_budget(
            lambda: self.figures("ctcl.kpi.request").read_group(
                [("open_count", "=", 1)],
                ["open_count:sum", "overdue_count:sum", "overdue_90_plus:sum"],
                ["unit_id", "state"],
                lazy=False,
            ),
            head_a=3,
            secretary=2,
        )
        self.assertTrue(result)

    @users("head_a", "secretary")
    @warmup
    def test_recurring_runs(self):
        self.assert_budget(
            lambda: self.figures("ctcl.kpi.recurrence")._ctcl_kpi_runs(
                self.company, *self.period
            ),
            head_a=2,
            secretary=1,
        )

    @users("head_a", "secretary")
    @warmup
    def test_objective_status(self):
        self.assert_budget(
            lambda: self.figures("ctcl.kpi.objective")._ctcl_kpi_status(
                self.company, self.today.year
            ),
            head_a=2,
            secretary=1,
        )

    @users("head_a", "secretary")
    @warmup
    def test_my_work(self):
        result = self.assert_budget(
            lambda: self.figures("ctcl.work.item").search_fetch(
                [("for_me", "=", True)],
                ["name", "section", "date_deadline", "days_late"],
            ),
            head_a=5,
            secretary=4,
        )
        self.assertTrue(result)
