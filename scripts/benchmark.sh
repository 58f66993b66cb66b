#!/usr/bin/env bash
# Measure ctcl_quality at scale on a throwaway database (no demo data).
# Sizes: CTCL_BENCH_UNITS (40), CTCL_BENCH_STAFF per unit (5),
# CTCL_BENCH_REQUESTS (20000). Needs Odoo 18 and PostgreSQL like scripts/test.sh.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CTCL_REPO_ROOT"
throwaway_db ctcl_bench
log "installing ctcl_quality without demo data in $DB"
"${ODOO_CMD[@]}" -c "$CONF" -d "$DB" -i "$CTCL_ADDON" --without-demo=all \
    --stop-after-init --log-level=warn
log "measuring"
"${ODOO_CMD[@]}" shell -c "$CONF" -d "$DB" --no-http --log-level=warn \
    <scripts/benchmark.py
