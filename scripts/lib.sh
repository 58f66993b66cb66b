# shellcheck shell=bash
# Shared helpers for the ctcl_quality scripts. Source it, don't run it:
#   source "$(dirname "$0")/lib.sh"
#
# Environment variables:
#   ODOO_PATH     an Odoo 18.0 source tree (holding odoo-bin, odoo/, addons/);
#                 when unset, Odoo must be importable as the `odoo` package.
#   ODOO_PYTHON   the python interpreter to use (default: python3).
#   ODOO_DB_USER  the PostgreSQL role Odoo connects as (default: odoo).

CTCL_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CTCL_ADDON=ctcl_quality
# The bridge to Odoo's Dashboards app (spreadsheet_dashboard): installed and
# tested with the addon; it brings spreadsheet_dashboard in.
CTCL_DASHBOARD_ADDON=ctcl_quality_dashboard
CTCL_ADDONS=("$CTCL_ADDON" "$CTCL_DASHBOARD_ADDON")
ODOO_PYTHON="${ODOO_PYTHON:-python3}"
ODOO_DB_USER="${ODOO_DB_USER:-odoo}"

log() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

# find_python: check that $ODOO_PYTHON runs; sets ODOO_PYTHON to its full path.
find_python() {
    local py
    py="$(command -v "$ODOO_PYTHON" 2>/dev/null)" ||
        die "python interpreter '$ODOO_PYTHON' not found (set ODOO_PYTHON)"
    "$py" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
        die "$py is older than Python 3.10"
    ODOO_PYTHON="$py"
}

# find_odoo: locate Odoo 18. On success returns 0 and sets
#   ODOO_CMD          array: the command that runs the Odoo server
#   ODOO_ADDONS_DIRS  comma-separated list of Odoo's own addons directories
#   ODOO_VERSION      e.g. 18.0
# and, when ODOO_PATH is used, prepends it to PYTHONPATH (pytest-odoo imports
# `odoo` in-process). On failure returns 1 and sets ODOO_NOT_FOUND_REASON.
find_odoo() {
    local info pkg_dir
    ODOO_CMD=()
    ODOO_ADDONS_DIRS=""
    ODOO_NOT_FOUND_REASON=""
    if [[ -n "${ODOO_PATH:-}" ]]; then
        if [[ ! -f "$ODOO_PATH/odoo-bin" || ! -d "$ODOO_PATH/odoo" ]]; then
            ODOO_NOT_FOUND_REASON="ODOO_PATH=$ODOO_PATH has no odoo-bin and odoo/"
            return 1
        fi
        ODOO_PATH="$(cd "$ODOO_PATH" && pwd)"
        export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
    fi
    # Prints: major version, version string, directory of the odoo package,
    # the `odoo` script pip installs with Odoo.
    if ! info="$("$ODOO_PYTHON" -c '
import os, sysconfig
from odoo import release
import odoo
print(release.version_info[0])
print(release.version)
print(os.path.dirname(os.path.abspath(odoo.__file__)))
print(os.path.join(sysconfig.get_path("scripts"), "odoo"))
' 2>/dev/null)"; then
        ODOO_NOT_FOUND_REASON="'$ODOO_PYTHON' cannot import odoo"
        return 1
    fi
    if [[ "$(sed -n 1p <<<"$info")" != 18 ]]; then
        ODOO_NOT_FOUND_REASON="found Odoo $(sed -n 2p <<<"$info"), need 18.0"
        return 1
    fi
    ODOO_VERSION="$(sed -n 2p <<<"$info")"
    pkg_dir="$(sed -n 3p <<<"$info")"
    # A script, not `python -m odoo`: a multi-worker server starts its gevent
    # process as `python <sys.argv[0]> gevent`, and odoo/__main__.py cannot
    # run as a script (relative import), so that process would die at start
    # and be respawned without end.
    if [[ -n "${ODOO_PATH:-}" ]]; then
        ODOO_CMD=("$ODOO_PYTHON" "$ODOO_PATH/odoo-bin")
    elif [[ -f "$pkg_dir/../odoo-bin" ]]; then
        ODOO_CMD=("$ODOO_PYTHON" "$(cd "$pkg_dir/.." && pwd)/odoo-bin")
    elif [[ -f "$(sed -n 4p <<<"$info")" ]]; then
        ODOO_CMD=("$ODOO_PYTHON" "$(sed -n 4p <<<"$info")")
    elif [[ -f "$pkg_dir/__main__.py" ]]; then
        ODOO_CMD=("$ODOO_PYTHON" -m odoo)
    else
        ODOO_NOT_FOUND_REASON="the odoo package in $pkg_dir has no __main__.py"
        return 1
    fi
    if [[ -d "$pkg_dir/../addons" ]]; then
        ODOO_ADDONS_DIRS="$(cd "$pkg_dir/../addons" && pwd)"
    fi
    if [[ -d "$pkg_dir/addons" ]]; then
        ODOO_ADDONS_DIRS="${ODOO_ADDONS_DIRS:+$ODOO_ADDONS_DIRS,}$pkg_dir/addons"
    fi
    return 0
}

# check_gevent: fail when gevent cannot start the way the longpolling process
# of a multi-worker server starts it (see constraints.txt for the usual cause).
check_gevent() {
    local err
    if [[ "${ODOO_CMD[1]}" == -m ]]; then
        die "a multi-worker server needs odoo-bin or the odoo script, not" \
            "'python -m odoo' (found neither): set ODOO_PATH to the Odoo source tree"
    fi
    if ! err="$("$ODOO_PYTHON" -c 'import gevent.monkey; gevent.monkey.patch_all()' 2>&1)"; then
        printf '%s\n' "$err" | tail -n 1 >&2
        die "gevent cannot start: the --workers server would respawn its gevent process" \
            "without end. Fix: $ODOO_PYTHON -m pip install 'zope.event<5.1'" \
            "'zope.interface<8' (README.md, \"Multi-worker server\")"
    fi
}

# addons_path: Odoo's addons directories plus the repository root (which
# holds ctcl_quality/), comma-separated as Odoo expects.
addons_path() {
    printf '%s\n' "${ODOO_ADDONS_DIRS:+$ODOO_ADDONS_DIRS,}$CTCL_REPO_ROOT"
}

# psql_admin ARGS...: run psql as the postgres superuser over the local socket.
psql_admin() {
    psql -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres "$@"
}

# ensure_db_role: create the ODOO_DB_USER role when missing (idempotent).
ensure_db_role() {
    command -v psql >/dev/null || die "psql not found: install PostgreSQL client"
    if ! pg_isready -q 2>/dev/null; then
        die "PostgreSQL is not accepting connections on the local socket"
    fi
    [[ "$ODOO_DB_USER" == postgres ]] &&
        die "Odoo refuses to connect as 'postgres': set ODOO_DB_USER to another role"
    local exists
    exists="$(psql_admin -Atc "SELECT 1 FROM pg_roles WHERE rolname = '$ODOO_DB_USER'")"
    if [[ "$exists" != 1 ]]; then
        log "creating PostgreSQL role $ODOO_DB_USER"
        psql_admin -c "CREATE ROLE \"$ODOO_DB_USER\" LOGIN CREATEDB"
    fi
}

# db_exists DB: 0 when the database exists.
db_exists() {
    [[ "$(psql_admin -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")" == 1 ]]
}

# drop_db DB [DATA_DIR]: drop the database (and its filestore under DATA_DIR).
drop_db() {
    local db="$1" data_dir="${2:-}"
    psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null || true
    if [[ -n "$data_dir" && -d "$data_dir/filestore/$db" ]]; then
        rm -rf "${data_dir:?}/filestore/$db"
    fi
}

# write_odoo_conf FILE DB DATA_DIR: write an Odoo config file for database DB.
write_odoo_conf() {
    local file="$1" db="$2" data_dir="$3"
    cat >"$file" <<CONF
[options]
db_name = $db
db_user = $ODOO_DB_USER
db_password = False
db_host =
db_port = False
addons_path = $(addons_path)
data_dir = $data_dir
http_interface = 127.0.0.1
without_demo = False
log_level = info
logfile =
CONF
}

# addons_csv: the repository's addons, comma-separated (for -i and --test-tags
# lists, prefix each with / for the latter).
addons_csv() {
    local IFS=,
    printf '%s\n' "${CTCL_ADDONS[*]}"
}

# now_s: seconds since the epoch, with fractions.
now_s() { date +%s.%N; }

# elapsed START: seconds since START, one decimal.
elapsed() { awk -v s="$1" -v e="$(now_s)" 'BEGIN { printf "%.1f", e - s }'; }

# throwaway_db PREFIX: find Odoo and the role, then set DB (PREFIX_<pid>),
# WORK_DIR and CONF (an Odoo config for DB); both are removed on exit.
throwaway_db() {
    find_python
    find_odoo || die "no Odoo 18 found: $ODOO_NOT_FOUND_REASON"
    ensure_db_role
    DB="$1_$$"
    WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
    CONF="$WORK_DIR/odoo.conf"
    # shellcheck disable=SC2064  # expand now: the values are fixed
    trap "drop_db '$DB' '$WORK_DIR/data'; rm -rf '$WORK_DIR'" EXIT
    write_odoo_conf "$CONF" "$DB" "$WORK_DIR/data"
}
