from odoo import api, fields, models
from odoo.tools import format_date

from .mail_activity import ctcl_expected_activities


class CtclFollowUp(models.AbstractModel):
    """The daily follow-up of the QT.CTCL documents (one scheduled action).

    Each reminder is sent once per date it is about: a stored flag on the
    document resets when that date changes. Dates are compared with ``<=``, so
    a missed run is caught up by the next one, and running twice sends nothing
    more. "Today" is each agency's date (its time zone), and every message is
    written in the language of its reader (``res.company._ctcl_lang``).
    """

    _name = "ctcl.follow.up"
    _description = "QT.CTCL daily follow-up"

    def _ctcl_reminders(self, company):
        """Return ``[(model, domain of the records due, reminder method)]``."""
        today = company._ctcl_today()
        of_company = [("company_id", "=", company.id)]
        reminders = [
            (
                "ctcl.action.request",
                [
                    ("state", "=", "implementation"),
                    ("date_deadline", "<", today),
                    ("overdue_reminded", "=", False),
                ],
                "_remind_overdue_actions",
            ),
            (
                "ctcl.action.request",
                [
                    ("state", "=", "implementation"),
                    ("progress_due_date", "<=", fields.Date.add(today, days=3)),
                    ("progress_reminded", "=", False),
                ],
                "_remind_progress_reports",
            ),
            (
                "ctcl.action.request",
                [
                    ("state", "=", "verification"),
                    ("date_deadline", "<=", today),
                    ("verification_reminded", "=", False),
                ],
                "_remind_verifications",
            ),
            (
                "ctcl.action.request",
                [
                    ("state", "=", "implementation"),
                    ("date_deadline", "<=", today),
                    ("verification_reminded", "=", False),
                ],
                "_remind_verifications_at_deadline",
            ),
            (
                "res.company",
                self.env["ctcl.management.review.annual"]._ctcl_reminder_domain(
                    company
                ),
                "_remind_management_reviews",
            ),
            (
                "ctcl.quality.plan",
                [
                    ("state", "!=", "approved"),
                    ("revision_id", "=", False),  # not for a revision
                    ("reminder_date", "<=", today),
                    ("deadline_reminded", "=", False),
                ],
                "_remind_quality_plans",
            ),
            (
                "ctcl.quality.plan",
                [
                    ("state", "=", "approved"),
                    ("report_state", "!=", "approved"),
                    ("report_reminder_date", "<=", today),
                    ("report_reminded", "=", False),
                ],
                "_remind_quality_reports",
            ),
            (
                "ctcl.risk.register",
                [
                    ("is_current", "=", True),
                    ("review_due_date", "<=", today),
                    ("review_reminded", "=", False),
                ],
                "_remind_risk_registers",
            ),
        ]
        return [
            (model, domain if model == "res.company" else of_company + domain, method)
            for model, domain, method in reminders
        ]

    @api.model
    def _cron_follow_up(self, batch_size=200):
        done = remaining = 0
        for company in self.env["res.company"].search([]):
            for model, domain, method in self._ctcl_reminders(company):
                records = self.env[model].search(domain, limit=batch_size)
                getattr(self, method)(records)
                done += len(records)
                remaining += self.env[model].search_count(domain)
            done += self._ctcl_restore_step_activities(company)
        # ir.cron runs the job again soon while anything remains.
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _ctcl_restore_step_activities(self, company):
        """Schedule again the activity of every open step that lost it (cancelled,
        or deleted), so that no step waits without its owner being told.

        Return the number of documents whose activities were restored.
        """
        mixin = self.env.registry["ctcl.workflow.mixin"]
        restored = 0
        for name, model_class in self.env.registry.items():
            if (
                model_class._abstract
                or not issubclass(model_class, mixin)
                or not model_class._ctcl_activity_types
            ):
                continue
            documents = self.env[name].search([("company_id", "=", company.id)])
            stalled = documents.filtered(
                lambda doc: (
                    ctcl_expected_activities(doc)
                    - {(a.activity_type_id.id, a.user_id.id) for a in doc.activity_ids}
                )
            )
            stalled.activity_update()
            restored += len(stalled)
        return restored

    def _ctcl_env(self, company, user=None):
        """The environment to write a message for ``user`` (or the chatter) in."""
        return self.with_context(lang=company._ctcl_lang(user)).env

    def _remind_overdue_actions(self, requests):
        for request in requests:
            for user in request.implementer_ids | request.assignee_id:
                env = self._ctcl_env(request.company_id, user)
                request.activity_schedule(
                    "ctcl_quality.mail_act_ctcl_request_overdue",
                    date_deadline=request.company_id._ctcl_today(),
                    user_id=user.id,
                    note=env._(
                        "The completion date %(date)s has passed. Report the result, "
                        "or ask the ISO board for a new completion date.",
                        date=format_date(env, request.date_deadline),
                    ),
                )
        requests.write({"overdue_reminded": True})

    def _remind_progress_reports(self, requests):
        for request in requests:
            request.activity_schedule(
                "ctcl_quality.mail_act_ctcl_request_progress",
                date_deadline=request.progress_due_date,
                user_id=(request.assignee_id or request.implementer_ids[:1]).id,
            )
        requests.write({"progress_reminded": True})

    def _remind_verifications(self, requests):
        for request in requests:
            leaders = request._ctcl_verifiers()
            env = self._ctcl_env(request.company_id)
            request.message_post(
                body=env._(
                    "The verification of %(record)s was due on %(date)s.",
                    record=request.with_env(env).display_name,
                    date=format_date(env, request.date_deadline),
                ),
                partner_ids=leaders.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        requests.write({"verification_reminded": True})

    def _remind_verifications_at_deadline(self, requests):
        """QT.CTCL 5.6: at the completion date the verifier checks the evidence,
        whether or not the implementers have reported the action done."""
        verification = self.env.ref("ctcl_quality.mail_act_ctcl_request_verification")
        for request in requests:
            for user in request._ctcl_verifiers():
                if request.activity_ids.filtered(
                    lambda a, user=user: (
                        a.activity_type_id == verification and a.user_id == user
                    )
                ):
                    continue
                env = self._ctcl_env(request.company_id, user)
                request.activity_schedule(
                    "ctcl_quality.mail_act_ctcl_request_verification",
                    date_deadline=request.date_deadline,
                    user_id=user.id,
                    note=env._(
                        "The completion date %(date)s has come without a report "
                        "of completion: check the evidence of the result; "
                        "“Not done” is a possible result.",
                        date=format_date(env, request.date_deadline),
                    ),
                )
        requests.write({"verification_reminded": True})

    def _remind_quality_plans(self, plans):
        """QT.CTCL 5.9: the year's plan is approved before 30/01."""
        for plan in plans:
            users = (
                plan._ctcl_drafters()
                if plan.state == "draft"
                else plan._ctcl_approvers()
            )
            for user in users:
                env = self._ctcl_env(plan.company_id, user)
                plan.activity_schedule(
                    "ctcl_quality.mail_act_ctcl_quality_plan_deadline",
                    date_deadline=plan.date_deadline,
                    user_id=user.id,
                    note=env._(
                        "%(plan)s must be approved by %(date)s.",
                        plan=plan.with_env(env).display_name,
                        date=format_date(env, plan.date_deadline),
                    ),
                )
        plans.write({"deadline_reminded": True})

    def _remind_quality_reports(self, plans):
        """QT.CTCL 5.9: the year's objectives are evaluated before 31/12."""
        for plan in plans:
            users = (
                plan._ctcl_approvers()
                if plan.report_state == "submitted"
                else plan._ctcl_drafters()
            )
            for user in users:
                env = self._ctcl_env(plan.company_id, user)
                plan.activity_schedule(
                    "ctcl_quality.mail_act_ctcl_quality_report_deadline",
                    date_deadline=plan.report_deadline,
                    user_id=user.id,
                    note=env._(
                        "The achievement report of %(plan)s is due by %(date)s.",
                        plan=plan.with_env(env).display_name,
                        date=format_date(env, plan.report_deadline),
                    ),
                )
        plans.write({"report_reminded": True})

    def _remind_risk_registers(self, registers):
        """ISO 9001 6.1: each risk analysis table is reviewed at least yearly."""
        for register in registers:
            for user in register._ctcl_approvers():
                env = self._ctcl_env(register.company_id, user)
                register.activity_schedule(
                    "ctcl_quality.mail_act_ctcl_risk_register_review",
                    date_deadline=register.review_due_date,
                    user_id=user.id,
                    note=env._(
                        "%(register)s has not been reviewed since %(date)s: confirm "
                        "it or revise it.",
                        register=register.with_env(env).display_name,
                        date=format_date(env, register.reviewed_date),
                    ),
                )
        registers.write({"review_reminded": True})

    def _remind_management_reviews(self, companies):
        """QT.CTCL 5.8: a management review at least once a year."""
        self.env["ctcl.management.review.annual"]._ctcl_remind(companies)
