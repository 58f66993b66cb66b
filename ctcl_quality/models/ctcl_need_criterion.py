from odoo import fields, models


class CtclNeedCriterion(models.Model):
    _name = "ctcl.need.criterion"
    _inherit = ["ctcl.reference.guard"]
    _description = "Criterion for the need of action (QT.CTCL 5.2.2)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
