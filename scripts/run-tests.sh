#!/usr/bin/env bash
# Run every test suite against a throwaway PostgreSQL cluster and the embedded SQLite default.
# pytest exits 5 when it collects nothing, so an empty suite fails here too.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
eval "$(bash scripts/pg-cluster.sh start)"
trap 'bash scripts/pg-cluster.sh stop' EXIT
$BIN/python -m pytest -q -p no:cacheprovider "$@"
