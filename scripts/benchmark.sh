#!/usr/bin/env bash
# Measure ctcl_quality at scale on a throwaway database (no demo data).
# Sizes: CTCL_BENCH_UNITS (40), CTCL_BENCH_STAFF per unit (5),
# CTCL_BENCH_REQUESTS (20000). Needs Odoo 18 and PostgreSQL like scripts/test.sh.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CTCL_REPO_ROOT"
find_python
find_odoo || die "no Odoo 18 found: $ODOO_NOT_FOUND_REASON"
ensure_db_role
DB="ctcl_bench_$$"
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ctcl_bench.XXXXXX")"
trap 'drop_db "$DB" "$WORK_DIR/data"; rm -rf "$WORK_DIR"' EXIT
write_odoo_conf "$WORK_DIR/odoo.conf" "$DB" "$WORK_DIR/data"
log "installing ctcl_quality without demo data in $DB"
"${ODOO_CMD[@]}" -c "$WORK_DIR/odoo.conf" -d "$DB" -i "$CTCL_ADDON" --without-demo=all \
    --stop-after-init --log-level=warn
log "measuring"
"${ODOO_CMD[@]}" shell -c "$WORK_DIR/odoo.conf" -d "$DB" --no-http --log-level=warn \
    <scripts/benchmark.py
