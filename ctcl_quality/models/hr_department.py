from odoo import api, models
from odoo.exceptions import UserError


class HrDepartment(models.Model):
    _inherit = "hr.department"

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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_ctcl_records(self):
        Request = self.env["ctcl.action.request"].sudo().with_context(active_test=False)
        if Request.search_count(
            [
                "|",
                ("requesting_department_id", "in", self.ids),
                ("implementing_department_id", "in", self.ids),
            ],
            limit=1,
        ):
            raise UserError(
                self.env._(
                    "These units have quality records that are "
                    "kept; archive them instead."
                )
            )
