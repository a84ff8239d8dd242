#!/usr/bin/env bash
# `make audit`: check the pinned dependencies (constraints.txt, and the pins installed outside it,
# such as mediapipe with --no-deps) for known vulnerabilities with pip-audit, against PyPI's
# vulnerability data (the OSV records PyPI serves per release).
#
#   bash scripts/audit.sh PIP_AUDIT CONSTRAINTS [PIN ...]
#
# Exit codes: 0 every pin checked and none has a known vulnerability; 1 vulnerabilities found
# (listed); 3 the advisory source could not be reached or had no data for some pins, so those
# were NOT checked (said plainly, with how many), which is not the same as "none found".
set -uo pipefail
pip_audit=$1
constraints=$2
shift 2
report=$(mktemp)
log=$(mktemp)
unlocked=$(mktemp)
trap 'rm -f "$report" "$log" "$unlocked"' EXIT
requirements=(--requirement "$constraints")
if [ $# -gt 0 ]; then
    printf '%s\n' "$@" >"$unlocked"
    requirements+=(--requirement "$unlocked")
fi

# --no-deps: constraints.txt pins every transitive dependency already; --disable-pip: audit the
# pins as written, without building a throwaway environment.
"$pip_audit" --vulnerability-service pypi "${requirements[@]}" --no-deps --disable-pip \
    --progress-spinner off --format json --output "$report" >"$log" 2>&1
status=$?
if [ ! -s "$report" ]; then
    echo "audit: pip-audit could not reach PyPI's vulnerability data, so nothing was checked:" >&2
    grep -v "^WARNING:pip_audit._cli:" "$log" | tail -n 5 >&2
    exit 3
fi
python3 - "$report" "$status" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
deps = report["dependencies"]
skipped = [d for d in deps if "skip_reason" in d]
found = [(d, v) for d in deps for v in d.get("vulns", [])]
for dep, vuln in found:
    fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
    print(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
checked = len(deps) - len(skipped)
print(f"audit: {checked} of {len(deps)} pinned packages checked, {len(found)} known vulnerabilities.")
if skipped:
    print(
        f"audit: {len(skipped)} pins could NOT be checked: the advisory source (PyPI's JSON API "
        "per release) has no data for them here, e.g. "
        + "; ".join(d["skip_reason"] for d in skipped[:3]),
        file=sys.stderr,
    )
sys.exit(1 if found else 3 if skipped else 0)
PY
