#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests/store: a temp dir, a free loopback port, no fsync.
#
#   eval "$(scripts/pg-cluster.sh start)"   # exports HAMSTRONG_TEST_POSTGRES_URL, HAMSTRONG_PG_DIR
#   .venv/bin/python -m pytest tests/store
#   scripts/pg-cluster.sh stop              # stops the cluster in $HAMSTRONG_PG_DIR, removes it
#
# Standard output carries only the export lines; everything else goes to standard error, and
# only when something fails. PostgreSQL refuses to run as root, so as root the server runs as
# the `postgres` system user.
set -euo pipefail

die() {
    echo "pg-cluster: $*" >&2
    exit 1
}

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n "$dir" && -x "$dir/initdb" ]] && echo "$dir"
}

as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Run a command quietly; on failure show what it said, and the server log when there is one.
quietly() {
    local out
    if ! out=$("$@" 2>&1); then
        echo "pg-cluster: failed: $*" >&2
        echo "$out" >&2
        [[ -n "${DIR:-}" && -f "$DIR/server.log" ]] && cat "$DIR/server.log" >&2
        return 1
    fi
}

start() {
    local bin port
    bin=$(pg_bin) || {
        [[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed; run: sudo apt-get install postgresql"
        quietly apt-get update -qq
        quietly env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
        bin=$(pg_bin) || die "installed postgresql but found no initdb under /usr/lib/postgresql"
    }
    DIR=$(mktemp -d "${TMPDIR:-/tmp}/hamstrong-pg.XXXXXX")
    chmod 755 "$DIR"
    trap 'as_postgres "$bin/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"' ERR
    [[ $(id -u) -eq 0 ]] && chown postgres: "$DIR"
    quietly as_postgres "$bin/initdb" -D "$DIR/data" -A trust -U postgres --no-sync
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    quietly as_postgres "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
        -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start
    quietly as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres hamstrong_test
    trap - ERR
    printf 'export HAMSTRONG_TEST_POSTGRES_URL=%q\n' \
        "postgresql://postgres@127.0.0.1:$port/hamstrong_test"
    printf 'export HAMSTRONG_PG_DIR=%q\n' "$DIR"
}

stop() {
    local bin dir=${HAMSTRONG_PG_DIR:-}
    [[ -n "$dir" ]] || die "HAMSTRONG_PG_DIR is not set; start with: eval \"\$(scripts/pg-cluster.sh start)\""
    [[ -f "$dir/data/PG_VERSION" ]] || die "$dir does not hold a cluster made by pg-cluster.sh start"
    bin=$(pg_bin) || die "found no pg_ctl under /usr/lib/postgresql"
    quietly as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop
    rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*) die "usage: $0 start|stop" ;;
esac
