from odoo import api, fields, models


class CtclFollowUp(models.AbstractModel):
    """The daily follow-up of the QT.CTCL documents (one scheduled action).

    Each reminder is sent once per date it is about: a stored flag on the
    document resets when that date changes. Dates are compared with ``<=``, so
    a missed run is caught up by the next one, and running twice sends nothing
    more.
    """

    _name = "ctcl.follow.up"
    _description = "QT.CTCL daily follow-up"

    def _ctcl_reminders(self):
        """Return ``[(model, domain of the records due, reminder method)]``."""
        today = fields.Date.context_today(self)
        return [
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
                "res.company",
                self.env["ctcl.management.review.annual"]._ctcl_reminder_domain(),
                "_remind_management_reviews",
            ),
            (
                "ctcl.quality.plan",
                [
                    ("state", "!=", "approved"),
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
        ]

    @api.model
    def _cron_follow_up(self, batch_size=200):
        done = remaining = 0
        for model, domain, method in self._ctcl_reminders():
            records = self.env[model].search(domain, limit=batch_size)
            getattr(self, method)(records)
            done += len(records)
            remaining += self.env[model].search_count(domain)
        # ir.cron runs the job again soon while anything remains.
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _remind_overdue_actions(self, requests):
        for request in requests:
            for user in request.implementer_ids | request.assignee_id:
                request.activity_schedule(
                    "ctcl_quality.mail_act_ctcl_overdue",
                    date_deadline=fields.Date.context_today(self),
                    user_id=user.id,
                    note=self.env._(
                        "The completion date %(date)s has passed. Report the result, "
                        "or ask the ISO board for a new completion date.",
                        date=fields.Date.to_string(request.date_deadline),
                    ),
                )
        requests.write({"overdue_reminded": True})

    def _remind_progress_reports(self, requests):
        for request in requests:
            request.activity_schedule(
                "ctcl_quality.mail_act_ctcl_progress",
                date_deadline=request.progress_due_date,
                user_id=(request.assignee_id or request.implementer_ids[:1]).id,
            )
        requests.write({"progress_reminded": True})

    def _remind_verifications(self, requests):
        for request in requests:
            leaders = request._ctcl_role_users(
                "group_ctcl_leadership", "ctcl_top_leader_id"
            )
            request.message_post(
                body=self.env._(
                    "The verification of %(record)s was due on %(date)s.",
                    record=request.display_name,
                    date=fields.Date.to_string(request.date_deadline),
                ),
                partner_ids=leaders.partner_id.ids,
                subtype_xmlid="mail.mt_note",
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
                plan.activity_schedule(
                    "ctcl_quality.mail_act_ctcl_quality_plan_deadline",
                    date_deadline=plan.date_deadline,
                    user_id=user.id,
                    note=self.env._(
                        "%(plan)s must be approved by %(date)s.",
                        plan=plan.display_name,
                        date=fields.Date.to_string(plan.date_deadline),
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
                plan.activity_schedule(
                    "ctcl_quality.mail_act_ctcl_quality_report_deadline",
                    date_deadline=plan.report_deadline,
                    user_id=user.id,
                    note=self.env._(
                        "The achievement report of %(plan)s is due by %(date)s.",
                        plan=plan.display_name,
                        date=fields.Date.to_string(plan.report_deadline),
                    ),
                )
        plans.write({"report_reminded": True})

    def _remind_management_reviews(self, companies):
        """QT.CTCL 5.8: a management review at least once a year."""
        self.env["ctcl.management.review.annual"]._ctcl_remind(companies)
