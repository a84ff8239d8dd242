#!/usr/bin/env bash
# Run every test suite against a throwaway PostgreSQL cluster and the embedded SQLite default,
# and the browser journeys (tests/browser) against `hamstrong serve` in Debian's Chromium.
#
# The tests run in parallel, one pytest-xdist worker per core (tests/store gives each worker its
# own PostgreSQL database, tests/browser its own server and browser), with the full Hypothesis
# example counts (HYPOTHESIS_PROFILE=ci). Arguments go to pytest, so a subset runs with, e.g.,
#   make test ARGS="-k calendar"      or      bash scripts/run-tests.sh tests/web -x
# pytest exits 5 when it collects nothing, so an empty suite (or a -k that matches nothing) fails.
#
# With --mypy first (what `make test` passes), mypy --strict runs in the background while the
# tests run, and the script fails when either fails: mypy's ~20 s of one core on a fresh clone
# (no .mypy_cache yet) then overlaps the tests instead of coming before them.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mypy_pid=""
pg_started=""
if [[ "${1:-}" == "--mypy" ]]; then
    shift
    mypy_out=$(mktemp)
    $BIN/mypy >"$mypy_out" 2>&1 &
    mypy_pid=$!
fi
# The checks the tests started beside them: mypy's verdict, then the cluster stopped.
finish() {
    local status=$?
    if [[ -n "$mypy_pid" ]]; then
        local checked=0
        wait "$mypy_pid" || checked=$?
        cat "$mypy_out"
        rm -f "$mypy_out"
        if [[ $checked -ne 0 ]]; then
            echo "run-tests: mypy --strict failed (above)" >&2
            [[ $status -ne 0 ]] || status=$checked
        fi
    fi
    if [[ -n "$pg_started" ]]; then
        bash scripts/pg-cluster.sh stop
    fi
    exit "$status"
}
trap finish EXIT
# Bytecode: compile the package and rewrite the test modules' asserts (scripts/rewrite-tests.py)
# once, while the services below start, and let Python and pytest keep what they compile.
# PYTHONDONTWRITEBYTECODE, where it is set, made every pytest worker compile src/ and rewrite
# every test module and test plugin anew on every run (about 6 s of CPU per worker), and on a
# fresh clone both workers did it at once. The caches are git-ignored __pycache__ folders,
# checked against their sources when read.
unset PYTHONDONTWRITEBYTECODE
{ $BIN/python -m compileall -q src tests; $BIN/python scripts/rewrite-tests.py; } >/dev/null 2>&1 &
compile_pid=$!
bash scripts/browser-deps.sh  # Chromium and axe-core for tests/browser; silent when present
bash scripts/redis-deps.sh  # redis-server for the Redis job queue tests (tests/test_jobs.py)
eval "$(bash scripts/pg-cluster.sh start)"
pg_started=1
export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}"
wait "$compile_pid" || true  # a file that does not compile fails in pytest, with its message
$BIN/python -m pytest -q -p no:cacheprovider -n auto --dist worksteal "$@"
