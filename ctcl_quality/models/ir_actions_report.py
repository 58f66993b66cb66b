import functools
import subprocess

from odoo import api, models

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin


@functools.cache
def _wkhtmltopdf_has_patched_qt():
    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True  # no binary: nothing is printed anyway
    return "patched qt" in version


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _ctcl_page_style(self):
        """CSS that keeps the QT.CTCL forms at their real type sizes.

        wkhtmltopdf built on unpatched Qt (as Debian ships it) prints every
        page at about 3/4 of its size and ignores --zoom and
        --disable-smart-shrinking; the forms must print 13-14 pt
        (Nghị định 30/2020/NĐ-CP), so they scale themselves back there.
        """
        return "" if _wkhtmltopdf_has_patched_qt() else "zoom: 1.333;"
