"""What the web app keeps per user (progress, the adapted programme) is served until the user's
data changes, whichever process changed it; and progress covers a bounded window by default."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamstrong.core.records import bests
from hamstrong.core.training_log import SetEntry, Symptom
from hamstrong.services.plans import PlanCache
from hamstrong.services.programmes import Current, current
from hamstrong.services.progress import PROGRESS_WEEKS, progress, progress_since
from hamstrong.services.sessions import SessionScreen, session_screen
from hamstrong.services.summaries import Shared, Summaries
from hamstrong.store import open_store
from tests.databases import copy_database
from tests.kept import LIBRARY, TODAY, Write, begin, log_writes, logged
from tests.strategies import examples


def _two_workers(migrated: Path, tmp_path: Path):
    """Two processes' views of one database: each its own store and its own cache."""
    url = copy_database(migrated, tmp_path / "shared.db")
    first, second = open_store(url), open_store(url)
    return (first, PlanCache(summaries=Summaries())), (second, PlanCache(summaries=Summaries()))


def _done(report) -> int:
    return sum(w.hard_sets for w in report.weekly)


def test_a_write_in_one_worker_is_seen_by_the_other_workers_kept_progress(
    migrated_database, tmp_path
):
    (a, a_plans), (b, b_plans) = _two_workers(migrated_database, tmp_path)
    user = a.local_user()
    begin(a, user)
    first = progress(a, user_id=user, library=LIBRARY, today=TODAY, plans=a_plans)
    assert progress(a, user_id=user, library=LIBRARY, today=TODAY, plans=a_plans) is first
    b.add_set(user, SetEntry(TODAY - timedelta(days=3), "glute-bridge", 10, rpe=8.0))
    after = progress(a, user_id=user, library=LIBRARY, today=TODAY, plans=a_plans)
    assert after is not first and _done(after) == _done(first) + 1
    assert progress(b, user_id=user, library=LIBRARY, today=TODAY, plans=b_plans) == after


def test_the_kept_programme_changes_with_the_log_and_is_computed_once_for_many_threads(
    migrated_database, tmp_path
):
    (a, plans), (b, _) = _two_workers(migrated_database, tmp_path)
    user = a.local_user()
    begin(a, user)

    def now() -> object:
        return current(a, user_id=user, library=LIBRARY, today=TODAY, plans=plans)

    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda _: now(), range(8)))
    assert all(f is found[0] for f in found)
    b.add_set(user, SetEntry(TODAY, "glute-bridge", 9))
    assert len(now().log.sets) == len(found[0].log.sets) + 1


def test_progress_shows_the_last_year_unless_the_whole_log_is_asked_for(
    migrated_database, tmp_path
):
    store = open_store(copy_database(migrated_database, tmp_path / "one.db"))
    user = store.local_user()
    begin(store, user)
    long_ago = SetEntry(date(2000, 5, 1), "glute-bridge", 10, at=datetime(2000, 5, 1, tzinfo=UTC))
    store.add_sets(user, [long_ago, SetEntry(TODAY - timedelta(days=4), "glute-bridge", 10)])
    shown = progress(store, user_id=user, library=LIBRARY, today=TODAY)
    whole = progress(store, user_id=user, library=LIBRARY, today=TODAY, whole=True)
    since = progress_since(TODAY, store.active_programme(user))
    assert since == TODAY - timedelta(weeks=PROGRESS_WEEKS - 1)  # a Monday, before the start
    assert shown.weekly[0].week_start >= since and len(shown.weekly) <= PROGRESS_WEEKS
    assert whole.weekly[0].week_start == date(2000, 5, 1)
    assert len(whole.weekly) > 52 * 26


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=st.lists(logged, max_size=15), steps=st.lists(log_writes, min_size=1, max_size=8))
def test_the_kept_programme_after_any_writes_is_the_one_worked_out_afresh(
    migrated_database: Path,
    tmp_path_factory: pytest.TempPathFactory,
    start: list[SetEntry],
    steps: list[Write],
) -> None:
    """The web's kept adaptation, carried over while only sets logged today without a stop
    rule were added and worked out again otherwise, is what a fresh replay gives; so are the
    progress report read from the kept log and the session screen's records, streak and last
    time (their part from the days before kept while only later sets were added)."""
    store = open_store(
        copy_database(migrated_database, tmp_path_factory.mktemp("kept") / "kept.db")
    )
    user = store.local_user()
    begin(store, user)
    store.add_sets(user, start)
    plans = PlanCache(summaries=Summaries())
    for write in steps:
        current(store, user_id=user, library=LIBRARY, today=TODAY, plans=plans)
        write(store, user)
        for horizon in (None, TODAY + timedelta(days=13)):
            kept = current(
                store, user_id=user, library=LIBRARY, today=TODAY, horizon=horizon, plans=plans
            )
            fresh = current(store, user_id=user, library=LIBRARY, today=TODAY, horizon=horizon)
            assert (kept.adapted, kept.log, kept.set_ids) == (
                fresh.adapted,
                fresh.log,
                fresh.set_ids,
            )
        for whole in (False, True):
            assert progress(
                store, user_id=user, library=LIBRARY, today=TODAY, plans=plans, whole=whole
            ) == progress(store, user_id=user, library=LIBRARY, today=TODAY, whole=whole)
        for day in (TODAY, TODAY - timedelta(days=3)):
            shown = session_screen(
                store, user_id=user, library=LIBRARY, day=day, today=TODAY, plans=plans
            )
            afresh = session_screen(store, user_id=user, library=LIBRARY, day=day, today=TODAY)
            assert (shown.records, shown.streak, dict(shown.last), dict(shown.held)) == (
                afresh.records,
                afresh.streak,
                dict(afresh.last),
                bests(store.training_log(user).sets, LIBRARY),
            )
    store.close()


def test_a_set_logged_today_keeps_the_adaptation_and_a_stop_set_does_not(
    migrated_database, tmp_path
):
    store = open_store(copy_database(migrated_database, tmp_path / "one.db"))
    user = store.local_user()
    begin(store, user)
    store.add_set(user, SetEntry(TODAY - timedelta(days=3), "glute-bridge", 10, rpe=8.0))
    plans = PlanCache(summaries=Summaries())

    def now() -> Current:
        return current(store, user_id=user, library=LIBRARY, today=TODAY, plans=plans)

    def screen() -> SessionScreen:
        return session_screen(
            store, user_id=user, library=LIBRARY, day=TODAY, today=TODAY, plans=plans
        )

    before, shown = now(), screen()
    store.add_set(user, SetEntry(TODAY, "glute-bridge", 12, rpe=7.0))
    after, again = now(), screen()
    assert after.adapted is before.adapted and len(after.log.sets) == 2
    assert again.last is shown.last  # the days before today: kept, not read again
    assert [r.best.reps for r in again.records] == [12]  # more reps than 3 days ago
    store.add_set(user, SetEntry(TODAY, "glute-bridge", 10, symptoms=(Symptom.SHARP,)))
    stopped = now()
    assert stopped.adapted.halt is not None and before.adapted.halt is None


def test_no_gate_is_left_behind_whether_a_value_is_found_missed_or_raised(
    migrated_database, tmp_path
):
    store = open_store(copy_database(migrated_database, tmp_path / "one.db"))
    user = store.local_user()
    summaries = Summaries()

    def fails(_stale: object) -> object:
        raise ValueError("no programme")

    with pytest.raises(ValueError, match="no programme"):
        summaries.renew(store, user, ("today", TODAY), fails)
    assert summaries.found(store, user, ("window", TODAY), lambda: None) is None
    assert summaries.get(store, user, ("kept", TODAY), lambda: b"x") == b"x"
    with ThreadPoolExecutor(4) as pool:
        got = set(pool.map(lambda d: summaries.get(store, user, d % 2, lambda: d % 2), range(8)))
    assert got == {0, 1}
    assert summaries.gates() == 0


def test_a_kept_row_that_cannot_be_read_is_worked_out_afresh(migrated_database, tmp_path):
    path = tmp_path / "one.db"
    store = open_store(copy_database(migrated_database, path))
    user = store.local_user()
    shared = Shared("s" * 32)
    shared.write(store, user, "pdf", "day", 1, b"kept")
    assert shared.read(store, user, "pdf", "day", bytes) == (1, b"kept")
    with sqlite3.connect(path) as connection:  # the table damaged under the running app
        connection.execute("DROP TABLE kept_answers")
    assert shared.read(store, user, "pdf", "day", bytes) is None
    computed = Summaries(shared=shared).everywhere(store, user, "pdf", "day", bytes, lambda: b"new")
    assert computed == b"new"
