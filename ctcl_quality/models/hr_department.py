from odoo import models


class HrDepartment(models.Model):
    _name = "hr.department"
    _inherit = ["hr.department", "ctcl.reference.guard"]

    def _ctcl_head_user(self):
        """The user heading this unit: its manager's, or the nearest parent's."""
        self.ensure_one()
        department = self.sudo()
        while department:
            if department.manager_id.user_id:
                return department.manager_id.user_id.sudo(False)
            department = department.parent_id
        return self.env["res.users"]

    def write(self, vals):
        result = super().write(vals)
        if {"manager_id", "parent_id"} & set(vals):
            # Unit heads' record rules read these: drop the cached rule domains.
            self.env.registry.clear_cache()
        return result
