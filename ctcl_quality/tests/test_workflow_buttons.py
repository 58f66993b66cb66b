import re

from lxml import etree

from odoo.exceptions import AccessError, UserError

from .quality_objective_common import CtclQualityObjectiveCase
from .test_risk_register import CtclRiskCase

DOCUMENTS = (
    "ctcl.action.request",
    "ctcl.nonconformity",
    "ctcl.management.review",
    "ctcl.quality.plan",
    "ctcl.quality.report",
    "ctcl.risk.register",
)
# A form button its flag hides: invisible="not can_x" (or more conditions).
HIDDEN_BY = re.compile(r"^not (can_\w+)(?: or .*)?$")


class TestWorkflowButtons(CtclRiskCase, CtclQualityObjectiveCase):
    """Each document's button table (``_ctcl_buttons``) drives its can_*
    flags; the server refuses every button a flag hides, to every role, in
    every state: hidden buttons are not the security."""

    def form_buttons(self, model):
        """``{(method, flag)}`` of the object buttons of the form of ``model``
        that a can_* flag hides."""
        arch = etree.fromstring(self.env[model].get_view(view_type="form")["arch"])
        return {
            (button.get("name"), match.group(1))
            for button in arch.iter("button")
            if button.get("type") == "object"
            and (match := HIDDEN_BY.match(button.get("invisible") or ""))
        }

    def shows(self, record, flag):
        try:
            return record[flag]
        except AccessError:  # a record the user cannot read shows nothing
            return False

    def samples(self):
        """Records of every document in the states of their buttons."""
        states = self.env["ctcl.action.request"]._fields["state"].selection
        records = [
            self.walk_to(self.new_request(), state)
            for state, _label in states
            if state != "rejected"
        ]
        nc = [self.new_nc() for _i in range(5)]
        for step, ncs in enumerate((nc[1:], nc[2:], nc[3:], nc[4:])):
            for record in ncs:
                head = record.with_user(self.head_a)
                if step == 0:
                    record.action_report()
                elif step == 1:
                    head.write(
                        {"disposition": "rework", "assignee_id": self.staff_a.id}
                    )
                    head.action_decide()
                elif step == 2:
                    record.write({"result_note": "Đã trả kết quả"})
                    record.action_report_result()
                else:
                    head.action_confirm()
        records += nc
        meeting = self.new_review()
        records += [meeting, self.approved_meeting()]
        report_form = [self.new_review("report") for _i in range(3)]
        for review in report_form[1:]:
            review.with_user(self.secretary).action_compile_inputs()
            review.with_user(self.secretary).action_submit_report()
        report_form[2].with_user(self.iso_leader).action_approve_report()
        records += report_form
        units = {self.dept_a: self.head_a, self.dept_a1: self.head_a}
        units[self.dept_b] = self.head_b
        plans = [self.new_plan(head, department=unit) for unit, head in units.items()]
        plans[1].with_user(self.plan_people(plans[1])[0]).action_submit()
        self.approve_plan(plans[2])
        records += plans
        # One plan a unit and year: the reports are of the year before.
        year = self.YEAR - 1
        reports = []
        for unit, head in units.items():
            objective = self.objective_vals(
                date_start=f"{year}-01-01", date_end=f"{year}-12-31"
            )
            plan = self.new_plan(head, unit, year, objectives=[objective])
            self.approve_plan(plan)
            drafter = self.plan_people(plan)[0]
            self.measure(plan.objective_ids, 99, user=drafter, date=f"{year}-06-30")
            plan.with_user(drafter).action_create_report()
            reports.append(plan.report_ids)
        for report in reports[1:]:
            report.with_user(self.plan_people(report.plan_id)[0]).action_submit()
        reports[2].with_user(self.plan_people(reports[2].plan_id)[1]).action_approve()
        records += reports
        registers = [
            self.new_register(),
            self.new_register(self.staff_a1, self.dept_a1),
            self.new_register(self.staff_b, self.dept_b),
        ]
        registers[1].with_user(self.staff_a1).action_submit()
        self.approve(registers[2], self.staff_b, self.head_b)
        records += registers
        return records

    def test_button_table_drives_the_flags(self):
        for model in DOCUMENTS:
            Model = self.env[model]
            flags = {
                name
                for name, field in Model._fields.items()
                if field.compute == "_compute_can"
            }
            edit_flags = {
                name
                for name, field in Model._fields.items()
                if field.compute == "_compute_can_edit"
            }
            with self.subTest(model=model):
                self.assertEqual(flags, set(Model._ctcl_buttons))
                self.assertEqual(edit_flags, set(Model._ctcl_field_rules()))
                # Every button of the form hidden by a flag is in the table.
                self.assertLessEqual(
                    {flag for _method, flag in self.form_buttons(model)}
                    - {"can_request_improvement"},
                    set(Model._ctcl_buttons),
                )

    def test_hidden_buttons_are_refused(self):
        records = self.samples()
        self.assertEqual({r._name for r in records}, set(DOCUMENTS))
        for record in records:
            buttons = self.form_buttons(record._name)
            state = record.sudo().state
            for user in self.all_users:
                as_user = record.with_user(user)
                shown = {flag for _method, flag in buttons if self.shows(as_user, flag)}
                for method, flag in sorted(buttons):
                    if flag in shown:
                        continue
                    with self.subTest(
                        record=record.display_name,
                        state=state,
                        user=user.login,
                        button=method,
                    ):
                        refused = False
                        try:
                            with self.env.cr.savepoint():
                                getattr(as_user, method)()
                        except UserError:
                            refused = True
                        self.assertTrue(refused, f"{method} ran though {flag} hides it")
                        self.env.invalidate_all()
                        self.assertEqual(record.sudo().state, state)

    def test_closed_fields_are_refused(self):
        """What a can_edit_* flag closes, the server refuses to write."""
        simple = ("char", "text", "html", "selection", "date", "integer", "float")
        for record in self.samples():
            rules = record._ctcl_field_rules()
            state = record.sudo().state
            for user in self.all_users:
                as_user = record.with_user(user)
                for flag, (fnames, _checkers) in sorted(rules.items()):
                    fname = next(
                        (f for f in sorted(fnames) if record._fields[f].type in simple),
                        None,
                    )
                    if not fname or self.shows(as_user, flag):
                        continue
                    with self.subTest(
                        record=record.display_name, state=state, user=user.login
                    ):
                        value = record.sudo()[fname]
                        refused = False
                        try:
                            with self.env.cr.savepoint():
                                as_user.write({fname: value})
                        except UserError:
                            refused = True
                        self.assertTrue(
                            refused, f"{fname} written though {flag} closes it"
                        )
                        self.env.invalidate_all()
