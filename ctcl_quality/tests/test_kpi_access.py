from datetime import timedelta

from odoo.exceptions import AccessError

from .kpi_common import CtclKpiCase


class TestKpiAccess(CtclKpiCase):
    """The figures count what their reader may read, and nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A request of unit A implemented by unit B, one of the sub-unit A1,
        # one of unit B alone, and one of another agency.
        cls.req_a = cls.new_request(cls, user=cls.staff_a)
        cls.req_a1 = cls.new_request(cls, user=cls.staff_a1)
        cls.req_b = cls.new_request(cls, user=cls.staff_b)
        other = cls.env["res.company"].create({"name": "Other agency"})
        cls.other_unit = cls.env["hr.department"].create(
            {"name": "Other unit", "company_id": other.id}
        )
        cls.req_other = (
            cls.env["ctcl.action.request"]
            .sudo()
            .with_company(other)
            .create(
                {
                    "company_id": other.id,
                    "requesting_department_id": cls.other_unit.id,
                    "requester_id": cls.env.ref("base.user_admin").id,
                    "description": "Hồ sơ của cơ quan khác",
                    "source_id": cls.source.id,
                }
            )
        )
        cls.nc_a = (
            cls.env["ctcl.nonconformity"]
            .with_user(cls.staff_a)
            .create(
                {
                    "department_id": cls.dept_a.id,
                    "requirement": "Thời hạn giải quyết TTHC",
                    "description": "Trả kết quả chậm",
                }
            )
        )

    def visible(self, user, model="ctcl.kpi.request", fname="request_id"):
        rows = self.env[model].with_user(user).search([])
        return rows[fname]

    def test_requests_per_role(self):
        self.walk_to(self.req_a, "analysis")  # implemented by unit B
        mine = self.req_a | self.req_a1 | self.req_b
        everyone = (
            self.auditor,
            self.secretary,
            self.iso_member,
            self.iso_leader,
            self.leader,
            self.admin_q,
        )
        expected = {
            self.staff_a: self.req_a,
            self.staff_a1: self.req_a1,
            # The implementer's unit and the assignee: B sees A's request.
            self.staff_b: self.req_b | self.req_a,
            self.head_a: self.req_a | self.req_a1,
            self.head_b: self.req_b | self.req_a,
            **dict.fromkeys(everyone, mine),
        }
        Request = self.env["ctcl.action.request"]
        for user, requests in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self.visible(user), requests)
                # The very requests the user can open.
                self.assertEqual(
                    requests,
                    Request.with_user(user).search(
                        [("id", "in", (mine | self.req_other).ids)]
                    ),
                )
        # The other agency's request is in the view, for its own users only.
        self.assertTrue(
            self.env["ctcl.kpi.request"]
            .sudo()
            .search([("request_id", "=", self.req_other.id)])
        )

    def test_totals_follow_the_rules(self):
        Kpi = self.env["ctcl.kpi.request"]
        domain = [("company_id", "=", self.company.id)]
        totals = {
            user.login: Kpi.with_user(user)._read_group(domain, [], ["__count"])[0][0]
            for user in (self.staff_a, self.head_a, self.secretary)
        }
        self.assertEqual(totals, {"staff_a": 1, "head_a": 2, "secretary": 3})

    def test_reading_a_row_of_another_unit_is_refused(self):
        row = self.env["ctcl.kpi.request"].browse(self.req_b.id)
        with self.assertRaises(AccessError):
            row.with_user(self.staff_a).read(["state"])
        self.assertEqual(
            row.with_user(self.staff_b).read(["state"])[0]["state"], "draft"
        )
        step_rows = self.env["ctcl.kpi.step"].with_user(self.staff_a)
        self.walk_to(self.req_b, "iso_review")
        self.assertFalse(step_rows.search([("request_id", "=", self.req_b.id)]))
        self.assertTrue(
            step_rows.with_user(self.staff_b).search(
                [("request_id", "=", self.req_b.id)]
            )
        )

    def test_nonconformities_and_objectives_per_role(self):
        model = "ctcl.kpi.nonconformity"
        self.assertEqual(
            self.visible(self.staff_a, model, "nonconformity_id"), self.nc_a
        )
        self.assertFalse(self.visible(self.staff_b, model, "nonconformity_id"))
        self.assertFalse(self.visible(self.head_b, model, "nonconformity_id"))
        self.assertEqual(
            self.visible(self.head_a, model, "nonconformity_id"), self.nc_a
        )
        self.assertEqual(
            self.visible(self.auditor, model, "nonconformity_id"), self.nc_a
        )

    def test_figures_of_the_period_as_superuser_see_everything(self):
        # The management review compiles the agency's figures whoever reads
        # them: as superuser, per company.
        deadline = self.today + timedelta(days=3)
        self.close_on(self.implementing(deadline, user=self.staff_b), deadline)
        figures = (
            self.env["ctcl.kpi.request"]
            .with_user(self.staff_a)
            .sudo()
            ._ctcl_kpi_on_time(self.company, deadline, deadline)
        )
        self.assertEqual(figures["closed_count"], 1)
        figures = (
            self.env["ctcl.kpi.request"]
            .with_user(self.staff_a)
            ._ctcl_kpi_on_time(self.company, deadline, deadline)
        )
        self.assertEqual(figures["closed_count"], 0)
