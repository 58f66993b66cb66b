from odoo import api, models


class ReportCtclNonconformity(models.AbstractModel):
    """BM.CTCL.01 of a nonconformity reported to the unit head (QT.CTCL 5.1.1)."""

    _name = "report.ctcl_quality.report_ctcl_nonconformity"
    _description = "Nonconformity report on BM.CTCL.01"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["ctcl.nonconformity"].browse(docids)
        # The reader's rights first: a record one cannot read is not printed,
        # nor is its state told.
        docs.check_access("read")
        docs._ctcl_check_printable()
        return {
            "doc_ids": docs.ids,
            "doc_model": docs._name,
            "docs": docs,
            "reported_dates": {doc.id: doc._ctcl_reported_date() for doc in docs},
        }
