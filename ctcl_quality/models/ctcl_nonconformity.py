from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

BOX_FIELDS = frozenset(
    {
        "title",
        "department_id",
        "date",
        "found_by_id",
        "requirement",
        "description",
        "source_id",
        "category_id",
        "service_concerned",
        "risk_id",
        "company_id",
    }
)
DISPOSITION_FIELDS = frozenset(
    {"disposition", "assignee_id", "handling_deadline", "disposition_note"}
)
RESULT_FIELDS = frozenset({"result_note"})
RECURRENCE_FIELDS = frozenset({"department_id", "category_id", "date", "active"})
ACT = "ctcl_quality.mail_act_ctcl_nc_"


class CtclNonconformity(models.Model):
    _name = "ctcl.nonconformity"
    _description = "Nonconformity record (QT.CTCL 5.1)"
    # The workflow mixin first: it wraps mail.thread (see ctcl.workflow.mixin).
    _inherit = ["ctcl.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_names_search = ["name", "title", "description"]
    _check_company_auto = True

    _ctcl_closed_states = ("done",)
    _ctcl_filed_by_email = True  # its alias: see message_new
    _ctcl_activity_fields = frozenset(
        {"department_id", "assignee_id", "handling_deadline"}
    )
    _ctcl_buttons = {
        "can_submit": ("draft", "_check_can_edit_draft"),
        "can_decide": ("reported", "_check_can_decide"),
        "can_handle": ("handling", "_check_can_handle"),
        "can_confirm": ("checking", "_check_can_decide"),
    }
    _ctcl_button_depends = ("found_by_id", "assignee_id", "department_id")
    _ctcl_activity_types = (
        ACT + "disposition",
        ACT + "handling",
        ACT + "confirm",
        ACT + "recurrence",
    )
    # What the sign-offs cover: the record, the disposition and its result.
    _ctcl_signed_fields = (
        *sorted(BOX_FIELDS | DISPOSITION_FIELDS | RESULT_FIELDS),
        "name",
        "email_from",
        "handled_on_spot",
        "decided_by_id",
        "decided_date",
        "result_reported_date",
        "confirmed_by_id",
        "confirmed_date",
    )
    _ctcl_signatures = {
        "reported": ("report_nc", ()),
        ("draft", "done"): ("handle_on_spot", ()),
        ("reported", "done"): ("decide", ("unit_head",)),
        ("reported", "handling"): ("decide", ("unit_head",)),
        "checking": ("report_handling", ()),
        ("checking", "done"): ("confirm", ("unit_head",)),
        ("checking", "handling"): ("send_back", ("unit_head",)),
    }

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    title = fields.Char(string="Summary", tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("reported", "Awaiting disposition"),
            ("handling", "Being handled"),
            ("checking", "Result to confirm"),
            ("done", "Closed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
        group_expand="_ctcl_expand_states",
    )

    # What was found (5.1.1)
    department_id = fields.Many2one(
        "hr.department",
        string="Unit",
        required=True,
        ondelete="restrict",
        tracking=True,
        index=True,
        check_company=True,
        default=lambda self: self.env.user.employee_ids[:1].department_id,
        help="The unit where the nonconformity occurred.",
    )
    date = fields.Date(
        string="Date found",
        required=True,
        default=lambda self: self.env.company._ctcl_today(),
        tracking=True,
    )
    found_by_id = fields.Many2one(
        "res.users",
        string="Found by",
        ondelete="restrict",
        tracking=True,
        default=lambda self: self.env.user,
    )
    filed_by_id = fields.Many2one(
        "res.users",
        string="Filed on behalf by",
        readonly=True,
        copy=False,
        ondelete="restrict",
        tracking=True,
        help="The ISO secretary who filed this record in the finder's name.",
    )
    email_from = fields.Char(
        string="Reported by e-mail",
        readonly=True,
        copy=False,
        help="Sender of the e-mail this record was filed from.",
    )
    requirement = fields.Text(
        string="Requirement not met",
        help="The legal text, procedure or commitment that was not met. "
        "Nonconformity: non-fulfilment of a requirement (QT.CTCL IV).",
    )
    description = fields.Text(string="What happened", required=True)
    source_id = fields.Many2one(
        "ctcl.source",
        required=True,
        ondelete="restrict",
        tracking=True,
        default=lambda self: self.env.ref(
            "ctcl_quality.ctcl_source_nonconforming_activity", raise_if_not_found=False
        ),
    )
    category_id = fields.Many2one(
        "ctcl.nonconformity.category",
        string="Content category",
        ondelete="restrict",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        help="Used to recognise repeated nonconformities (QT.CTCL 5.2.2).",
    )
    service_concerned = fields.Char(
        string="Service/procedure concerned",
        help="The administrative procedure, service or process concerned.",
    )
    risk_id = fields.Many2one(
        "ctcl.risk",
        string="Risk realised",
        ondelete="restrict",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        help="The risk of a risk analysis table that this nonconformity realised.",
    )

    # Handling (5.1.1)
    handled_on_spot = fields.Boolean(
        string="Handled within authority", readonly=True, copy=False, tracking=True
    )
    disposition = fields.Selection(
        [
            ("rework", "Rework"),
            ("repair", "Repair/correct"),
            ("accept", "Accept"),
            ("reject", "Reject/remove"),
        ],
        copy=False,
        tracking=True,
        help="The correction: action to eliminate the nonconformity found "
        "(QT.CTCL IV). Removing its cause so that it does not recur is a "
        "corrective action, asked on form BM.CTCL.01.",
    )
    disposition_note = fields.Text(string="Instructions", copy=False)
    assignee_id = fields.Many2one(
        "res.users",
        string="Carried out by",
        ondelete="restrict",
        copy=False,
        tracking=True,
    )
    handling_deadline = fields.Date(string="Handle by", copy=False, tracking=True)
    decided_by_id = fields.Many2one(
        "res.users", string="Decided by", readonly=True, copy=False, ondelete="restrict"
    )
    decided_date = fields.Date(readonly=True, copy=False)
    result_note = fields.Text(string="Result of the handling", copy=False)
    result_reported_date = fields.Date(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one(
        "res.users",
        string="Result confirmed by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    confirmed_date = fields.Date(readonly=True, copy=False, tracking=True)

    # Recurrence rule (5.2.2) and corrective action requests
    is_recurring = fields.Boolean(
        string="Recurring",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="More than the allowed number of consecutive records with this "
        "content category at this unit: a corrective action request is called "
        "for (QT.CTCL 5.2.2).",
    )
    request_ids = fields.Many2many(
        "ctcl.action.request",
        "ctcl_action_request_nonconformity_rel",
        "nonconformity_id",
        "request_id",
        string="Action requests",
        readonly=True,
        copy=False,
    )
    request_count = fields.Integer(compute="_compute_request_count")

    can_submit = fields.Boolean(compute="_compute_can")
    can_decide = fields.Boolean(compute="_compute_can")
    can_handle = fields.Boolean(compute="_compute_can")
    can_confirm = fields.Boolean(compute="_compute_can")
    can_edit_box = fields.Boolean(compute="_compute_can_edit")
    can_edit_disposition = fields.Boolean(compute="_compute_can_edit")
    can_edit_result = fields.Boolean(compute="_compute_can_edit")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "The nonconformity number must be unique.",
        )
    ]

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("request_ids")
    def _compute_request_count(self):
        for rec in self:
            rec.request_count = len(rec.request_ids)

    @api.depends("name", "title")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = (
                f"{rec.name} – {rec.title}" if rec.title else (rec.name or "")
            )

    @api.constrains("date")
    def _check_date(self):
        today = self._ctcl_agency_today()
        for rec in self:
            if rec.date > today:
                raise ValidationError(
                    self.env._(
                        "The date %(date)s of %(record)s is in the future.",
                        date=rec.date,
                        record=rec.display_name,
                    )
                )

    @api.constrains("description")
    def _check_description(self):
        for rec in self:
            if not (rec.description or "").strip():
                raise ValidationError(self.env._("Describe what happened."))

    @api.constrains("found_by_id", "email_from")
    def _check_found_by(self):
        for rec in self:
            if not (rec.found_by_id or rec.email_from):
                raise ValidationError(self.env._("Say who found the nonconformity."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        default_unit = self.env.user.employee_ids[:1].department_id.id
        for vals in vals_list:
            if not self._ctcl_in_transition():
                vals["filed_by_id"] = self._ctcl_filer(vals, "found_by_id")
            vals.setdefault("department_id", default_unit)
            if not vals.get("department_id"):
                raise UserError(
                    self.env._("Give the unit where the nonconformity occurred.")
                )
            # Numbers come from the yearly sequence, never from the caller.
            if vals.get("name", "/") == "/" or not self._ctcl_in_transition():
                date = vals.get("date") or self._ctcl_agency_today()
                vals["name"] = (
                    self.env["ir.sequence"]
                    .sudo()
                    .next_by_code("ctcl.nonconformity", sequence_date=date)
                )
        records = super().create(vals_list)
        records._ctcl_subscribe_participants()
        # A record dated back may also complete the run of a later one.
        records._ctcl_refresh_recurrence()
        return records

    def write(self, vals):
        filer = None
        if "found_by_id" in vals and not self._ctcl_in_transition():
            filer = self._ctcl_filer(vals, "found_by_id")
        # The later records of the runs the records leave (unit, date,
        # category or archiving changed).
        recurrence = bool(RECURRENCE_FIELDS & set(vals))
        followers = self._ctcl_recurrence_followers() if recurrence else None
        result = super().write(vals)
        if filer is not None:
            self.filtered(lambda r: r.filed_by_id.id != filer)._ctcl_transition_write(
                {"filed_by_id": filer}
            )
        # The flag and the owners come from the record itself, not from the
        # caller; done as superuser since a head may just have handed the
        # record to a unit he does not head.
        if recurrence:
            self._ctcl_refresh_recurrence(followers)
        if vals.get("risk_id"):
            self.filtered("is_recurring")._ctcl_propose_risk_likelihood()
        return result

    def unlink(self):
        followers = self._ctcl_recurrence_followers()
        result = super().unlink()
        # The records after a deleted draft have lost one of their run.
        self.browse()._ctcl_refresh_recurrence(followers)
        return result

    def _ctcl_check_create_fields(self, fnames):
        # create() has just numbered the record and recorded who filed it.
        return super()._ctcl_check_create_fields(fnames - {"name", "filed_by_id"})

    def _ctcl_field_rules(self):
        return {
            "can_edit_box": (
                BOX_FIELDS,
                {"draft": "_check_can_edit_draft", "reported": "_check_can_decide"},
            ),
            "can_edit_disposition": (
                DISPOSITION_FIELDS,
                {"reported": "_check_can_decide", "handling": "_check_can_decide"},
            ),
            "can_edit_result": (
                RESULT_FIELDS,
                {
                    "draft": "_check_can_edit_draft",
                    "handling": "_check_can_handle",
                    "checking": "_check_can_decide",
                },
            ),
        }

    def _ctcl_is_deletable_draft(self):
        user = self.env.user
        return self.state == "draft" and (
            user in (self.found_by_id | self.create_uid)
            or self._ctcl_has_role("group_ctcl_manager")
        )

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            if self.state == "done":
                return self.env.ref("ctcl_quality.mt_ctcl_nc_closed")
            return self.env.ref("ctcl_quality.mt_ctcl_nc_state")
        if "is_recurring" in init_values and self.is_recurring:
            return self.env.ref("ctcl_quality.mt_ctcl_nc_recurring")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Who may do what
    # ------------------------------------------------------------------
    def _check_can_edit_draft(self):
        user = self.env.user
        if user in (self.found_by_id | self.create_uid) or user._ctcl_heads(
            self.department_id
        ):
            return
        self._ctcl_deny(
            self.env._(
                "Only the person who found %(record)s or the head of its unit can "
                "change it before it is reported.",
                record=self.display_name,
            )
        )

    def _check_can_decide(self):
        if not self.env.user._ctcl_heads(self.department_id):
            self._ctcl_deny(
                self.env._(
                    "Only the head of %(unit)s decides how %(record)s is handled "
                    "and confirms the result.",
                    unit=self.department_id.display_name,
                    record=self.display_name,
                )
            )

    def _check_can_handle(self):
        user = self.env.user
        if user == self.assignee_id or user._ctcl_heads(self.department_id):
            return
        self._ctcl_deny(
            self.env._(
                "Only %(user)s or the head of the unit can report the handling of "
                "%(record)s.",
                user=self.assignee_id.name or "-",
                record=self.display_name,
            )
        )

    # ------------------------------------------------------------------
    # Report on BM.CTCL.01 (5.1.1)
    # ------------------------------------------------------------------
    def _ctcl_check_printable(self):
        """A nonconformity beyond the finder's authority, reported to the head
        of the unit, is written on BM.CTCL.01 (QT.CTCL 5.1.1): from "Awaiting
        disposition" on, except the records handled on the spot."""
        unreported = self.filtered(lambda r: r.state == "draft" or r.handled_on_spot)
        if unreported:
            raise UserError(
                self.env._(
                    "Only a nonconformity reported to the head of its unit is "
                    "printed on the form BM.CTCL.01; %(records)s was not reported "
                    "(a draft, or handled on the spot).",
                    records=", ".join(unreported.mapped("display_name")),
                )
            )

    def _ctcl_reported_date(self):
        """The agency's date of the report to the unit head: its sign-off, or
        the filing of a record that came in by e-mail."""
        self.ensure_one()
        signoff = self._ctcl_signoff_for("report_nc")
        moment = signoff.signed_at or self.sudo().create_date
        return self.company_id._ctcl_local_datetime(moment).date()

    # ------------------------------------------------------------------
    # Workflow actions (5.1.1)
    # ------------------------------------------------------------------
    def action_report(self):
        """Beyond one's authority: report to the direct leader (head of the unit)."""
        self._ctcl_step(
            "draft", "_check_can_edit_draft", ["requirement", "description"]
        )
        result = self._ctcl_advance({"state": "reported"})
        self._ctcl_call_if_recurring()
        return result

    def action_handle_on_spot(self):
        """Within one's authority: handled on the spot, recorded and closed."""
        self._ctcl_step(
            "draft",
            "_check_can_edit_draft",
            ["requirement", "description", "category_id", "result_note"],
        )
        today = self._ctcl_agency_today()
        result = self._ctcl_advance(
            {"state": "done", "handled_on_spot": True, "result_reported_date": today}
        )
        self._ctcl_call_if_recurring()
        return result

    def action_decide(self):
        """The head of the unit decides the disposition and who carries it out."""
        self._ctcl_step(
            "reported",
            "_check_can_decide",
            ["requirement", "description", "category_id", "disposition"],
        )
        today = self._ctcl_agency_today()
        vals = {"decided_by_id": self.env.uid, "decided_date": today}
        accepted = self.filtered(lambda r: r.disposition == "accept")
        others = self - accepted
        others._ctcl_step("reported", "_check_can_decide", ["assignee_id"])
        if accepted:
            # Accepting the nonconformity as it is needs no further work.
            accepted._ctcl_advance(
                dict(
                    vals,
                    state="done",
                    confirmed_by_id=self.env.uid,
                    confirmed_date=today,
                )
            )
        if others:
            others._ctcl_advance(dict(vals, state="handling"))
        return True

    def action_report_result(self):
        """Whoever carried out the disposition reports the result to the head."""
        self._ctcl_step("handling", "_check_can_handle", ["result_note"])
        return self._ctcl_advance(
            {
                "state": "checking",
                "result_reported_date": self._ctcl_agency_today(),
            }
        )

    def action_confirm(self):
        """The head of the unit checks the result: the nonconformity is closed."""
        self._ctcl_step("checking", "_check_can_decide", ["result_note"])
        return self._ctcl_advance(
            {
                "state": "done",
                "confirmed_by_id": self.env.uid,
                "confirmed_date": self._ctcl_agency_today(),
            }
        )

    def action_redo(self):
        """The head of the unit finds the result insufficient: handle it again."""
        self._ctcl_step("checking", "_check_can_decide")
        self._ctcl_advance({"state": "handling", "result_reported_date": False})
        for rec in self:
            rec.message_post(
                body=self.env._("The result was not confirmed; handle it again."),
                subtype_xmlid="mail.mt_comment",
                partner_ids=rec.assignee_id.partner_id.ids,
            )
        return True

    # ------------------------------------------------------------------
    # Followers and activities
    # ------------------------------------------------------------------
    def _ctcl_participants(self):
        return self.found_by_id | self.assignee_id | self.decided_by_id

    def _ctcl_activity_plan(self):
        self.ensure_one()
        head = self.department_id._ctcl_head_user()
        if self.state == "reported":
            return {ACT + "disposition": (head, None)}
        if self.state == "handling":
            return {ACT + "handling": (self.assignee_id, self.handling_deadline)}
        if self.state == "checking":
            return {ACT + "confirm": (head, None)}
        return {}

    def _ctcl_kept_activity_types(self):
        if self.is_recurring and not self.request_ids:
            return {ACT + "recurrence"}
        return set()

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
        request = self.env["ctcl.action.request"]._ctcl_create_linked(
            {
                "request_type": "corrective",
                "requesting_department_id": records.department_id.id,
                "description": description,
                "source_id": source.id,
                "related_documents": ", ".join(records.mapped("name")),
                "company_id": records.company_id.id,
            },
            {"nonconformity_ids": [(6, 0, records.ids)]},
        )
        # The recurrence criterion is set by the server only.
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
        return request._ctcl_form_action()

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
        # The alias's defaults are checked as a client's values would be.
        self._ctcl_check_create_fields(set(custom_values or ()))
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
