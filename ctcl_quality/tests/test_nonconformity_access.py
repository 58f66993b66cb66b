from datetime import date

from odoo.exceptions import AccessError

from .nonconformity_common import CtclNonconformityCase


class TestNonconformityAccess(CtclNonconformityCase):
    def test_isolation_between_units(self):
        nc_a = self.new_nc()
        nc_a1 = self.new_nc(user=self.staff_a1)
        nc_b = self.new_nc(user=self.staff_b)
        NC = self.env["ctcl.nonconformity"]
        expected = {
            "staff_a": nc_a,
            "staff_a1": nc_a1,
            "staff_b": nc_b,
            "head_a": nc_a | nc_a1,
            "head_b": nc_b,
            "auditor": nc_a | nc_a1 | nc_b,
            "secretary": nc_a | nc_a1 | nc_b,
            "iso_member": nc_a | nc_a1 | nc_b,
            "leader": nc_a | nc_a1 | nc_b,
            "admin_q": nc_a | nc_a1 | nc_b,
        }
        for login, records in expected.items():
            with self.subTest(user=login):
                seen = NC.with_user(getattr(self, login)).search(self.test_units)
                self.assertEqual(seen, records)
        with self.assertRaises(AccessError):
            nc_a.with_user(self.staff_b).read(["description"])
        with self.assertRaises(AccessError):
            nc_b.with_user(self.head_a).write({"title": "x"})

    def test_assignee_of_other_unit_sees_the_record(self):
        nc = self.new_nc()
        nc.action_report()
        nc.with_user(self.head_a).write(
            {"disposition": "repair", "assignee_id": self.staff_b.id}
        )
        nc.with_user(self.head_a).action_decide()
        self.assertEqual(
            self.env["ctcl.nonconformity"]
            .with_user(self.staff_b)
            .search(self.test_units),
            nc,
        )
        nc.with_user(self.staff_b).result_note = "Đã sửa"
        nc.with_user(self.staff_b).action_report_result()
        self.assertEqual(nc.state, "checking")

    def test_review_figures(self):
        self.new_nc(date=date(2019, 1, 5))
        self.new_nc(date=date(2019, 1, 6), category_id=self.cat_guidance.id)
        self.new_nc(user=self.staff_b, date=date(2019, 2, 1))
        self.new_nc(user=self.staff_b, date=date(2018, 12, 31))
        figures = self.env["ctcl.management.review.input"]._ctcl_nonconformity_figures(
            date(2019, 1, 1), date(2019, 12, 31), self.env.company
        )
        self.assertEqual(figures["total"], 3)
        self.assertEqual(figures["by_unit"], [("Unit A", 2), ("Unit B", 1)])
        self.assertEqual(
            dict(figures["by_category"]),
            {self.cat_late.name: 2, self.cat_guidance.name: 1},
        )
        self.assertEqual(figures["by_state"], [("Draft", 3)])
        self.assertEqual(sum(n for _name, n in figures["by_source"]), 3)
