#!/usr/bin/env bash
# Run every test suite and fail loudly when one collects nothing (pytest exits 5 then).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
$BIN/python -m pytest -q -p no:cacheprovider "$@"
