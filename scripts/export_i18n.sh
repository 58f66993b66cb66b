#!/usr/bin/env bash
# Export ctcl_quality/i18n/ctcl_quality.pot and refresh i18n/vi.po from Odoo.
# vi.po keeps its translations; new terms come out with an empty msgstr, which
# the static tests (tests/test_addon_static.py) then report until translated.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CTCL_REPO_ROOT"
throwaway_db ctcl_i18n
I18N="$CTCL_ADDON/i18n"
# Without demo data: its records are examples, not terms to translate.
"${ODOO_CMD[@]}" -c "$CONF" -d "$DB" -i "$CTCL_ADDON" --without-demo=all \
    --load-language=vi_VN --stop-after-init --log-level=warn
"${ODOO_CMD[@]}" -c "$CONF" -d "$DB" --modules="$CTCL_ADDON" \
    --i18n-export="$I18N/$CTCL_ADDON.pot" --stop-after-init --log-level=warn
# Odoo reads the code terms' translations from i18n/vi.po while it exports:
# write elsewhere first, so that file is not truncated before it is read.
"${ODOO_CMD[@]}" -c "$CONF" -d "$DB" --modules="$CTCL_ADDON" -l vi_VN \
    --i18n-export="$WORK_DIR/vi.po" --stop-after-init --log-level=warn
# Odoo leaves out translations equal to their source ("ID"): keep those.
"$ODOO_PYTHON" - "$WORK_DIR/vi.po" "$I18N/vi.po" <<'PY'
import sys

import polib

new, old = polib.pofile(sys.argv[1]), polib.pofile(sys.argv[2])
same = {e.msgid for e in old if e.msgstr and e.msgstr == e.msgid}
for entry in new:
    if not entry.msgstr and entry.msgid in same:
        entry.msgstr = entry.msgid
new.metadata.update({"Language": "vi", "Plural-Forms": "nplurals=1; plural=0;"})
new.save(sys.argv[2])
PY
log "exported $I18N/$CTCL_ADDON.pot and $I18N/vi.po"
