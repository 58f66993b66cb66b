import functools
import math
import subprocess
import textwrap

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


# Where a two-line agency name breaks, best first: before the place (the
# administrative unit), then before "and".
_HEADER_BREAKS = (
    ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "THỊ TRẤN", "XÃ", "PHƯỜNG"),
    ("VÀ",),
)


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

    @api.model
    def _ctcl_header_lines(self, name, limit):
        """The lines an agency name (uppercase) prints on in the header: one
        when it has at most ``limit`` characters (what its column holds), else
        two, broken before the place ("ỦY BAN NHÂN DÂN" / "TỈNH LÂM ĐỒNG") or
        a "VÀ", else where the lines are most even. Each line prints unbroken:
        a name never splits where the column happens to run out ("MÔI /
        TRƯỜNG")."""
        text = " ".join((name or "").split())
        if len(text) <= limit:
            return [text] if text else []
        words = text.split(" ")
        splits = [
            (" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))
        ]
        fitting = [s for s in splits if max(map(len, s)) <= limit]
        if fitting:

            def rank(split):
                first, second = split
                before = next(
                    (
                        order
                        for order, starts in enumerate(_HEADER_BREAKS)
                        if any(f"{second} ".startswith(f"{w} ") for w in starts)
                    ),
                    len(_HEADER_BREAKS),
                )
                return before, abs(len(first) - len(second))

            return list(min(fitting, key=rank))
        count = math.ceil(len(text) / limit)
        width = math.ceil(len(text) / count)
        while True:
            lines = textwrap.wrap(text, width, break_long_words=False)
            if len(lines) <= count:
                return lines
            width += 1
