"""constraints.txt (written by `make lock`) agrees with every exact pin in pyproject.toml, and
`make audit` checks every pin that `make install` installs."""

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[=<>\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_the_lock_pins_every_dependency_as_pyproject_does():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in ("dev", "video"):
        wanted += project["optional-dependencies"][extra]
    locked = dict(
        line.split("==", 1)
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    locked = {_name(name): version.strip() for name, version in locked.items()}
    mismatched = {
        requirement
        for requirement in wanted
        if locked.get(_name(requirement)) != requirement.split("==", 1)[1].split(";")[0].strip()
    }
    assert mismatched == set(), "run `make lock`"
    assert len(locked) > len(wanted)  # the transitive ones too


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    # MAKEFLAGS and the rest come from `make test` when it runs pytest: not for this make
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def _locked_pins() -> set[str]:
    text = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    return {line for line in text.splitlines() if "==" in line and not line.startswith("#")}


# pip-audit's command line, offline: every pin in the requirement files it is given is checked,
# none is vulnerable, and the pins it was asked about are kept in audited.json beside its bin/.
FAKE_PIP_AUDIT = """#!{python}
import json, sys
from pathlib import Path
args = sys.argv[1:]
files = [args[n + 1] for n, arg in enumerate(args) if arg in ("-r", "--requirement")]
pins = [
    line.strip()
    for name in files
    for line in Path(name).read_text().splitlines()
    if "==" in line and not line.lstrip().startswith("#")
]
(Path(sys.argv[0]).parent.parent / "audited.json").write_text(json.dumps(pins))
deps = [dict(zip(("name", "version"), pin.split("=="), strict=True), vulns=[]) for pin in pins]
Path(args[args.index("--output") + 1]).write_text(json.dumps({{"dependencies": deps}}))
"""


def test_the_audit_checks_the_pins_installed_outside_the_lock_too(tmp_path):
    """mediapipe is installed with --no-deps, outside constraints.txt: `make audit` once
    skipped it. It is audited with the lock's pins (pip-audit itself stands in offline)."""
    dry_run = _make("--dry-run", "--always-make", "install")
    assert dry_run.returncode == 0, dry_run.stderr
    unlocked = {
        word
        for line in dry_run.stdout.splitlines()
        if "pip install" in line and "--no-deps" in line
        for word in line.split()
        if "==" in word
    }
    assert {_name(pin) for pin in unlocked} == {"mediapipe"}
    (tmp_path / "bin").mkdir()
    fake = tmp_path / "bin" / "pip-audit"
    fake.write_text(FAKE_PIP_AUDIT.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    (tmp_path / ".installed").touch()  # the tools' stamp: make installs no real pip-audit
    audit = _make("audit", f"TOOLS={tmp_path}")
    assert audit.returncode == 0, audit.stderr
    audited = json.loads((tmp_path / "audited.json").read_text(encoding="utf-8"))
    assert set(audited) == _locked_pins() | unlocked
    total = len(audited)
    assert audit.stdout.splitlines()[-1] == (
        f"audit: {total} of {total} pinned packages checked, 0 known vulnerabilities."
    )


def test_the_install_instructions_name_the_mediapipe_pin_make_install_uses():
    """The CLI's hint for a machine without the video packages and docs/form-check.md write the
    mediapipe pin out for a person to type: they must say what the Makefile installs."""
    from hamstrong.errors import Next
    from hamstrong.outputs.terminal import NEXT_COMMANDS

    [pin] = re.findall(r"^MEDIAPIPE := (\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    version = pin.split("==")[1]
    assert f"pip install --no-deps {pin}" in NEXT_COMMANDS[Next.VIDEO_EXTRA]
    docs = (ROOT / "docs" / "form-check.md").read_text(encoding="utf-8")
    assert f"`{pin}`" in docs
    mentioned = set(re.findall(r"mediapipe(?:==|`? )(\d+\.\d+\.\d+)", docs))
    assert mentioned == {version}, f"docs/form-check.md names mediapipe {mentioned}, not {version}"
