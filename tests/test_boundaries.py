"""The core stays pure: it imports only the standard library and hamstrong.errors."""

import ast
import re
import sys
from pathlib import Path

import hamstrong.core

CORE = Path(hamstrong.core.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_only_stdlib_and_errors():
    offenders = {}
    for path in CORE.glob("*.py"):
        bad = {
            name
            for name in imported_modules(path)
            if not (
                name.split(".")[0] in sys.stdlib_module_names
                or name == "hamstrong.errors"
                or name.startswith("hamstrong.core")
            )
        }
        if bad:
            offenders[path.name] = bad
    assert offenders == {}


def test_core_does_no_io_clock_or_randomness():
    forbidden = re.compile(
        r"\b(open|print|input)\(|date\.today\(|datetime\.now\(|\brandom\.|time\.time\("
    )
    for path in CORE.glob("*.py"):
        assert not forbidden.findall(path.read_text(encoding="utf-8")), path.name
