from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ctcl_parent_agency = fields.Char(
        related="company_id.ctcl_parent_agency", readonly=False
    )
    ctcl_place = fields.Char(related="company_id.ctcl_place", readonly=False)
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
