from odoo.exceptions import AccessError

from .test_risk_register import CtclRiskCase


class TestRiskRegisterDrafter(CtclRiskCase):
    """Who is named drafter of a risk analysis table: yourself, unless the
    head of the unit (the ISO secretary, for the agency's table) names one."""

    def test_staff_name_only_themselves(self):
        with self.assertRaises(AccessError):
            self.Register.with_user(self.staff_a).create(
                {"department_id": self.dept_a.id, "drafter_id": self.head_a.id}
            )
        register = self.new_register()
        with self.assertRaises(AccessError):
            register.with_user(self.staff_a).drafter_id = self.head_a
        register.with_user(self.head_a).drafter_id = self.head_a
        # Nor take over from the drafter the head named.
        with self.assertRaises(AccessError):
            register.with_user(self.staff_a).drafter_id = self.staff_a
        self.assertEqual(register.drafter_id, self.head_a)

    def test_head_names_a_drafter_of_the_unit(self):
        register = self.Register.with_user(self.head_a).create(
            {"department_id": self.dept_a.id, "drafter_id": self.staff_a.id}
        )
        self.assertEqual(register.drafter_id, self.staff_a)
        self.assertTrue(register.with_user(self.head_a).can_name_drafter)
        self.assertFalse(register.with_user(self.staff_a).can_name_drafter)
        # Someone who cannot draft the table would be left with its activity.
        with self.assertRaises(AccessError):
            register.with_user(self.head_a).drafter_id = self.staff_b

    def test_secretary_names_the_agency_table_drafter(self):
        agency = self.Register.with_user(self.iso_member).create(
            {"department_id": False}
        )
        with self.assertRaises(AccessError):
            agency.with_user(self.iso_member).drafter_id = self.secretary
        agency.with_user(self.secretary).drafter_id = self.iso_member
        self.assertEqual(agency.drafter_id, self.iso_member)
