"""pytest plugin loaded by scripts/test.sh next to pytest-odoo.

pytest-odoo imports ``odoo.tests`` before it turns Odoo's ``test_enable`` on
(turning it on globally would make Odoo run every module's at_install tests
while loading the registry). Odoo 18 then logs a harmless ERROR with a stack
trace ("Importing test framework, avoid importing from business modules ...").
This plugin drops that one record; every other log record is kept.
"""

import logging

_NOISE = "Importing test framework, avoid importing from business modules"


class _DropTestFrameworkImportError(logging.Filter):
    def filter(self, record):
        return not (
            record.levelno == logging.ERROR and str(record.msg).startswith(_NOISE)
        )


logging.getLogger("odoo.tests.common").addFilter(_DropTestFrameworkImportError())
