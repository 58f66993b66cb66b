from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # The merge moves the references in SQL, then deletes the merged
        # contacts: the deletion guard (ctcl.reference.guard) would find
        # nothing left. A contact QT.CTCL records or their history name is
        # refused as its deletion would be, before anything moves.
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if dst_partner and dst_partner in partners:
            merged = partners - dst_partner
        else:
            merged = self._get_ordered_partner(partners.ids)[:-1]
        merged._unlink_except_referred_by_ctcl()
        return super()._merge(partner_ids, dst_partner, extra_checks=extra_checks)
