import json
from hashlib import sha256

from odoo import api, fields, models
from odoo.exceptions import UserError

from .ctcl_workflow_mixin import _TRANSITION_TOKEN

# What a signature means, in the words of the forms and of QT.CTCL.
MEANINGS = [
    ("submit_request", "Submit request"),
    ("assess_need", "Assess need: action needed"),
    ("reject_need", "Assess need: no action needed"),
    ("consolidate", "Consolidate for the ISO board"),
    ("assign", "Assign implementing unit"),
    ("propose_measures", "Propose cause and measures"),
    ("approve_measures", "Approve measures"),
    ("report_done", "Report result"),
    ("verify_result", "Verify result"),
    ("close", "Close"),
    ("report_nc", "Report nonconformity"),
    ("handle_on_spot", "Handle on the spot"),
    ("decide", "Decide disposition"),
    ("report_handling", "Report handling result"),
    ("confirm", "Confirm result"),
    ("record_minutes", "Record minutes"),
    ("approve_minutes", "Approve minutes"),
    ("submit_report", "Submit operating report"),
    ("approve_report", "Approve operating report"),
    ("compile_notice", "Compile notice of results"),
    ("submit_notice", "Submit notice of results"),
    ("approve_notice", "Approve notice of results"),
    ("dispatch", "Dispatch outputs"),
    ("submit", "Submit for approval"),
    ("approve", "Approve"),
    ("send_back", "Send back"),
    ("reopen", "Reopen for revision"),
]
# Role keys and their groups, most specific first (the fallback order).
ROLE_GROUPS = {
    "leadership": "ctcl_quality.group_ctcl_leadership",
    "iso_leader": "ctcl_quality.group_ctcl_iso_leader",
    "iso_secretary": "ctcl_quality.group_ctcl_iso_secretary",
    "iso_member": "ctcl_quality.group_ctcl_iso_member",
    "unit_head": "ctcl_quality.group_ctcl_unit_head",
    "auditor": "ctcl_quality.group_ctcl_auditor",
    "manager": "ctcl_quality.group_ctcl_manager",
    "staff": "ctcl_quality.group_ctcl_staff",
}
ROLES = [
    ("leadership", "Agency leadership"),
    ("iso_leader", "ISO board leader"),
    ("iso_secretary", "ISO secretary"),
    ("iso_member", "ISO board member"),
    ("unit_head", "Unit head"),
    ("auditor", "Internal auditor"),
    ("manager", "Administrator"),
    ("staff", "Staff"),
    ("system", "System"),
]


def canonical_json(values):
    """One text for one content: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class CtclSignoff(models.Model):
    """One signature of a QT.CTCL document, chained like account.move's
    inalterability hash: each line hashes the document's signed content with
    the previous line of the same document and of the same company.

    Lines are written once, by the workflow step that signs, and never
    changed or deleted: the integrity check finds any change made behind the
    ORM's back.
    """

    _name = "ctcl.signoff"
    _description = "QT.CTCL sign-off"
    _order = "company_id, sequence desc"
    _rec_name = "res_name"
    _check_company_auto = True

    sequence = fields.Integer(
        string="No.",
        readonly=True,
        index=True,
        help="Position of the sign-off in the chain of its agency.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="restrict"
    )
    res_model = fields.Char(string="Document model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Document ID",
        model_field="res_model",
        required=True,
        readonly=True,
        index=True,
    )
    res_name = fields.Char(string="Document", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Signed by",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    role = fields.Selection(ROLES, readonly=True)
    meaning = fields.Selection(MEANINGS, required=True, readonly=True)
    from_state = fields.Char(readonly=True)
    to_state = fields.Char(readonly=True)
    signed_at = fields.Datetime(string="Signed at (UTC)", required=True, readonly=True)
    signed_at_local = fields.Char(string="Signed at (agency time)", readonly=True)
    signed_content = fields.Text(
        readonly=True,
        help="The document's signed fields at the time of signing, as canonical JSON.",
    )
    previous_document_hash = fields.Char(readonly=True)
    previous_company_hash = fields.Char(readonly=True)
    hash = fields.Char(readonly=True, index=True)
    short_hash = fields.Char(
        string="Code",
        compute="_compute_short_hash",
        help="The first characters of the hash, printed under the signature.",
    )

    _sql_constraints = [
        (
            "sequence_company_uniq",
            "unique(company_id, sequence)",
            "Two sign-offs cannot hold the same place in the chain.",
        )
    ]

    @api.depends("hash")
    def _compute_short_hash(self):
        for line in self:
            line.short_hash = (line.hash or "")[:12]

    # ------------------------------------------------------------------
    # Never written, never deleted, created by the transition only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # Not even the superuser: only the server's signing step holds the token.
        if self.env.context.get("ctcl_token") is not _TRANSITION_TOKEN:
            raise UserError(
                self.env._("Sign-offs are recorded by the workflow steps only.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if self:  # superuser included; writing on no record changes nothing
            raise UserError(self.env._("A sign-off can never be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signoff(self):
        raise UserError(self.env._("A sign-off can never be deleted."))

    def copy(self, default=None):
        if self:
            raise UserError(self.env._("A sign-off can never be copied."))
        return super().copy(default)

    # ------------------------------------------------------------------
    # Signing
    # ------------------------------------------------------------------
    @api.model
    def _ctcl_sign(self, document, meaning, roles, from_state):
        """Record the signature ``meaning`` of the current user on ``document``."""
        document.ensure_one()
        company = document.company_id
        # Serialise the company chain: a concurrent signer waits on this
        # UPDATE, then gets a serialization failure (Odoo replays its request
        # on the new chain head) instead of forking the chain. A real UPDATE is
        # needed for that in REPEATABLE READ; a mere row lock would not do.
        # The same query reads both chain heads (raw: no flush needed).
        self.env.cr.execute(
            """
            UPDATE res_company SET write_date = write_date WHERE id = %(company)s
            RETURNING
                (SELECT sequence FROM ctcl_signoff WHERE company_id = %(company)s
                 ORDER BY sequence DESC LIMIT 1),
                (SELECT hash FROM ctcl_signoff WHERE company_id = %(company)s
                 ORDER BY sequence DESC LIMIT 1),
                (SELECT hash FROM ctcl_signoff
                 WHERE res_model = %(model)s AND res_id = %(id)s
                 ORDER BY id DESC LIMIT 1)
            """,
            {"company": company.id, "model": document._name, "id": document.id},
        )
        last_sequence, last_company_hash, last_document_hash = self.env.cr.fetchone()
        signed_at = fields.Datetime.now()
        vals = {
            "sequence": (last_sequence or 0) + 1,
            "company_id": company.id,
            "res_model": document._name,
            "res_id": document.id,
            "res_name": document.sudo().display_name,
            "user_id": self.env.uid,
            "role": self._ctcl_role(roles),
            "meaning": meaning,
            "from_state": from_state,
            "to_state": document.state,
            "signed_at": signed_at,
            "signed_at_local": self._ctcl_local_time(company, signed_at),
            "signed_content": canonical_json(document._ctcl_signed_values()),
            "previous_document_hash": last_document_hash or "",
            "previous_company_hash": last_company_hash or "",
        }
        vals["hash"] = self._ctcl_hash(vals)
        return self.sudo().with_context(ctcl_token=_TRANSITION_TOKEN).create(vals)

    @api.model
    def _ctcl_hash(self, vals):
        """SHA-256 over the links, the signer, the time, the meaning and the
        content; the document and the place in the chain are hashed too, so a
        line cannot be moved to another document or position."""
        signed_at = vals["signed_at"]
        payload = canonical_json(
            {
                "company": vals["company_id"],
                "content": vals["signed_content"] or "",
                "document": f"{vals['res_model']},{vals['res_id']}",
                "meaning": vals["meaning"],
                "previous_company_hash": vals["previous_company_hash"] or "",
                "previous_document_hash": vals["previous_document_hash"] or "",
                "sequence": vals["sequence"],
                "signed_at": fields.Datetime.to_string(signed_at),
                "user": vals["user_id"],
            }
        )
        return sha256(payload.encode()).hexdigest()

    def _ctcl_recomputed_hash(self):
        self.ensure_one()
        return self._ctcl_hash(
            {
                "company_id": self.company_id.id,
                "signed_content": self.signed_content,
                "res_model": self.res_model,
                "res_id": self.res_id,
                "meaning": self.meaning,
                "previous_company_hash": self.previous_company_hash,
                "previous_document_hash": self.previous_document_hash,
                "sequence": self.sequence,
                "signed_at": self.signed_at,
                "user_id": self.user_id.id,
            }
        )

    @api.model
    def _ctcl_role(self, roles):
        """The first role of the step the signer holds, else their most
        specific QT.CTCL role."""
        user = self.env.user
        if user._is_superuser():  # server code (demo data, mail gateway, crons)
            return "system"
        for role in (*roles, *ROLE_GROUPS):
            if user.has_group(ROLE_GROUPS[role]):
                return role
        return "system"

    @api.model
    def _ctcl_local_time(self, company, utc):
        local = company._ctcl_local_datetime(utc)
        return f"{local.strftime('%d/%m/%Y %H:%M:%S')} ({company.ctcl_tz})"

    # ------------------------------------------------------------------
    # Integrity check
    # ------------------------------------------------------------------
    @api.model
    def _ctcl_integrity_issues(self, company, date_from=None, date_to=None):
        """Recompute the chains of ``company``; return the issues found among
        the sign-offs of the period (dicts: signoff, kind, details).

        Every line is checked against its own hash and its two links; every
        document signed in the period must still be in the state of its last
        sign-off and, once closed, hold exactly the content signed last.
        """

        def in_period(line):
            day = line.signed_at.date()
            return (not date_from or day >= date_from) and (
                not date_to or day <= date_to
            )

        lines = (
            self.sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)], order="sequence")
        )
        issues = []
        previous = self.browse()
        last_of = {}
        for line in lines:
            key = (line.res_model, line.res_id)
            found = line._ctcl_line_issues(previous, last_of.get(key, self.browse()))
            if in_period(line):
                issues += [
                    {"signoff": line, "kind": kind, "details": details}
                    for kind, details in found
                ]
            previous = line
            last_of[key] = line
        period_documents = {(li.res_model, li.res_id) for li in lines if in_period(li)}
        for key in sorted(period_documents):
            last = last_of[key]
            issues += [
                {"signoff": last, "kind": kind, "details": details}
                for kind, details in last._ctcl_document_issues()
            ]
        return issues

    def _ctcl_line_issues(self, previous, previous_of_document):
        self.ensure_one()
        found = []
        if self.hash != self._ctcl_recomputed_hash():
            found.append(("altered", ""))
        expected = previous.sequence + 1
        if self.sequence != expected:
            found.append(
                (
                    "sequence",
                    self.env._(
                        "No. %(found)s where No. %(expected)s was expected.",
                        found=self.sequence,
                        expected=expected,
                    ),
                )
            )
        if (self.previous_company_hash or "") != (previous.hash or ""):
            found.append(("company_link", ""))
        if (self.previous_document_hash or "") != (previous_of_document.hash or ""):
            found.append(("document_link", ""))
        if previous and self.signed_at < previous.signed_at:
            found.append(("order", ""))
        return found

    def _ctcl_document_issues(self):
        """Compare the document with this, its last, sign-off."""
        self.ensure_one()
        if self.res_model not in self.env:
            return [("document_missing", self.res_model)]
        document = (
            self.env[self.res_model]
            .sudo()
            .with_context(active_test=False)
            .browse(self.res_id)
            .exists()
        )
        if not document:
            return [("document_missing", "")]
        if document.state != self.to_state:
            states = dict(document._fields["state"]._description_selection(self.env))
            return [
                (
                    "state",
                    self.env._(
                        "Signed in “%(signed)s”, now “%(current)s”.",
                        signed=states.get(self.to_state, self.to_state),
                        current=states.get(document.state, document.state),
                    ),
                )
            ]
        if not document._ctcl_signed_closed():
            return []
        try:
            signed = json.loads(self.signed_content or "{}")
        except ValueError:
            return [("altered", "")]
        current = json.loads(canonical_json(document._ctcl_signed_values()))
        # What was signed is compared: a field a later version of the module
        # adds to the signed content was not part of that signature.
        changed = sorted(key for key in signed if signed[key] != current.get(key))
        if not changed:
            return []
        labels = []
        for key in changed:
            field = document._fields.get(key.split(".")[0])
            labels.append(field.get_description(self.env)["string"] if field else key)
        return [("content", ", ".join(dict.fromkeys(labels)))]
