"""An import's report adds up: each row is a set (new or already there) or skipped, and a row
with a problem is skipped and counted, never reported as "0 rows skipped" beside its problem
(through the service both interfaces call; SQLite and PostgreSQL)."""

from datetime import date

from hamstrong.library import load_library
from hamstrong.services.transfer import import_text
from hamstrong.store import Store, open_store
from hamstrong.store.repository import _page_cache

LIBRARY = load_library()
TODAY = date(2026, 12, 7)
FILE = """\
Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE
2026-12-01 18:00:00,Legs,1h,Glute Bridge,1,0,12,0,0,
2026-12-01 18:00:00,Legs,1h,Glute Bridge,Rest Timer,0,0,0,90,
2026-12-01 18:00:00,Legs,1h,Glute Bridge,2,0,x,0,0,
2026-12-01 18:00:00,Legs,1h,Glute Bridge,3,0,10,0,0,
"""


def test_a_row_with_a_problem_is_counted_as_skipped(store: Store, user: int) -> None:
    first = import_text(store, user_id=user, text=FILE, library=LIBRARY, today=TODAY)
    assert (first.added, first.already, first.not_sets, first.skipped) == (2, 0, 1, 2)
    assert first.problems == ("line 4: reps 'x' is not a whole number of 0 or more",)
    again = import_text(store, user_id=user, text=FILE, library=LIBRARY, today=TODAY)
    assert (again.added, again.already, again.not_sets, again.skipped) == (0, 2, 1, 2)
    assert [s.reps for s in store.sets(user)] == [12, 10]


def test_a_big_import_has_a_bigger_page_cache_only_while_it_writes(tmp_path) -> None:
    """SQLite only (PostgreSQL has no per-connection page cache to set)."""
    with open_store(f"sqlite:///{tmp_path / 'cache.db'}") as store, store._write() as connection:

        def size() -> object:
            return connection.exec_driver_sql("PRAGMA cache_size").scalar()

        before = size()
        with _page_cache(connection, 100):
            assert size() == before  # a small import: the default cache holds it
        with _page_cache(connection, 113_000):
            assert size() == -64 * 1024  # 64 MiB
        assert size() == before
