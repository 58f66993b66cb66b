from odoo import api, fields, models


class ResUsers(models.Model):
    _name = "res.users"
    _inherit = ["res.users", "ctcl.reference.guard"]

    # Read by the record rules (user.ctcl_department_ids.ids, ...).
    ctcl_department_ids = fields.Many2many(
        "hr.department", compute="_compute_ctcl_departments", string="Quality units"
    )
    ctcl_managed_department_ids = fields.Many2many(
        "hr.department",
        compute="_compute_ctcl_departments",
        string="Quality units headed",
    )

    @api.depends("employee_ids.department_id")
    def _compute_ctcl_departments(self):
        Department = self.env["hr.department"].sudo()
        for user in self:
            employees = user.sudo().employee_ids
            user.ctcl_department_ids = employees.department_id
            user.ctcl_managed_department_ids = (
                Department.search([("manager_id", "in", employees.ids)])
                if employees
                else Department
            )

    def _ctcl_heads(self, department):
        """Is this user a unit head whose unit tree contains ``department``?"""
        self.ensure_one()
        if not department or not self.has_group("ctcl_quality.group_ctcl_unit_head"):
            return False
        ancestors = {int(i) for i in department.sudo().parent_path.split("/") if i}
        return bool(ancestors & set(self.ctcl_managed_department_ids.ids))
