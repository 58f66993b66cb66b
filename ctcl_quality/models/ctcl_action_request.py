from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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
DIRECTION_FIELDS = frozenset(
    {"implementing_department_id", "assignee_id", "board_instruction"}
)
ANALYSIS_FIELDS = frozenset({"cause", "measures"})
APPROVAL_FIELDS = frozenset({"implementer_ids", "date_deadline"})
RESULT_FIELDS = frozenset({"result_summary"})


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
        {"requesting_department_id", "assignee_id", "implementer_ids", "date_deadline"}
    )
    _ctcl_closed_states = ("done", "rejected")
    _ctcl_activity_types = (
        "ctcl_quality.mail_act_ctcl_assessment",
        "ctcl_quality.mail_act_ctcl_iso_review",
        "ctcl_quality.mail_act_ctcl_direction",
        "ctcl_quality.mail_act_ctcl_analysis",
        "ctcl_quality.mail_act_ctcl_approval",
        "ctcl_quality.mail_act_ctcl_implementation",
        "ctcl_quality.mail_act_ctcl_progress",
        "ctcl_quality.mail_act_ctcl_overdue",
        "ctcl_quality.mail_act_ctcl_verification",
        "ctcl_quality.mail_act_ctcl_closing",
    )
    # What the sign-offs cover: the three boxes of BM.CTCL.01 and who signed.
    _ctcl_signed_fields = (
        *sorted(BOX1_FIELDS | NEED_FIELDS | DIRECTION_FIELDS | ANALYSIS_FIELDS),
        *sorted(APPROVAL_FIELDS | RESULT_FIELDS),
        "name",
        "assessed_by_id",
        "assessed_date",
        "reject_reason",
        "approved_by_id",
        "approved_date",
        "implementing_head_id",
        "done_reported_date",
        "verification_result",
        "verification_evidence",
        "verification_date",
        "verifier_id",
        "closed_by_id",
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
        required=True, default=fields.Date.context_today, tracking=True
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

    # Box 3 — verification (5.6, 5.7)
    verification_result = fields.Selection(
        [
            ("achieved", "Achieved"),
            ("not_achieved", "Not achieved"),
            ("new_measure", "New corrective/preventive measure"),
        ],
        readonly=True,
        copy=False,
        tracking=True,
    )
    verification_evidence = fields.Text(
        string="Evidence of the result", readonly=True, copy=False
    )
    verification_date = fields.Date(readonly=True, copy=False)
    verifier_id = fields.Many2one(
        "res.users",
        string="Verified by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    closed_by_id = fields.Many2one(
        "res.users", string="Closed by", readonly=True, copy=False, ondelete="restrict"
    )

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
    can_verify = fields.Boolean(compute="_compute_can")
    can_close = fields.Boolean(compute="_compute_can")

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
        today = fields.Date.context_today(self)
        for rec in self:
            rec.is_overdue = (
                rec.state == "implementation"
                and bool(rec.date_deadline)
                and rec.date_deadline < today
            )

    @api.depends_context("uid")
    @api.depends("state", "requester_id", "assignee_id", "implementer_ids")
    def _compute_can(self):
        checks = {
            "can_submit": ("draft", "_check_can_edit_draft"),
            "can_assess": ("assessment", "_check_can_assess"),
            "can_consolidate": ("iso_review", "_check_can_consolidate"),
            "can_direct": ("board_review", "_check_can_direct"),
            "can_propose": ("analysis", "_check_can_propose"),
            "can_approve": ("approval", "_check_can_approve"),
            "can_implement": ("implementation", "_check_can_implement"),
            "can_verify": ("verification", "_check_can_verify"),
            "can_close": ("to_close", "_check_can_close"),
        }
        for rec in self:
            for fname, (state, checker) in checks.items():
                rec[fname] = rec.state == state and rec._ctcl_passes(checker)

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

    @api.constrains("verification_date", "request_date")
    def _check_verification_date(self):
        for rec in self:
            if rec.verification_date and rec.verification_date < rec.request_date:
                raise ValidationError(
                    self.env._(
                        "The verification of %(record)s cannot be dated before its "
                        "request date %(date)s.",
                        record=rec.display_name,
                        date=rec.request_date.strftime("%d/%m/%Y"),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self._ctcl_in_transition():
                vals["filed_by_id"] = self._ctcl_filer(vals, "requester_id")
            # Numbers come from the yearly sequence, never from the caller.
            if vals.get("name", "/") == "/" or not self._ctcl_in_transition():
                date = vals.get("request_date") or fields.Date.context_today(self)
                vals["name"] = (
                    self.env["ir.sequence"]
                    .sudo()
                    .next_by_code("ctcl.action.request", sequence_date=date)
                )
        records = super().create(vals_list)
        records._ctcl_subscribe_participants()
        return records

    def write(self, vals):
        filer = None
        if "requester_id" in vals and not self._ctcl_in_transition():
            filer = self._ctcl_filer(vals, "requester_id")
        result = super().write(vals)
        if filer is not None:
            self.filtered(lambda r: r.filed_by_id.id != filer)._ctcl_transition_write(
                {"filed_by_id": filer}
            )
        return result

    def _ctcl_check_create_fields(self, fnames):
        # create() has just numbered the request and recorded who filed it.
        result = super()._ctcl_check_create_fields(fnames - {"name", "filed_by_id"})
        forbidden = fnames & (
            NEED_FIELDS
            | DIRECTION_FIELDS
            | ANALYSIS_FIELDS
            | APPROVAL_FIELDS
            | RESULT_FIELDS
        )
        if forbidden:
            raise UserError(
                self.env._(
                    "%(fields)s are filled in later steps of the request.",
                    fields=self._ctcl_field_labels(forbidden),
                )
            )
        return result

    def _ctcl_field_rules(self):
        return [
            (
                BOX1_FIELDS,
                {"draft": "_check_can_edit_draft", "assessment": "_check_can_assess"},
            ),
            (NEED_FIELDS, {"assessment": "_check_can_assess"}),
            (
                DIRECTION_FIELDS,
                {
                    "iso_review": "_check_can_consolidate",
                    "board_review": "_check_can_direct",
                },
            ),
            (
                ANALYSIS_FIELDS,
                {"analysis": "_check_can_propose", "approval": "_check_can_approve"},
            ),
            (APPROVAL_FIELDS, {"approval": "_check_can_approve"}),
            (RESULT_FIELDS, {"implementation": "_check_can_implement"}),
        ]

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

    def _check_can_verify(self):
        if not self._ctcl_has_role("group_ctcl_leadership"):
            self._ctcl_deny(
                self.env._(
                    "Only the agency leadership can verify the result of an action."
                )
            )

    def _check_can_close(self):
        if not self._ctcl_has_role("group_ctcl_iso_secretary", "group_ctcl_iso_member"):
            self._ctcl_deny(self.env._("Only the ISO board can close a request."))

    # ------------------------------------------------------------------
    # Workflow actions
    # ------------------------------------------------------------------
    def action_submit(self):
        """5.2.1 — the requester sends box 1 to the head of the unit."""
        self._ctcl_step("draft", "_check_can_edit_draft")
        return self._ctcl_advance(
            {"state": "assessment", "submitted_date": fields.Date.context_today(self)}
        )

    def action_forward(self):
        """5.2.2 — the unit head finds action needed: on to the ISO secretary."""
        self._ctcl_step("assessment", "_check_can_assess", ["need_criterion_ids"])
        return self._ctcl_advance(
            {
                "state": "iso_review",
                "assessed_by_id": self.env.uid,
                "assessed_date": fields.Date.context_today(self),
            }
        )

    def action_reject_need(self, reason):
        """5.2.2 — no action needed: closed, with the reason."""
        self._ctcl_step("assessment", "_check_can_assess")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason why no action is needed."))
        self._ctcl_advance(
            {
                "state": "rejected",
                "reject_reason": reason,
                "assessed_by_id": self.env.uid,
                "assessed_date": fields.Date.context_today(self),
            }
        )
        return True

    def action_submit_to_board(self):
        """5.3 — the ISO secretary consolidates requests for the ISO board leader."""
        self._ctcl_step("iso_review", "_check_can_consolidate")
        return self._ctcl_advance({"state": "board_review"})

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
        today = fields.Date.context_today(self)
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
        if not (reason or "").strip():
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
                "done_reported_date": fields.Date.context_today(self),
            }
        )

    def action_verify(self, result, evidence, verification_date=None):
        """5.6 — the agency leadership checks the evidence of the result.

        When the action was not done or is incomplete, the checker opens a new
        request carrying box 1 over (5.7), for the agency leadership's direction.
        """
        self._ctcl_step("verification", "_check_can_verify")
        if result not in dict(self._fields["verification_result"].selection):
            raise UserError(self.env._("Choose the verification result."))
        if not (evidence or "").strip():
            raise UserError(self.env._("Record the evidence of the result checked."))
        day = verification_date or fields.Date.context_today(self)
        if fields.Date.to_date(day) > fields.Date.context_today(self):
            raise UserError(
                self.env._("The verification date cannot be in the future.")
            )
        self._ctcl_advance(
            {
                "state": "to_close",
                "verification_result": result,
                "verification_evidence": evidence,
                "verification_date": day,
                "verifier_id": self.env.uid,
            }
        )
        if result != "achieved":
            self._ctcl_open_followups()
        return True

    def action_close(self):
        """5.7 — the ISO board closes the request; retention starts."""
        self._ctcl_step("to_close", "_check_can_close")
        self._ctcl_advance({"state": "done", "closed_by_id": self.env.uid})
        return True

    def _ctcl_open_followups(self):
        for rec in self:
            followup = self.create(
                {
                    "request_type": rec.request_type,
                    "requesting_department_id": rec.requesting_department_id.id,
                    "requester_id": self.env.uid,
                    "description": rec.description,
                    "related_documents": rec.related_documents,
                    "source_id": rec.source_id.id,
                    "company_id": rec.company_id.id,
                }
            )
            # Submitted in the verifier's name: their signature opens it.
            followup._ctcl_advance(
                {
                    "origin_request_id": rec.id,
                    "state": "assessment",
                    "submitted_date": fields.Date.context_today(self),
                }
            )
            rec.message_post(
                body=self.env._(
                    "Verification not achieved: follow-up request %(followup)s "
                    "opened for the agency leadership.",
                    followup=followup._get_html_link(),
                ),
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
        self._ctcl_step("assessment", "_check_can_assess")
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

    def action_open_verify_wizard(self):
        self.ensure_one()
        self._ctcl_step("verification", "_check_can_verify")
        return self._ctcl_open_wizard(
            "ctcl.action.verify.wizard",
            self.env._("Verify the result"),
            {"default_request_id": self.id},
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
            | self.verifier_id
        )

    def _ctcl_activity_plan(self):
        self.ensure_one()
        prefix = "ctcl_quality.mail_act_ctcl_"
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
            return {
                prefix + "implementation": (
                    self.implementer_ids | self.assignee_id,
                    self.date_deadline,
                )
            }
        if self.state == "verification":
            users = self._ctcl_role_users("group_ctcl_leadership", "ctcl_top_leader_id")
            today = fields.Date.context_today(self)
            return {
                prefix + "verification": (
                    users,
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
            kept.add("ctcl_quality.mail_act_ctcl_progress")
            if self.is_overdue:
                kept.add("ctcl_quality.mail_act_ctcl_overdue")
        return kept
