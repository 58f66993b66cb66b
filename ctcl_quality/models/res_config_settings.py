from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ctcl_parent_agency = fields.Char(
        related="company_id.ctcl_parent_agency", readonly=False
    )
    ctcl_place = fields.Char(related="company_id.ctcl_place", readonly=False)
    ctcl_tz = fields.Selection(related="company_id.ctcl_tz", readonly=False)
    ctcl_retention_years = fields.Integer(
        related="company_id.ctcl_retention_years", readonly=False
    )
    ctcl_progress_interval_days = fields.Integer(
        related="company_id.ctcl_progress_interval_days", readonly=False
    )
    ctcl_iso_secretary_id = fields.Many2one(
        related="company_id.ctcl_iso_secretary_id", readonly=False
    )
    ctcl_iso_leader_id = fields.Many2one(
        related="company_id.ctcl_iso_leader_id", readonly=False
    )
    ctcl_top_leader_id = fields.Many2one(
        related="company_id.ctcl_top_leader_id", readonly=False
    )
    ctcl_verification_delegate_id = fields.Many2one(
        related="company_id.ctcl_verification_delegate_id", readonly=False
    )
    ctcl_review_due_day = fields.Integer(
        related="company_id.ctcl_review_due_day", readonly=False
    )
    ctcl_review_due_month = fields.Integer(
        related="company_id.ctcl_review_due_month", readonly=False
    )
    ctcl_nc_recurrence_threshold = fields.Integer(
        related="company_id.ctcl_nc_recurrence_threshold", readonly=False
    )
    ctcl_nc_recurrence_months = fields.Integer(
        related="company_id.ctcl_nc_recurrence_months", readonly=False
    )
    ctcl_nc_default_department_id = fields.Many2one(
        related="company_id.ctcl_nc_default_department_id", readonly=False
    )
    ctcl_nc_alias_name = fields.Char(string="Nonconformity e-mail alias")
    ctcl_nc_alias_domain = fields.Char(
        string="Alias domain", compute="_compute_ctcl_nc_alias_domain"
    )
    ctcl_nc_alias_contact = fields.Selection(
        [
            ("everyone", "Everyone"),
            ("partners", "Authenticated partners"),
            ("followers", "Followers only"),
            ("employees", "Internal users only"),
        ],
        string="Accept e-mails from",
    )

    ctcl_quality_policy = fields.Text(
        related="company_id.ctcl_quality_policy", readonly=False
    )
    ctcl_objective_risk_margin = fields.Float(
        related="company_id.ctcl_objective_risk_margin", readonly=False
    )
    ctcl_objective_auto_request = fields.Boolean(
        related="company_id.ctcl_objective_auto_request", readonly=False
    )
    ctcl_objective_reminder_days = fields.Integer(
        related="company_id.ctcl_objective_reminder_days", readonly=False
    )
    ctcl_risk_medium_from = fields.Integer(
        related="company_id.ctcl_risk_medium_from", readonly=False
    )
    ctcl_risk_high_from = fields.Integer(
        related="company_id.ctcl_risk_high_from", readonly=False
    )
    ctcl_risk_critical_from = fields.Integer(
        related="company_id.ctcl_risk_critical_from", readonly=False
    )
    ctcl_risk_review_months = fields.Integer(
        related="company_id.ctcl_risk_review_months", readonly=False
    )

    def _ctcl_nc_alias(self):
        return self.env.ref(
            "ctcl_quality.mail_alias_ctcl_nonconformity", raise_if_not_found=False
        )

    def _compute_ctcl_nc_alias_domain(self):
        alias = self._ctcl_nc_alias()
        for settings in self:
            settings.ctcl_nc_alias_domain = (
                alias and alias.sudo().alias_domain_id.name
            ) or settings.company_id.alias_domain_id.name

    @api.model
    def get_values(self):
        res = super().get_values()
        alias = self._ctcl_nc_alias()
        if alias:
            res.update(
                ctcl_nc_alias_name=alias.sudo().alias_name,
                ctcl_nc_alias_contact=alias.sudo().alias_contact,
            )
        return res

    def set_values(self):
        res = super().set_values()
        alias = self._ctcl_nc_alias()
        if alias:
            vals = {}
            if alias.sudo().alias_name != (self.ctcl_nc_alias_name or False):
                vals["alias_name"] = self.ctcl_nc_alias_name
            if self.ctcl_nc_alias_contact and (
                alias.sudo().alias_contact != self.ctcl_nc_alias_contact
            ):
                vals["alias_contact"] = self.ctcl_nc_alias_contact
            if vals:
                alias.sudo().write(vals)
        return res
