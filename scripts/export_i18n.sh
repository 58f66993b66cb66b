#!/usr/bin/env bash
# Export ctcl_quality/i18n/ctcl_quality.pot and refresh i18n/vi.po from Odoo.
# vi.po keeps its translations; new terms come out with an empty msgstr, which
# the static tests (tests/test_addon_static.py) then report until translated.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CTCL_REPO_ROOT"
find_python
find_odoo || die "no Odoo 18 found: $ODOO_NOT_FOUND_REASON"
ensure_db_role
DB="ctcl_i18n_$$"
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ctcl_i18n.XXXXXX")"
trap 'drop_db "$DB" "$WORK_DIR/data"; rm -rf "$WORK_DIR"' EXIT
write_odoo_conf "$WORK_DIR/odoo.conf" "$DB" "$WORK_DIR/data"
I18N="$CTCL_ADDON/i18n"
# Without demo data: its records are examples, not terms to translate.
"${ODOO_CMD[@]}" -c "$WORK_DIR/odoo.conf" -d "$DB" -i "$CTCL_ADDON" --without-demo=all \
    --load-language=vi_VN --stop-after-init --log-level=warn
"${ODOO_CMD[@]}" -c "$WORK_DIR/odoo.conf" -d "$DB" --modules="$CTCL_ADDON" \
    --i18n-export="$I18N/$CTCL_ADDON.pot" --stop-after-init --log-level=warn
# Odoo reads the code terms' translations from i18n/vi.po while it exports:
# write elsewhere first, so that file is not truncated before it is read.
"${ODOO_CMD[@]}" -c "$WORK_DIR/odoo.conf" -d "$DB" --modules="$CTCL_ADDON" -l vi_VN \
    --i18n-export="$WORK_DIR/vi.po" --stop-after-init --log-level=warn
mv "$WORK_DIR/vi.po" "$I18N/vi.po"
"$ODOO_PYTHON" - "$I18N/vi.po" <<'PY'
import sys

import polib

po = polib.pofile(sys.argv[1])
po.metadata.update({"Language": "vi", "Plural-Forms": "nplurals=1; plural=0;"})
po.save()
PY
log "exported $I18N/$CTCL_ADDON.pot and $I18N/vi.po"
