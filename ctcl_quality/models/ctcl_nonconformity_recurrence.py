from dateutil.relativedelta import relativedelta

from odoo import fields, models

ACT = "ctcl_quality.mail_act_ctcl_nc_"


class CtclNonconformityRecurrence(models.Model):
    """The recurrence rule (QT.CTCL 5.2.2): which records are recurring, and
    the call for a corrective action request it makes."""

    _inherit = "ctcl.nonconformity"

    # "Khi các hồ sơ sự KPH được lập quá 03 lần liên tiếp cho cùng một nội
    # dung KPH tại cùng đơn vị": the records of one unit, taken in the order
    # they happened (date found, then the order they were made), form runs of
    # one content category; a record is recurring when it and the N records
    # just before it at its unit all have its category (N = the threshold, 3:
    # the 4th record of a run is the first "more than 03"). A record of another
    # category at the unit ends the run. Records without a category (still to
    # be triaged) and archived records are not counted: they neither extend
    # nor break a run. By default every earlier record counts; a window in
    # months can be set in the settings.
    def _ctcl_recurrence_domain(self, after):
        """The counted records of this record's unit before (or ``after``) it."""
        self.ensure_one()
        op = ">" if after else "<"
        return [
            ("department_id", "=", self.department_id.id),
            ("company_id", "=", self.company_id.id),
            ("category_id", "!=", False),
            ("id", "!=", self.id),
            "|",
            ("date", op, self.date),
            "&",
            ("date", "=", self.date),
            ("id", op, self.id),
        ]

    def _ctcl_recurrence_search(self, domain, order):
        limit = self.company_id.ctcl_nc_recurrence_threshold
        # Archived records never count, whatever the caller's context.
        return (
            self.sudo()
            .with_context(active_test=True)
            .search(domain, order=order, limit=limit)
        )

    def _ctcl_recurrence_run(self):
        """The N counted records of the unit just before this one (in the window)."""
        self.ensure_one()
        domain = self._ctcl_recurrence_domain(after=False)
        months = self.company_id.ctcl_nc_recurrence_months
        if months:
            domain.append(("date", ">", self.date - relativedelta(months=months)))
        return self._ctcl_recurrence_search(domain, "date desc, id desc")

    def _ctcl_recurrence_followers(self):
        """The records whose run these records are part of: the N counted
        records of the unit just after each (a record dated back, recategorised,
        archived, moved or deleted changes their flag)."""
        followers = self.browse().sudo()
        for rec in self.sudo():
            if rec.department_id and rec.date:
                followers |= rec._ctcl_recurrence_search(
                    rec._ctcl_recurrence_domain(after=True), "date, id"
                )
        return followers - self.sudo()

    def _ctcl_compute_recurring(self):
        self.ensure_one()
        threshold = self.company_id.ctcl_nc_recurrence_threshold
        if not (self.active and self.category_id and threshold > 0):
            return False
        previous = self._ctcl_recurrence_run()
        return len(previous) == threshold and previous.category_id == self.category_id

    def _ctcl_refresh_recurrence(self, followers=None):
        """Apply the rule to these records and to those whose run they are in
        (``followers``: the ones found before the change, if any)."""
        records = self.sudo().exists()
        records |= records._ctcl_recurrence_followers()
        if followers is not None:
            records |= followers.exists()
        # In the order of the runs: the first recurring record gets the call.
        records.sorted(lambda r: (r.date, r.id))._ctcl_apply_recurrence()

    def _ctcl_apply_recurrence(self):
        for rec in self:
            recurring = rec._ctcl_compute_recurring()
            if recurring == rec.is_recurring:
                continue
            rec._ctcl_transition_write({"is_recurring": recurring})
            if recurring:
                rec._ctcl_tick_recurrence_criterion(rec.request_ids)
                rec._ctcl_call_for_request()
            else:
                rec.activity_update()

    def _ctcl_tick_recurrence_criterion(self, requests):
        """Requests opened from a recurring record cite the recurrence rule
        among their need criteria (QT.CTCL 5.2.2), so that the unit head can
        forward them: ticked by the server until the head has assessed them."""
        criterion = self.env.ref("ctcl_quality.ctcl_need_criterion_recurrence_rule")
        pending = requests.sudo().filtered(
            lambda r: (
                r.state in ("draft", "assessment")
                and criterion not in r.need_criterion_ids
            )
        )
        pending._ctcl_transition_write(
            {"need_criterion_ids": [fields.Command.link(criterion.id)]}
        )

    def _ctcl_call_if_recurring(self):
        """Make the calls that waited for these records to leave the draft."""
        for rec in self.sudo().filtered(lambda r: r.is_recurring and not r.request_ids):
            rec._ctcl_call_for_request()

    def _ctcl_call_for_request(self):
        """One activity for the unit head, unless the run is already called for.

        A draft counts in its run but is still its finder's: the call waits
        for its report (or its handling on the spot), as the head requests
        action on reported records only (QT.CTCL 5.2.1)."""
        self.ensure_one()
        if self.state == "draft":
            return
        head = self.department_id._ctcl_head_user()
        open_call = self.sudo().search_count(
            [
                ("id", "!=", self.id),
                ("department_id", "=", self.department_id.id),
                ("category_id", "=", self.category_id.id),
                ("is_recurring", "=", True),
                ("request_ids", "=", False),
                (
                    "activity_ids.activity_type_id",
                    "=",
                    self.env.ref(ACT + "recurrence").id,
                ),
            ],
            limit=1,
        )
        to_head = head and not open_call and not self.request_ids
        # In the head's language, or the agency's for the chatter.
        rec = self.with_context(lang=self.company_id._ctcl_lang(to_head and head))
        body = rec.env._(
            "Recurring nonconformity: more than %(count)s consecutive records of "
            "“%(category)s” at %(unit)s. A corrective action request is called for "
            "(QT.CTCL 5.2.2).",
            count=rec.company_id.ctcl_nc_recurrence_threshold,
            category=rec.category_id.display_name,
            unit=rec.department_id.display_name,
        )
        if to_head:
            self.activity_schedule(ACT + "recurrence", note=body, user_id=head.id)
        else:
            self.message_post(body=body)
        self._ctcl_propose_risk_likelihood()

    def _ctcl_propose_risk_likelihood(self):
        """A recurring nonconformity that realised a listed risk shows the risk
        is more likely than assessed: the table in force is told, for its next
        revision (ISO 9001 6.1, 10.2)."""
        for rec in self.sudo().filtered("risk_id"):
            risk = rec.risk_id._ctcl_latest_version()
            if risk.likelihood >= 5:
                continue
            register = risk.register_id
            people = register._ctcl_approvers() | register._ctcl_drafters()
            register.message_post(
                body=self.env._(
                    "The recurring nonconformity %(record)s realised “%(risk)s”: "
                    "consider raising its likelihood from %(old)s to %(new)s at "
                    "the next revision.",
                    record=rec.display_name,
                    risk=risk.name,
                    old=risk.likelihood,
                    new=risk.likelihood + 1,
                ),
                partner_ids=people.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
