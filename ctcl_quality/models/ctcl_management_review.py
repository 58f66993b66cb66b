from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .ctcl_workflow_mixin import ctcl_text_argument

# Who edits what, and when (see _ctcl_field_rules). The ISO secretary (or the
# meeting's secretary) writes the minutes, the report and the notice.
HEADER_FIELDS = frozenset(
    {
        "title",
        "date_from",
        "date_to",
        "company_id",
        "meeting_start",
        "meeting_end",
        "place",
        "attendee_ids",
        "presentation_ids",
        "report_date",
        "meeting_kind",
        "audit_ids",
    }
)
# Who approves and signs the minutes is settled before they are recorded: the
# step's activity goes to that chair, who may send the minutes back.
SIGNER_FIELDS = frozenset({"chair_id", "secretary_id"})
OUTPUT_FIELDS = frozenset({"decision_ids", "conclusion", "topic_ids"})
DRAFT_STATES = ("draft", "recorded")  # inputs can still be recompiled
OUTPUT_STATES = ("draft", "recorded", "comments", "notice")
FINAL_STATES = ("approved", "dispatched")
# The ISO board chooses which decisions become BM.CTCL.01 requests until the
# outputs are dispatched (QT.CTCL 5.8.1.2: “after the meeting”).
REQUEST_CHOICE_STATES = (*OUTPUT_STATES, "approved")
# Topics of BM.CTCL.02 a combined meeting must still discuss (7 is "other").
REQUIRED_TOPICS = ("1", "2", "3", "4", "5", "6")


class CtclManagementReview(models.Model):
    _name = "ctcl.management.review"
    _description = "Management review (QT.CTCL 5.8)"
    # The workflow mixin first: it wraps mail.thread, whose tracking and
    # creation log then see the context the mixin has cleaned.
    _inherit = [
        "ctcl.workflow.mixin",
        "mail.thread.main.attachment",
        "mail.activity.mixin",
    ]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    _ctcl_closed_states = ("approved",)
    _ctcl_activity_fields = frozenset({"secretary_id", "chair_id"})
    _ctcl_buttons = {
        "can_compile": (DRAFT_STATES, "_check_can_edit_draft"),
        "can_record": ("draft", "_check_can_edit_draft"),
        "can_approve_minutes": ("recorded", "_check_can_chair"),
        "can_submit_report": ("draft", "_check_can_edit_draft"),
        "can_approve_report": ("report_review", "_check_can_lead"),
        "can_comment": ("comments", "_check_can_comment"),
        "can_compile_notice": ("comments", "_check_can_edit_draft"),
        "can_submit_notice": ("notice", "_check_can_lead"),
        "can_approve_notice": ("notice_submitted", "_check_can_approve_notice"),
        "can_dispatch": ("approved", "_check_can_dispatch"),
        "can_choose_requests": (REQUEST_CHOICE_STATES, "_check_can_choose_requests"),
    }
    _ctcl_button_depends = ("review_form", "chair_id", "secretary_id")
    # The buttons of one form only (minutes of a meeting, or operating report).
    _ctcl_button_forms = {
        "can_record": "meeting",
        "can_approve_minutes": "meeting",
        "can_submit_report": "report",
        "can_approve_report": "report",
        "can_comment": "report",
        "can_compile_notice": "report",
        "can_submit_notice": "report",
        "can_approve_notice": "report",
    }
    _ctcl_activity_types = (
        "ctcl_quality.mail_act_ctcl_review_minutes",
        "ctcl_quality.mail_act_ctcl_review_approve",
        "ctcl_quality.mail_act_ctcl_review_report",
        "ctcl_quality.mail_act_ctcl_review_report_approve",
        "ctcl_quality.mail_act_ctcl_review_comment",
        "ctcl_quality.mail_act_ctcl_review_notice",
        "ctcl_quality.mail_act_ctcl_review_notice_submit",
        "ctcl_quality.mail_act_ctcl_review_notice_approve",
        "ctcl_quality.mail_act_ctcl_review_dispatch",
        "ctcl_quality.mail_act_ctcl_review_annual",
    )
    # What the sign-offs cover: minutes or report and notice, inputs, outputs.
    _ctcl_signed_fields = (
        *sorted(HEADER_FIELDS - {"attendee_ids", "presentation_ids", "audit_ids"}),
        *sorted(SIGNER_FIELDS),
        "name",
        "review_form",
        "conclusion",
        "audit_ids",
        "audit_ids.name",
        "audit_ids.date",
        "audit_ids.scope",
        "audit_ids.report_reference",
        "audit_ids.finding_count",
        "attendee_ids.name",
        "attendee_ids.job_title",
        "attendee_ids.user_id",
        "presentation_ids.reporter_id",
        "presentation_ids.summary",
        "topic_ids.code",
        "topic_ids.content",
        "topic_ids.conclusion",
        "decision_ids.kind",
        "decision_ids.description",
        "decision_ids.department_id",
        "decision_ids.date_deadline",
        "decision_ids.risk_update",
        "comment_ids.author_id",
        "comment_ids.body",
        "input_figures",
        "recorded_by_id",
        "recorded_date",
        "report_submitted_date",
        "report_approved_by_id",
        "report_approved_date",
        "notice_number",
        "notice_date",
        "notice_submitted_by_id",
        "notice_submitted_date",
        "approved_by_id",
        "approved_date",
        "dispatched_by_id",
        "dispatched_date",
    )
    _ctcl_signatures = {
        ("draft", "recorded"): ("record_minutes", ("iso_secretary",)),
        ("recorded", "draft"): ("send_back", ("leadership",)),
        ("recorded", "approved"): ("approve_minutes", ("leadership",)),
        ("draft", "report_review"): ("submit_report", ("iso_secretary",)),
        ("report_review", "draft"): ("send_back", ("iso_leader",)),
        ("report_review", "comments"): ("approve_report", ("iso_leader",)),
        ("comments", "notice"): ("compile_notice", ("iso_secretary",)),
        ("notice", "notice_submitted"): ("submit_notice", ("iso_leader",)),
        ("notice_submitted", "comments"): ("send_back", ("leadership",)),
        ("notice_submitted", "approved"): ("approve_notice", ("leadership",)),
        ("approved", "dispatched"): ("dispatch", ()),
    }

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    number_year = fields.Integer(
        readonly=True, copy=False, help="Year of the yearly numbering."
    )
    title = fields.Char(
        string="Subject",
        required=True,
        tracking=True,
        default=lambda self: self.env._(
            "Management review of the QMS, year %(year)s",
            year=self._ctcl_agency_today().year,
        ),
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    review_form = fields.Selection(
        [
            ("meeting", "Meeting (minutes BM.CTCL.02)"),
            ("report", "Report and notice of results"),
        ],
        string="Form",
        required=True,
        default="meeting",
        tracking=True,
        help="QT.CTCL 5.8: a review meeting with minutes (5.8.1), or the QMS "
        "operating report, the comments of the leadership and the notice of "
        "results (5.8.2).",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("recorded", "Minutes recorded"),
            ("report_review", "Report submitted"),
            ("comments", "Report approved – comments"),
            ("notice", "Notice compiled"),
            ("notice_submitted", "Notice submitted"),
            ("approved", "Approved"),
            ("dispatched", "Outputs dispatched"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    date_from = fields.Date(
        string="Period from",
        required=True,
        tracking=True,
        default=lambda self: self._ctcl_agency_today().replace(month=1, day=1),
    )
    date_to = fields.Date(
        string="Period to",
        required=True,
        tracking=True,
        default=lambda self: self.env.company._ctcl_today(),
    )

    # Meeting (5.8.1, BM.CTCL.02)
    meeting_kind = fields.Selection(
        [
            ("standalone", "Standalone review meeting"),
            ("briefing", "Within a routine briefing (giao ban)"),
            ("interim", "Within an interim review meeting (sơ kết)"),
            ("year_end", "Within a year-end review meeting (tổng kết)"),
            ("periodic", "Within a periodic meeting (định kỳ)"),
            ("ad_hoc", "Within an extraordinary meeting (đột xuất)"),
        ],
        string="Held as",
        required=True,
        default="standalone",
        tracking=True,
        help="QT.CTCL 5.8: the review meeting is held on its own, or within a "
        "routine meeting of the agency. Combined minutes carry every content of "
        "BM.CTCL.02 all the same.",
    )
    meeting_start = fields.Datetime(string="Opening time", tracking=True, copy=False)
    meeting_end = fields.Datetime(string="Closing time", tracking=True, copy=False)
    place = fields.Char(tracking=True, default=lambda self: self.env.company.name)
    chair_id = fields.Many2one(
        "res.users",
        tracking=True,
        ondelete="restrict",
        default=lambda self: self.env.company.ctcl_top_leader_id,
        help="The top leader of the agency, who chairs the meeting and approves "
        "the minutes.",
    )
    secretary_id = fields.Many2one(
        "res.users",
        tracking=True,
        ondelete="restrict",
        default=lambda self: self.env.company.ctcl_iso_secretary_id,
    )
    attendee_ids = fields.One2many(
        "ctcl.management.review.attendee", "review_id", string="Attendees", copy=True
    )
    presentation_ids = fields.One2many(
        "ctcl.management.review.presentation", "review_id", string="Reports given"
    )
    topic_ids = fields.One2many(
        "ctcl.management.review.topic",
        "review_id",
        string="Discussion",
        default=lambda self: self.env["ctcl.management.review.topic"]._default_lines(),
    )
    decision_ids = fields.One2many(
        "ctcl.management.review.decision", "review_id", string="Decisions"
    )
    conclusion = fields.Text(
        string="General conclusion",
        help="Conclusions of the meeting or the notice of results: improvements "
        "required, changes needed to the QMS, resource needs (QT.CTCL 5.8.1.2).",
    )
    recorded_by_id = fields.Many2one(
        "res.users",
        string="Minutes recorded by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    recorded_date = fields.Date(string="Minutes recorded on", readonly=True, copy=False)

    # Report and notice (5.8.2)
    report_date = fields.Date(
        default=lambda self: self.env.company._ctcl_today(), copy=False
    )
    report_submitted_date = fields.Date(readonly=True, copy=False)
    report_approved_by_id = fields.Many2one(
        "res.users",
        string="Report approved by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    report_approved_date = fields.Date(readonly=True, copy=False)
    comment_ids = fields.One2many(
        "ctcl.management.review.comment", "review_id", string="Comments"
    )
    notice_number = fields.Char(readonly=True, copy=False)
    notice_date = fields.Date(readonly=True, copy=False)
    notice_submitted_by_id = fields.Many2one(
        "res.users",
        string="Notice submitted by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    notice_submitted_date = fields.Date(readonly=True, copy=False)

    # Approval and dispatch
    approved_by_id = fields.Many2one(
        "res.users",
        string="Approved by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    approved_date = fields.Date(readonly=True, copy=False)
    dispatched_by_id = fields.Many2one(
        "res.users",
        string="Dispatched by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    dispatched_date = fields.Date(readonly=True, copy=False)

    # After the internal audits (5.8)
    audit_ids = fields.Many2many(
        "ctcl.management.review.audit",
        "ctcl_management_review_audit_rel",
        "review_id",
        "audit_id",
        string="After the internal audits",
        compute="_compute_audit_ids",
        store=True,
        readonly=False,
        check_company=True,
        help="The internal audit round(s) this review follows (QT.CTCL 5.8: at "
        "least once a year, after the periodic internal audits). Proposed from "
        "the rounds of the period no approved review has followed yet.",
    )

    # Inputs compiled from the system (frozen once approved)
    input_ids = fields.One2many(
        "ctcl.management.review.input", "review_id", string="Input tables"
    )
    inputs_compiled_date = fields.Datetime(
        string="Inputs compiled on", readonly=True, copy=False
    )
    input_figures = fields.Json(
        readonly=True,
        copy=False,
        help="Key figures of the compiled inputs (requests, on-time rate, "
        "nonconformities, objectives, feedback, audits), frozen with them.",
    )
    inputs_html = fields.Html(
        string="Inputs", compute="_compute_inputs_html", sanitize=False
    )

    request_ids = fields.One2many(
        "ctcl.action.request", "management_review_id", string="Output requests"
    )
    request_count = fields.Integer(compute="_compute_request_count")
    annual_warning = fields.Char(compute="_compute_annual_warning")

    can_compile = fields.Boolean(compute="_compute_can")
    can_record = fields.Boolean(compute="_compute_can")
    can_approve_minutes = fields.Boolean(compute="_compute_can")
    can_submit_report = fields.Boolean(compute="_compute_can")
    can_approve_report = fields.Boolean(compute="_compute_can")
    can_comment = fields.Boolean(compute="_compute_can")
    can_compile_notice = fields.Boolean(compute="_compute_can")
    can_submit_notice = fields.Boolean(compute="_compute_can")
    can_approve_notice = fields.Boolean(compute="_compute_can")
    can_dispatch = fields.Boolean(compute="_compute_can")
    can_choose_requests = fields.Boolean(compute="_compute_can")
    can_edit_header = fields.Boolean(compute="_compute_can_edit")
    can_edit_signers = fields.Boolean(compute="_compute_can_edit")
    can_edit_outputs = fields.Boolean(compute="_compute_can_edit")
    can_edit_decisions = fields.Boolean(compute="_compute_can_edit")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, number_year, company_id)",
            "The management review number must be unique in its year.",
        )
    ]

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("input_ids", "inputs_compiled_date")
    def _compute_inputs_html(self):
        for rec in self:
            rec.inputs_html = self.env["ir.qweb"]._render(
                "ctcl_quality.report_ctcl_management_review_inputs",
                {"doc": rec},
            )

    @api.depends("request_ids")
    def _compute_request_count(self):
        for rec in self:
            rec.request_count = len(rec.request_ids)

    @api.depends_context("company")
    def _compute_annual_warning(self):
        warning = self.env["ctcl.management.review.annual"]._ctcl_warning(
            self.env.company
        )
        for rec in self:
            rec.annual_warning = warning

    @api.depends("company_id", "date_from", "date_to")
    def _compute_audit_ids(self):
        Audit = self.env["ctcl.management.review.audit"]
        for rec in self:
            if not (rec.company_id and rec.date_from and rec.date_to):
                rec.audit_ids = Audit
                continue
            rec.audit_ids = Audit.search(
                [
                    ("company_id", "=", rec.company_id.id),
                    ("date", ">=", rec.date_from),
                    ("date", "<=", rec.date_to),
                    ("followed", "=", False),
                ]
            )

    def _ctcl_review_date(self):
        """The day the review takes place: the meeting's (agency time) or the
        report's."""
        self.ensure_one()
        if self.review_form == "report":
            return self.report_date
        start = self.company_id._ctcl_local_datetime(self.meeting_start)
        return start and start.date()

    @api.constrains("review_form", "meeting_kind")
    def _check_meeting_kind(self):
        for rec in self:
            if rec.review_form == "report" and rec.meeting_kind != "standalone":
                raise ValidationError(
                    self.env._(
                        "%(record)s is a review by report and notice: only a review "
                        "meeting can be held within a routine meeting.",
                        record=rec.display_name,
                    )
                )

    @api.constrains("audit_ids", "meeting_start", "report_date", "review_form")
    def _check_audits(self):
        for rec in self:
            review_date = rec._ctcl_review_date()
            late = rec.audit_ids.filtered(
                lambda a, d=review_date: d and a.date and a.date > d
            )
            if late:
                raise ValidationError(
                    self.env._(
                        "A management review follows the internal audits: %(audit)s "
                        "(%(date)s) takes place after %(record)s.",
                        audit=late[0].name,
                        date=format_date(self.env, late[0].date),
                        record=rec.display_name,
                    )
                )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for rec in self:
            if rec.date_from > rec.date_to:
                raise ValidationError(
                    self.env._(
                        "The period of %(record)s ends before it starts.",
                        record=rec.display_name,
                    )
                )

    @api.constrains("meeting_start", "meeting_end")
    def _check_meeting_times(self):
        for rec in self:
            if (
                rec.meeting_start
                and rec.meeting_end
                and rec.meeting_end <= rec.meeting_start
            ):
                raise ValidationError(
                    self.env._(
                        "The closing time of %(record)s must be after its opening "
                        "time.",
                        record=rec.display_name,
                    )
                )

    @api.constrains("chair_id", "company_id", "secretary_id")
    def _check_chair(self):
        group = "ctcl_quality.group_ctcl_leadership"
        for rec in self:
            if rec.chair_id and not rec.chair_id.has_group(group):
                raise ValidationError(
                    self.env._(
                        "The chair of a management review is the top leader: "
                        "%(user)s has no Agency leadership role.",
                        user=rec.chair_id.name,
                    )
                )
            # The chair approves the minutes the secretary writes.
            if rec.chair_id and rec.chair_id == rec.secretary_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be both the chair and the secretary of "
                        "%(record)s.",
                        user=rec.chair_id.name,
                        record=rec.display_name,
                    )
                )
            # BM.CTCL.02: “Chủ trì: Ghi họ tên Lãnh đạo cao nhất”.
            top = rec.company_id.ctcl_top_leader_id
            if top and rec.secretary_id == top:
                raise ValidationError(
                    self.env._(
                        "%(user)s is the top leader: he chairs the management "
                        "review and cannot be its secretary.",
                        user=top.name,
                    )
                )
            if rec.chair_id and top and rec.chair_id != top:
                raise ValidationError(
                    self.env._(
                        "The chair of a management review is the top leader of "
                        "the agency, %(top)s, not %(user)s.",
                        top=top.name,
                        user=rec.chair_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.browse()._check_can_create()
        for vals in vals_list:
            form = vals.get("review_form") or "meeting"
            date = fields.Date.to_date(vals.get("date_to") or self._ctcl_agency_today())
            vals["number_year"] = date.year
            vals["name"] = (
                self.env["ir.sequence"]
                .sudo()
                .next_by_code(f"ctcl.management.review.{form}", sequence_date=date)
            )
        records = super().create(vals_list)
        records._ctcl_subscribe_participants()
        records.activity_update()
        return records

    def _ctcl_check_create_fields(self, fnames):
        # The number and the form are set once, when the review is created.
        return super()._ctcl_check_create_fields(
            fnames - {"name", "number_year", "review_form"}
        )

    def _ctcl_field_rules(self):
        return {
            "can_edit_header": (
                HEADER_FIELDS,
                dict.fromkeys(DRAFT_STATES, "_check_can_edit_draft"),
            ),
            "can_edit_signers": (SIGNER_FIELDS, {"draft": "_check_can_edit_draft"}),
            "can_edit_outputs": (
                OUTPUT_FIELDS - {"decision_ids"},
                dict.fromkeys(OUTPUT_STATES, "_check_can_edit_draft"),
            ),
            # The decisions' own checks tell their content (the secretary, in
            # OUTPUT_STATES) from the choice of the requests (the ISO board,
            # until the dispatch).
            "can_edit_decisions": (
                {"decision_ids"},
                dict.fromkeys(REQUEST_CHOICE_STATES, "_check_can_write_decisions"),
            ),
        }

    def _ctcl_is_deletable_draft(self):
        return self.state == "draft" and (
            self.env.user == self.create_uid
            or self._ctcl_has_role("group_ctcl_manager")
        )

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            return self.env.ref("ctcl_quality.mt_ctcl_review_state")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Who may do what
    # ------------------------------------------------------------------
    def _check_can_create(self):
        if not self._ctcl_has_role("group_ctcl_iso_secretary"):
            self._ctcl_deny(
                self.env._("Only the ISO secretary can prepare a management review.")
            )

    def _check_can_edit_draft(self):
        if self.env.user == self.secretary_id or self._ctcl_has_role(
            "group_ctcl_iso_secretary"
        ):
            return
        self._ctcl_deny(
            self.env._(
                "Only the ISO secretary or the secretary of the meeting can write "
                "%(record)s.",
                record=self.display_name,
            )
        )

    def _check_can_choose_requests(self):
        if self.env.user == self.secretary_id or self._ctcl_has_role(
            "group_ctcl_iso_secretary", "group_ctcl_iso_member"
        ):
            return
        self._ctcl_deny(
            self.env._(
                "Only the ISO board chooses which decisions of %(record)s become "
                "action requests (BM.CTCL.01).",
                record=self.display_name,
            )
        )

    def _check_can_write_decisions(self):
        if self.state in OUTPUT_STATES and self._ctcl_passes("_check_can_edit_draft"):
            return
        self._check_can_choose_requests()

    def _ctcl_check_decision_content_edit(self):
        """The content of the decisions: by the secretary, until approval."""
        for rec in self:
            if rec.state not in OUTPUT_STATES:
                raise UserError(
                    self.env._(
                        "The decisions of %(record)s cannot be changed in the state "
                        "“%(state)s”.",
                        record=rec.display_name,
                        state=rec._ctcl_state_label(),
                    )
                )
            rec._check_can_edit_draft()

    def _ctcl_check_request_choice_edit(self):
        """Which decisions need a request: by the ISO board, until the dispatch."""
        for rec in self:
            if rec.state not in REQUEST_CHOICE_STATES:
                raise UserError(
                    self.env._(
                        "The outputs of %(record)s are dispatched: which decisions "
                        "become action requests can no longer change.",
                        record=rec.display_name,
                    )
                )
            rec._check_can_choose_requests()

    def _check_can_chair(self):
        if self.env.user != self.chair_id or not self._ctcl_has_role(
            "group_ctcl_leadership"
        ):
            self._ctcl_deny(
                self.env._(
                    "Only the chair of the meeting, %(user)s, can approve the "
                    "minutes %(record)s.",
                    user=self.chair_id.name or "-",
                    record=self.display_name,
                )
            )

    def _check_can_lead(self):
        if not self._ctcl_has_role("group_ctcl_iso_leader"):
            self._ctcl_deny(
                self.env._(
                    "Only the ISO board leader can approve the report or submit "
                    "the notice of %(record)s.",
                    record=self.display_name,
                )
            )

    def _check_can_comment(self):
        if not self._ctcl_has_role("group_ctcl_leadership", "group_ctcl_iso_member"):
            self._ctcl_deny(
                self.env._(
                    "Only the top leader and the ISO board members comment on the "
                    "QMS operating report."
                )
            )

    def _check_can_approve_notice(self):
        top = self._ctcl_role_users("group_ctcl_leadership", "ctcl_top_leader_id")
        if self.env.user not in top or not self._ctcl_has_role("group_ctcl_leadership"):
            self._ctcl_deny(
                self.env._(
                    "Only the top leader of the agency can approve the notice of "
                    "results of %(record)s.",
                    record=self.display_name,
                )
            )

    def _check_can_dispatch(self):
        if not self._ctcl_has_role("group_ctcl_iso_secretary"):
            self._ctcl_deny(
                self.env._(
                    "Only the ISO secretary can dispatch the outputs of a management "
                    "review."
                )
            )

    def _ctcl_button_applies(self, button):
        form = self._ctcl_button_forms.get(button)
        return not form or self.review_form == form

    def _ctcl_check_form(self, form):
        for rec in self:
            if rec.review_form != form:
                raise UserError(
                    self.env._(
                        "This step does not belong to the form of %(record)s.",
                        record=rec.display_name,
                    )
                )

    def _ctcl_step(self, states, checker, required=(), form=None):
        if form:
            self._ctcl_check_form(form)
        return super()._ctcl_step(states, checker, required)

    # ------------------------------------------------------------------
    # Inputs
    # ------------------------------------------------------------------
    def action_compile_inputs(self):
        """Compile the inputs of 5.8.1.1 from the records of the period (they
        are frozen once the minutes are approved)."""
        self._ctcl_step(DRAFT_STATES, "_check_can_edit_draft")
        # The inputs' labels are stored as text and printed on the forms, which
        # are always Vietnamese: compile them in that language.
        forms_lang = self.env["res.lang"]._get_code("vi_VN") or self.env.lang
        Input = self.env["ctcl.management.review.input"].with_context(lang=forms_lang)
        for rec in self:
            lines, figures = Input._ctcl_compile(rec.with_context(lang=forms_lang))
            Input._ctcl_replace(rec, lines)
            figures["inputs_compiled_date"] = fields.Datetime.now()
            rec._ctcl_transition_write(figures)
        return True

    # ------------------------------------------------------------------
    # Meeting (5.8.1)
    # ------------------------------------------------------------------
    def action_record_minutes(self):
        """5.8.1 — the secretary has written the minutes of the meeting."""
        self._ctcl_step(
            "draft",
            "_check_can_edit_draft",
            [
                "meeting_start",
                "meeting_end",
                "place",
                "chair_id",
                "secretary_id",
                "attendee_ids",
                "audit_ids",
                "inputs_compiled_date",
            ],
            form="meeting",
        )
        self._ctcl_check_minutes_contents()
        return self._ctcl_advance(
            {
                "state": "recorded",
                "recorded_by_id": self.env.uid,
                "recorded_date": self._ctcl_agency_today(),
            }
        )

    def _ctcl_check_minutes_contents(self):
        """The minutes of every review meeting, standalone or held within a
        routine meeting (QT.CTCL 5.8.1.2), carry every content of BM.CTCL.02:
        each standard topic is discussed and the meeting concludes."""
        for rec in self:
            discussed = {
                t.code
                for t in rec.topic_ids
                if (t.content or "").strip() or (t.conclusion or "").strip()
            }
            missing = [code for code in REQUIRED_TOPICS if code not in discussed]
            if not (rec.conclusion or "").strip():
                missing.append(None)
            if missing:
                raise UserError(
                    self.env._(
                        "The minutes of %(record)s must carry every content of "
                        "BM.CTCL.02. Missing: %(missing)s.",
                        record=rec.display_name,
                        missing=rec._ctcl_missing_labels(missing),
                    )
                )

    def _ctcl_check_report_contents(self):
        """The operating report of 5.8.2.1 reports on each input topic of
        BM.CTCL.02; the directions are written later into the notice."""
        for rec in self:
            reported = {t.code for t in rec.topic_ids if (t.content or "").strip()}
            missing = [code for code in REQUIRED_TOPICS if code not in reported]
            if missing:
                raise UserError(
                    self.env._(
                        "The operating report of %(record)s must report on every "
                        "input of the review. Missing: %(missing)s.",
                        record=rec.display_name,
                        missing=rec._ctcl_missing_labels(missing),
                    )
                )

    def _ctcl_missing_labels(self, codes):
        """Labels of the missing topics (``None`` stands for the conclusion)."""
        labels = dict(
            self.env["ctcl.management.review.topic"]
            ._fields["code"]
            ._description_selection(self.env)
        )
        conclusion = self._fields["conclusion"].get_description(self.env)["string"]
        return "; ".join(labels[code] if code else conclusion for code in codes)

    def action_back_to_draft(self):
        """The chair sends the minutes back to the secretary."""
        self._ctcl_step("recorded", "_check_can_chair", form="meeting")
        return self._ctcl_advance({"state": "draft"})

    def action_approve_minutes(self):
        """5.8.1 — the chair approves the minutes: inputs and minutes freeze."""
        self._ctcl_step(
            "recorded",
            "_check_can_chair",
            ["audit_ids", "inputs_compiled_date"],
            form="meeting",
        )
        self._ctcl_check_minutes_contents()
        self._ctcl_advance(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_date": self._ctcl_agency_today(),
            }
        )
        return True

    # ------------------------------------------------------------------
    # Report and notice (5.8.2)
    # ------------------------------------------------------------------
    def action_submit_report(self):
        """5.8.2.1 — the ISO secretary sends the operating report for approval."""
        self._ctcl_step(
            "draft",
            "_check_can_edit_draft",
            ["audit_ids", "inputs_compiled_date", "report_date"],
            form="report",
        )
        self._ctcl_check_report_contents()
        return self._ctcl_advance(
            {
                "state": "report_review",
                "report_submitted_date": self._ctcl_agency_today(),
            }
        )

    def action_return_report(self):
        """The ISO board leader sends the report back to the secretary."""
        self._ctcl_step("report_review", "_check_can_lead", form="report")
        return self._ctcl_advance({"state": "draft"})

    def action_approve_report(self):
        """5.8.2.1 — approved, the report goes to the leadership for comments."""
        self._ctcl_step("report_review", "_check_can_lead", form="report")
        self._ctcl_advance(
            {
                "state": "comments",
                "report_approved_by_id": self.env.uid,
                "report_approved_date": self._ctcl_agency_today(),
            }
        )
        for rec in self:
            rec.message_post(
                body=self.env._(
                    "The QMS operating report is approved and sent to the top "
                    "leader and the ISO board members for their comments."
                ),
                partner_ids=rec._ctcl_commenters().partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_add_comment(self, body):
        """5.8.2.1 — a comment of the top leader or an ISO board member."""
        self.ensure_one()
        return (
            self.env["ctcl.management.review.comment"]
            .create({"review_id": self.id, "body": ctcl_text_argument(self.env, body)})
            .id
        )

    def action_compile_notice(self):
        """5.8.2.2 — the secretary compiles the comments into the notice."""
        self._ctcl_step(
            "comments", "_check_can_edit_draft", ["decision_ids"], form="report"
        )
        today = self._ctcl_agency_today()
        for rec in self:
            number = rec.notice_number or (
                self.env["ir.sequence"]
                .sudo()
                .next_by_code("ctcl.management.review.notice", sequence_date=today)
            )
            rec._ctcl_advance(
                {"state": "notice", "notice_number": number, "notice_date": today}
            )
        return True

    def action_submit_notice(self):
        """5.8.2.2 — the ISO board leader submits the notice to the top leader."""
        self._ctcl_step("notice", "_check_can_lead", ["decision_ids"], form="report")
        return self._ctcl_advance(
            {
                "state": "notice_submitted",
                "notice_submitted_by_id": self.env.uid,
                "notice_submitted_date": self._ctcl_agency_today(),
            }
        )

    def action_return_notice(self):
        """The top leader sends the notice back to the secretary."""
        self._ctcl_step("notice_submitted", "_check_can_approve_notice", form="report")
        return self._ctcl_advance({"state": "comments"})

    def action_approve_notice(self):
        """5.8.2.2 — the top leader approves the notice of results."""
        self._ctcl_step("notice_submitted", "_check_can_approve_notice", form="report")
        self._ctcl_advance(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_date": self._ctcl_agency_today(),
                "notice_date": self._ctcl_agency_today(),
            }
        )
        return True

    # ------------------------------------------------------------------
    # Outputs (5.8.1.2): requests and dispatch to the units
    # ------------------------------------------------------------------
    def action_dispatch(self):
        """Send the outputs to every unit; open the requests the ISO board chose
        and the risk table revisions decided."""
        self._ctcl_step("approved", "_check_can_dispatch")
        self.action_create_requests()
        self._ctcl_advance(
            {
                "state": "dispatched",
                "dispatched_by_id": self.env.uid,
                "dispatched_date": self._ctcl_agency_today(),
            }
        )
        for rec in self:
            heads = rec._ctcl_unit_heads()
            rec._ctcl_subscribe(heads.partner_id)
            rec.message_post(
                body=self.env._(
                    "The outputs of the management review %(record)s are sent to "
                    "every unit for implementation.",
                    record=rec.display_name,
                ),
                partner_ids=heads.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_create_requests(self):
        """One BM.CTCL.01 request per decision that needs one, one risk table
        revision per decision that asks for it; running it again adds none."""
        if not self:
            return self.env["ctcl.action.request"]
        # The step locks the reviews: concurrent runs wait for each other.
        self._ctcl_step(FINAL_STATES, "_check_can_dispatch")
        self.decision_ids.invalidate_recordset(
            ["request_id", "risk_register_id", "needs_request"]
        )
        created = self.env["ctcl.action.request"]
        for decision in self.decision_ids:
            if decision.needs_request and not decision.request_id:
                created |= decision._ctcl_create_request()
            if decision.risk_update and not decision.risk_register_id:
                decision._ctcl_open_risk_revision()
        return created

    def _ctcl_check_printable(self, form, printout):
        """A printout of one form of review is refused for the other (QT.CTCL
        5.8.1: the minutes; 5.8.2: the operating report and the notice)."""
        for rec in self:
            if rec.review_form != form:
                forms = dict(
                    rec._fields["review_form"]._description_selection(self.env)
                )
                raise UserError(
                    self.env._(
                        "%(printout)s belongs to the reviews of the form "
                        "“%(form)s”: it cannot be printed for %(record)s.",
                        printout=printout,
                        form=forms[form],
                        record=rec.display_name,
                    )
                )

    def action_view_requests(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Output requests"),
            "res_model": "ctcl.action.request",
            "view_mode": "list,form",
            "domain": [("management_review_id", "=", self.id)],
            "context": {"create": False},
        }

    def _ctcl_unit_heads(self):
        self.ensure_one()
        departments = (
            self.env["hr.department"]
            .sudo()
            .search([("company_id", "in", (False, self.company_id.id))])
        )
        heads = self.env["res.users"]
        for department in departments:
            heads |= department._ctcl_head_user()
        return heads

    # ------------------------------------------------------------------
    # Followers and activities
    # ------------------------------------------------------------------
    def _ctcl_commenters(self):
        self.ensure_one()
        top = self._ctcl_role_users("group_ctcl_leadership", "ctcl_top_leader_id")
        members = self.env.ref("ctcl_quality.group_ctcl_iso_member").sudo().users
        members = members.filtered(
            lambda u: (
                u.active and not u._is_superuser() and self.company_id in u.company_ids
            )
        )
        return (top | members).sudo(False)

    def _ctcl_participants(self):
        return (
            self.chair_id
            | self.secretary_id
            | self.attendee_ids.user_id
            | self.report_approved_by_id
            | self.approved_by_id
        )

    def _ctcl_activity_plan(self):
        self.ensure_one()
        prefix = "ctcl_quality.mail_act_ctcl_review_"
        secretary = self.secretary_id or self._ctcl_role_users(
            "group_ctcl_iso_secretary", "ctcl_iso_secretary_id"
        )
        leader = self._ctcl_role_users("group_ctcl_iso_leader", "ctcl_iso_leader_id")
        top = self._ctcl_role_users("group_ctcl_leadership", "ctcl_top_leader_id")
        if self.state == "draft":
            step = "minutes" if self.review_form == "meeting" else "report"
            return {prefix + step: (secretary, None)}
        if self.state == "recorded":
            return {prefix + "approve": (self.chair_id, None)}
        if self.state == "report_review":
            return {prefix + "report_approve": (leader, None)}
        if self.state == "comments":
            waiting = self._ctcl_commenters() - self.comment_ids.author_id
            return {
                prefix + "comment": (waiting, None),
                prefix + "notice": (secretary, None),
            }
        if self.state == "notice":
            return {prefix + "notice_submit": (leader, None)}
        if self.state == "notice_submitted":
            return {prefix + "notice_approve": (top, None)}
        if self.state == "approved":
            return {prefix + "dispatch": (secretary, None)}
        return {}

    def _ctcl_kept_activity_types(self):
        # The yearly reminder stays until a review is approved.
        if self.state in FINAL_STATES:
            return set()
        return {"ctcl_quality.mail_act_ctcl_review_annual"}

    @api.model
    def action_open_dashboard(self):
        """Open the reviews; warn when this year's review is still missing."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ctcl_quality.ctcl_management_review_action"
        )
        warning = self.env["ctcl.management.review.annual"]._ctcl_warning(
            self.env.company
        )
        if not warning:
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Annual management review"),
                "message": warning,
                "type": "warning",
                "sticky": True,
                "next": action,
            },
        }
