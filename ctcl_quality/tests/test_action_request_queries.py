from contextlib import contextmanager

from odoo.tests import users, warmup

from .common import CtclCase


class TestActionRequestQueries(CtclCase):
    """Query budgets: a regression here means an N+1 crept in.

    Each step runs as the role that performs it, on the test's own records;
    @warmup runs it once first so the ORM caches are filled. A budget is the
    count measured, with no slack: a failure reports the new count, which is
    the one number to re-pin. A transition's cost is mostly Odoo's: tracking,
    followers, and the activity (with its e-mail) for the owner of the next
    step.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The same languages whatever the database was installed with: notes
        # and e-mails are rendered in their reader's language, and every
        # other active language costs its own reads.
        cls.load_vietnamese()
        # Notification e-mails queued as in production, where they leave after
        # the commit: whether a runner sends them at once in test mode differs.
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))

    @contextmanager
    def assertExactQueryCount(self, budget):
        """assertQueryCount fails above the budget only; fail below it too."""
        with self.assertQueryCount(budget):
            start = self.cr.sql_log_count
            yield
        count = self.cr.sql_log_count - start
        if self.warm and count < budget:
            self.fail(
                f"Query count less than expected for user {self.env.user.login}: "
                f"{count} < {budget}"
            )

    def assertStepQueries(self, state, budget):
        """Take a new request to ``state``, then count its next step."""
        request = self.walk_to(self.new_request(), state)
        self.assertEqual(self.step_user(request), self.env.user)
        with self.assertExactQueryCount(budget):
            self.do_step(request)
        self.assertNotEqual(request.state, state)

    @users("staff_a")
    @warmup
    def test_create(self):
        Request = self.env["ctcl.action.request"]
        self.new_request()  # the year's numbering exists from the first one on
        with self.assertExactQueryCount(11):
            Request.create(
                {
                    "requesting_department_id": self.dept_a.id,
                    "description": "Hồ sơ trễ hạn",
                    "source_id": self.source.id,
                }
            )

    @users("staff_a")
    @warmup
    def test_submit(self):
        self.assertStepQueries("draft", 58)

    @users("head_a")
    @warmup
    def test_forward(self):
        self.assertStepQueries("assessment", 93)

    @users("head_a")
    @warmup
    def test_head_forwards_his_own_draft(self):
        """Submitted and assessed in one step: cheaper than the two."""
        request = self.new_request(self.head_a)
        request.need_criterion_ids = self.criterion
        with self.assertExactQueryCount(72):
            request.action_forward()
        self.assertEqual(request.state, "iso_review")

    @users("secretary")
    @warmup
    def test_submit_to_board(self):
        self.assertStepQueries("iso_review", 80)

    @users("iso_leader")
    @warmup
    def test_assign(self):
        self.assertStepQueries("board_review", 99)

    @users("staff_b")
    @warmup
    def test_propose(self):
        self.assertStepQueries("analysis", 85)

    @users("iso_leader")
    @warmup
    def test_approve(self):
        self.assertStepQueries("approval", 97)

    @users("staff_b")
    @warmup
    def test_report_done(self):
        self.assertStepQueries("implementation", 86)

    @users("leader")
    @warmup
    def test_verify(self):
        self.assertStepQueries("verification", 84)

    @users("secretary")
    @warmup
    def test_close(self):
        self.assertStepQueries("to_close", 65)
