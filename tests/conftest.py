"""Shared fixtures, and the Hypothesis profiles every property test runs under.

``HYPOTHESIS_PROFILE=ci`` (what ``make test`` sets) runs each property's full example count,
the same examples every run (derandomized): CI decides what lands, so it must not turn red on a
new random draw. ``explore`` runs the full counts with fresh random examples, to hunt for new
failures; without either, the ``dev`` profile caps every property at a few (random) examples,
so the loop a developer runs all day stays quick. All drop Hypothesis's per-example deadline:
the suite runs in parallel on a shared machine, where a slow example is load, not a bug.
"""

import gc
from pathlib import Path

import pytest
from hypothesis import settings

from hamstrong.core.exercises import Library
from hamstrong.library import load_library
from tests.databases import migrate
from tests.strategies import DEV_EXAMPLES, HYPOTHESIS_PROFILE

settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=DEV_EXAMPLES, deadline=None)
settings.load_profile(HYPOTHESIS_PROFILE)

# The garbage collector, tuned for a test process (docs/testing.md, "Fewer garbage collections").
# A worker allocates millions of short-lived objects (Hypothesis draws, dataclasses, rows), and
# Python's default thresholds (700, 10, 10) then ran about 18,000 collections a run, each older
# one walking every object the imports made: ~20 s of the workers' CPU. A young collection every
# 20,000 allocations keeps the older ones on Python's own ratios (a full one every 2 million or
# so, a few a run), so every cycle is still freed, only later; nothing a test checks depends
# on when.
GC_THRESHOLDS = (20_000, 10, 10)
gc.set_threshold(*GC_THRESHOLDS)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move what the imports and collection made (modules, the library, strategies) out of the
    collector's sight: it lives for the whole run, and every old collection walked it again."""
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with every migration applied, made once per worker process: tests copy it
    (``tests.databases.copy_database``) instead of migrating a new file each."""
    return migrate(tmp_path_factory.mktemp("migrated") / "hamstrong.db")
