from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.ctcl_workflow_mixin import _TRANSITION_TOKEN

# What the check found: written by the check itself (_ctcl_run) only, so that
# the printed report states a check that ran.
RESULT_FIELDS = frozenset(
    {"checked_date", "checked_by_id", "signoff_count", "document_count", "line_ids"}
)
CHECKERS = (
    "ctcl_quality.group_ctcl_auditor",
    "ctcl_quality.group_ctcl_iso_secretary",
    "ctcl_quality.group_ctcl_iso_member",
    "ctcl_quality.group_ctcl_leadership",
    "ctcl_quality.group_ctcl_manager",
)


class CtclSignoffCheck(models.TransientModel):
    """Sign-off integrity check: recompute the chains of an agency, like the
    "Data Inalterability Check" of accounting, and list what no longer holds."""

    _name = "ctcl.signoff.check"
    _description = "Sign-off integrity check"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    checked_date = fields.Datetime(string="Checked on", readonly=True)
    checked_by_id = fields.Many2one("res.users", string="Checked by", readonly=True)
    signoff_count = fields.Integer(string="Sign-offs checked", readonly=True)
    document_count = fields.Integer(string="Documents checked", readonly=True)
    line_ids = fields.One2many(
        "ctcl.signoff.check.line", "check_id", string="Findings", readonly=True
    )
    is_clean = fields.Boolean(compute="_compute_is_clean")

    @api.depends("checked_date", "line_ids")
    def _compute_is_clean(self):
        for check in self:
            check.is_clean = bool(check.checked_date) and not check.line_ids

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for check in self:
            if check.date_from and check.date_to and check.date_from > check.date_to:
                raise UserError(self.env._("The period ends before it starts."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._ctcl_refuse_results(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._ctcl_refuse_results(vals)
        if not self._ctcl_by_check() and {"company_id", "date_from", "date_to"} & set(
            vals
        ):
            # Another agency or period: what was found no longer applies.
            vals = {**vals, "checked_date": False, "line_ids": [fields.Command.clear()]}
            self = self.with_context(ctcl_token=_TRANSITION_TOKEN)  # noqa: PLW0642
        return super().write(vals)

    def _ctcl_by_check(self):
        return self.env.su or self.env.context.get("ctcl_token") is _TRANSITION_TOKEN

    def _ctcl_refuse_results(self, vals):
        if RESULT_FIELDS & set(vals) and not self._ctcl_by_check():
            raise UserError(
                self.env._("The results of a sign-off check are written by the check.")
            )

    def _ctcl_check_access(self):
        user = self.env.user
        if not any(user.has_group(group) for group in CHECKERS):
            raise AccessError(
                self.env._(
                    "Only internal auditors, the ISO board, the agency leadership "
                    "and Quality administrators can check the sign-offs."
                )
            )
        if self.company_id not in user.company_ids:
            raise AccessError(
                self.env._(
                    "You cannot check the sign-offs of %(company)s.",
                    company=self.company_id.name,
                )
            )

    def _ctcl_run(self):
        """Recompute the chains and store the findings on the wizard."""
        self.ensure_one()
        self._ctcl_check_access()
        Signoff = self.env["ctcl.signoff"]
        issues = Signoff._ctcl_integrity_issues(
            self.company_id, self.date_from, self.date_to
        )
        domain = [("company_id", "=", self.company_id.id)]
        if self.date_from:
            domain.append(("signed_at", ">=", self.date_from))
        if self.date_to:
            domain.append(("signed_at", "<", fields.Date.add(self.date_to, days=1)))
        signed = Signoff.sudo().search(domain)
        check = self.with_context(ctcl_token=_TRANSITION_TOKEN)
        check.line_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {
                    "signoff_id": issue["signoff"].id,
                    "kind": issue["kind"],
                    "details": issue["details"],
                }
            )
            for issue in issues
        ]
        check.write(
            {
                "checked_date": fields.Datetime.now(),
                "checked_by_id": self.env.uid,
                "signoff_count": len(signed),
                "document_count": len({(s.res_model, s.res_id) for s in signed}),
            }
        )
        return self

    def action_check(self):
        self._ctcl_run()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Sign-off integrity check"),
        }

    def action_print(self):
        self._ctcl_run()
        return self.env.ref(
            "ctcl_quality.action_report_ctcl_signoff_check"
        ).report_action(self)


class CtclSignoffCheckLine(models.TransientModel):
    _name = "ctcl.signoff.check.line"
    _description = "Finding of a sign-off integrity check"
    _order = "id"

    @api.model_create_multi
    def create(self, vals_list):
        self.env["ctcl.signoff.check"]._ctcl_refuse_results({"line_ids"})
        return super().create(vals_list)

    def write(self, vals):
        self.env["ctcl.signoff.check"]._ctcl_refuse_results({"line_ids"})
        return super().write(vals)

    check_id = fields.Many2one("ctcl.signoff.check", required=True, ondelete="cascade")
    signoff_id = fields.Many2one("ctcl.signoff", string="Sign-off", readonly=True)
    sequence = fields.Integer(related="signoff_id.sequence", string="No.")
    res_name = fields.Char(related="signoff_id.res_name", string="Document")
    user_id = fields.Many2one(related="signoff_id.user_id")
    meaning = fields.Selection(related="signoff_id.meaning")
    signed_at = fields.Datetime(related="signoff_id.signed_at")
    short_hash = fields.Char(related="signoff_id.short_hash")
    kind = fields.Selection(
        [
            ("altered", "Sign-off altered: its hash does not match"),
            ("sequence", "Gap or repeat in the numbering"),
            ("company_link", "Chain of the agency broken"),
            ("document_link", "Chain of the document broken"),
            ("order", "Signed before the previous sign-off"),
            ("state", "Document state changed outside the workflow"),
            ("content", "Signed content changed after closing"),
            (
                "document_missing",
                "Document deleted (after its retention period, or outside the "
                "application)",
            ),
        ],
        string="Finding",
        readonly=True,
    )
    details = fields.Char(readonly=True)

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.signoff_id.res_model,
            "res_id": self.signoff_id.res_id,
            "view_mode": "form",
        }
