from datetime import timedelta

from .nonconformity_common import CtclNonconformityCase


class TestKpiNonconformity(CtclNonconformityCase):
    """Recurring runs (QT.CTCL 5.2.2) and overdue nonconformities."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.ctcl_tz = "UTC"
        cls.day = cls.today - timedelta(days=100)

    def series(self, categories, user=None):
        """One record per category of ``categories``, a day apart, in order."""
        records = []
        for category in categories:
            self.day += timedelta(days=1)
            records.append(
                self.new_nc(user=user, category_id=category.id, date=self.day)
            )
        return records

    def runs(self, **domain):
        Run = self.env["ctcl.kpi.recurrence"]
        leaves = [("company_id", "=", self.company.id)]
        leaves += [(fname, "=", value) for fname, value in domain.items()]
        return Run.search(leaves, order="date, id")

    def test_a_recurring_run_of_four_counts_once(self):
        records = self.series([self.cat_late] * 4)
        self.assertEqual([r.is_recurring for r in records], [False] * 3 + [True])
        self.assertRecordValues(
            self.runs(),
            [
                {
                    "unit_id": self.dept_a.id,
                    "category_id": self.cat_late.id,
                    "recurring_count": 1,
                    "nonconformity_id": records[3].id,
                    "date": records[3].date,
                }
            ],
        )

    def test_a_longer_run_still_counts_once(self):
        records = self.series([self.cat_late] * 7)
        self.assertEqual(sum(r.is_recurring for r in records), 4)
        self.assertRecordValues(
            self.runs(),
            [
                {
                    "recurring_count": 4,
                    "date": records[3].date,
                    "date_last": records[6].date,
                }
            ],
        )

    def test_runs_by_unit_and_category(self):
        late, guidance = self.cat_late, self.cat_guidance
        # Unit A: a run of late records, broken by guidance, then another run;
        # a run of guidance records at unit B; records of another category do
        # not make a run of their own at A.
        self.series([late] * 4 + [guidance] + [late] * 5)
        self.series([guidance] * 4, user=self.staff_b)
        self.series([late] * 3, user=self.staff_b)
        self.assertEqual(len(self.runs(unit_id=self.dept_a.id)), 2)
        self.assertEqual(
            self.runs(unit_id=self.dept_b.id).category_id, self.cat_guidance
        )
        Run = self.env["ctcl.kpi.recurrence"]
        grid = Run._read_group(
            [("company_id", "=", self.company.id)],
            ["unit_id", "category_id"],
            ["__count"],
        )
        self.assertEqual(
            sorted((unit.name, category.name, count) for unit, category, count in grid),
            [
                ("Unit A", late.name, 2),
                ("Unit B", guidance.name, 1),
            ],
        )
        self.assertEqual(
            Run._ctcl_kpi_runs(
                self.company, self.today - timedelta(days=100), self.today
            ),
            3,
        )

    def test_archived_records_do_not_count(self):
        records = self.series([self.cat_late] * 5)
        self.assertEqual(len(self.runs()), 1)
        records[0].with_user(self.secretary).action_archive()
        # The run is one record shorter: still one run, one flagged record.
        self.assertRecordValues(self.runs(), [{"recurring_count": 1}])

    def test_overdue_handling_by_age(self):
        nc = self.new_nc(date=self.today - timedelta(days=60))
        nc.with_user(self.staff_a).action_report()
        nc.with_user(self.head_a).write(
            {
                "disposition": "repair",
                "assignee_id": self.staff_a.id,
                "handling_deadline": self.today - timedelta(days=40),
            }
        )
        nc.with_user(self.head_a).action_decide()
        self.assertEqual(nc.state, "handling")
        row = self.env["ctcl.kpi.nonconformity"].search(
            [("nonconformity_id", "=", nc.id)]
        )
        self.assertRecordValues(
            row,
            [
                {
                    "open_count": 1,
                    "overdue_count": 1,
                    "overdue_days": 40,
                    "overdue_31_60": 1,
                    "overdue_1_30": 0,
                    "unit_id": self.dept_a.id,
                }
            ],
        )
        self.assertEqual(
            self.env["ctcl.kpi.nonconformity"]._ctcl_kpi_overdue(self.company), nc
        )
