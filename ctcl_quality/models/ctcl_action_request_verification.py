from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .ctcl_action_request import CtclActionRequest as ActionRequest
from .ctcl_workflow_mixin import (
    _TRANSITION_TOKEN,
    ctcl_ids_argument,
    ctcl_text_argument,
)

# The verdict of box 3 of BM.CTCL.01: the form's three boxes, "not achieved"
# split into the two cases of QT.CTCL 5.7 (done incompletely, not done at all).
VERIFICATION_RESULTS = [
    ("achieved", "Achieved"),
    ("not_achieved", "Not achieved"),
    ("not_done", "Not done"),
    ("new_measure", "New corrective/preventive measure"),
]
# States in which the agency leadership may name who verifies on its behalf.
DELEGATION_STATES = (
    "assessment",
    "iso_review",
    "board_review",
    "analysis",
    "approval",
    "implementation",
    "verification",
)
# Files uploaded in the verification and closing dialogs, before they join
# the request they are evidence of.
DIALOG_MODELS = ("ctcl.action.verify.wizard", "ctcl.action.close.wizard")


class CtclActionRequest(models.Model):
    """Verification, closing and follow-up of a request (QT.CTCL 5.6, 5.7).

    - 5.6: at the completion date the agency leadership, or the person it
      delegates, checks the evidence, whether or not the implementers have
      reported the action done;
    - 5.7: the verifier records the verdict and remarks; when the action was
      not done or is incomplete, they open a new request for the leadership;
      the ISO board closes the request, writing the evidence of the result in
      box 3.
    """

    _inherit = "ctcl.action.request"

    _ctcl_buttons = {
        **ActionRequest._ctcl_buttons,
        "can_verify": (("verification", "implementation"), "_check_can_verify"),
        "can_close": ("to_close", "_check_can_close"),
        "can_delegate": (DELEGATION_STATES, "_check_can_delegate"),
    }
    _ctcl_button_depends = (
        *ActionRequest._ctcl_button_depends,
        "date_deadline",
        "verification_delegate_id",
        "company_id.ctcl_verification_delegate_id",
        "implementing_department_id",
    )

    verification_delegate_id = fields.Many2one(
        "res.users",
        string="Verification delegate",
        copy=False,
        tracking=True,
        ondelete="restrict",
        help="The person the agency leadership delegates to verify this request "
        "(QT.CTCL 5.6). Only the leadership names them; they can verify this "
        "request and do nothing else of the leadership's.",
    )

    # Box 3 — the verifier's verdict (5.6) ...
    verification_result = fields.Selection(
        VERIFICATION_RESULTS, readonly=True, copy=False, tracking=True
    )
    verification_remarks = fields.Text(
        string="Verifier's remarks",
        readonly=True,
        copy=False,
        help="What the verifier found: on a failed verification, why it failed.",
    )
    verification_attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Verification files",
        compute="_compute_box3_files",
        help="The files of the verification, in the chatter with the remarks.",
    )
    verification_date = fields.Date(readonly=True, copy=False)
    verifier_id = fields.Many2one(
        "res.users",
        string="Verified by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    verified_by_delegate = fields.Boolean(
        string="Verified on delegation", readonly=True, copy=False
    )
    # ... and the ISO board's evidence, written when it closes the request (5.7).
    verification_evidence = fields.Text(
        string="Evidence of the result",
        readonly=True,
        copy=False,
        help="The full evidence of the result, written in box 3 by the ISO board "
        "when it closes the request (QT.CTCL 5.7).",
    )
    closing_attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Evidence files",
        compute="_compute_box3_files",
        help="The files of the evidence, in the chatter with the closing note.",
    )
    closed_by_id = fields.Many2one(
        "res.users", string="Closed by", readonly=True, copy=False, ondelete="restrict"
    )

    # Why the request this one follows up failed its verification (5.7).
    origin_verification_result = fields.Selection(
        VERIFICATION_RESULTS,
        string="Earlier verification result",
        readonly=True,
        copy=False,
    )
    origin_verification_remarks = fields.Text(
        string="Why the earlier verification failed", readonly=True, copy=False
    )

    is_verification_due = fields.Boolean(
        string="Verification due",
        compute="_compute_is_verification_due",
        search="_search_is_verification_due",
        help="Reported done, or at or past its completion date (QT.CTCL 5.6).",
    )
    can_verify = fields.Boolean(compute="_compute_can")
    can_close = fields.Boolean(compute="_compute_can")
    can_delegate = fields.Boolean(compute="_compute_can")
    can_edit_delegate = fields.Boolean(compute="_compute_can_edit")

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("message_ids.attachment_ids", "message_ids.subtype_id")
    def _compute_box3_files(self):
        # The files live in the chatter, where the records' trail keeps them.
        verification = self.env.ref("ctcl_quality.mt_ctcl_request_verification")
        evidence = self.env.ref("ctcl_quality.mt_ctcl_request_evidence")
        for rec in self:
            messages = rec.sudo().message_ids
            rec.verification_attachment_ids = messages.filtered(
                lambda m: m.subtype_id == verification
            ).attachment_ids.sudo(False)
            rec.closing_attachment_ids = messages.filtered(
                lambda m: m.subtype_id == evidence
            ).attachment_ids.sudo(False)

    @api.depends("state", "date_deadline")
    def _compute_is_verification_due(self):
        for rec in self:
            rec.is_verification_due = rec._ctcl_verification_due()

    def _search_is_verification_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on “Verification due”."))
        domain = [
            "|",
            ("state", "=", "verification"),
            "&",
            ("state", "=", "implementation"),
            ("date_deadline", "<=", self.env.company._ctcl_today()),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.constrains(
        "verification_delegate_id",
        "assignee_id",
        "implementer_ids",
        "implementing_department_id",
    )
    def _check_verification_delegate(self):
        for rec in self:
            delegate = rec.verification_delegate_id
            if delegate:
                rec.company_id._ctcl_check_verification_delegate(delegate)
                if rec._ctcl_implements(delegate):
                    raise ValidationError(
                        self.env._(
                            "%(user)s cannot verify %(record)s on behalf of the "
                            "agency leadership: they implement it (assignee, "
                            "implementer or head of the implementing unit).",
                            user=delegate.name,
                            record=rec.display_name,
                        )
                    )

    @api.constrains("verification_date")
    def _check_verification_when_due(self):
        # 5.6: checked once reported done, else when the deadline came.
        for rec in self:
            earliest = rec.done_reported_date or rec.date_deadline
            if rec.verification_date and earliest and rec.verification_date < earliest:
                raise ValidationError(
                    self.env._(
                        "The verification of %(record)s cannot be dated before "
                        "%(date)s: the check comes once the action is reported "
                        "done, or at its completion date.",
                        record=rec.display_name,
                        date=earliest.strftime("%d/%m/%Y"),
                    )
                )

    @api.constrains("verification_date", "approved_date")
    def _check_verification_after_approval(self):
        for rec in self:
            if (
                rec.verification_date
                and rec.approved_date
                and rec.verification_date < rec.approved_date
            ):
                raise ValidationError(
                    self.env._(
                        "The verification of %(record)s cannot be dated before "
                        "the approval of its measures on %(date)s.",
                        record=rec.display_name,
                        date=rec.approved_date.strftime("%d/%m/%Y"),
                    )
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
    # Who verifies
    # ------------------------------------------------------------------
    def _ctcl_button_applies(self, button):
        if button == "can_verify":
            return self._ctcl_verification_due()
        return super()._ctcl_button_applies(button)

    def _ctcl_verification_due(self):
        """5.6: the verification is due once the implementers report the action
        done, or, without their report, on the completion date."""
        self.ensure_one()
        if self.state == "verification":
            return True
        return (
            self.state == "implementation"
            and bool(self.date_deadline)
            and self.date_deadline <= self.company_id._ctcl_today()
        )

    def _ctcl_implements(self, user):
        """Whether the user implements this request: its assignee, one of its
        implementers or the head of its implementing unit. They cannot verify
        it on delegation (QT.CTCL 5.6: the verifier is independent)."""
        self.ensure_one()
        implementers = self.assignee_id | self.implementer_ids
        return bool(
            user in (implementers | self.implementing_head_id)
            or user._ctcl_heads(self.implementing_department_id)
        )

    def _ctcl_verifiers(self):
        """Who is asked to verify: the delegate named on the request, else the
        agency's standing delegate, else its leadership (the top leader). A
        delegate who implements the request is passed over."""
        self.ensure_one()
        delegates = (
            self.verification_delegate_id
            | self.company_id.sudo().ctcl_verification_delegate_id
        ).filtered(lambda u: not self._ctcl_implements(u))
        return delegates[:1] or self._ctcl_role_users(
            "group_ctcl_leadership", "ctcl_top_leader_id"
        )

    def _ctcl_is_verification_delegate(self):
        self.ensure_one()
        return self.env.user in (
            self.verification_delegate_id
            | self.company_id.sudo().ctcl_verification_delegate_id
        )

    def _check_can_verify(self):
        if self._ctcl_has_role("group_ctcl_leadership"):
            return
        if self._ctcl_is_verification_delegate():
            if self._ctcl_implements(self.env.user):
                self._ctcl_deny(
                    self.env._(
                        "You implement %(record)s (assignee, implementer or head "
                        "of the implementing unit): you cannot verify it on "
                        "behalf of the agency leadership.",
                        record=self.display_name,
                    )
                )
            return
        self._ctcl_deny(
            self.env._(
                "Only the agency leadership, or the person it delegates, can verify "
                "the result of %(record)s.",
                record=self.display_name,
            )
        )

    def _check_can_delegate(self):
        if not self._ctcl_has_role("group_ctcl_leadership"):
            self._ctcl_deny(
                self.env._(
                    "Only the agency leadership can name who verifies %(record)s "
                    "on its behalf.",
                    record=self.display_name,
                )
            )

    def _check_can_close(self):
        if not self._ctcl_has_role("group_ctcl_iso_secretary", "group_ctcl_iso_member"):
            self._ctcl_deny(self.env._("Only the ISO board can close a request."))

    def _ctcl_check_verification_due(self):
        for rec in self:
            if not rec._ctcl_verification_due():
                raise UserError(
                    self.env._(
                        "%(record)s is verified once its implementers report it "
                        "done, or from its completion date %(date)s on.",
                        record=rec.display_name,
                        date=rec.date_deadline.strftime("%d/%m/%Y")
                        if rec.date_deadline
                        else "-",
                    )
                )

    # ------------------------------------------------------------------
    # Field rules
    # ------------------------------------------------------------------
    def _ctcl_field_rules(self):
        return {
            **super()._ctcl_field_rules(),
            "can_edit_delegate": (
                {"verification_delegate_id"},
                dict.fromkeys(DELEGATION_STATES, "_check_can_delegate"),
            ),
        }

    def _ctcl_check_create_fields(self, fnames):
        if "verification_delegate_id" in fnames:
            raise UserError(
                self.env._(
                    "The agency leadership names the verification delegate once "
                    "the request is submitted."
                )
            )
        return super()._ctcl_check_create_fields(fnames)

    def write(self, vals):
        replaced = self.env["res.users"]
        if "verification_delegate_id" in vals:
            replaced = self.verification_delegate_id
        result = super().write(vals)
        if replaced:
            # A replaced delegate stops following the request, unless they
            # take part in it otherwise.
            for rec in self:
                gone = replaced - rec.verification_delegate_id
                gone -= rec._ctcl_participants()
                if gone:
                    rec.message_unsubscribe(partner_ids=gone.partner_id.ids)
        return result

    # ------------------------------------------------------------------
    # Workflow actions
    # ------------------------------------------------------------------
    def action_verify(
        self, result, remarks, verification_date=None, attachment_ids=None
    ):
        """5.6 — the agency leadership, or its delegate, checks the evidence of
        the result: once reported done, or at the completion date without that
        report ("not done" is then a possible verdict).

        When the action was not done or is incomplete, the verifier opens a new
        request carrying box 1 and the remarks over (5.7), for the agency
        leadership's direction.
        """
        self._ctcl_step(("verification", "implementation"), "_check_can_verify")
        self._ctcl_check_verification_due()
        if ctcl_text_argument(self.env, result) not in dict(VERIFICATION_RESULTS):
            raise UserError(self.env._("Choose the verification result."))
        if result == "not_done" and any(self.mapped("done_reported_date")):
            raise UserError(
                self.env._(
                    "The implementers have reported the action done: the result "
                    "is achieved, not achieved or a new measure, not “Not done”."
                )
            )
        if not ctcl_text_argument(self.env, remarks).strip():
            raise UserError(
                self.env._("Record your remarks on the result you checked.")
            )
        today = self._ctcl_agency_today()
        # A method argument, not a value: checked as the form's field would be.
        self._ctcl_guard_vals({"verification_date": verification_date})
        day = fields.Date.to_date(verification_date or today)
        if day > today:
            raise UserError(
                self.env._("The verification date cannot be in the future.")
            )
        is_leader = self._ctcl_has_role("group_ctcl_leadership")
        for rec in self:
            files = rec._ctcl_take_files(attachment_ids, len(self))
            rec._ctcl_advance(
                {
                    "state": "to_close",
                    "verification_result": result,
                    "verification_remarks": remarks,
                    "verification_date": day,
                    "verifier_id": self.env.uid,
                    "verified_by_delegate": not is_leader,
                }
            )
            # Workflow subtypes: the workflow posts them (as superuser), in
            # the user's name.
            rec.sudo().message_post(
                body=self.env._("Verifier's remarks: %(remarks)s", remarks=remarks),
                attachment_ids=files.ids,
                subtype_xmlid="ctcl_quality.mt_ctcl_request_verification",
            )
        if result != "achieved":
            self._ctcl_open_followups()
        return True

    def action_close(self, evidence=None, attachment_ids=None):
        """5.7 — the ISO board closes the request, writing the full evidence of
        the result in box 3; retention starts."""
        self._ctcl_step("to_close", "_check_can_close")
        if not ctcl_text_argument(self.env, evidence).strip():
            raise UserError(
                self.env._(
                    "Write the evidence of the result in box 3 to close the request."
                )
            )
        for rec in self:
            files = rec._ctcl_take_files(attachment_ids, len(self))
            # Posted before the closing: the files join the record while it
            # still takes them, and the closing signs the trail with them.
            rec.sudo().message_post(
                body=self.env._(
                    "Evidence of the result: %(evidence)s", evidence=evidence
                ),
                attachment_ids=files.ids,
                subtype_xmlid="ctcl_quality.mt_ctcl_request_evidence",
            )
            rec._ctcl_advance(
                {
                    "state": "done",
                    "closed_by_id": self.env.uid,
                    "verification_evidence": evidence,
                }
            )
        return True

    def _ctcl_take_files(self, attachment_ids, batch_size=1):
        """The evidence files of a dialog, moved onto this request.

        They are the files the user uploaded in the verification or closing
        dialog, or files already attached to this request; they are then posted
        in its chatter.
        """
        self.ensure_one()
        files = (
            self.env["ir.attachment"]
            .sudo()
            .browse(ctcl_ids_argument(self.env, attachment_ids))
            .exists()
        )
        if not files:
            return files
        if batch_size > 1:
            raise UserError(
                self.env._("Attach evidence files to one request at a time.")
            )
        for file in files:
            uploaded = (
                file.res_model in DIALOG_MODELS and file.create_uid == self.env.user
            )
            attached = file.res_model == self._name and file.res_id == self.id
            if not (uploaded or attached):
                raise AccessError(
                    self.env._(
                        "“%(file)s” is neither a file you uploaded nor a file of "
                        "%(record)s.",
                        file=file.name,
                        record=self.display_name,
                    )
                )
        files.filtered(lambda f: f.res_model in DIALOG_MODELS).write(
            {"res_model": self._name, "res_id": self.id}
        )
        return files

    def _ctcl_open_followups(self):
        today = self._ctcl_agency_today()
        results = dict(
            self._fields["verification_result"]._description_selection(self.env)
        )
        # The server opens them in the verifier's name, for the requesting
        # unit of the request verified, whoever the verifier is (5.7).
        Request = self.with_context(ctcl_token=_TRANSITION_TOKEN)
        for rec in self:
            followup = Request._ctcl_create_linked(
                {
                    "request_type": rec.request_type,
                    "requesting_department_id": rec.requesting_department_id.id,
                    "requester_id": self.env.uid,
                    "description": rec.description,
                    "related_documents": rec.related_documents,
                    # 5.7: it stems from the result of an earlier action.
                    "source_id": self.env.ref(
                        "ctcl_quality.ctcl_source_previous_action"
                    ).id,
                    "risk_id": rec.risk_id.id,
                    "company_id": rec.company_id.id,
                },
                # Box 1 names the records the original came from.
                {
                    "origin_request_id": rec.id,
                    "nonconformity_ids": [(6, 0, rec.nonconformity_ids.ids)],
                    "management_review_id": rec.management_review_id.id,
                    "quality_objective_id": rec.quality_objective_id.id,
                    "origin_verification_result": rec.verification_result,
                    "origin_verification_remarks": rec.verification_remarks,
                },
            )
            # Submitted in the verifier's name: their signature opens it.
            followup._ctcl_advance({"state": "assessment", "submitted_date": today})
            followup.message_post(
                body=self.env._(
                    "Follow-up of %(origin)s, verified “%(result)s”: %(remarks)s",
                    origin=rec.name,
                    result=results[rec.verification_result],
                    remarks=rec.verification_remarks,
                ),
                subtype_xmlid="mail.mt_note",
            )
            rec.message_post(
                body=self.env._(
                    "Verification not achieved: follow-up request %(followup)s "
                    "opened for the agency leadership.",
                    followup=followup._get_html_link(),
                ),
            )

    # ------------------------------------------------------------------
    # Dialogs
    # ------------------------------------------------------------------
    def action_open_verify_wizard(self):
        self.ensure_one()
        self._ctcl_step(("verification", "implementation"), "_check_can_verify")
        self._ctcl_check_verification_due()
        return self._ctcl_open_wizard(
            "ctcl.action.verify.wizard",
            self.env._("Verify the result"),
            {"default_request_id": self.id},
        )

    def action_open_close_wizard(self):
        self.ensure_one()
        self._ctcl_step("to_close", "_check_can_close")
        return self._ctcl_open_wizard(
            "ctcl.action.close.wizard",
            self.env._("Close the request"),
            {"default_request_id": self.id},
        )
