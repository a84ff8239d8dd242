"""The standard-library quick path writes exactly what the SQLAlchemy store writes, or declines."""

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from hamstrong.core.training_log import Checkin, SetEntry, Symptom
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput
from hamstrong.store import HEAD, add_local_checkin, add_local_sets, open_store
from hamstrong.store.quick import quick_add_checkin, quick_add_sets, sqlite_file
from hamstrong.store.schema import EXERCISE_LEN

NOW = datetime(2026, 11, 25, 9, 30, 1, 123456, tzinfo=UTC)
ENTRIES = [
    SetEntry(
        date(2026, 11, 24),
        "single-leg-rdl",
        8,
        6.5,
        7.5,
        2,
        Side.LEFT,
        order=1,
        at=datetime(2026, 11, 24, 18, 5, tzinfo=timezone(timedelta(hours=2))),
        symptoms=(Symptom.SHARP, Symptom.NUMBNESS),
        key="hamstrong:abc",
        name=None,
    ),
    SetEntry(date(2026, 11, 24), "glute-bridge", 12, None, None, None, warmup=True, order=2),
]


def fresh(tmp_path, name: str) -> str:
    url = f"sqlite:///{tmp_path / name}"
    with open_store(url) as store:
        store.local_user()
    return url


def test_the_quick_path_writes_what_the_store_writes(tmp_path):
    quick, full = fresh(tmp_path, "quick.db"), fresh(tmp_path, "full.db")
    assert quick_add_sets(quick, ENTRIES, now=NOW)
    with open_store(full) as store:
        for entry in ENTRIES:
            store.add_set(store.local_user(), entry)
    with open_store(quick) as a, open_store(full) as b:
        assert a.sets(a.local_user()) == b.sets(b.local_user())
        assert a.sets(a.local_user())[0].at == ENTRIES[0].at
        assert a.undo(a.local_user()).startswith("set of glute-bridge")


@pytest.mark.parametrize(
    "url",
    ["sqlite://", "postgresql://user@127.0.0.1/x", "sqlite:///{tmp}/missing.db"],
    ids=["memory", "postgres", "missing-file"],
)
def test_it_declines_what_it_cannot_do(tmp_path, url):
    assert not quick_add_sets(url.format(tmp=tmp_path), ENTRIES, now=NOW)


def test_it_declines_an_old_schema_a_missing_user_or_a_naive_time(tmp_path):
    url = f"sqlite:///{tmp_path / 'h.db'}"
    with open_store(url):
        pass  # migrated, but no local user yet
    assert not quick_add_sets(url, ENTRIES, now=NOW)
    with open_store(url) as store:
        store.local_user()
    naive = SetEntry(date(2026, 11, 24), "glute-bridge", 5, at=datetime(2026, 11, 24, 8))
    assert not quick_add_sets(url, [naive], now=NOW)
    path = sqlite_file(url)
    assert path is not None
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000'")
    assert not quick_add_sets(url, ENTRIES, now=NOW)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (HEAD,))
    with open_store(url) as store:  # nothing was half-written
        assert store.sets(store.local_user()) == []


def test_add_local_sets_takes_the_store_when_the_quick_path_declines(tmp_path):
    url = f"sqlite:///{tmp_path / 'h.db'}"
    with open_store(url):
        pass  # migrated, but no local user yet: the quick path declines
    add_local_sets(url, ENTRIES, now=NOW)
    with open_store(url) as store:
        assert store.sets(store.local_user()) == ENTRIES


def test_both_paths_refuse_what_does_not_fit_with_the_stores_message(tmp_path):
    url = fresh(tmp_path, "h.db")
    too_long = SetEntry(date(2026, 11, 24), "custom:" + "x" * EXERCISE_LEN, 5)
    assert not quick_add_sets(url, [too_long], now=NOW)
    with pytest.raises(InvalidInput) as refused:
        add_local_sets(url, [too_long], now=NOW)
    assert refused.value.problems == {"set 1: exercise": "must be at most 120 characters"}


def _raw_rows(url: str) -> list[tuple[object, ...]]:
    """The stored columns as SQLite holds them (what another reader of the file sees)."""
    path = sqlite_file(url)
    assert path is not None
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT day, exercise, reps, kg, rpe, pain, side, warmup, source, set_order, at, "
            "symptoms, key, name FROM sets ORDER BY id"
        ).fetchall()


def test_an_import_into_sqlite_stores_the_rows_the_orm_stores_and_only_once(tmp_path):
    imported, added = fresh(tmp_path, "import.db"), fresh(tmp_path, "added.db")
    with open_store(imported) as store:
        user = store.local_user()
        assert store.import_all(user, sets=ENTRIES) == 2
        assert store.import_all(user, sets=ENTRIES[:1]) == 0  # its key is already there
    with open_store(added) as store:
        store.add_sets(store.local_user(), ENTRIES)
    assert _raw_rows(imported) == _raw_rows(added)


def test_an_import_that_does_not_fit_names_the_set_and_stores_nothing(tmp_path):
    url = fresh(tmp_path, "import.db")
    too_long = SetEntry(date(2026, 11, 24), "x" * (EXERCISE_LEN + 1), 5)
    with open_store(url) as store, pytest.raises(InvalidInput) as refused:
        store.import_all(store.local_user(), sets=[ENTRIES[0], too_long])
    assert list(refused.value.problems) == ["set 2: exercise"]
    assert _raw_rows(url) == []


def _checkin_rows(url: str) -> list[tuple[object, ...]]:
    path = sqlite_file(url)
    assert path is not None
    with sqlite3.connect(path) as db:
        return db.execute("SELECT user_id, day, pain FROM checkins ORDER BY id").fetchall()


def test_a_quick_check_in_is_the_stores_check_in_and_replaces_that_days_one(tmp_path):
    quick, full = fresh(tmp_path, "quick.db"), fresh(tmp_path, "full.db")
    day = date(2026, 11, 24)
    with open_store(quick) as store:
        store.add_set(store.local_user(), ENTRIES[0])  # a set, then the check-in after it
        version = store.data_version(store.local_user())
    later = datetime.now(UTC) + timedelta(seconds=1)  # the store stamped the set with its clock
    assert quick_add_checkin(quick, Checkin(day, 3), now=later)
    assert quick_add_checkin(quick, Checkin(day, 1), now=later + timedelta(seconds=1))
    with open_store(full) as store:
        store.add_set(store.local_user(), ENTRIES[0])
        store.add_checkin(store.local_user(), Checkin(day, 3))
        store.add_checkin(store.local_user(), Checkin(day, 1))
    assert _checkin_rows(quick) == _checkin_rows(full) == [(1, day.isoformat(), 1)]
    with open_store(quick) as store:
        user = store.local_user()
        assert store.checkins(user) == [Checkin(day, 1)]
        assert store.data_version(user) == version + 2  # other processes' caches see it
        # the check-in was the last thing recorded: undo takes it, not the earlier set
        assert store.undo(user) == "check-in for Tue 24 Nov 2026: pain 1/10"
        assert store.checkins(user) == []


def test_a_check_in_takes_the_store_when_the_quick_path_declines(tmp_path):
    url = f"sqlite:///{tmp_path / 'h.db'}"
    assert not quick_add_checkin(url, Checkin(date(2026, 11, 24), 2), now=NOW)  # no file
    with open_store(url):
        pass  # migrated, but no local user yet: the quick path declines
    assert not quick_add_checkin(url, Checkin(date(2026, 11, 24), 2), now=NOW)
    add_local_checkin(url, Checkin(date(2026, 11, 24), 2), now=NOW)
    with open_store(url) as store:
        assert store.checkins(store.local_user()) == [Checkin(date(2026, 11, 24), 2)]
