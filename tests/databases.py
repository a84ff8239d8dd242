"""SQLite databases for tests, migrated once per test process and copied per test.

Running the migrations on a new SQLite file takes about 0.15 s, most of it waiting for the disk;
copying a migrated file takes a few milliseconds. Tests that check the migrations themselves
(tests/store/test_repository.py) still open empty databases; every other test starts from a
copy of a file that ``open_store`` migrated, so it meets exactly the schema a new database gets.
"""

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from functools import cache
from pathlib import Path

from hamstrong.store import open_store


def migrate(path: Path) -> Path:
    """A new SQLite file at ``path`` with every migration applied."""
    open_store(f"sqlite:///{path}").close()
    return path


def copy_database(source: Path, target: Path) -> str:
    """Copy an SQLite database with SQLite's backup API (it includes the write-ahead log);
    returns the copy's URL."""
    with closing(sqlite3.connect(source)) as old, closing(sqlite3.connect(target)) as new:
        old.backup(new)
    return f"sqlite:///{target}"


@cache
def _migrated_folder() -> tempfile.TemporaryDirectory[str]:
    """This process's migrated file, for code with no fixtures at hand (``tests/sim.py``), in a
    folder removed when the process ends (the cache holds it until then)."""
    folder = tempfile.TemporaryDirectory(prefix="hamstrong-migrated-")
    migrate(Path(folder.name) / "hamstrong.db")
    return folder


@contextmanager
def migrated_copy() -> Iterator[str]:
    """The URL of a new copy of this process's migrated database, removed afterwards."""
    source = Path(_migrated_folder().name) / "hamstrong.db"
    with tempfile.TemporaryDirectory(prefix="hamstrong-copy-") as folder:
        yield copy_database(source, Path(folder) / "hamstrong.db")
