from odoo import api, fields, models
from odoo.exceptions import UserError

from .ctcl_quality_objective import ctcl_format_number


class CtclActionProgress(models.Model):
    """A progress report of a running action (QT.CTCL 5.5). Kept as written."""

    _name = "ctcl.action.progress"
    _inherit = ["ctcl.server.fields"]
    _description = "Progress report of a corrective/improvement action"
    _order = "date desc, id desc"

    request_id = fields.Many2one(
        "ctcl.action.request", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    date = fields.Date(
        required=True, default=lambda self: self.env.company._ctcl_today()
    )
    user_id = fields.Many2one(
        "res.users",
        string="Reported by",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    percent_done = fields.Integer(string="Progress (%)")
    content = fields.Text(string="Work done and difficulties", required=True)

    _sql_constraints = [
        (
            "percent_done_range",
            "CHECK(percent_done BETWEEN 0 AND 100)",
            "Progress is a percentage between 0 and 100.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        today = self._ctcl_agency_today()
        Request = self.env["ctcl.action.request"]
        for vals in vals_list:
            vals["user_id"] = self.env.uid
            Request.browse(vals.get("request_id"))._ctcl_step(
                "implementation", "_check_can_implement"
            )
            if fields.Date.to_date(vals.get("date") or today) > today:
                raise UserError(
                    self.env._("A progress report cannot be dated in the future.")
                )
            if not (vals.get("content") or "").strip():
                raise UserError(self.env._("Describe the work done."))
        reports = super().create(vals_list)
        for report in reports:
            request = report.request_id
            request.activity_feedback(["ctcl_quality.mail_act_ctcl_request_progress"])
            # The chatter of the agency: its language, its number format.
            env = request.company_id._ctcl_env()
            # The workflow writes the report into the history, in the
            # implementer's name: nobody posts that subtype by hand.
            request.sudo().message_post(
                author_id=self.env.user.partner_id.id,
                body=env._(
                    "Progress report (%(percent)s%%): %(content)s",
                    percent=ctcl_format_number(env, report.percent_done, digits=0),
                    content=report.content,
                ),
                subtype_xmlid="ctcl_quality.mt_ctcl_request_progress",
            )
        return reports

    def write(self, vals):
        if not self.env.su:
            raise UserError(
                self.env._("A progress report is a record: it cannot be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_record(self):
        raise UserError(
            self.env._("A progress report is a record: it cannot be deleted.")
        )
