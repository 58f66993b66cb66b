"""Issue 8, holes 1, 4 and 8: no client input forges a step, hides it, or races it."""

from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .management_review_common import ManagementReviewCase
from .nonconformity_common import CtclNonconformityCase
from .quality_objective_common import CtclQualityObjectiveCase

# Values a forger would put in default_* keys, by field type.
FORGED = {
    "selection": lambda field: (
        field.selection[-1][0] if isinstance(field.selection, list) else "done"
    ),
    "date": lambda field: "2020-01-01",
    "datetime": lambda field: "2020-01-01 00:00:00",
    "many2one": lambda field: 1,
    "many2many": lambda field: [Command.set([1])],
    "one2many": lambda field: [],
    "char": lambda field: "FORGED",
    "text": lambda field: "FORGED",
    "html": lambda field: "FORGED",
    "boolean": lambda field: True,
    "integer": lambda field: 42,
    "float": lambda field: 42.0,
    "monetary": lambda field: 42.0,
    "json": lambda field: {"forged": True},
}


class TestContextDefaultsCannotForge(
    CtclNonconformityCase, ManagementReviewCase, CtclQualityObjectiveCase
):
    """Hole 1: a ``default_*`` context key is client input like any value."""

    def forged_context(self, model, fnames):
        return {
            f"default_{fname}": FORGED[model._fields[fname].type](model._fields[fname])
            for fname in fnames
        }

    def test_every_server_set_field_of_every_model_ignores_context_defaults(self):
        """Walk every QT.CTCL model: a new field is covered without a list."""
        models = [
            name
            for name in self.env.registry
            if name.startswith("ctcl.")
            and not self.env[name]._abstract
            and not self.env[name]._transient
        ]
        checked = 0
        for name in models:
            Model = self.env[name]
            if not hasattr(Model, "_ctcl_server_set_fields"):
                continue
            server_set = Model._ctcl_server_set_fields()
            forged = self.forged_context(Model, server_set)
            with self.subTest(model=name):
                plain = Model.with_user(self.staff_a).default_get(list(server_set))
                defaults = (
                    Model.with_user(self.staff_a)
                    .with_context(**forged)
                    .default_get(list(server_set))
                )
                self.assertEqual(defaults, plain)
                checked += len(server_set)
        # Signers, step dates, numbers and states of the five documents and
        # their child records.
        self.assertGreater(checked, 80)

    def test_request_created_closed_approved_verified_by_context(self):
        forged = {
            "default_state": "done",
            "default_approved_by_id": self.iso_leader.id,
            "default_verifier_id": self.leader.id,
            "default_verification_result": "achieved",
            "default_closed_by_id": self.secretary.id,
            "default_retention_until": "2020-01-01",
            "default_cause": "Forged cause",
            "default_need_criterion_ids": [Command.set(self.criterion.ids)],
        }
        created = (
            self.env["ctcl.action.request"]
            .with_user(self.staff_a)
            .with_context(**forged)
            .create(
                {
                    "requesting_department_id": self.dept_a.id,
                    "description": "Hồ sơ trễ hạn",
                    "source_id": self.source.id,
                }
            )
        )
        self.assertRecordValues(
            created,
            [
                {
                    "state": "draft",
                    "approved_by_id": False,
                    "verifier_id": False,
                    "verification_result": False,
                    "closed_by_id": False,
                    "retention_until": False,
                    "cause": False,
                }
            ],
        )
        self.assertFalse(created.need_criterion_ids)

    def test_request_form_and_copy_ignore_forged_defaults(self):
        forged = {
            "default_state": "done",
            "default_approved_by_id": self.iso_leader.id,
            "default_verifier_id": self.leader.id,
        }
        Request = (
            self.env["ctcl.action.request"]
            .with_user(self.staff_a)
            .with_context(**forged)
        )
        with Form(Request) as form:
            form.description = "Hồ sơ trễ hạn"
            form.source_id = self.source
        created = form.record
        self.assertRecordValues(
            created, [{"state": "draft", "approved_by_id": False, "verifier_id": False}]
        )
        copied = created.with_context(**forged).copy()
        self.assertRecordValues(
            copied, [{"state": "draft", "approved_by_id": False, "verifier_id": False}]
        )

    def test_request_copy_refuses_explicit_signer(self):
        request = self.new_request()
        with self.assertRaises(UserError):
            request.with_user(self.staff_a).copy({"approved_by_id": self.iso_leader.id})

    def test_import_refuses_signers_and_ignores_forged_defaults(self):
        Request = self.env["ctcl.action.request"].with_user(self.staff_a)
        result = Request.with_context(default_verifier_id=self.leader.id).load(
            ["description", "source_id/.id", "approved_by_id/.id"],
            [["Hồ sơ trễ hạn", str(self.source.id), str(self.iso_leader.id)]],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(result["messages"][0]["type"], "error")
        result = Request.with_context(
            default_verifier_id=self.leader.id, default_state="done"
        ).load(
            ["description", "source_id/.id"], [["Hồ sơ trễ hạn", str(self.source.id)]]
        )
        created = Request.browse(result["ids"])
        self.assertRecordValues(created, [{"state": "draft", "verifier_id": False}])

    def test_nonconformity_created_done_and_confirmed_by_context(self):
        nonconformity = (
            self.env["ctcl.nonconformity"]
            .with_user(self.staff_a)
            .with_context(
                default_state="done",
                default_confirmed_by_id=self.head_a.id,
                default_decided_by_id=self.head_a.id,
                default_handled_on_spot=True,
            )
            .create(
                {
                    "department_id": self.dept_a.id,
                    "title": "Trễ hạn",
                    "requirement": "Thời hạn",
                    "description": "Trả kết quả chậm",
                    "category_id": self.cat_late.id,
                }
            )
        )
        self.assertRecordValues(
            nonconformity,
            [
                {
                    "state": "draft",
                    "confirmed_by_id": False,
                    "decided_by_id": False,
                    "handled_on_spot": False,
                }
            ],
        )

    def test_review_created_approved_with_retention_by_context(self):
        review = self.Review.with_context(
            default_state="approved",
            default_approved_by_id=self.leader.id,
            default_retention_until="2020-01-01",
        )
        created = review.with_user(self.secretary).create(
            {
                "review_form": "report",
                "title": "Xem xét",
                "date_from": "2025-01-01",
                "date_to": "2025-12-31",
            }
        )
        self.assertRecordValues(
            created,
            [{"state": "draft", "approved_by_id": False, "retention_until": False}],
        )

    def test_plan_created_approved_by_context(self):
        plan = (
            self.env["ctcl.quality.plan"]
            .with_user(self.secretary)
            .with_context(
                default_state="approved", default_approved_by_id=self.leader.id
            )
            .create({"year": self.YEAR})
        )
        self.assertRecordValues(plan, [{"state": "draft", "approved_by_id": False}])

    def test_change_decided_and_measurement_recorded_by_context(self):
        request = self.walk_to(self.new_request(), "implementation")
        change = (
            self.env["ctcl.action.change"]
            .with_user(self.staff_b)
            .with_context(
                default_state="approved",
                default_decided_by_id=self.iso_leader.id,
                default_decision_date="2020-01-01",
            )
            .create({"request_id": request.id, "description": "Thêm nhân lực"})
        )
        self.assertRecordValues(
            change, [{"state": "requested", "decided_by_id": False}]
        )
        self.assertFalse(change.decision_date)
        plan = self.approve_plan(self.new_plan())
        measurement = (
            self.env["ctcl.quality.measurement"]
            .with_user(self.secretary)
            .with_context(default_recorded_by_id=self.leader.id)
            .create({"objective_id": plan.objective_ids.id, "value": 99.0})
        )
        self.assertEqual(measurement.recorded_by_id, self.secretary)


class TestAuditTrailCannotBeSwitchedOff(CtclNonconformityCase):
    """Hole 4: context keys sent by a client keep the tracking and activities."""

    AUDIT_OFF = {
        "tracking_disable": True,
        "mail_notrack": True,
        "mail_create_nolog": True,
        "mail_activity_automation_skip": True,
        "mail_activity_quick_update": True,
        "mail_auto_subscribe_no_notify": True,
    }

    def commit_point(self):
        """Run what Odoo runs at the end of an RPC call: tracking is written
        then (and a record created in the same call is not tracked)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def state_tracking(self, record):
        self.commit_point()
        return record.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )

    def test_creation_is_logged(self):
        request = (
            self.env["ctcl.action.request"]
            .with_user(self.staff_a)
            .with_context(**self.AUDIT_OFF)
            .create(
                {
                    "requesting_department_id": self.dept_a.id,
                    "description": "Hồ sơ trễ hạn",
                    "source_id": self.source.id,
                }
            )
        )
        self.assertTrue(request.message_ids)

    def test_audit_round_keeps_its_log_and_tracking(self):
        # Every QT.CTCL model, not only the workflow documents (attack round).
        Audit = (
            self.env["ctcl.management.review.audit"]
            .with_user(self.secretary)
            .with_context(**self.AUDIT_OFF)
        )
        audit = Audit.create(
            {
                "name": "Đánh giá nội bộ đợt 1",
                "date": self.today,
                "scope": "Toàn Sở",
                "report_reference": "BC-01",
                "finding_count": 3,
            }
        )
        self.commit_point()
        self.assertTrue(audit.sudo().message_ids)
        audit.write({"finding_count": 98})
        self.commit_point()
        self.assertIn(
            "finding_count",
            audit.sudo().message_ids.tracking_value_ids.field_id.mapped("name"),
        )

    def test_transition_keeps_tracking_and_next_activity(self):
        request = self.new_request()
        self.commit_point()
        request.with_user(self.staff_a).with_context(**self.AUDIT_OFF).action_submit()
        self.assertEqual(request.state, "assessment")
        self.assertEqual(len(self.state_tracking(request)), 1)
        self.assertIn(("assessment", self.head_a), self.activity_owners(request))
        request.with_user(self.head_a).need_criterion_ids = self.criterion
        request.with_user(self.head_a).with_context(**self.AUDIT_OFF).action_forward()
        self.assertEqual(len(self.state_tracking(request)), 2)
        self.assertEqual(
            self.activity_owners(request), {("iso_review", self.secretary)}
        )

    def test_nonconformity_transition_keeps_tracking(self):
        nonconformity = self.new_nc()
        self.commit_point()
        nonconformity.with_user(self.staff_a).with_context(
            **self.AUDIT_OFF
        ).action_report()
        self.assertEqual(len(self.state_tracking(nonconformity)), 1)
        self.assertTrue(nonconformity.activity_ids)


class TestStepsLockTheirRows(CtclNonconformityCase):
    """Hole 8: a step locks its rows before it reads their state, so of two
    users doing it at once the second waits and is then told it is done."""

    def test_step_locks_before_checking_the_state(self):
        request = self.new_request()
        statements = []
        cr = self.env.cr
        execute = type(cr).execute

        def spy(cursor, query, params=None, log_exceptions=True):
            statements.append(str(getattr(query, "code", query)))
            return execute(cursor, query, params, log_exceptions)

        with patch.object(type(cr), "execute", spy):
            request.with_user(self.staff_a).action_submit()
            self.env.flush_all()
        locks = [
            i
            for i, sql in enumerate(statements)
            if "FOR UPDATE" in sql and '"ctcl_action_request"' in sql
        ]
        self.assertTrue(locks, "the step must lock the request row")
        updates = [
            i
            for i, sql in enumerate(statements)
            if 'UPDATE "ctcl_action_request"' in sql
        ]
        self.assertTrue(updates, statements)
        self.assertLess(locks[0], updates[0])

    def test_second_user_on_a_done_step_gets_a_clear_error(self):
        request = self.walk_to(self.new_request(), "iso_review")
        request.with_user(self.secretary).action_submit_to_board()
        with self.assertRaisesRegex(UserError, "this step needs the state"):
            request.with_user(self.secretary).action_submit_to_board()


class TestContextDefaultsAreCheckedValues(CtclNonconformityCase, ManagementReviewCase):
    """A ``default_*`` context key meets the same checks as the value it sets."""

    def test_request_filed_for_the_director_by_context(self):
        Request = self.env["ctcl.action.request"].with_user(self.staff_a)
        with self.assertRaises(AccessError):
            Request.with_context(default_requester_id=self.leader.id).create(
                {
                    "requesting_department_id": self.dept_a.id,
                    "description": "Hồ sơ trễ hạn",
                    "source_id": self.source.id,
                }
            )

    def test_nonconformity_found_by_the_head_by_context(self):
        Nonconformity = self.env["ctcl.nonconformity"].with_user(self.staff_a)
        with self.assertRaises(AccessError):
            Nonconformity.with_context(default_found_by_id=self.head_a.id).create(
                {
                    "department_id": self.dept_a.id,
                    "title": "Trễ hạn",
                    "requirement": "Thời hạn",
                    "description": "Trả kết quả chậm",
                    "category_id": self.cat_late.id,
                }
            )

    def test_change_joins_a_request_by_context_only_in_implementation(self):
        request = self.walk_to(self.new_request(), "approval")
        Change = self.env["ctcl.action.change"].with_user(self.staff_b)
        with self.assertRaises(UserError):
            Change.with_context(default_request_id=request.id).create(
                {"description": "Thêm nhân lực"}
            )
        self.assertFalse(request.change_ids)

    def test_line_joins_an_approved_review_by_context(self):
        review = self.approved_meeting()
        Decision = self.env["ctcl.management.review.decision"].with_user(self.secretary)
        with self.assertRaises(UserError):
            Decision.with_context(default_review_id=review.id).create(
                {
                    "kind": "improvement",
                    "description": "Thêm quyết định sau khi duyệt",
                    "department_id": self.dept_a.id,
                    "date_deadline": "2026-03-31",
                }
            )
