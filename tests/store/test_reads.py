"""Reads for long histories: pages by place, one set, the log in chunks, and the data version."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.exports import set_fields
from hamstrong.core.training_log import Checkin, SelfTest, SetEntry, Symptom, TestKind
from hamstrong.core.vocab import Side
from hamstrong.store import Store, open_store
from hamstrong.store.quick import quick_add_sets
from hamstrong.store.repository import _SETS_WITH_IDS, _engine_set_rows, _sqlite_set_rows
from hamstrong.store.tables import SetRow
from tests.databases import copy_database
from tests.strategies import examples

FIRST = date(2024, 3, 4)


def _sets(count: int) -> list[SetEntry]:
    """Several sets a day, in an order other than the order done, a third without a time."""
    out = []
    for n in range(count):
        day = FIRST + timedelta(days=n // 5)
        minute = (7 * n) % 5  # not increasing within a day
        at = None if n % 3 == 0 else datetime(day.year, day.month, day.day, 8, minute, tzinfo=UTC)
        out.append(SetEntry(day, "glute-bridge", 1 + n % 15, order=1 + n % 5, at=at))
    return out


def _key(pair: tuple[int, SetEntry]) -> tuple[date, datetime | None, int]:
    set_id, entry = pair
    return entry.day, entry.at, set_id


def test_pages_walk_the_log_newest_first_and_back_without_gaps(store: Store, user: int) -> None:
    store.add_sets(user, _sets(47))
    newest_first = store.logged_sets(user)[::-1]
    seen: list[tuple[int, SetEntry]] = []
    before = None
    while True:
        found, more = store.set_page(user, before=before, limit=10)
        seen += found
        if not more:
            break
        before = _key(found[-1])
    assert seen == newest_first
    back, more = store.set_page(user, after=_key(seen[25]), limit=10)
    assert back == seen[15:25] and more
    assert store.set_page(user, after=_key(seen[5]), limit=10) == (seen[:5], False)
    # both places (no link carries both, a typed URL may): the sets between them, newest first
    between = store.set_page(user, before=_key(seen[2]), after=_key(seen[9]), limit=10)
    assert between == (seen[3:9], False)


def test_every_set_as_a_place_gives_the_sets_next_to_it(store: Store, user: int) -> None:
    """Each of the page statements (older or newer, a set with or without a time) against the
    log's order, from every set of a log with equal times, unknown times and several days."""
    times = [None, 8, 8, None, 9, 7, 8]
    sets = [
        SetEntry(
            FIRST + timedelta(days=n // 7),
            "glute-bridge",
            1 + n,
            at=None
            if times[n % 7] is None
            else datetime(2024, 3, 4 + n // 7, times[n % 7], tzinfo=UTC),
        )
        for n in range(24)
    ]
    store.add_sets(user, sets[::2] + sets[1::2])  # ids not in the order done
    order = store.logged_sets(user)[::-1]  # newest first
    for i, pair in enumerate(order):
        assert store.set_page(user, before=_key(pair), limit=5) == (
            order[i + 1 : i + 6],
            i + 6 < len(order),
        )
        assert store.set_page(user, after=_key(pair), limit=5) == (
            order[max(0, i - 5) : i],
            i > 5,
        )


def test_one_set_is_read_only_for_its_owner(store: Store, user: int) -> None:
    set_id = store.add_set(user, SetEntry(FIRST, "glute-bridge", 8))
    other = store.create_user("other@example.com", "hash")
    assert store.logged_set(user, set_id) == SetEntry(FIRST, "glute-bridge", 8)
    assert store.logged_set(other, set_id) is None
    assert store.logged_set(user, 0) is None and store.logged_set(user, 10**30) is None


def test_the_log_read_in_chunks_is_the_whole_log(store: Store, user: int) -> None:
    store.add_sets(user, _sets(23))
    chunks = list(store.stream_sets(user, chunk=5))
    assert [len(c) for c in chunks] == [5, 5, 5, 5, 3]
    assert [s for c in chunks for s in c] == store.sets(user)


@pytest.mark.parametrize("offset", [-1, 0, 2, 5, 9, 30])
def test_the_sets_since_a_day_are_the_logs_sets_from_that_day_in_its_order(
    store: Store, user: int, offset: int
) -> None:
    store.add_sets(user, _sets(40))
    store.add_sets(user, [SetEntry(FIRST + timedelta(days=3), "bird-dog", 4)])  # out of id order
    since = FIRST + timedelta(days=offset)
    whole = store.training_log(user).sets
    assert store.sets(user) == list(whole)
    assert store.sets(user, since=since) == [s for s in whole if s.day >= since]


WRITES: dict[str, Callable[[Store, int], object]] = {
    "add_set": lambda s, u: s.add_set(u, SetEntry(FIRST, "glute-bridge", 8)),
    "add_sets": lambda s, u: s.add_sets(u, _sets(3)),
    "replace_set": lambda s, u: s.replace_set(u, s.set_ids(u)[0], SetEntry(FIRST, "bird-dog", 5)),
    "delete_set": lambda s, u: s.delete_set(u, s.set_ids(u)[0]),
    "add_checkin": lambda s, u: s.add_checkin(u, Checkin(FIRST, 2)),
    "add_test": lambda s, u: s.add_test(u, SelfTest(FIRST, TestKind.CHAIR_STAND, 12.0)),
    "undo": lambda s, u: s.undo(u),
    "save_programme": lambda s, u: s.save_programme(u, profile={}, start=FIRST, weeks=8),
    "add_move": lambda s, u: s.add_move(u, from_day=FIRST, to_day=FIRST + timedelta(days=1)),
    "end_programme": lambda s, u: s.end_programme(u),
    "import_all": lambda s, u: s.import_all(u, sets=[SetEntry(FIRST, "x", 1, key="k:1")]),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_write_of_a_users_data_moves_the_version_on_and_reads_do_not(
    store: Store, user: int, write: str
) -> None:
    store.add_sets(user, _sets(2))
    store.save_programme(user, profile={}, start=FIRST, weeks=8)
    before = store.data_version(user)
    store.training_log(user)
    store.snapshot(user)
    assert store.data_version(user) == before
    WRITES[write](store, user)
    assert store.data_version(user) != before


def test_quick_writes_move_the_version_on_too(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    with open_store(url) as store:
        user = store.local_user()
        before = store.data_version(user)
        assert quick_add_sets(url, _sets(2), now=datetime(2026, 1, 1, tzinfo=UTC))
        assert store.data_version(user) != before


def test_no_user_has_no_version(store: Store) -> None:
    assert store.data_version(10**6) is None


moments = st.none() | st.datetimes(
    datetime(2015, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC) | st.timezones()
)
texts = st.none() | st.text(  # what the store keeps: plain text (``text_problem``)
    st.characters(exclude_categories=["Cs", "Cc"], include_characters="\t\n\r"), max_size=12
)
stored_sets = st.builds(
    SetEntry,
    day=st.dates(date(2015, 1, 1), date(2030, 12, 31)),
    exercise=st.sampled_from(["glute-bridge", "custom:leg-curl"]),
    reps=st.integers(0, 500),
    kg=st.none() | st.floats(0, 1000),
    rpe=st.none() | st.integers(2, 20).map(lambda halves: halves / 2),
    pain=st.none() | st.integers(0, 10),
    side=st.sampled_from(Side),
    warmup=st.booleans(),
    source=st.sampled_from(["hamstrong", "hevy"]),
    order=st.integers(1, 20),
    at=moments,
    symptoms=st.lists(st.sampled_from(Symptom), unique=True, max_size=2).map(tuple),
    name=texts,
    note=texts,
)


@settings(max_examples=examples(40), deadline=None)
@given(entries=st.lists(stored_sets, max_size=12), since=st.none() | st.dates())
def test_the_sqlite_reader_reads_what_sqlalchemy_reads(
    tmp_path_factory: pytest.TempPathFactory,
    migrated_database: Path,
    entries: list[SetEntry],
    since: date | None,
) -> None:
    """On SQLite the log is read from the driver and converted by the store itself (long logs:
    half the time); every field comes back as SQLAlchemy's own reading gives it."""
    url = copy_database(migrated_database, tmp_path_factory.mktemp("reader") / "log.db")
    with open_store(url) as store:
        user = store.local_user()
        store.add_sets(user, entries)
        query = _SETS_WITH_IDS if since is None else _SETS_WITH_IDS.where(SetRow.day >= since)
        with store._read() as connection:
            ours = [
                pair
                for chunk in _sqlite_set_rows(connection, query, {"user": user}, chunk=3)
                for pair in chunk
            ]
            theirs = [
                pair
                for chunk in _engine_set_rows(connection, query, {"user": user}, chunk=3)
                for pair in chunk
            ]
        assert ours == theirs
        assert len(ours) == sum(since is None or e.day >= since for e in entries)
        assert all(e.at is None or e.at.tzinfo is UTC for e, _ in ours)


@settings(max_examples=examples(40), deadline=None)
@given(entries=st.lists(stored_sets, max_size=12))
def test_the_sets_read_for_an_export_are_the_sets_read_as_entries(
    tmp_path_factory: pytest.TempPathFactory, migrated_database: Path, entries: list[SetEntry]
) -> None:
    """On SQLite the exports' read takes each day and time as the database writes them (times
    in any zone, around summer time changes, with and without microseconds): the same fields
    as the sets read as entries give (``set_fields``), in the same order and chunks."""
    url = copy_database(migrated_database, tmp_path_factory.mktemp("fields") / "log.db")
    with open_store(url) as store:
        user = store.local_user()
        store.add_sets(user, entries)
        fields = list(store.stream_set_fields(user, chunk=5))
        assert fields == [[set_fields(e) for e in c] for c in store.stream_sets(user, chunk=5)]


def test_the_sets_read_for_an_export_on_either_database(store: Store, user: int) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    entries = [
        *_sets(7),
        SetEntry(
            FIRST, "x", 3, kg=20.5, side=Side.LEFT, at=datetime(2024, 3, 31, 1, 59, 59, 5, UTC)
        ),
        SetEntry(
            FIRST, "x", 3, side=Side.RIGHT, at=datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=berlin)
        ),
        SetEntry(
            FIRST, "x", 3, symptoms=(Symptom.SHARP, Symptom.CHEST), name='Zoë, "q"\n', note="é"
        ),
    ]
    store.add_sets(user, entries)
    fields = [row for chunk in store.stream_set_fields(user, chunk=4) for row in chunk]
    assert fields == [set_fields(e) for e in store.sets(user)]
    times = {row[10] for row in fields}
    assert "2024-10-27T01:30:00+00:00" in times  # the second 02:30 in Berlin that day
    assert "2024-03-31T01:59:59.000005+00:00" in times


def test_a_time_stored_in_another_shape_is_read_as_the_entries_read_it(tmp_path: Path) -> None:
    """A time written without microseconds (by hand, or by an older writer) is not the shape
    the database formats itself: those sets are read as entries and turned into fields."""
    with open_store(f"sqlite:///{tmp_path / 'odd.db'}") as store:
        user = store.local_user()
        store.add_sets(user, _sets(6))
        with store._write() as connection:
            connection.exec_driver_sql("UPDATE sets SET at = '2024-03-04 08:01:02' WHERE id = 2")
        fields = [row for chunk in store.stream_set_fields(user) for row in chunk]
        assert fields == [set_fields(e) for e in store.sets(user)]
        assert "2024-03-04T08:01:02+00:00" in [row[10] for row in fields]


def test_the_keys_with_a_prefix_are_every_key_that_starts_with_it(store: Store, user: int) -> None:
    keys = ["hamstrong:1", "hamstrong:2", "hevy:1", "hamstrong;3", "hamstrong_x", None]
    store.add_sets(user, [SetEntry(FIRST, "glute-bridge", 8, key=key) for key in keys])
    assert store.set_keys(user) == {key for key in keys if key}
    assert store.set_keys(user, prefix="hamstrong:") == {"hamstrong:1", "hamstrong:2"}
