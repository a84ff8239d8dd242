#!/usr/bin/env bash
# Run every test suite against a throwaway PostgreSQL cluster and the embedded SQLite default,
# and the browser journeys (tests/browser) against `hamstrong serve` in Debian's Chromium.
#
# The tests run in parallel, one pytest-xdist worker per core (tests/store gives each worker its
# own PostgreSQL database, tests/browser its own server and browser), with the full Hypothesis
# example counts (HYPOTHESIS_PROFILE=ci). Arguments go to pytest, so a subset runs with, e.g.,
#   make test ARGS="-k calendar"      or      bash scripts/run-tests.sh tests/web -x
# pytest exits 5 when it collects nothing, so an empty suite (or a -k that matches nothing) fails.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
bash scripts/browser-deps.sh  # Chromium and axe-core for tests/browser; silent when present
bash scripts/redis-deps.sh  # redis-server for the Redis job queue tests (tests/test_jobs.py)
eval "$(bash scripts/pg-cluster.sh start)"
trap 'bash scripts/pg-cluster.sh stop' EXIT
export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}"
$BIN/python -m pytest -q -p no:cacheprovider -n auto --dist worksteal "$@"
