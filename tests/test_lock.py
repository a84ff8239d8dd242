"""constraints.txt (written by `make lock`) agrees with every exact pin in pyproject.toml."""

import re
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
