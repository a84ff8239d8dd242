#!/usr/bin/env bash
# Run every test suite against a throwaway PostgreSQL cluster and the embedded SQLite default,
# and the browser journeys (tests/browser) against `hamstrong serve` in Debian's Chromium.
# pytest exits 5 when it collects nothing, so an empty suite fails here too.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
bash scripts/browser-deps.sh  # Chromium and axe-core for tests/browser; silent when present
eval "$(bash scripts/pg-cluster.sh start)"
trap 'bash scripts/pg-cluster.sh stop' EXIT
$BIN/python -m pytest -q -p no:cacheprovider "$@"
