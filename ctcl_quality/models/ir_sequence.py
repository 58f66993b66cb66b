from odoo import models
from odoo.tools import SQL


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _create_date_range_seq(self, date):
        """Serialize the creation of a QT.CTCL yearly range.

        Two transactions numbering the first document of a year would each
        create the range and take number 1; the second then fails on the
        unique number. Updating the sequence row first makes the later one
        wait for the first, then fail to serialize: Odoo replays its request,
        which finds the range and takes the next number.
        """
        if self.code and self.code.startswith("ctcl."):
            self.env.cr.execute(
                SQL(
                    "UPDATE ir_sequence SET write_date = write_date WHERE id = %s",
                    self.id,
                )
            )
        return super()._create_date_range_seq(date)
