#!/usr/bin/env bash
# Install what the browser tests need, each step skipped when it is already there:
# Debian's Chromium headless shell (driven by the Python playwright package; the same engine as
# the chromium package without the browser window around each page) and a pinned axe-core from npm.
# Silent on success; on failure the installer's output is shown and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.14.1
AXE_DIR=.cache/npm

quietly() {
    local log
    log=$(mktemp)
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

if [ ! -x /usr/lib/chromium/chromium-headless-shell ]; then
    quietly apt-get update
    DEBIAN_FRONTEND=noninteractive quietly apt-get install -y --no-install-recommends \
        chromium-headless-shell
fi

axe_js="$AXE_DIR/node_modules/axe-core/axe.min.js"
installed=""
if [ -f "$AXE_DIR/node_modules/axe-core/package.json" ]; then
    installed=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$AXE_DIR/node_modules/axe-core/package.json" | head -n 1)
fi
if [ ! -f "$axe_js" ] || [ "$installed" != "$AXE_VERSION" ]; then
    mkdir -p "$AXE_DIR"
    quietly npm install --prefix "$AXE_DIR" --no-save --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
fi
