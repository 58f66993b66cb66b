from odoo import api, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        if employees.user_id:
            # Record rules read a user's units: drop the cached rule domains.
            self.env.registry.clear_cache()
        return employees

    def write(self, vals):
        result = super().write(vals)
        if {"department_id", "user_id"} & set(vals):
            self.env.registry.clear_cache()
        return result
