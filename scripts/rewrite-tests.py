"""Rewrite the test modules' asserts once, as pytest does, before the pytest workers start.

pytest rewrites the assert statements of every test module and conftest.py it imports (for its
failure messages) and keeps the result beside the module (``__pycache__/*-pytest-*.pyc``). On a
fresh clone each xdist worker did that for every module itself, at the same moment: about 4 s
of CPU per worker. `scripts/run-tests.sh` runs this first, in the background while the services
start, so the workers find the rewritten modules kept. It writes exactly what pytest writes
(pytest's own functions; the file is checked against the source's hash when read), and it is
only a head start: on any error it stops quietly and pytest rewrites the modules itself.
"""

import os
import sys
from contextlib import suppress
from pathlib import Path


def main(folder: Path) -> None:
    try:
        from _pytest.assertion import rewrite
    except ImportError:
        return
    for path in sorted(folder.resolve().rglob("*.py")):
        if not (path.name.startswith("test_") or path.name == "conftest.py"):
            continue
        pyc = rewrite.get_cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)
        if rewrite._read_pyc(path, pyc) is not None:
            continue  # kept already and still current
        source_hash, code = rewrite._rewrite_test(path, None)  # type: ignore[arg-type]
        pyc.parent.mkdir(exist_ok=True)
        partial = pyc.with_name(f"{pyc.name}.{os.getpid()}")
        with open(partial, "wb") as out:
            rewrite._write_pyc_fp(out, source_hash, code)
        os.replace(partial, pyc)  # atomic, as pytest's own writes are


if __name__ == "__main__":
    with suppress(Exception):  # a head start only: pytest rewrites whatever is missing
        main(Path(sys.argv[1] if len(sys.argv) > 1 else "tests"))
