from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .ctcl_workflow_mixin import ctcl_text_argument

BOX1_FIELDS = frozenset(
    {
        "request_type",
        "requesting_department_id",
        "requester_id",
        "request_date",
        "description",
        "related_documents",
        "source_id",
        "risk_id",
        "company_id",
    }
)
NEED_FIELDS = frozenset({"need_criterion_ids", "need_note"})
# 5.3: the ISO secretary proposes the unit and person when consolidating, the
# ISO board leader assigns them, and may re-assign them at approval (5.4).
DIRECTION_FIELDS = frozenset({"implementing_department_id", "assignee_id"})
# The direction of the ISO board is the leader's own words (5.3).
INSTRUCTION_FIELDS = frozenset({"board_instruction"})
ANALYSIS_FIELDS = frozenset({"cause", "measures"})
APPROVAL_FIELDS = frozenset({"implementer_ids", "date_deadline"})
RESULT_FIELDS = frozenset({"result_summary"})
# The need is assessed in "assessment", or straight from the draft when the
# head of the requesting unit opens the request himself (QT.CTCL 5.2.2).
ASSESS_STATES = ("draft", "assessment")


class CtclActionRequest(models.Model):
    _name = "ctcl.action.request"
    _description = "Corrective/improvement action request (BM.CTCL.01)"
    # The workflow mixin first: it wraps mail.thread, whose tracking and
    # creation log then see the context the mixin has cleaned.
    _inherit = [
        "ctcl.workflow.mixin",
        "mail.thread.main.attachment",
        "mail.activity.mixin",
    ]
    _order = "request_date desc, id desc"
    _rec_names_search = ["name", "description"]
    _check_company_auto = True

    _ctcl_activity_fields = frozenset(
        {
            "requesting_department_id",
            "assignee_id",
            "implementer_ids",
            "date_deadline",
            "verification_delegate_id",
        }
    )
    _ctcl_closed_states = ("done", "rejected")
    _ctcl_buttons = {
        "can_submit": ("draft", "_check_can_submit"),
        "can_assess": (ASSESS_STATES, "_check_can_assess_now"),
        "can_consolidate": ("iso_review", "_check_can_consolidate"),
        "can_direct": ("board_review", "_check_can_direct"),
        "can_propose": ("analysis", "_check_can_propose"),
        "can_approve": ("approval", "_check_can_approve"),
        "can_implement": ("implementation", "_check_can_implement"),
    }
    _ctcl_button_depends = (
        "requester_id",
        "requesting_department_id",
        "assignee_id",
        "implementer_ids",
    )
    _ctcl_activity_types = (
        "ctcl_quality.mail_act_ctcl_request_assessment",
        "ctcl_quality.mail_act_ctcl_request_iso_review",
        "ctcl_quality.mail_act_ctcl_request_direction",
        "ctcl_quality.mail_act_ctcl_request_analysis",
        "ctcl_quality.mail_act_ctcl_request_approval",
        "ctcl_quality.mail_act_ctcl_request_implementation",
        "ctcl_quality.mail_act_ctcl_request_progress",
        "ctcl_quality.mail_act_ctcl_request_overdue",
        "ctcl_quality.mail_act_ctcl_request_verification",
        "ctcl_quality.mail_act_ctcl_request_closing",
    )
    # What the sign-offs cover: the three boxes of BM.CTCL.01 and who signed.
    _ctcl_signed_fields = (
        *sorted(
            BOX1_FIELDS
            | NEED_FIELDS
            | DIRECTION_FIELDS
            | INSTRUCTION_FIELDS
            | ANALYSIS_FIELDS
        ),
        *sorted(APPROVAL_FIELDS | RESULT_FIELDS),
        "name",
        "assessed_by_id",
        "assessed_date",
        "reject_reason",
        "consolidated_by_id",
        "approved_by_id",
        "approved_date",
        "implementing_head_id",
        "done_reported_date",
        "verification_delegate_id",
        "verification_result",
        "verification_remarks",
        "verification_date",
        "verifier_id",
        "verified_by_delegate",
        "verification_evidence",
        "closed_by_id",
        "origin_verification_result",
        "origin_verification_remarks",
    )
    _ctcl_signatures = {
        ("draft", "assessment"): ("submit_request", ()),
        "iso_review": ("assess_need", ("unit_head", "leadership")),
        "rejected": ("reject_need", ("unit_head", "leadership")),
        "board_review": ("consolidate", ("iso_secretary",)),
        ("board_review", "analysis"): ("assign", ("iso_leader",)),
        "approval": ("propose_measures", ()),
        ("approval", "analysis"): ("send_back", ("iso_leader",)),
        "implementation": ("approve_measures", ("iso_leader",)),
        "verification": ("report_done", ()),
        "to_close": ("verify_result", ("leadership",)),
        "done": ("close", ("iso_secretary", "iso_member")),
    }

    name = fields.Char(
        string="Request number", required=True, readonly=True, copy=False, default="/"
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("assessment", "Need assessment"),
            ("iso_review", "ISO secretary review"),
            ("board_review", "ISO board review"),
            ("analysis", "Cause analysis"),
            ("approval", "Measures approval"),
            ("implementation", "Implementation"),
            ("verification", "Verification"),
            ("to_close", "To close"),
            ("done", "Closed"),
            ("rejected", "Not needed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
        group_expand="_ctcl_expand_states",
    )

    # Box 1 — description of the nonconformity or improvement sought
    request_type = fields.Selection(
        [
            ("corrective", "Corrective action"),
            ("improvement", "Preventive/improvement action"),
        ],
        string="Type",
        required=True,
        default="corrective",
        tracking=True,
        help="Corrective action: action to eliminate the cause of a "
        "nonconformity and to prevent its recurrence. Improvement: carrying out "
        "proposals and recommendations that raise the effectiveness of the "
        "quality management system (QT.CTCL IV).",
    )
    requesting_department_id = fields.Many2one(
        "hr.department",
        string="Requesting unit",
        required=True,
        ondelete="restrict",
        tracking=True,
        index=True,
        check_company=True,
        default=lambda self: self.env.user.employee_ids[:1].department_id,
    )
    requester_id = fields.Many2one(
        "res.users",
        required=True,
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
        help="The ISO secretary who filed this request in the requester's name.",
    )
    request_date = fields.Date(
        required=True,
        default=lambda self: self.env.company._ctcl_today(),
        tracking=True,
    )
    description = fields.Text(
        string="Description of the nonconformity",
        required=True,
        help="The requirement not met and what happened, or the improvement sought.",
    )
    related_documents = fields.Char()
    source_id = fields.Many2one(
        "ctcl.source",
        required=True,
        ondelete="restrict",
        tracking=True,
    )
    risk_id = fields.Many2one(
        "ctcl.risk",
        string="Risk / opportunity",
        ondelete="restrict",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        help="The risk or opportunity of a risk analysis table this request "
        "treats or revealed.",
    )
    origin_request_id = fields.Many2one(
        "ctcl.action.request",
        string="Follow-up of",
        readonly=True,
        copy=False,
        ondelete="restrict",
        index="btree_not_null",
        help="The request whose verification failed and led to this one.",
    )
    management_review_id = fields.Many2one(
        "ctcl.management.review",
        string="Management review",
        readonly=True,
        copy=False,
        ondelete="restrict",
        index="btree_not_null",
        help="The management review whose decision led to this request (QT.CTCL 5.8).",
    )
    nonconformity_ids = fields.Many2many(
        "ctcl.nonconformity",
        "ctcl_action_request_nonconformity_rel",
        "request_id",
        "nonconformity_id",
        string="Nonconformities",
        readonly=True,
        copy=False,
        help="The nonconformity records this request was opened from.",
    )
    followup_ids = fields.One2many(
        "ctcl.action.request", "origin_request_id", string="Follow-up requests"
    )
    quality_objective_id = fields.Many2one(
        "ctcl.quality.objective",
        string="Quality objective",
        readonly=True,
        copy=False,
        ondelete="restrict",
        index="btree_not_null",
        help="The quality objective whose monitoring led to this request.",
    )
    submitted_date = fields.Date(readonly=True, copy=False)

    # Need assessment by the unit head (5.2.2)
    need_criterion_ids = fields.Many2many(
        "ctcl.need.criterion", string="Need criteria", copy=False
    )
    need_note = fields.Text(string="Assessment note", copy=False)
    assessed_by_id = fields.Many2one(
        "res.users",
        string="Assessed by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    assessed_date = fields.Date(readonly=True, copy=False)
    reject_reason = fields.Text(string="Reason not needed", readonly=True, copy=False)

    # ISO board direction (5.3)
    consolidated_by_id = fields.Many2one(
        "res.users",
        string="Consolidated by",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The ISO secretary who consolidated the request for the ISO board; "
        "from then on the ISO board follows it.",
    )
    board_instruction = fields.Text(string="ISO board direction", copy=False)
    implementing_department_id = fields.Many2one(
        "hr.department",
        string="Implementing unit",
        ondelete="restrict",
        tracking=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    assignee_id = fields.Many2one(
        "res.users",
        string="Assigned to",
        ondelete="restrict",
        tracking=True,
        copy=False,
        help="Analyses the cause, proposes measures and reports progress.",
    )

    # Box 2 — cause and measures (5.4, 5.5)
    cause = fields.Text(copy=False)
    measures = fields.Text(string="Proposed measures", copy=False)
    implementer_ids = fields.Many2many(
        "res.users",
        "ctcl_action_request_implementer_rel",
        "request_id",
        "user_id",
        string="Implementers",
        copy=False,
        tracking=True,
    )
    date_deadline = fields.Date(string="Completion date", copy=False, tracking=True)
    implementing_head_id = fields.Many2one(
        "res.users",
        string="Head of implementing unit",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    approved_by_id = fields.Many2one(
        "res.users",
        string="Approved by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    approved_date = fields.Date(readonly=True, copy=False)
    change_ids = fields.One2many(
        "ctcl.action.change", "request_id", string="Changes during implementation"
    )
    progress_ids = fields.One2many(
        "ctcl.action.progress", "request_id", string="Progress reports"
    )
    last_progress_date = fields.Date(compute="_compute_progress_dates", store=True)
    progress_due_date = fields.Date(
        string="Next progress report",
        compute="_compute_progress_dates",
        store=True,
        help="Actions that run long report their progress to the ISO board at "
        "the interval set in the settings, monthly by default (QT.CTCL 5.5).",
    )
    result_summary = fields.Text(string="Implementation result", copy=False)
    done_reported_date = fields.Date(readonly=True, copy=False)

    # Follow-up bookkeeping for the scheduled action: each flag resets when the
    # date it is about changes, so a reminder is sent once per date.
    overdue_reminded = fields.Boolean(
        compute="_compute_overdue_reminded", store=True, copy=False
    )
    progress_reminded = fields.Boolean(
        compute="_compute_progress_reminded", store=True, copy=False
    )
    verification_reminded = fields.Boolean(
        compute="_compute_overdue_reminded", store=True, copy=False
    )

    is_overdue = fields.Boolean(compute="_compute_is_overdue")
    can_submit = fields.Boolean(compute="_compute_can")
    can_assess = fields.Boolean(compute="_compute_can")
    can_consolidate = fields.Boolean(compute="_compute_can")
    can_direct = fields.Boolean(compute="_compute_can")
    can_propose = fields.Boolean(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can")
    can_implement = fields.Boolean(compute="_compute_can")
    can_edit_box1 = fields.Boolean(compute="_compute_can_edit")
    can_edit_need = fields.Boolean(compute="_compute_can_edit")
    can_edit_direction = fields.Boolean(compute="_compute_can_edit")
    can_edit_instruction = fields.Boolean(compute="_compute_can_edit")
    can_edit_analysis = fields.Boolean(compute="_compute_can_edit")
    can_edit_approval = fields.Boolean(compute="_compute_can_edit")
    can_edit_result = fields.Boolean(compute="_compute_can_edit")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "The request number must be unique.",
        )
    ]

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends(
        "state",
        "approved_date",
        "date_deadline",
        "progress_ids.date",
        "company_id.ctcl_progress_interval_days",
    )
    def _compute_progress_dates(self):
        for rec in self:
            rec.last_progress_date = max(rec.progress_ids.mapped("date"), default=False)
            start = rec.last_progress_date or rec.approved_date
            interval = rec.company_id.ctcl_progress_interval_days
            due = start and interval and fields.Date.add(start, days=interval)
            # Only an action still running at that date owes a progress report.
            rec.progress_due_date = (
                due
                if rec.state == "implementation"
                and rec.date_deadline
                and due
                and due < rec.date_deadline
                else False
            )

    @api.depends("date_deadline")
    def _compute_overdue_reminded(self):
        self.overdue_reminded = False
        self.verification_reminded = False

    @api.depends("progress_due_date")
    def _compute_progress_reminded(self):
        self.progress_reminded = False

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = self._ctcl_agency_today()
        for rec in self:
            rec.is_overdue = (
                rec.state == "implementation"
                and bool(rec.date_deadline)
                and rec.date_deadline < today
            )

    @api.constrains("date_deadline", "request_date")
    def _check_date_deadline(self):
        for rec in self:
            if rec.date_deadline and rec.date_deadline < rec.request_date:
                raise ValidationError(
                    self.env._(
                        "The completion date of %(record)s cannot be before its "
                        "request date.",
                        record=rec.display_name,
                    )
                )

    @api.constrains("description")
    def _check_description(self):
        for rec in self:
            if not (rec.description or "").strip():
                raise ValidationError(
                    self.env._("Describe the nonconformity or the improvement sought.")
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # The head who opens a request may assess it in the same form: the
        # assessment is written once the draft exists, under its checks.
        assessments = []
        for vals in vals_list:
            assessments.append(
                {}
                if self._ctcl_in_transition()
                else {f: vals.pop(f) for f in NEED_FIELDS & set(vals)}
            )
            if not self._ctcl_in_transition():
                vals["filed_by_id"] = self._ctcl_filer(vals, "requester_id")
                self._ctcl_check_own_unit(vals, "requesting_department_id")
            # Numbers come from the yearly sequence, never from the caller.
            if vals.get("name", "/") == "/" or not self._ctcl_in_transition():
                date = vals.get("request_date") or self._ctcl_agency_today()
                vals["name"] = (
                    self.env["ir.sequence"]
                    .sudo()
                    .next_by_code("ctcl.action.request", sequence_date=date)
                )
        records = super().create(vals_list)
        records._ctcl_subscribe_participants()
        for rec, need in zip(records, assessments, strict=True):
            if need:
                rec.write(need)
        return records

    def write(self, vals):
        filer = None
        if "requester_id" in vals and not self._ctcl_in_transition():
            filer = self._ctcl_filer(vals, "requester_id")
        # A draft is filed for its unit; the head assessing it may pass it on.
        if (
            "requesting_department_id" in vals
            and not self._ctcl_in_transition()
            and any(rec.state == "draft" for rec in self)
        ):
            self._ctcl_check_own_unit(vals, "requesting_department_id")
        result = super().write(vals)
        if filer is not None:
            self.filtered(lambda r: r.filed_by_id.id != filer)._ctcl_transition_write(
                {"filed_by_id": filer}
            )
        return result

    @api.model
    def _ctcl_create_linked(self, vals, links):
        """Open a BM.CTCL.01 request from another record (a nonconformity, a
        review decision, a quality objective, a verification not achieved):
        ``vals`` fill box 1 as its requester would, through the checks of any
        create; ``links``, where it comes from, are the workflow's to write."""
        request = self.create(vals)
        request._ctcl_transition_write(links)
        return request

    def _ctcl_check_create_fields(self, fnames):
        # create() has just numbered the request and recorded who filed it.
        result = super()._ctcl_check_create_fields(fnames - {"name", "filed_by_id"})
        # The head assesses a draft of his unit once it exists (5.2.1).
        forbidden = fnames & NEED_FIELDS
        if forbidden:
            raise UserError(
                self.env._(
                    "%(fields)s are filled in later steps of the request.",
                    fields=self._ctcl_field_labels(forbidden),
                )
            )
        return result

    def _ctcl_field_rules(self):
        return {
            "can_edit_box1": (
                BOX1_FIELDS,
                {"draft": "_check_can_edit_draft", "assessment": "_check_can_assess"},
            ),
            "can_edit_need": (
                NEED_FIELDS,
                {"draft": "_check_can_assess_draft", "assessment": "_check_can_assess"},
            ),
            "can_edit_direction": (
                DIRECTION_FIELDS,
                {
                    "iso_review": "_check_can_consolidate",
                    "board_review": "_check_can_direct",
                    "approval": "_check_can_approve",
                },
            ),
            "can_edit_instruction": (
                INSTRUCTION_FIELDS,
                {"board_review": "_check_can_direct"},
            ),
            "can_edit_analysis": (
                ANALYSIS_FIELDS,
                {"analysis": "_check_can_propose", "approval": "_check_can_approve"},
            ),
            "can_edit_approval": (APPROVAL_FIELDS, {"approval": "_check_can_approve"}),
            "can_edit_result": (
                RESULT_FIELDS,
                {"implementation": "_check_can_implement"},
            ),
        }

    def _ctcl_is_deletable_draft(self):
        user = self.env.user
        return self.state == "draft" and (
            user in (self.requester_id | self.create_uid)
            or self._ctcl_has_role("group_ctcl_manager")
        )

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            if self.state in self._ctcl_closed_states:
                return self.env.ref("ctcl_quality.mt_ctcl_request_closed")
            return self.env.ref("ctcl_quality.mt_ctcl_request_state")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Who may do what (the server-side checks behind every button)
    # ------------------------------------------------------------------
    def _check_can_edit_draft(self):
        user = self.env.user
        if user in (self.requester_id | self.create_uid) or self._ctcl_has_role(
            "group_ctcl_iso_secretary"
        ):
            return
        if user._ctcl_heads(self.requesting_department_id):
            return
        self._ctcl_deny(
            self.env._(
                "Only the requester, the head of the requesting unit or the ISO "
                "secretary can change or submit the draft %(record)s.",
                record=self.display_name,
            )
        )

    def _check_can_submit(self):
        """Who sends the draft to the head of the unit: not the head himself,
        who assesses his own request at once."""
        self._check_can_edit_draft()
        if self._ctcl_passes("_check_can_assess_draft"):
            raise UserError(
                self.env._(
                    "You head the requesting unit of %(record)s: assess the need "
                    "for action yourself (“Action needed” or “Not needed”).",
                    record=self.display_name,
                )
            )

    def _check_can_assess_draft(self):
        """QT.CTCL 5.2.1-5.2.2: a unit head who opens a request for his unit
        is the person who assesses it; nobody else assesses a draft."""
        if self.env.user == self.requester_id and self._ctcl_passes(
            "_check_can_assess"
        ):
            return
        raise UserError(
            self.env._(
                "The need for action on %(record)s is assessed once it has been "
                "submitted to the head of the unit.",
                record=self.display_name,
            )
        )

    def _check_can_assess_now(self):
        if self.state == "draft":
            self._check_can_assess_draft()
        else:
            self._check_can_assess()

    def _check_can_assess(self):
        if self.origin_request_id:
            if self._ctcl_has_role("group_ctcl_leadership"):
                return
            self._ctcl_deny(
                self.env._(
                    "The follow-up request %(record)s is assessed by the agency "
                    "leadership.",
                    record=self.display_name,
                )
            )
        if not self.env.user._ctcl_heads(self.requesting_department_id):
            self._ctcl_deny(
                self.env._(
                    "Only the head of %(unit)s can assess the need for action on "
                    "%(record)s.",
                    unit=self.requesting_department_id.display_name,
                    record=self.display_name,
                )
            )

    def _check_can_consolidate(self):
        if not self._ctcl_has_role("group_ctcl_iso_secretary"):
            self._ctcl_deny(
                self.env._(
                    "Only the ISO secretary can consolidate requests for the ISO board."
                )
            )

    def _check_can_direct(self):
        if not self._ctcl_has_role("group_ctcl_iso_leader"):
            self._ctcl_deny(
                self.env._("Only the ISO board leader can assign and approve actions.")
            )

    _check_can_approve = _check_can_direct

    def _check_can_propose(self):
        user = self.env.user
        if user == self.assignee_id or user._ctcl_heads(
            self.implementing_department_id
        ):
            return
        self._ctcl_deny(
            self.env._(
                "Only %(user)s or the head of the implementing unit can analyse the "
                "cause and propose measures for %(record)s.",
                user=self.assignee_id.name or "-",
                record=self.display_name,
            )
        )

    def _check_can_implement(self):
        user = self.env.user
        if user in (self.assignee_id | self.implementer_ids) or user._ctcl_heads(
            self.implementing_department_id
        ):
            return
        self._ctcl_deny(
            self.env._(
                "Only the implementers of %(record)s can report on it.",
                record=self.display_name,
            )
        )

    # ------------------------------------------------------------------
    # Workflow actions
    # ------------------------------------------------------------------
    def _ctcl_submit_vals(self):
        return {
            "state": "assessment",
            "submitted_date": self._ctcl_agency_today(),
        }

    def action_submit(self):
        """5.2.1 — the requester sends box 1 to the head of the unit."""
        self._ctcl_step("draft", "_check_can_submit")
        return self._ctcl_advance(self._ctcl_submit_vals())

    def _ctcl_assess(self, vals):
        """5.2.2 — record the head's assessment. His own draft is submitted
        and assessed in one go: both steps are signed, by him, and the next
        step goes straight to its owner."""
        vals = {
            **vals,
            "assessed_by_id": self.env.uid,
            "assessed_date": self._ctcl_agency_today(),
        }
        drafts = self.filtered(lambda r: r.state == "draft")
        if drafts:
            drafts._ctcl_advance_through(drafts._ctcl_submit_vals(), vals)
        if self - drafts:
            (self - drafts)._ctcl_advance(vals)
        return True

    def action_forward(self):
        """5.2.2 — the unit head finds action needed: on to the ISO secretary."""
        self._ctcl_step(ASSESS_STATES, "_check_can_assess_now", ["need_criterion_ids"])
        return self._ctcl_assess({"state": "iso_review"})

    def _ctcl_check_rejectable(self):
        """5.8: a request opened from a management review decision carries the
        review's finding that the action is needed; the head forwards it. (A
        follow-up goes to the agency leadership for its opinion, 5.7.)"""
        for rec in self:
            if rec.management_review_id and not rec.origin_request_id:
                raise UserError(
                    self.env._(
                        "%(record)s was opened from a decision of the management "
                        "review %(review)s, which found the action needed: "
                        "forward it to the ISO secretary (“Action needed”).",
                        record=rec.display_name,
                        review=rec.management_review_id.display_name,
                    )
                )

    def action_reject_need(self, reason):
        """5.2.2 — no action needed: closed, with the reason."""
        self._ctcl_step(ASSESS_STATES, "_check_can_assess_now")
        self._ctcl_check_rejectable()
        if not ctcl_text_argument(self.env, reason).strip():
            raise UserError(self.env._("Give the reason why no action is needed."))
        return self._ctcl_assess({"state": "rejected", "reject_reason": reason})

    def action_submit_to_board(self):
        """5.3 — the ISO secretary consolidates requests for the ISO board leader."""
        self._ctcl_step("iso_review", "_check_can_consolidate")
        return self._ctcl_advance(
            {"state": "board_review", "consolidated_by_id": self.env.uid}
        )

    def action_consolidate_for_board(self):
        """5.3 “tổng hợp và trình” from the list: the ISO secretary submits
        the selected requests to the ISO board leader at once, all or none."""
        self._check_can_consolidate()
        if not self:
            raise UserError(self.env._("Select the requests to consolidate."))
        pending = self.filtered(lambda r: r.state != "iso_review")
        if pending:
            raise UserError(
                self.env._(
                    "Only requests in “%(state)s” can be consolidated for the ISO "
                    "board; nothing was consolidated. Unselect: %(records)s.",
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        "iso_review"
                    ],
                    records=", ".join(
                        f"{rec.display_name} (“{rec._ctcl_state_label()}”)"
                        for rec in pending
                    ),
                )
            )
        self.action_submit_to_board()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s requests submitted to the ISO board leader.",
                    count=len(self),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_assign(self):
        """5.3 — the ISO board leader assigns the implementing unit and person."""
        self._ctcl_step(
            "board_review",
            "_check_can_direct",
            ["implementing_department_id", "assignee_id"],
        )
        return self._ctcl_advance({"state": "analysis"})

    def action_propose(self):
        """5.4 — the assignee reports the cause and the proposed measures."""
        self._ctcl_step("analysis", "_check_can_propose", ["cause", "measures"])
        return self._ctcl_advance({"state": "approval"})

    def action_approve(self):
        """5.4 — the ISO board leader approves measures, implementers and deadline."""
        self._ctcl_step(
            "approval",
            "_check_can_approve",
            ["cause", "measures", "implementer_ids", "date_deadline"],
        )
        today = self._ctcl_agency_today()
        for rec in self:
            rec._ctcl_advance(
                {
                    "state": "implementation",
                    "approved_by_id": self.env.uid,
                    "approved_date": today,
                    "implementing_head_id": (
                        rec.implementing_department_id._ctcl_head_user().id
                    ),
                }
            )
        return True

    def action_send_back(self, reason):
        """5.4 — the ISO board leader sends the proposal back for more analysis."""
        self._ctcl_step("approval", "_check_can_approve")
        if not ctcl_text_argument(self.env, reason).strip():
            raise UserError(self.env._("Say what must be reworked in the proposal."))
        self._ctcl_advance({"state": "analysis"})
        for rec in self:
            rec.message_post(
                body=self.env._("Proposal sent back: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_comment",
                partner_ids=rec.assignee_id.partner_id.ids,
            )
        return True

    def action_report_done(self):
        """5.5 — the implementers report the result to the agency leadership."""
        self._ctcl_step("implementation", "_check_can_implement", ["result_summary"])
        return self._ctcl_advance(
            {
                "state": "verification",
                "done_reported_date": self._ctcl_agency_today(),
            }
        )

    # ------------------------------------------------------------------
    # Wizards and related records
    # ------------------------------------------------------------------
    def _ctcl_open_wizard(self, model, title, context):
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def action_open_reject_wizard(self):
        self._ctcl_step(ASSESS_STATES, "_check_can_assess_now")
        self._ctcl_check_rejectable()
        return self._ctcl_open_wizard(
            "ctcl.action.reason.wizard",
            self.env._("No action needed"),
            {"default_request_ids": self.ids, "default_mode": "reject_need"},
        )

    def action_open_send_back_wizard(self):
        self._ctcl_step("approval", "_check_can_approve")
        return self._ctcl_open_wizard(
            "ctcl.action.reason.wizard",
            self.env._("Send back for analysis"),
            {"default_request_ids": self.ids, "default_mode": "send_back"},
        )

    def action_open_progress_form(self):
        self.ensure_one()
        self._ctcl_step("implementation", "_check_can_implement")
        return self._ctcl_open_wizard(
            "ctcl.action.progress",
            self.env._("Progress report"),
            {"default_request_id": self.id},
        )

    def action_open_change_form(self):
        self.ensure_one()
        self._ctcl_step("implementation", "_check_can_implement")
        return self._ctcl_open_wizard(
            "ctcl.action.change",
            self.env._("Change during implementation"),
            {"default_request_id": self.id},
        )

    # ------------------------------------------------------------------
    # Followers and activities
    # ------------------------------------------------------------------
    def _ctcl_participants(self):
        self.ensure_one()
        return (
            self.requester_id
            | self.assessed_by_id
            | self.assignee_id
            | self.implementer_ids
            | self.implementing_head_id
            | self.approved_by_id
            | self.verification_delegate_id
            | self.verifier_id
            | self._ctcl_iso_board_followers()
        )

    def _ctcl_iso_board_followers(self):
        """From its consolidation on, the ISO secretary and the ISO board leader
        follow the request: its monthly progress reports reach them (QT.CTCL
        5.3, 5.5)."""
        if self.state in ("draft", "assessment", "iso_review", "rejected"):
            return self.env["res.users"]
        return (
            self.consolidated_by_id
            | self._ctcl_role_users("group_ctcl_iso_secretary", "ctcl_iso_secretary_id")
            | self._ctcl_role_users("group_ctcl_iso_leader", "ctcl_iso_leader_id")
        )

    def _ctcl_activity_plan(self):
        self.ensure_one()
        prefix = "ctcl_quality.mail_act_ctcl_request_"
        users = self.env["res.users"]
        if self.state == "assessment":
            if self.origin_request_id:
                users = self._ctcl_role_users(
                    "group_ctcl_leadership", "ctcl_top_leader_id"
                )
            else:
                users = self.requesting_department_id._ctcl_head_user()
            return {prefix + "assessment": (users, None)}
        if self.state == "iso_review":
            users = self._ctcl_role_users(
                "group_ctcl_iso_secretary", "ctcl_iso_secretary_id"
            )
            return {prefix + "iso_review": (users, None)}
        if self.state in ("board_review", "approval"):
            users = self._ctcl_role_users("group_ctcl_iso_leader", "ctcl_iso_leader_id")
            step = "direction" if self.state == "board_review" else "approval"
            return {prefix + step: (users, None)}
        if self.state == "analysis":
            return {prefix + "analysis": (self.assignee_id, None)}
        if self.state == "implementation":
            plan = {
                prefix + "implementation": (
                    self.implementer_ids | self.assignee_id,
                    self.date_deadline,
                )
            }
            # 5.6: at the completion date the verification is due, reported
            # done or not.
            if self._ctcl_verification_due():
                plan[prefix + "verification"] = (
                    self._ctcl_verifiers(),
                    self.date_deadline,
                )
            return plan
        if self.state == "verification":
            today = self._ctcl_agency_today()
            return {
                prefix + "verification": (
                    self._ctcl_verifiers(),
                    max(self.date_deadline or today, today),
                )
            }
        if self.state == "to_close":
            users = self._ctcl_role_users(
                "group_ctcl_iso_secretary", "ctcl_iso_secretary_id"
            )
            return {prefix + "closing": (users, None)}
        return {}

    def _ctcl_kept_activity_types(self):
        kept = set()
        if self.state == "implementation":
            kept.add("ctcl_quality.mail_act_ctcl_request_progress")
            if self.is_overdue:
                kept.add("ctcl_quality.mail_act_ctcl_request_overdue")
        return kept
