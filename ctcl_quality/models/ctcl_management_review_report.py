from odoo import api, models


class ReportCtclManagementReviewMinutes(models.AbstractModel):
    """Values of the review printouts: each belongs to one form of review and
    is refused for the other, whatever the path (Print menu, URL, RPC).

    The minutes BM.CTCL.02 are the meeting's (QT.CTCL 5.8.1); the QMS
    operating report and the notice of results are the report form's (5.8.2).
    """

    _name = "report.ctcl_quality.report_ctcl_management_review_minutes"
    _description = "Management review minutes (BM.CTCL.02)"

    _ctcl_review_form = "meeting"

    def _ctcl_printout_name(self):
        return self.env._("The minutes BM.CTCL.02")

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["ctcl.management.review"].browse(docids)
        docs._ctcl_check_printable(self._ctcl_review_form, self._ctcl_printout_name())
        return {
            "doc_ids": docs.ids,
            "doc_model": docs._name,
            "docs": docs,
            "data": data,
        }


class ReportCtclManagementReviewOperating(models.AbstractModel):
    _name = "report.ctcl_quality.report_ctcl_management_review_operating"
    _inherit = "report.ctcl_quality.report_ctcl_management_review_minutes"
    _description = "QMS operating report"

    _ctcl_review_form = "report"

    def _ctcl_printout_name(self):
        return self.env._("The QMS operating report")


class ReportCtclManagementReviewNotice(models.AbstractModel):
    _name = "report.ctcl_quality.report_ctcl_management_review_notice"
    _inherit = "report.ctcl_quality.report_ctcl_management_review_minutes"
    _description = "Notice of management review results"

    _ctcl_review_form = "report"

    def _ctcl_printout_name(self):
        return self.env._("The notice of results")
