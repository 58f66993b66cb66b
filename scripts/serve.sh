#!/usr/bin/env bash
# Start ctcl_quality locally: (re)create the database $CTCL_DB (default
# ctcl_demo) with demo data and Vietnamese, ctcl_quality_dashboard and Odoo's
# Dashboards app included, then serve it at
# http://localhost:8069 (login admin / password admin).
#
# Environment variables: CTCL_DB, ODOO_PATH, ODOO_PYTHON, ODOO_DB_USER,
# CTCL_HTTP_INTERFACE (default 127.0.0.1), CTCL_HTTP_PORT (default 8069).
# Extra arguments are passed to the Odoo server, e.g. --dev=xml.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CTCL_REPO_ROOT"

DB="${CTCL_DB:-ctcl_demo}"
HTTP_INTERFACE="${CTCL_HTTP_INTERFACE:-127.0.0.1}"
HTTP_PORT="${CTCL_HTTP_PORT:-8069}"
DATA_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/Odoo"

find_python
find_odoo || die "no Odoo 18 found ($ODOO_NOT_FOUND_REASON): set ODOO_PATH to an Odoo 18 source tree or make the odoo package importable"
[[ -f "$CTCL_ADDON/__manifest__.py" ]] || die "$CTCL_ADDON/__manifest__.py not found"
# A multi-worker server runs a gevent process for the live updates.
if [[ " $* " =~ \ --workers[=\ ]*[1-9] ]]; then
    check_gevent
fi
ensure_db_role

CONF="$(mktemp "${TMPDIR:-/tmp}/ctcl_serve.XXXXXX.conf")"
trap 'rm -f "$CONF"' EXIT
write_odoo_conf "$CONF" "$DB" "$DATA_DIR"

if db_exists "$DB"; then
    log "database $DB exists: dropping it"
    drop_db "$DB" "$DATA_DIR"
fi

log "creating $DB: installing $(addons_csv) with demo data and vi_VN (Odoo $ODOO_VERSION)"
"${ODOO_CMD[@]}" -c "$CONF" -d "$DB" -i "$(addons_csv)" --load-language=vi_VN \
    --stop-after-init

log "serving $DB at http://localhost:$HTTP_PORT (login admin / admin); Ctrl-C stops"
"${ODOO_CMD[@]}" -c "$CONF" -d "$DB" --http-port "$HTTP_PORT" \
    --http-interface "$HTTP_INTERFACE" --db-filter "^$DB\$" "$@"
