"""scripts/rewrite-tests.py, the head start `make test` gives the pytest workers: the test
modules it rewrites are the ones pytest then runs (asserts still explained), read as they are."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULE = """
def test_sums():
    total = 1 + 1
    assert total == 3
"""


def test_pytest_runs_the_rewritten_module_it_is_given_and_explains_its_assert(tmp_path):
    (tmp_path / "test_sums.py").write_text(MODULE)
    (tmp_path / "notes.py").write_text("VALUE = 1\n")  # not a test module: left alone
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "rewrite-tests.py"), str(tmp_path)], check=True
    )
    [kept] = (tmp_path / "__pycache__").glob("test_sums.*-pytest-*.pyc")
    written = kept.stat().st_mtime_ns
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         "-p", "no:xdist", "--rootdir", str(tmp_path), str(tmp_path / "test_sums.py")],
        capture_output=True, text=True, cwd=tmp_path, env=environ,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert "assert 2 == 3" in run.stdout  # the rewritten assert shows the values
    assert kept.stat().st_mtime_ns == written  # pytest read the kept module, wrote no other
    assert [p.name for p in (tmp_path / "__pycache__").iterdir()] == [kept.name]
