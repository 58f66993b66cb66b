from odoo import fields, models


class CtclSource(models.Model):
    _name = "ctcl.source"
    _inherit = ["ctcl.reference.guard"]
    _description = "Source of a nonconformity or request (QT.CTCL 5.1.2)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
