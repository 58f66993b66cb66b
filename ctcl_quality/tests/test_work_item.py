from datetime import timedelta

from odoo.exceptions import AccessError

from .kpi_common import CtclKpiCase


class TestWorkItem(CtclKpiCase):
    """“My work”, the landing page of the Quality app, for each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assessment_act = cls.env.ref(
            "ctcl_quality.mail_act_ctcl_request_assessment"
        )

    def my_work(self, user):
        """``{(section, document name, step or status)}`` for ``user``."""
        items = (
            self.env["ctcl.work.item"]
            .with_user(user)
            .search([("for_me", "=", True), ("company_id", "=", self.company.id)])
        )
        return {(item.section, item.name, self.step(item)) for item in items}

    def step(self, item):
        if item.kind == "change":
            return "change"
        return (
            item.activity_type_id.id or item.request_state or item.nonconformity_state
        )

    def test_my_activities_by_step(self):
        request = self.walk_to(self.new_request(), "assessment")
        self.assertEqual(
            self.my_work(self.head_a),
            {("activity", request.name, self.assessment_act.id)},
        )
        self.assertFalse(self.my_work(self.staff_a))
        self.walk_to(request, "iso_review")
        self.assertNotIn(
            ("activity", request.name, self.assessment_act.id),
            self.my_work(self.head_a),
        )

    def test_overdue_items_mine_and_my_units(self):
        overdue = self.implementing(self.today - timedelta(days=3))
        on_time = self.implementing(self.today + timedelta(days=3))
        # staff_b implements both (unit B); only the overdue one is late.
        mine = self.my_work(self.staff_b)
        self.assertIn(("my_overdue", overdue.name, "implementation"), mine)
        self.assertNotIn(("my_overdue", on_time.name, "implementation"), mine)
        # The head of the implementing unit follows it; not the head of A.
        self.assertIn(
            ("unit_overdue", overdue.name, "implementation"), self.my_work(self.head_b)
        )
        self.assertFalse(
            {item for item in self.my_work(self.head_a) if item[0] == "unit_overdue"}
        )
        item = (
            self.env["ctcl.work.item"]
            .with_user(self.staff_b)
            .search([("section", "=", "my_overdue"), ("request_id", "=", overdue.id)])
        )
        self.assertEqual(item.days_late, 3)
        action = item.action_open_record()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("ctcl.action.request", overdue.id)
        )

    def test_board_queue_for_the_iso_roles(self):
        queued = self.walk_to(self.new_request(), "board_review")
        running = self.implementing(self.today + timedelta(days=30))
        self.extend(running, self.today + timedelta(days=40), approve=False)
        change = (
            self.env["ctcl.action.change"]
            .with_user(self.staff_b)
            .create(
                {
                    "request_id": running.id,
                    "change_type": "resources",
                    "description": "Bổ sung 01 máy quét",
                }
            )
        )
        self.assertTrue(change)
        for user in (self.secretary, self.iso_member, self.iso_leader):
            with self.subTest(user=user.login):
                queue = {i for i in self.my_work(user) if i[0] == "board_queue"}
                self.assertEqual(
                    queue,
                    {
                        ("board_queue", queued.name, "board_review"),
                        ("board_queue", running.name, "change"),
                    },
                )
        for user in (self.staff_a, self.head_a, self.leader, self.auditor):
            with self.subTest(user=user.login):
                self.assertFalse(
                    {i for i in self.my_work(user) if i[0] == "board_queue"}
                )

    def test_items_follow_the_record_rules(self):
        request = self.walk_to(self.new_request(user=self.staff_b), "assessment")
        Item = self.env["ctcl.work.item"]
        # Without "for me", staff of another unit still see nothing of it.
        self.assertFalse(
            Item.with_user(self.staff_a).search([("request_id", "=", request.id)])
        )
        item = Item.search([("request_id", "=", request.id)])
        self.assertEqual(item.user_id, self.head_b)
        with self.assertRaises(AccessError):
            item.with_user(self.staff_a).read(["name"])
        # An activity on another QT.CTCL document: its owner's only.
        plan = self.env["ctcl.quality.plan"].create({"year": 2031})
        activity = plan.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Rà soát mục tiêu chất lượng",
            user_id=self.staff_a.id,
        )
        item = Item.search(
            [("res_model", "=", plan._name), ("res_id", "=", plan.id)]
        ).filtered(lambda i: i.user_id == self.staff_a)
        self.assertEqual(item.summary, activity.summary)
        self.assertEqual(item.section, "activity")
        self.assertTrue(item.with_user(self.staff_a).for_me)
        self.assertFalse(Item.with_user(self.staff_b).search([("id", "=", item.id)]))
