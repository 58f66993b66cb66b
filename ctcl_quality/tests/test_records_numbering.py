import threading
from concurrent.futures import ThreadPoolExecutor
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

# A past year no test or demo record uses: its numbering range does not exist.
YEAR = 1931
CLIENTS = 4


@tagged("post_install", "-at_install")
class TestRecordsNumbering(BaseCase):
    """Issue 8, hole 6: the first documents of a year, created at the same
    instant, all get a number, each its own.

    Real concurrent transactions: each client has its own cursor and commits,
    as the HTTP workers do, and goes through ``retrying`` as every RPC call
    does. What the test commits, its clean-up deletes.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._clean_up)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cls.department_id = env["hr.department"].create({"name": "Numbering"}).id
            cls.source_id = env.ref("ctcl_quality.ctcl_source_internal_audit").id
            cls.sequence_ids = (
                env["ir.sequence"].search([("code", "=like", "ctcl.%")]).ids
            )

    @classmethod
    def _clean_up(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            env["ctcl.action.request"].search(
                [("requesting_department_id", "=", cls.department_id)]
            ).unlink()
            env["ctcl.nonconformity"].search(
                [("department_id", "=", cls.department_id)]
            ).unlink()
            env["ir.sequence.date_range"].search(
                [
                    ("sequence_id", "in", cls.sequence_ids),
                    ("date_from", "=", f"{YEAR}-01-01"),
                ]
            ).unlink()
            env["hr.department"].browse(cls.department_id).unlink()

    def _create_concurrently(self, model, vals):
        barrier = threading.Barrier(CLIENTS)

        def client():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                # Every client has its snapshot before any of them numbers.
                env.cr.execute("SELECT 1")
                barrier.wait(timeout=10)
                # Each try gets the values afresh, as a replayed RPC call does.
                record = retrying(lambda: env[model].create(dict(vals)), env)
                return record.name

        # The test runner holds the registries' lock while it runs the tests:
        # the clients would wait for it forever (enter_test_mode() swaps it
        # the same way for HttpCase).
        with (
            patch.object(Registry, "_lock", DummyRLock()),
            ThreadPoolExecutor(max_workers=CLIENTS) as executor,
        ):
            futures = [executor.submit(client) for _i in range(CLIENTS)]
            return sorted(future.result(timeout=120) for future in futures)

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_first_requests_of_a_year(self):
        names = self._create_concurrently(
            "ctcl.action.request",
            {
                "requesting_department_id": self.department_id,
                "description": "Hồ sơ trễ hạn",
                "source_id": self.source_id,
                "request_date": f"{YEAR}-01-02",
            },
        )
        self.assertEqual(names, [f"{n:03d}/{YEAR}/PYC" for n in range(1, CLIENTS + 1)])

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_first_nonconformities_of_a_year(self):
        names = self._create_concurrently(
            "ctcl.nonconformity",
            {
                "department_id": self.department_id,
                "description": "Hồ sơ trễ hạn",
                "date": f"{YEAR}-01-02",
            },
        )
        self.assertEqual(names, [f"{n:03d}/{YEAR}/KPH" for n in range(1, CLIENTS + 1)])
