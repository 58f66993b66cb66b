#!/usr/bin/env bash
# Run every check of the ctcl_quality repository:
#   1. install the Python tools the checks need (when missing),
#   2. static checks that need no Odoo: ruff, ruff format, pylint-odoo, OCA's
#      checks, prettier (XML), tests/ (manifestoo included),
#   3. when Odoo 18 is found: Odoo's own test runner (odoo-bin --test-enable)
#      installs ctcl_quality and ctcl_quality_dashboard (with Odoo's
#      spreadsheet_dashboard) in a fresh throwaway database without demo data
#      or Vietnamese and runs every test of both; then install them (demo
#      data + Vietnamese) in another throwaway database, fail on any
#      WARNING/ERROR/CRITICAL log line, and run their Odoo tests
#      (<addon>/tests) there with pytest-odoo.
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
        pytest_odoo=pytest-odoo polib=polib lxml=lxml websocket=websocket-client \
        manifestoo=manifestoo; do
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
    for d in "${CTCL_ADDONS[@]}" tests scripts; do
        [[ -d "$d" ]] && printf '%s\n' "$d"
    done
}
mapfile -t PY_TARGETS < <(py_targets)

addon_present() {
    local addon
    for addon in "${CTCL_ADDONS[@]}"; do
        if [[ ! -f "$addon/__manifest__.py" ]]; then
            echo "$addon/__manifest__.py not found: the addon is missing"
            return 1
        fi
    done
}

phase "addon folders ${CTCL_ADDONS[*]}" addon_present
ADDON_OK=$?
phase "ruff check" "$ODOO_PYTHON" -m ruff check "${PY_TARGETS[@]}"
phase "ruff format --check" "$ODOO_PYTHON" -m ruff format --check "${PY_TARGETS[@]}"
if [[ $ADDON_OK -eq 0 ]]; then
    phase "pylint-odoo" "$ODOO_PYTHON" -m pylint --rcfile=.pylintrc "${CTCL_ADDONS[@]}"
    # Both install their tool into .cache/ when missing (PyPI, npm registry).
    phase "OCA checks (oca-checks-odoo-module, oca-checks-po)" \
        bash scripts/oca_checks.sh
    phase "prettier --check (XML)" bash scripts/prettier.sh --check
fi
# -p no:odoo: pytest-odoo imports odoo at load time; these tests need no Odoo.
for static_addon in "${CTCL_ADDONS[@]}"; do
    phase "static tests (pytest tests/, $static_addon)" \
        env -u ODOO_RC -u OPENERP_SERVER CTCL_ADDON_DIR="$static_addon" \
        "$ODOO_PYTHON" -m pytest -q -p no:odoo -p no:cacheprovider tests
done
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
    echo "FAILED: Odoo tests not run — an addon of ${CTCL_ADDONS[*]} is missing"
    exit 1
fi

ensure_db_role
DB="ctcl_test_$$"
RUNNER_DB="ctcl_runner_$$"
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ctcl_test.XXXXXX")"
CONF="$WORK_DIR/odoo.conf"
RUNNER_CONF="$WORK_DIR/runner.conf"
INSTALL_LOG="$WORK_DIR/install.log"
RUNNER_LOG="$WORK_DIR/runner.log"
KEPT_RUNNER_LOG="${TMPDIR:-/tmp}/ctcl_runner.$$.log"
cleanup() {
    drop_db "$RUNNER_DB" "$WORK_DIR/runner-data"
    drop_db "$DB" "$WORK_DIR/data"
    rm -rf "$WORK_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# The tests start Odoo's HTTP server (tours, PDFs): on a free port, not on
# 8069 where a running server may already listen.
HTTP_PORT="${CTCL_HTTP_PORT:-$("$ODOO_PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')}"
write_odoo_conf "$CONF" "$DB" "$WORK_DIR/data"
write_odoo_conf "$RUNNER_CONF" "$RUNNER_DB" "$WORK_DIR/runner-data"
printf 'http_port = %s\n' "$HTTP_PORT" | tee -a "$CONF" >>"$RUNNER_CONF"

LOG_LINE_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8},[0-9]{3} [0-9]+ (WARNING|ERROR|CRITICAL) '
# Longest each Odoo test phase may take (the runner installs, then tests).
RUNNER_TIMEOUT="${CTCL_RUNNER_TIMEOUT:-2400}"

# Odoo's own runner, the way an integrator or OCA's CI tests an addon: a fresh
# database without demo data or Vietnamese, every test of the addons.
odoo_runner() {
    local rc stats failed errors total start
    echo "database $RUNNER_DB, HTTP port $HTTP_PORT"
    start="$(now_s)"
    timeout --kill-after=30 "$RUNNER_TIMEOUT" "${ODOO_CMD[@]}" -c "$RUNNER_CONF" -d "$RUNNER_DB" \
        -i "$(addons_csv)" --without-demo=all --test-enable \
        --test-tags "/$(addons_csv | sed 's|,|,/|g')" --stop-after-init >"$RUNNER_LOG" 2>&1
    rc=$?
    # Odoo's last word: "N failed, N error(s) of N tests when loading database"
    stats="$(grep -oE '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database' \
        "$RUNNER_LOG" | tail -n 1)"
    # The work directory goes away on exit: a failed run keeps its log.
    cp "$RUNNER_LOG" "$KEPT_RUNNER_LOG"
    if [[ $rc -eq 124 || $rc -eq 137 ]]; then
        echo "odoo-bin was stopped after ${RUNNER_TIMEOUT}s; last lines of the log:"
        tail -n 40 "$RUNNER_LOG"
        echo "full log: $KEPT_RUNNER_LOG"
        return 1
    fi
    if [[ -z "$stats" ]]; then
        echo "odoo-bin exited with status $rc and no test summary; last lines of the log:"
        tail -n 40 "$RUNNER_LOG"
        echo "full log: $KEPT_RUNNER_LOG"
        return 1
    fi
    read -r failed errors total < <(grep -oE '[0-9]+' <<<"$stats" | tr '\n' ' ')
    echo "odoo-bin: $((total - failed - errors)) passed, $failed failed," \
        "$errors error(s) of $total tests in $(elapsed "$start")s"
    if [[ $failed -ne 0 || $errors -ne 0 || $rc -ne 0 || $total -eq 0 ]]; then
        grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) .*(FAIL|ERROR): ' "$RUNNER_LOG" |
            sed -E 's/^.* (FAIL|ERROR): /\1: /'
        echo "exit status $rc; full log: $KEPT_RUNNER_LOG"
        return 1
    fi
    rm -f "$KEPT_RUNNER_LOG"
}

install_addon() {
    local rc bad addon
    echo "database $DB, log $INSTALL_LOG"
    "${ODOO_CMD[@]}" -c "$CONF" -d "$DB" -i "$(addons_csv)" \
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
    for addon in "${CTCL_ADDONS[@]}"; do
        if ! db_exists "$DB" || ! psql_admin -d "$DB" -Atc \
            "SELECT 1 FROM ir_module_module WHERE name = '$addon' AND state = 'installed'" |
            grep -qx 1; then
            echo "$addon is not installed in $DB; last lines of the log:"
            tail -n 40 "$INSTALL_LOG"
            return 1
        fi
    done
    echo "installed cleanly ($(grep -cE '^[0-9]{4}-' "$INSTALL_LOG") log lines, none above INFO)"
}

odoo_tests() {
    local rc addon test_dirs=()
    for addon in "${CTCL_ADDONS[@]}"; do
        if [[ ! -d "$addon/tests" ]]; then
            echo "$addon/tests/ not found: the addon has no Odoo tests"
            return 1
        fi
        test_dirs+=("$addon/tests")
    done
    # -p pytest_ctcl_odoo (scripts/): silences one harmless Odoo 18 ERROR line.
    env -u ODOO_RC -u OPENERP_SERVER \
        PYTHONPATH="$CTCL_REPO_ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}" \
        timeout --kill-after=30 "$RUNNER_TIMEOUT" "$ODOO_PYTHON" -m pytest -q -p no:cacheprovider -p pytest_ctcl_odoo \
        --odoo-config="$CONF" --odoo-database="$DB" --odoo-log-level=warn \
        --odoo-http "${test_dirs[@]}"
    rc=$?
    if [[ $rc -eq 124 || $rc -eq 137 ]]; then
        echo "pytest was stopped after ${RUNNER_TIMEOUT}s"
        return 1
    fi
    if [[ $rc -eq 5 ]]; then
        echo "pytest collected no tests in ${test_dirs[*]}: counted as a failure"
        return 1
    fi
    return $rc
}

phase "Odoo's runner (odoo-bin --test-enable, no demo data, no vi_VN)" odoo_runner

if phase "install $(addons_csv) (demo data, vi_VN)" install_addon; then
    phase "Odoo tests (pytest-odoo ${CTCL_ADDONS[*]/%//tests})" odoo_tests
else
    PHASES+=("SKIPPED        Odoo tests (the install failed)")
fi

summary
if [[ $FAILED -ne 0 ]]; then
    echo "FAILED"
    exit 1
fi
echo "ALL CHECKS PASSED"
