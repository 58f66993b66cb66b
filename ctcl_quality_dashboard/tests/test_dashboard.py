import json
from datetime import timedelta

from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from odoo.addons.ctcl_quality.tests.kpi_common import CtclKpiCase

DASHBOARD = "ctcl_quality_dashboard.spreadsheet_dashboard_ctcl_quality"


def dashboard_data():
    with file_open(
        "ctcl_quality_dashboard/data/files/ctcl_quality_dashboard.json"
    ) as handle:
        return json.load(handle)


class CtclDashboardCase(CtclKpiCase):
    """Requests of the test agency's units in several states, one per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(DASHBOARD)
        cls.roles = (
            cls.staff_a
            | cls.staff_b
            | cls.head_a
            | cls.auditor
            | cls.secretary
            | cls.iso_member
            | cls.iso_leader
            | cls.leader
            | cls.admin_q
        )
        maker = cls("run")  # the factories are the tests' own
        maker.new_request(user=cls.staff_a)
        maker.walk_to(maker.new_request(user=cls.staff_a), "assessment")
        maker.walk_to(maker.new_request(user=cls.staff_a1), "iso_review")
        maker.walk_to(maker.new_request(user=cls.staff_b), "board_review")
        maker.implementing(cls.today - timedelta(days=40))
        deadline = cls.today + timedelta(days=2)
        maker.close_on(maker.implementing(deadline, user=cls.staff_b), deadline)

    def open_requests(self, user):
        """The open requests ``user`` may read: what the dashboard must count."""
        return (
            self.env["ctcl.action.request"]
            .with_user(user)
            .search_count(
                [
                    ("company_id", "=", self.company.id),
                    ("state", "not in", ("draft", "done", "rejected")),
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestDashboardData(CtclDashboardCase):
    def test_installed_with_both_apps_only(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("ctcl_quality", "ctcl_quality_dashboard"))]
        )
        bridge = modules.filtered(lambda m: m.name == "ctcl_quality_dashboard")
        self.assertTrue(bridge.auto_install)
        self.assertEqual(
            set(bridge.dependencies_id.mapped("name")),
            {"ctcl_quality", "spreadsheet_dashboard"},
        )
        # The Quality app does not need the Dashboards app.
        main = modules - bridge
        self.assertNotIn("spreadsheet_dashboard", main.dependencies_id.mapped("name"))

    def test_every_role_opens_the_dashboard(self):
        for user in self.roles:
            with self.subTest(user=user.login):
                Dashboard = self.env["spreadsheet.dashboard"].with_user(user)
                self.assertIn(self.dashboard, Dashboard.search([]))
                data = self.dashboard.with_user(user).get_readonly_dashboard()
                self.assertEqual(
                    set(data["snapshot"]["pivots"]), set(dashboard_data()["pivots"])
                )
        outsider = self.env["res.users"].create(
            {"name": "Outsider", "login": "outsider", "company_id": self.company.id}
        )
        self.assertNotIn(
            self.dashboard,
            self.env["spreadsheet.dashboard"].with_user(outsider).search([]),
        )

    def test_every_data_source_loads_for_each_role(self):
        """Each pivot, list and chart of the dashboard, as its reader asks it."""
        data = dashboard_data()
        queries = []
        for pivot in data["pivots"].values():
            measures = [
                m["fieldName"]
                if m["fieldName"] == "__count"
                else f"{m['fieldName']}:{m['aggregator']}"
                for m in pivot["measures"]
            ]
            groupby = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]]
            queries.append((pivot["model"], pivot["domain"], measures, groupby))
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"].get("metaData")
                if meta:
                    queries.append(
                        (
                            meta["resModel"],
                            figure["data"]["searchParams"]["domain"],
                            [meta["measure"]],
                            meta["groupBy"],
                        )
                    )
        self.assertEqual(len(queries), len(data["pivots"]) + 2)
        for user in self.roles:
            for model, domain, measures, groupby in queries:
                with self.subTest(user=user.login, model=model, groupby=groupby):
                    Model = self.env[model].with_user(user)
                    Model.read_group(domain, measures, groupby, lazy=False)
            for olist in data["lists"].values():
                self.env[olist["model"]].with_user(user).search_read(
                    olist["domain"], olist["columns"], limit=10
                )

    def test_figures_count_what_the_reader_may_read(self):
        Kpi = self.env["ctcl.kpi.request"]
        domain = [("company_id", "=", self.company.id)]
        for user in self.roles:
            with self.subTest(user=user.login):
                [(open_count,)] = Kpi.with_user(user)._read_group(
                    domain, [], ["open_count:sum"]
                )
                self.assertEqual(open_count or 0, self.open_requests(user))
        # Staff of unit A see only A's requests; the ISO roles every request.
        self.assertLess(
            self.open_requests(self.staff_a), self.open_requests(self.secretary)
        )


@tagged("post_install", "-at_install")
class TestDashboardTours(HttpCase, CtclDashboardCase):
    """The dashboard loads in the browser for each role, in Vietnamese, with
    the figures the role may read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_vietnamese()
        cls.env["ir.module.module"]._load_module_terms(
            ["ctcl_quality_dashboard"], ["vi_VN"]
        )
        cls.roles.lang = "vi_VN"

    def test_dashboard_per_role(self):
        url = f"/odoo/dashboards?dashboard_id={self.dashboard.id}"
        for user in self.roles:
            with self.subTest(user=user.login):
                self.start_tour(url, "ctcl_quality_dashboard_tour", login=user.login)
