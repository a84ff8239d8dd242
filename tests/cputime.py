"""CPU per test, for finding where the suite's time goes (opt-in: ``-p tests.cputime``).

Each pytest process (every xdist worker) appends one JSON line per test to
``$HAMSTRONG_CPU_DIR/<pid>.jsonl`` (default: the system temp folder's ``hamstrong-cpu``): the
CPU (user + system) of the process and of the children it waited for, from setup to teardown,
and one line for what the process spent before its first test (start and collection). CPU is
steadier than wall time on a shared machine. ``python -m tests.cputime`` sums the lines up.
"""

import json
import os
import resource
import sys
import tempfile
from collections import defaultdict
from collections.abc import Generator
from pathlib import Path

import pytest

_DIR = Path(os.environ.get("HAMSTRONG_CPU_DIR", Path(tempfile.gettempdir()) / "hamstrong-cpu"))
_started = False


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _write(record: dict[str, object]) -> None:
    _DIR.mkdir(parents=True, exist_ok=True)
    with (_DIR / f"{os.getpid()}.jsonl").open("a") as out:
        out.write(json.dumps(record) + "\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    global _started
    before = _cpu()
    if not _started:
        _started = True
        _write({"test": "<start and collection>", "cpu": before})
    yield
    _write({"test": item.nodeid, "cpu": _cpu() - before})


def main() -> None:
    """Print the top tests and files by CPU, and the totals."""
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    tests: dict[str, float] = defaultdict(float)
    for path in _DIR.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            record = json.loads(line)
            tests[record["test"]] += record["cpu"]
    files: dict[str, float] = defaultdict(float)
    for test, cpu in tests.items():
        files[test.split("::")[0]] += cpu
    print(f"total {sum(tests.values()):.1f} s CPU over {len(tests)} entries")
    for title, table in (("tests", tests), ("files", files)):
        print(f"\ntop {top} {title}:")
        for name, cpu in sorted(table.items(), key=lambda kv: -kv[1])[:top]:
            print(f"{cpu:7.2f}  {name}")


if __name__ == "__main__":
    main()
