#!/usr/bin/env bash
# OCA's checks of an Odoo addon (oca-odoo-pre-commit-hooks): oca-checks-odoo-module
# (manifest, XML data, views, reports) and oca-checks-po (translations, without
# po-pretty-format, as OCA's repositories run it). The tool lives in its own
# virtualenv, .cache/oca-hooks (ignored by git), created when missing: it pins
# polib 1.2, Odoo 18 pins 1.1.1.
#   bash scripts/oca_checks.sh          check, exit status 1 on any message
#   bash scripts/oca_checks.sh --fix    also fix what the module checks can fix
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CTCL_REPO_ROOT"

OCA_HOOKS_SPEC="oca-odoo-pre-commit-hooks==0.2.27"
VENV=.cache/oca-hooks

find_python
if [[ ! -x "$VENV/bin/oca-checks-odoo-module" ]] ||
    [[ "$(cat "$VENV/.installed" 2>/dev/null)" != "$OCA_HOOKS_SPEC" ]]; then
    log "installing $OCA_HOOKS_SPEC into $VENV" >&2
    rm -rf "$VENV"
    "$ODOO_PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$OCA_HOOKS_SPEC"
    echo "$OCA_HOOKS_SPEC" >"$VENV/.installed"
fi

rc=0
"$VENV/bin/oca-checks-odoo-module" "$@" "${CTCL_ADDONS[@]}" || rc=1
shopt -s nullglob
po_files=()
for addon in "${CTCL_ADDONS[@]}"; do
    po_files+=("$addon"/i18n/*.po "$addon"/i18n/*.pot)
done
if [[ ${#po_files[@]} -gt 0 ]]; then
    "$VENV/bin/oca-checks-po" --disable=po-pretty-format "${po_files[@]}" || rc=1
fi
[[ $rc -eq 0 ]] && echo "OCA checks: no message"
exit "$rc"
