#!/usr/bin/env bash
# Run prettier with @prettier/plugin-xml (versions pinned in scripts/node/) on
# the addon's XML files, installing both into .cache/node (ignored by git) with
# `npm ci` when missing or when the pinned versions changed.
#   bash scripts/prettier.sh --check    report the files it would reformat
#   bash scripts/prettier.sh --write    reformat them
# Extra arguments go to prettier; without file arguments it formats the XML
# files of the addons (ctcl_quality/, ctcl_quality_dashboard/). Options are in
# .prettierrc.yml.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CTCL_REPO_ROOT"

NODE_DIR=.cache/node
PIN_DIR=scripts/node

install_prettier() {
    command -v npm >/dev/null || die "npm not found: install Node.js (Debian: nodejs npm)"
    mkdir -p "$NODE_DIR"
    cp "$PIN_DIR/package.json" "$PIN_DIR/package-lock.json" "$NODE_DIR/"
    log "installing prettier and @prettier/plugin-xml into $NODE_DIR"
    npm ci --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error >&2
    # Records what was installed: a changed pin reinstalls.
    cp "$PIN_DIR/package-lock.json" "$NODE_DIR/.installed-lock.json"
}

if [[ ! -x "$NODE_DIR/node_modules/.bin/prettier" ]] ||
    ! cmp -s "$PIN_DIR/package-lock.json" "$NODE_DIR/.installed-lock.json"; then
    install_prettier
fi

files=()
for arg in "$@"; do
    [[ "$arg" == -* ]] || files+=("$arg")
done
if [[ ${#files[@]} -eq 0 ]]; then
    for addon in "${CTCL_ADDONS[@]}"; do
        set -- "$@" "$addon/**/*.xml"
    done
fi
exec "$NODE_DIR/node_modules/.bin/prettier" \
    --plugin="$NODE_DIR/node_modules/@prettier/plugin-xml/src/plugin.js" "$@"
