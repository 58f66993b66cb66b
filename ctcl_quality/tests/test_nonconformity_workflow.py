from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from .nonconformity_common import CtclNonconformityCase

OTHERS_THAN_HEAD_A = (
    "staff_a",
    "staff_a1",
    "staff_b",
    "head_b",
    "auditor",
    "secretary",
    "iso_member",
    "iso_leader",
    "leader",
    "admin_q",
)


class TestNonconformityWorkflow(CtclNonconformityCase):
    def _commit(self):
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking messages are written at commit

    def _reported(self, **vals):
        nc = self.new_nc(**vals)
        nc.action_report()
        return nc

    def test_escalated_flow_by_roles(self):
        nc = self.new_nc()
        self._commit()
        self.assertTrue(nc.name.endswith("/KPH"))
        self.assertEqual(nc.found_by_id, self.staff_a)
        nc.action_report()
        self._commit()
        self.assertEqual(nc.state, "reported")
        self.assertEqual(self.activity_types(nc), {("disposition", self.head_a)})

        head = nc.with_user(self.head_a)
        self.assertTrue(head.can_decide)
        self.assertFalse(nc.can_decide)
        head.write({"disposition": "rework", "assignee_id": self.staff_a.id})
        head.action_decide()
        self._commit()
        self.assertRecordValues(
            nc,
            [{"state": "handling", "decided_by_id": self.head_a.id}],
        )
        self.assertEqual(self.activity_types(nc), {("handling", self.staff_a)})

        nc.write({"result_note": "Đã trả kết quả, xin lỗi công dân"})
        nc.action_report_result()
        self._commit()
        self.assertEqual(nc.state, "checking")
        self.assertEqual(self.activity_types(nc), {("confirm", self.head_a)})

        head.action_confirm()
        self._commit()
        self.assertRecordValues(
            nc,
            [
                {
                    "state": "done",
                    "confirmed_by_id": self.head_a.id,
                    "confirmed_date": self.today,
                    "close_date": self.today,
                }
            ],
        )
        self.assertEqual(nc.retention_until.year, self.today.year + 3)
        self.assertFalse(nc.activity_ids)
        tracked = nc.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(len(tracked), 4)

    def test_disposition_refused_to_everyone_but_the_unit_head(self):
        nc = self._reported()
        nc.with_user(self.head_a).write(
            {"disposition": "repair", "assignee_id": self.staff_a.id}
        )
        for login in OTHERS_THAN_HEAD_A:
            with self.subTest(user=login):
                with self.assertRaises(AccessError):
                    nc.with_user(getattr(self, login)).action_decide()
                with self.assertRaises(AccessError):
                    nc.with_user(getattr(self, login)).write({"disposition": "accept"})
        self.assertEqual(nc.state, "reported")
        self.assertEqual(nc.disposition, "repair")

    def test_confirmation_refused_to_everyone_but_the_unit_head(self):
        nc = self._reported()
        nc.with_user(self.head_a).write(
            {"disposition": "rework", "assignee_id": self.staff_a.id}
        )
        nc.with_user(self.head_a).action_decide()
        # Only the assignee or the head reports the result.
        nc.with_user(self.staff_a).result_note = "Đã làm lại"
        with self.assertRaises(AccessError):
            nc.with_user(self.staff_a1).action_report_result()
        nc.action_report_result()
        for login in OTHERS_THAN_HEAD_A:
            with self.subTest(user=login), self.assertRaises(AccessError):
                nc.with_user(getattr(self, login)).action_confirm()
        self.assertEqual(nc.state, "checking")
        nc.with_user(self.head_a).action_redo()
        self.assertEqual(nc.state, "handling")
        self.assertEqual(self.activity_types(nc), {("handling", self.staff_a)})

    def test_head_of_parent_unit_decides_for_sub_unit(self):
        nc = self.new_nc(user=self.staff_a1)
        nc.action_report()
        self.assertEqual(self.activity_types(nc), {("disposition", self.head_a)})
        nc.with_user(self.head_a).write(
            {"disposition": "reject", "assignee_id": self.staff_a1.id}
        )
        nc.with_user(self.head_a).action_decide()
        self.assertEqual(nc.state, "handling")

    def test_accept_closes_at_once(self):
        nc = self._reported()
        nc.with_user(self.head_a).disposition = "accept"
        nc.with_user(self.head_a).action_decide()
        self.assertRecordValues(
            nc, [{"state": "done", "confirmed_by_id": self.head_a.id}]
        )
        self.assertTrue(nc.retention_until)

    def test_decision_needs_disposition_assignee_and_category(self):
        nc = self._reported(category_id=False)
        head = nc.with_user(self.head_a)
        with self.assertRaises(UserError):
            head.action_decide()
        head.write({"category_id": self.cat_late.id, "disposition": "rework"})
        with self.assertRaises(UserError):
            head.action_decide()
        self.assertEqual(nc.state, "reported")

    def test_handled_on_spot(self):
        nc = self.new_nc()
        with self.assertRaises(UserError):
            nc.action_handle_on_spot()
        nc.result_note = "Đã hướng dẫn lại công dân ngay tại Bộ phận Một cửa"
        with self.assertRaises(AccessError):
            nc.with_user(self.staff_b).action_handle_on_spot()
        nc.action_handle_on_spot()
        self.assertRecordValues(
            nc, [{"state": "done", "handled_on_spot": True, "close_date": self.today}]
        )
        self.assertFalse(nc.activity_ids)

    def test_state_and_locked_fields_refused_over_rpc(self):
        nc = self._reported()
        for vals in (
            {"state": "done"},
            {"is_recurring": True},
            {"decided_by_id": self.head_a.id},
            {"request_ids": [(6, 0, [])]},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                nc.with_user(self.head_a).write(vals)
        with self.assertRaises(UserError):
            self.new_nc(state="done", disposition="accept")
        created = self.new_nc(state="done")
        self.assertEqual(created.state, "draft")

    def test_bad_input(self):
        # Missing unit: a user without employee and no unit given.
        with self.assertRaises(UserError):
            self.env["ctcl.nonconformity"].with_user(self.staff_a).create(
                {"department_id": False, "description": "x", "category_id": False}
            )
        with self.assertRaises(ValidationError):
            self.new_nc(date=self.today + timedelta(days=1))
        nc = self.new_nc()
        with self.assertRaises(ValidationError):
            nc.date = self.today + timedelta(days=1)
        with self.assertRaises(ValidationError):
            self.new_nc(description="  ")
        self.assertEqual(
            self.env["ctcl.nonconformity"].search_count(
                [("department_id", "=", self.dept_a.id)]
            ),
            1,
        )

    def test_date_in_the_past_is_fine(self):
        with freeze_time("2026-03-10"):
            nc = self.new_nc(date="2026-03-09")
            self.assertEqual(str(nc.date), "2026-03-09")

    def test_retention_blocks_deletion(self):
        draft = self.new_nc()
        with self.assertRaises(UserError):
            draft.with_user(self.head_a).unlink()
        draft.unlink()  # a draft is deleted by its author
        nc = self._reported()
        with self.assertRaises(UserError):
            nc.with_user(self.admin_q).unlink()
        with self.assertRaises(AccessError):
            nc.with_user(self.staff_a).action_archive()
        nc.with_user(self.secretary).action_archive()
        self.assertFalse(nc.active)

    def test_reassignment_hands_the_activity_over(self):
        nc = self._reported()
        head = nc.with_user(self.head_a)
        head.write({"disposition": "repair", "assignee_id": self.staff_a.id})
        head.action_decide()
        self.assertEqual(self.activity_types(nc), {("handling", self.staff_a)})
        deadline = self.today + timedelta(days=7)
        head.write({"assignee_id": self.staff_a1.id, "handling_deadline": deadline})
        self.assertEqual(self.activity_types(nc), {("handling", self.staff_a1)})
        self.assertEqual(nc.activity_ids.date_deadline, deadline)
        self.assertIn(self.staff_a1.partner_id, nc.message_partner_ids)
        # The former assignee can no longer report the result.
        nc.with_user(self.staff_a1).result_note = "Đã sửa"
        with self.assertRaises(AccessError):
            nc.with_user(self.staff_a).action_report_result()
        nc.with_user(self.staff_a1).action_report_result()
        self.assertEqual(nc.state, "checking")

    def test_unit_changed_in_triage_moves_the_disposition(self):
        # Unit B already has three records of this category: the moved record
        # becomes recurring there, and its head is called.
        for _i in range(3):
            self.new_nc(user=self.staff_b, date=self.today - timedelta(days=5))
        nc = self._reported()
        self.assertFalse(nc.is_recurring)
        self.assertEqual(self.activity_types(nc), {("disposition", self.head_a)})
        nc.with_user(self.head_a).department_id = self.dept_b
        self.assertTrue(nc.is_recurring)
        self.assertEqual(
            self.activity_types(nc),
            {("disposition", self.head_b), ("recurrence", self.head_b)},
        )
        with self.assertRaises(AccessError):
            nc.with_user(self.head_a).action_decide()
        nc.with_user(self.head_b).write(
            {"disposition": "rework", "assignee_id": self.staff_b.id}
        )
        nc.with_user(self.head_b).action_decide()
        self.assertEqual(nc.state, "handling")

    def test_filing_an_archived_record_refused_over_rpc(self):
        with self.assertRaises(AccessError):
            self.new_nc(active=False)
        self.assertFalse(
            self.env["ctcl.nonconformity"]
            .with_context(active_test=False)
            .search(self.test_units)
        )
        self.assertTrue(self.new_nc(active=True).active)
        self.assertFalse(self.new_nc(user=self.secretary, active=False).active)
