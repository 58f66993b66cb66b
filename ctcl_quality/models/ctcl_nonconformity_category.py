from odoo import fields, models


class CtclNonconformityCategory(models.Model):
    _name = "ctcl.nonconformity.category"
    _inherit = ["ctcl.reference.guard"]
    _description = "Content category of nonconformities (QT.CTCL 5.2.2)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(
        translate=True,
        help="Which nonconformities belong here. Records of the same unit with "
        "the same category count towards the recurrence rule.",
    )
    company_id = fields.Many2one(
        "res.company",
        ondelete="restrict",
        help="Leave empty to share the category between all agencies.",
    )
    nonconformity_count = fields.Integer(compute="_compute_nonconformity_count")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A content category with this name already exists.",
        )
    ]

    def _compute_nonconformity_count(self):
        counts = dict(
            self.env["ctcl.nonconformity"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.nonconformity_count = counts.get(category, 0)
