from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError

ACT = "ctcl_quality.mail_act_ctcl_nc_"


class CtclNonconformity(models.Model):
    """How nonconformities come in (mail alias), are counted (recurrence rule
    5.2.2, management review figures 5.8.1.1) and lead to action requests
    (BM.CTCL.01)."""

    _inherit = "ctcl.nonconformity"

    # ------------------------------------------------------------------
    # Corrective action requests (BM.CTCL.01)
    # ------------------------------------------------------------------
    def action_create_request(self):
        """Open one BM.CTCL.01 request fed by these nonconformities (box 1 filled)."""
        if not self:
            raise UserError(self.env._("Select the nonconformities first."))
        if any(rec.state == "draft" for rec in self):
            raise UserError(
                self.env._(
                    "Record and report the nonconformities before requesting action."
                )
            )
        if len(self.department_id) > 1 or len(self.company_id) > 1:
            raise UserError(
                self.env._(
                    "One request is for one unit: select nonconformities of a "
                    "single unit."
                )
            )
        records = self.sorted(lambda r: (r.date, r.id))
        if len(records) == 1:
            description = "\n".join(
                filter(None, [records.title, records.requirement, records.description])
            )
        else:
            description = "\n".join(
                f"- {rec.name} ({rec.date.strftime('%d/%m/%Y')}): "
                + " ".join(filter(None, [rec.title, rec.description]))
                for rec in records
            )
        source = (
            records.source_id
            if len(records.source_id) == 1
            else self.env.ref("ctcl_quality.ctcl_source_nonconforming_activity")
        )
        request = self.env["ctcl.action.request"].create(
            {
                "request_type": "corrective",
                "requesting_department_id": records.department_id.id,
                "description": description,
                "source_id": source.id,
                "related_documents": ", ".join(records.mapped("name")),
                "company_id": records.company_id.id,
            }
        )
        # Links and the recurrence criterion are set by the server only.
        request._ctcl_transition_write({"nonconformity_ids": [(6, 0, records.ids)]})
        if any(records.mapped("is_recurring")):
            records._ctcl_tick_recurrence_criterion(request)
        # The call for a corrective action request has been answered.
        records.activity_update()
        for rec in records:
            rec.message_post(
                body=self.env._(
                    "Action request %(request)s opened from this nonconformity.",
                    request=request._get_html_link(),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "ctcl.action.request",
            "res_id": request.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ctcl_quality.ctcl_action_request_action"
        )
        action["domain"] = [("id", "in", self.request_ids.ids)]
        action["context"] = {"create": False}
        if len(self.request_ids) == 1:
            action.update(view_mode="form", res_id=self.request_ids.id, views=False)
        return action

    # ------------------------------------------------------------------
    # Incoming e-mail (mail alias)
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """File a nonconformity report from an e-mail, for triage by the unit head."""
        # The mail gateway calls this as superuser. Over RPC it would let a user
        # file a record in someone else's name, past every workflow check.
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Nonconformities are filed by e-mail only through the alias."
                )
            )
        values = dict(custom_values or {})
        email = tools.email_normalize(msg_dict.get("email_from") or "")
        Users = self.env["res.users"].sudo()
        user = Users.browse()
        if msg_dict.get("author_id"):
            user = Users.search(
                [("partner_id", "=", msg_dict["author_id"]), ("share", "=", False)],
                limit=1,
            )
        if not user and email:
            user = Users.search(
                [("email_normalized", "=", email), ("share", "=", False)], limit=1
            )
        employee = user.employee_ids[:1]
        if not employee and email:
            employee = (
                self.env["hr.employee"]
                .sudo()
                .search([("work_email", "=ilike", email)], limit=1)
            )
        company = employee.company_id or user.company_id or self.env.company
        department = (
            employee.department_id
            or company.ctcl_nc_default_department_id
            or company.ctcl_iso_secretary_id.employee_ids[:1].department_id
        )
        if not department:
            raise UserError(
                self.env._(
                    "No unit to file the e-mailed nonconformity in: set the default "
                    "unit in the Quality settings."
                )
            )
        body = tools.html2plaintext(msg_dict.get("body") or "").strip()
        source = "nonconforming_activity" if user else "feedback"
        values.update(
            {
                "name": "/",
                "title": (msg_dict.get("subject") or "")[:200],
                "description": body or msg_dict.get("subject") or "-",
                "department_id": department.id,
                "company_id": department.company_id.id or company.id,
                "found_by_id": user.id,
                "email_from": msg_dict.get("email_from"),
                "source_id": self.env.ref(f"ctcl_quality.ctcl_source_{source}").id,
                "date": self._ctcl_agency_today(),
                "state": "reported",
            }
        )
        # The mail gateway runs as superuser: the record starts reported, for
        # triage by the head of the unit.
        record = super(CtclNonconformity, self.sudo()).message_new(
            msg_dict, custom_values=values
        )
        record.activity_update()
        return record

    # ------------------------------------------------------------------
    # Recurrence rule (5.2.2)
    # ------------------------------------------------------------------
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

    def _ctcl_call_for_request(self):
        """One activity for the unit head, unless the run is already called for."""
        self.ensure_one()
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

    # ------------------------------------------------------------------
    # Management review figures (5.8.1.1)
    # ------------------------------------------------------------------
    @api.model
    def _ctcl_review_figures(self, date_from, date_to, company):
        """Nonconformity statistics of ``company`` dated in [date_from, date_to]."""
        Nonconformity = self.sudo().with_context(active_test=False)
        domain = [
            ("company_id", "=", company.id),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
            ("active", "=", True),
        ]

        def grouped(field):
            rows = Nonconformity._read_group(domain, [field], ["__count"])
            return sorted(
                ((group.display_name or "-", count) for group, count in rows),
                key=lambda row: (-row[1], row[0]),
            )

        states = dict(self._fields["state"]._description_selection(self.env))
        by_state = Nonconformity._read_group(domain, ["state"], ["__count"])
        return {
            "total": Nonconformity.search_count(domain),
            "by_unit": grouped("department_id"),
            "by_source": grouped("source_id"),
            "by_category": grouped("category_id"),
            "by_state": [
                (states[state], count)
                for state, count in sorted(
                    by_state, key=lambda row: list(states).index(row[0])
                )
            ],
        }
