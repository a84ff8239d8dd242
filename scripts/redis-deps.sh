#!/usr/bin/env bash
# Install Debian's redis-server for the tests of the Redis job queue (tests/test_jobs.py starts
# its own throwaway server on a free loopback port; nothing runs as a service). Skipped when it is
# already there; silent on success, the installer's output on failure.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "redis-deps: redis-server is not installed; run: sudo apt-get install redis-server" >&2
    exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server; } >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
# The package may start a system service (systemd or its init script); the tests need none of it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
    systemctl stop redis-server >/dev/null 2>&1 || true
elif [ -x /etc/init.d/redis-server ]; then
    /etc/init.d/redis-server stop >/dev/null 2>&1 || true
fi
