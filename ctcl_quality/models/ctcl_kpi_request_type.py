from odoo import api, fields, models
from odoo.tools import SQL

# The type of a request (box 1 of BM.CTCL.01) as a row: the options of the
# selection field, with their translated labels, so that figures can be
# filtered by type like by unit (a dashboard filter picks records).
REQUEST_TYPE_SQL = SQL(
    """
    SELECT s.id, s.value AS code, s.name, s.sequence
      FROM ir_model_fields_selection s
      JOIN ir_model_fields f ON f.id = s.field_id
     WHERE f.model = 'ctcl.action.request' AND f.name = 'request_type'
    """
)


class CtclKpiRequestType(models.Model):
    _name = "ctcl.kpi.request.type"
    _inherit = ["ctcl.kpi.mixin"]
    _auto = False
    _description = "Action request type"
    _order = "sequence, id"
    _depends = {"ir.model.fields.selection": ["field_id", "value", "name", "sequence"]}

    name = fields.Char(string="Type", translate=True, readonly=True)
    code = fields.Char(readonly=True)
    sequence = fields.Integer(readonly=True)

    @api.model
    def _ctcl_kpi_query(self):
        return REQUEST_TYPE_SQL
