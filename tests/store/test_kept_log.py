"""A kept snapshot brought up to date reads as the whole log does, whatever was written since.

The web keeps each user's snapshot and, after a write, reads only the sets added since
(``Store.snapshot(kept=...)``); an edit, a delete or an undo of a set, or an added set that sorts
before the newest one (an import of older sets), reads the whole log again. The stop check of
every write reads only the sets that hit a stop rule (``Store.stop_candidates``).
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamstrong.core.rules import stopped
from hamstrong.core.training_log import Checkin, SelfTest, SetEntry, Symptom, TestKind
from hamstrong.store import Store
from hamstrong.store.repository import Snapshot
from tests.store.test_reads import stored_sets
from tests.strategies import examples

DAY = date(2026, 3, 2)
AT = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
_emails = count()

# Sets mostly on the days just after DAY, in the order logged (the common case: appended),
# sometimes anywhere in 2015-2030 (they sort into the middle), some with a stop rule.
recent_sets = st.builds(
    SetEntry,
    day=st.integers(0, 3).map(lambda n: DAY + timedelta(days=n)),
    exercise=st.sampled_from(["glute-bridge", "nordic-hamstring-curl"]),
    reps=st.integers(0, 20),
    pain=st.none() | st.integers(0, 7),
    at=st.none() | st.integers(0, 4 * 24 * 60).map(lambda m: AT + timedelta(minutes=m)),
    symptoms=st.lists(st.sampled_from(Symptom), max_size=1, unique=True).map(tuple),
)
any_set = recent_sets | stored_sets

Op = Callable[[Store, int], object]


def _nth(store: Store, user: int, n: int) -> int | None:
    ids = store.set_ids(user)
    return ids[n % len(ids)] if ids else None


def _edit(n: int, entry: SetEntry) -> Op:
    def run(store: Store, user: int) -> object:
        found = _nth(store, user, n)
        return found is not None and store.replace_set(user, found, entry)

    return run


def _delete(n: int) -> Op:
    def run(store: Store, user: int) -> object:
        found = _nth(store, user, n)
        return found is not None and store.delete_set(user, found)

    return run


def _import(entries: list[SetEntry]) -> Op:
    keyed = [replace(e, key=f"k:{next(_emails)}") for e in entries]
    return lambda store, user: store.import_all(user, sets=keyed)


writes: st.SearchStrategy[Op] = st.one_of(
    any_set.map(lambda e: lambda store, user: store.add_set(user, e)),
    st.lists(recent_sets, max_size=3).map(lambda es: lambda store, user: store.add_sets(user, es)),
    st.lists(any_set, min_size=1, max_size=3).map(_import),
    st.builds(_edit, st.integers(0, 50), any_set),
    st.integers(0, 50).map(_delete),
    st.just(lambda store, user: store.undo(user)),
    st.integers(0, 6).map(
        lambda n: lambda store, user: store.add_checkin(user, Checkin(DAY + timedelta(n), 3))
    ),
    st.just(lambda store, user: store.add_test(user, SelfTest(DAY, TestKind.CHAIR_STAND, 12.0))),
    st.just(lambda store, user: store.save_programme(user, profile={}, start=DAY, weeks=8)),
)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    start=st.lists(any_set, max_size=6),
    steps=st.lists(st.tuples(writes, st.booleans()), min_size=1, max_size=12),
)
def test_a_kept_snapshot_brought_up_to_date_is_the_whole_log(
    store: Store, start: list[SetEntry], steps: list[tuple[Op, bool]]
) -> None:
    """After any writes (read after each or after several), the kept snapshot brought up to
    date equals a fresh read of everything, and the stop check sees the stop a full read sees."""
    user = store.create_user(f"kept{next(_emails)}@example.com", "hash")
    store.add_sets(user, start)
    kept = store.snapshot(user)
    for write, read_now in steps:
        write(store, user)
        if read_now:
            kept = store.snapshot(user, kept=kept)
            whole = store.snapshot(user)
            assert kept == whole
            screened, stopping = store.stop_candidates(user)
            assert screened == (whole.programme.saved_at if whole.programme else None)
            assert stopped(stopping, screened) == stopped(whole.log.sets, screened)
    assert store.snapshot(user, kept=kept) == store.snapshot(user)


def _grown(store: Store, user: int, write: Op) -> tuple[Snapshot, Snapshot]:
    """The kept snapshot before ``write`` and the one brought up to date after it (checked
    against a full read)."""
    kept = store.snapshot(user)
    write(store, user)
    grown = store.snapshot(user, kept=kept)
    assert grown == store.snapshot(user)
    return kept, grown


def _log(store: Store, user: int) -> None:
    store.add_sets(user, [SetEntry(DAY, "glute-bridge", 8, order=n, at=AT) for n in (1, 2)])


def test_an_unchanged_user_gives_the_kept_snapshot_itself(store: Store, user: int) -> None:
    _log(store, user)
    kept = store.snapshot(user)
    assert store.snapshot(user, kept=kept) is kept


def test_a_set_logged_after_the_last_reads_only_the_new_set(store: Store, user: int) -> None:
    _log(store, user)
    later = SetEntry(DAY, "glute-bridge", 9, order=3, at=AT + timedelta(minutes=3))
    kept, grown = _grown(store, user, lambda s, u: s.add_set(u, later))
    assert grown.log.sets[-1] == later and len(grown.log.sets) == 3
    assert grown.log.sets[0] is kept.log.sets[0]  # the kept sets, not read again


def test_an_older_set_edit_delete_or_undo_reads_the_whole_log(store: Store, user: int) -> None:
    older = SetEntry(DAY - timedelta(days=400), "glute-bridge", 5, key="hevy:1")
    for write in (
        lambda s, u: s.import_all(u, sets=[older]),
        lambda s, u: s.replace_set(u, s.set_ids(u)[-1], SetEntry(DAY, "bird-dog", 5)),
        lambda s, u: s.delete_set(u, s.set_ids(u)[0]),
        lambda s, u: s.undo(u),
    ):
        _log(store, user)
        kept, grown = _grown(store, user, write)
        assert grown.log.sets[-1] is not kept.log.sets[-1]
