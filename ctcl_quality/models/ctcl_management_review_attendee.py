from odoo import api, fields, models


class CtclManagementReviewAttendee(models.Model):
    _name = "ctcl.management.review.attendee"
    _description = "Attendee of a management review meeting"
    _inherit = ["ctcl.management.review.line"]
    _ctcl_lines_field = "attendee_ids"

    user_id = fields.Many2one("res.users", ondelete="restrict")
    name = fields.Char(string="Full name", required=True)
    job_title = fields.Char(string="Title")

    @api.onchange("user_id")
    def _onchange_user_id(self):
        for line in self.filtered("user_id"):
            line.name = line.user_id.name
            employee = line.user_id.sudo().employee_ids[:1]
            line.job_title = employee.job_title or employee.department_id.name
