from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    ctcl_parent_agency = fields.Char(
        string="Parent agency",
        help="Printed above the agency's name on the forms, e.g. “UBND TỈNH …”.",
    )
    ctcl_place = fields.Char(
        string="Place on documents",
        help="Place written before the date on the forms; the company's city "
        "when empty.",
    )
    ctcl_retention_years = fields.Integer(
        string="Retention (years)",
        default=3,
        help="How long closed requests are kept (QT.CTCL, section VII).",
    )
    ctcl_progress_interval_days = fields.Integer(
        string="Progress report interval (days)",
        default=30,
        help="Actions that run longer than this report their progress to the "
        "ISO board at this interval (QT.CTCL 5.5).",
    )
    ctcl_iso_secretary_id = fields.Many2one("res.users", string="ISO secretary")
    ctcl_iso_leader_id = fields.Many2one("res.users", string="ISO board leader")
    ctcl_top_leader_id = fields.Many2one(
        "res.users",
        string="Top leader",
        help="Head of the agency (Giám đốc Sở): verifies actions and directs "
        "follow-up requests.",
    )

    _sql_constraints = [
        (
            "ctcl_retention_years_positive",
            "CHECK(ctcl_retention_years > 0)",
            "The retention period must be at least one year.",
        ),
        (
            "ctcl_progress_interval_positive",
            "CHECK(ctcl_progress_interval_days > 0)",
            "The progress report interval must be at least one day.",
        ),
    ]

    def _ctcl_place(self):
        self.ensure_one()
        return self.ctcl_place or self.city or ""
