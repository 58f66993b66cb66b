from odoo.exceptions import UserError
from odoo.models import MAGIC_COLUMNS
from odoo.tests import new_test_user

from .management_review_common import ManagementReviewCase
from .nonconformity_common import CtclNonconformityCase

# Links that a delete may empty, each for a reason: none of them is evidence.
EMPTIABLE = {
    # A forward pointer from an approved report to next year's plan, which
    # stays a deletable draft until approved; the plan points back with
    # previous_report_id (restrict).
    ("ctcl.quality.report", "next_plan_id"),
    # The attachment shown first in the chatter: a display choice. Attachments
    # of kept records are protected on their own (ir.attachment rules).
    ("ctcl.action.request", "message_main_attachment_id"),
    ("ctcl.management.review", "message_main_attachment_id"),
}


class TestRecordsReferences(CtclNonconformityCase, ManagementReviewCase):
    """Issue 8, hole 3: no delete empties a signature or a setting of a record."""

    def _concrete_models(self):
        for name in sorted(self.env.registry):
            model = self.env[name]
            # SQL views (the key figures, "my work") hold no rows of their own.
            if name.startswith("ctcl.") and not (
                model._abstract or model._transient or not model._auto
            ):
                yield model

    def _is_parent_link(self, field):
        """A child line's link to the document it belongs to."""
        comodel = self.env[field.comodel_name]
        return field.required and any(
            f.type == "one2many"
            and f.comodel_name == field.model_name
            and f.inverse_name == field.name
            for f in comodel._fields.values()
        )

    def test_no_link_emptied_by_a_delete(self):
        documents = self.env.registry["ctcl.workflow.mixin"]._inherit_children
        guarded = self.env.registry["ctcl.reference.guard"]._inherit_children
        checked, problems = 0, []
        for model in self._concrete_models():
            for field in model._fields.values():
                if field.type not in ("many2one", "many2many") or not field.store:
                    continue
                key = (model._name, field.name)
                if field.name in MAGIC_COLUMNS or key in EMPTIABLE:
                    continue  # Odoo's log columns: who last touched the row
                if field.compute and not field.related:
                    continue  # derived from the record: recomputed, not emptied
                target = field
                while target.related:
                    target = target.related_field
                checked += 1
                if target.type == "many2one":
                    if target.ondelete == "restrict" or (
                        target.ondelete == "cascade" and self._is_parent_link(target)
                    ):
                        continue
                elif target.comodel_name in documents or target.comodel_name in guarded:
                    # Documents are kept by their retention; the others refuse
                    # their deletion while a QT.CTCL record points to them.
                    continue
                problems.append(f"{key} ({target.type}, ondelete={target.ondelete})")
        self.assertGreater(checked, 50)
        self.assertEqual(problems, [])

    def test_referenced_models_refuse_deletion(self):
        """Every model a QT.CTCL record points to, other than documents and
        Odoo's own companies and attachments, carries the delete guard."""
        documents = self.env.registry["ctcl.workflow.mixin"]._inherit_children
        guarded = self.env.registry["ctcl.reference.guard"]._inherit_children
        comodels = {
            field.comodel_name
            for model in self._concrete_models()
            for field in model._fields.values()
            if field.type in ("many2one", "many2many")
            and field.store
            and not field.related
            and field.name not in MAGIC_COLUMNS
        }
        self.assertEqual(
            comodels - documents - guarded,
            {
                "res.company",  # restrict everywhere; companies are archived
                "ir.attachment",  # main attachment pointer (see EMPTIABLE)
                # lines of documents: deleted only as their document allows
                "ctcl.quality.objective",
                "ctcl.quality.measurement",
            },
        )

    def test_delete_criterion_of_closed_request(self):
        criterion = self.env["ctcl.need.criterion"].create({"name": "Test criterion"})
        request = self.do_step(self.new_request())
        request.with_user(self.head_a).need_criterion_ids = criterion
        request.with_user(self.head_a).action_forward()
        self.walk_to(request, "done")
        with self.assertRaises(UserError) as caught:
            criterion.with_user(self.admin_q).unlink()
        self.assertIn(request.name, str(caught.exception))
        self.assertEqual(request.need_criterion_ids, criterion)
        criterion.with_user(self.admin_q).active = False  # archiving stays possible
        self.assertEqual(
            request.with_context(active_test=False).need_criterion_ids, criterion
        )

    def test_delete_unit_of_closed_nonconformity(self):
        unit = self.env["hr.department"].create({"name": "Unit C", "parent_id": False})
        nc = self.new_nc(self.head_a, department_id=unit.id, result_note="Đã sửa")
        nc.with_user(self.head_a).action_handle_on_spot()
        self.assertEqual(nc.state, "done")
        with self.assertRaises(UserError) as caught:
            unit.unlink()
        self.assertIn(nc.name, str(caught.exception))
        unit.active = False
        self.assertEqual(nc.department_id, unit)

    def test_delete_finder_of_closed_nonconformity(self):
        finder = new_test_user(
            self.env,
            login="finder_c",
            groups="ctcl_quality.group_ctcl_staff",
            company_id=self.company.id,
        )
        self.env["hr.employee"].create(
            {"name": "finder_c", "user_id": finder.id, "department_id": self.dept_a.id}
        )
        nc = self.new_nc(finder, result_note="Đã bổ sung hướng dẫn")
        nc.with_user(finder).action_handle_on_spot()
        with self.assertRaises(UserError) as caught:
            finder.unlink()
        self.assertIn(nc.name, str(caught.exception))
        finder.active = False
        self.assertEqual(nc.found_by_id, finder)

    def test_delete_minutes_recorder_of_review(self):
        """The review's signers had no ondelete: a delete emptied them."""
        recorder = new_test_user(
            self.env,
            login="recorder",
            groups="ctcl_quality.group_ctcl_iso_secretary",
            company_id=self.company.id,
        )
        review = self.new_review()
        review.with_user(self.secretary).action_compile_inputs()
        self.add_decisions(review)
        review.with_user(recorder).action_record_minutes()
        review.with_user(self.leader).action_approve_minutes()
        self.assertEqual(review.recorded_by_id, recorder)
        with self.assertRaises(UserError) as caught:
            recorder.unlink()
        self.assertIn(review.display_name, str(caught.exception))
        self.assertEqual(review.recorded_by_id, recorder)
