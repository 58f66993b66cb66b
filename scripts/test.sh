#!/usr/bin/env bash
# Run every check of the ctcl_quality repository:
#   1. install the Python tools the checks need (when missing),
#   2. static checks that need no Odoo: ruff, ruff format, pylint-odoo, tests/,
#   3. when Odoo 18 is found: install ctcl_quality (demo data + Vietnamese) in
#      a throwaway database, fail on any WARNING/ERROR/CRITICAL log line, then
#      run the addon's Odoo tests (ctcl_quality/tests) with pytest-odoo.
# Exit status: 0 only when every phase that ran passed.
set -uo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CTCL_REPO_ROOT" || exit 1

PHASES=()
FAILED=0

# phase NAME CMD...: run CMD, record its result and duration.
phase() {
    local name="$1" start rc
    shift
    log "$name"
    start="$(now_s)"
    "$@"
    rc=$?
    if [[ $rc -eq 0 ]]; then
        PHASES+=("ok      $(elapsed "$start")s  $name")
    else
        PHASES+=("FAILED  $(elapsed "$start")s  $name (exit $rc)")
        FAILED=1
    fi
    return $rc
}

summary() {
    echo
    echo "---- summary ----"
    printf '%s\n' "${PHASES[@]}"
}

find_python

# ---------------------------------------------------------------- 1. tools
install_tools() {
    local missing=() spec
    # "<import name>=<pip name>"
    for spec in ruff=ruff pylint_odoo=pylint-odoo pytest=pytest \
        pytest_odoo=pytest-odoo polib=polib lxml=lxml websocket=websocket-client; do
        if ! "$ODOO_PYTHON" -c "import importlib.util, sys; \
sys.exit(importlib.util.find_spec('${spec%%=*}') is None)" 2>/dev/null; then
            missing+=("${spec#*=}")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        echo "all present"
        return 0
    fi
    echo "installing: ${missing[*]}"
    "$ODOO_PYTHON" -m pip install -q --disable-pip-version-check "${missing[@]}"
}
phase "python tools" install_tools || {
    summary
    die "could not install the Python tools"
}

# ---------------------------------------------------------------- 2. static
py_targets() {
    local d
    for d in "$CTCL_ADDON" tests scripts; do
        [[ -d "$d" ]] && printf '%s\n' "$d"
    done
}
mapfile -t PY_TARGETS < <(py_targets)

addon_present() {
    if [[ ! -f "$CTCL_ADDON/__manifest__.py" ]]; then
        echo "$CTCL_ADDON/__manifest__.py not found: the addon is missing"
        return 1
    fi
}

phase "addon folder $CTCL_ADDON/" addon_present
ADDON_OK=$?
phase "ruff check" "$ODOO_PYTHON" -m ruff check "${PY_TARGETS[@]}"
phase "ruff format --check" "$ODOO_PYTHON" -m ruff format --check "${PY_TARGETS[@]}"
if [[ $ADDON_OK -eq 0 ]]; then
    phase "pylint-odoo" "$ODOO_PYTHON" -m pylint --rcfile=.pylintrc "$CTCL_ADDON"
fi
# -p no:odoo: pytest-odoo imports odoo at load time; these tests need no Odoo.
phase "static tests (pytest tests/)" \
    env -u ODOO_RC -u OPENERP_SERVER "$ODOO_PYTHON" -m pytest -q \
    -p no:odoo -p no:cacheprovider tests
STATIC_FAILED=$FAILED

# ---------------------------------------------------------------- 3. Odoo
if ! find_odoo; then
    summary
    if [[ -n "${ODOO_PATH:-}" ]]; then
        # An explicit ODOO_PATH that does not work is a setup error, not a skip.
        echo
        echo "FAILED: ODOO_PATH is set but unusable: $ODOO_NOT_FOUND_REASON"
        exit 1
    fi
    echo
    echo "SKIPPED: Odoo tests — no Odoo 18 found ($ODOO_NOT_FOUND_REASON;" \
        "set ODOO_PATH to an Odoo 18 source tree or make the odoo package importable)"
    exit "$STATIC_FAILED"
fi
log "Odoo $ODOO_VERSION: ${ODOO_CMD[*]}"

if [[ $ADDON_OK -ne 0 ]]; then
    summary
    echo
    echo "FAILED: Odoo tests not run — the addon $CTCL_ADDON/ is missing"
    exit 1
fi

ensure_db_role
DB="ctcl_test_$$"
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ctcl_test.XXXXXX")"
CONF="$WORK_DIR/odoo.conf"
INSTALL_LOG="$WORK_DIR/install.log"
cleanup() {
    drop_db "$DB" "$WORK_DIR/data"
    rm -rf "$WORK_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
write_odoo_conf "$CONF" "$DB" "$WORK_DIR/data"

LOG_LINE_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8},[0-9]{3} [0-9]+ (WARNING|ERROR|CRITICAL) '

install_addon() {
    local rc bad
    echo "database $DB, log $INSTALL_LOG"
    "${ODOO_CMD[@]}" -c "$CONF" -d "$DB" -i "$CTCL_ADDON" \
        --load-language=vi_VN --stop-after-init >"$INSTALL_LOG" 2>&1
    rc=$?
    bad="$(grep -E "$LOG_LINE_RE" "$INSTALL_LOG")"
    if [[ $rc -ne 0 ]]; then
        echo "Odoo exited with status $rc; last lines of the log:"
        tail -n 40 "$INSTALL_LOG"
        return 1
    fi
    if [[ -n "$bad" ]]; then
        echo "the install log has WARNING/ERROR/CRITICAL lines:"
        printf '%s\n' "$bad"
        return 1
    fi
    if ! db_exists "$DB" || ! psql_admin -d "$DB" -Atc \
        "SELECT 1 FROM ir_module_module WHERE name = '$CTCL_ADDON' AND state = 'installed'" |
        grep -qx 1; then
        echo "$CTCL_ADDON is not installed in $DB; last lines of the log:"
        tail -n 40 "$INSTALL_LOG"
        return 1
    fi
    echo "installed cleanly ($(grep -cE '^[0-9]{4}-' "$INSTALL_LOG") log lines, none above INFO)"
}

odoo_tests() {
    local rc
    if [[ ! -d "$CTCL_ADDON/tests" ]]; then
        echo "$CTCL_ADDON/tests/ not found: the addon has no Odoo tests"
        return 1
    fi
    # -p pytest_ctcl_odoo (scripts/): silences one harmless Odoo 18 ERROR line.
    env -u ODOO_RC -u OPENERP_SERVER \
        PYTHONPATH="$CTCL_REPO_ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}" \
        "$ODOO_PYTHON" -m pytest -q -p no:cacheprovider -p pytest_ctcl_odoo \
        --odoo-config="$CONF" --odoo-database="$DB" --odoo-log-level=warn \
        --odoo-http "$CTCL_ADDON/tests"
    rc=$?
    if [[ $rc -eq 5 ]]; then
        echo "pytest collected no tests in $CTCL_ADDON/tests: counted as a failure"
        return 1
    fi
    return $rc
}

if phase "install $CTCL_ADDON (demo data, vi_VN)" install_addon; then
    phase "Odoo tests (pytest-odoo $CTCL_ADDON/tests)" odoo_tests
else
    PHASES+=("SKIPPED        Odoo tests (the install failed)")
fi

summary
if [[ $FAILED -ne 0 ]]; then
    echo "FAILED"
    exit 1
fi
echo "ALL CHECKS PASSED"
