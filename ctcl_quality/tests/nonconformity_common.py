from .common import CtclCase


class CtclNonconformityCase(CtclCase):
    """CtclCase with two content categories and a nonconformity factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["ctcl.nonconformity.category"]
        cls.cat_late = Category.create({"name": "Test: returned late"})
        cls.cat_guidance = Category.create({"name": "Test: incomplete guidance"})
        # The test's own units, for searches across the company.
        cls.test_units = [
            ("department_id", "in", (cls.dept_a | cls.dept_a1 | cls.dept_b).ids)
        ]
        # The rule as QT.CTCL 5.2.2 writes it (the defaults): more than 03
        # consecutive records, no time window.
        cls.env.company.write(
            {"ctcl_nc_recurrence_threshold": 3, "ctcl_nc_recurrence_months": 0}
        )

    def new_nc(self, user=None, **vals):
        user = user or self.staff_a
        values = {
            "department_id": user.employee_ids.department_id.id,
            "title": "Hồ sơ trả kết quả trễ hạn",
            "requirement": "Thời hạn giải quyết TTHC theo quy định",
            "description": "Hồ sơ giao đất trả kết quả chậm 3 ngày làm việc",
            "category_id": self.cat_late.id,
        }
        values.update(vals)
        return self.env["ctcl.nonconformity"].with_user(user).create(values)

    def head_of(self, nonconformity):
        return (
            self.head_b if nonconformity.department_id == self.dept_b else self.head_a
        )

    def activity_types(self, record):
        return {
            (
                a.activity_type_id.get_external_id()[a.activity_type_id.id].split(
                    ".mail_act_ctcl_nc_"
                )[1],
                a.user_id,
            )
            for a in record.activity_ids
        }
