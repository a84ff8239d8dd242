"""What one worker derived from a user's whole history, kept in the database for the other
workers and the next start (``services.summaries.Shared``, table ``kept_answers``)."""

import hashlib
import pickle
import zlib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from itsdangerous import Signer

from hamstrong.core.training_log import SetEntry
from hamstrong.errors import HamstrongError
from hamstrong.services.plans import PlanCache
from hamstrong.services.programmes import (
    active_plan,
    current,
    today_session,
)
from hamstrong.services.sessions import session_screen
from hamstrong.services.summaries import Shared
from hamstrong.store import Store, open_store
from tests.databases import copy_database
from tests.kept import (
    LIBRARY,
    SECRET,
    TODAY,
    Write,
    begin,
    kept_rows,
    logged,
    read_log,
    worker,
    writes,
)
from tests.strategies import examples

HORIZONS = (None, 6, 13)  # the programme page, a session page, the today page


def _screen(store: Store, user: int, today: date, plans: PlanCache | None) -> object:
    """Today's session screen, or the error it answers."""
    try:
        return session_screen(
            store, user_id=user, library=LIBRARY, day=today, today=today, plans=plans
        )
    except HamstrongError as error:
        return type(error), str(error)


def _answers(store: Store, user: int, today: date, plans: PlanCache | None) -> tuple[object, ...]:
    """What a worker with ``plans`` serves (None: worked out afresh, nothing kept): today's
    page, today's session screen and the whole programme first, before it holds the log
    (``current`` reads it), so they come from the kept answers when those hold; then the
    adaptation for each horizon."""
    found: list[object] = [
        today_session(store, user_id=user, library=LIBRARY, today=today, plans=plans),
        _screen(store, user, today, plans),
        active_plan(store, user_id=user, library=LIBRARY, today=today, plans=plans),
    ]
    for days in HORIZONS:
        horizon = None if days is None else today + timedelta(days=days)
        now = current(
            store, user_id=user, library=LIBRARY, today=today, horizon=horizon, plans=plans
        )
        found.append((now.adapted, now.log, now.set_ids, now.swaps))
    return tuple(found)


def _same_as_afresh(
    store: Store, user: int, plans: PlanCache, today: date, fresh: tuple[object, ...] = ()
) -> None:
    """Every answer ``plans`` serves is ``fresh``: the one worked out with nothing kept."""
    assert _answers(store, user, today, plans) == (fresh or _answers(store, user, today, None))


def test_a_second_worker_and_a_restart_show_today_from_the_kept_adaptation(
    migrated_database, tmp_path
):
    url = copy_database(migrated_database, tmp_path / "shared.db")
    store = open_store(url)
    user = store.local_user()
    begin(store, user)
    store.add_sets(user, [SetEntry(TODAY - timedelta(days=n), "glute-bridge", 10) for n in (3, 7)])
    first = worker()
    shown = today_session(store, user_id=user, library=LIBRARY, today=TODAY, plans=first)
    assert [(name, version) for _, name, version in kept_rows(url)] == [
        ("current+13", store.data_version(user))
    ]
    other = worker()  # another worker, or the same one after a restart
    assert today_session(store, user_id=user, library=LIBRARY, today=TODAY, plans=other) == shown
    assert not read_log(other, store, user)
    # today's session screen: worked out by one worker, then shown by another from the kept
    # adaptation, last time, records and days trained before today, and today's sets
    assert _screen(store, user, TODAY, first) == _screen(store, user, TODAY, None)
    assert {name for _, name, _ in kept_rows(url)} >= {"session", "session-before"}
    assert _screen(store, user, TODAY, other) == _screen(store, user, TODAY, None)
    # the whole programme: the kept adaptation and the sets from the programme's first day on
    plan = active_plan(store, user_id=user, library=LIBRARY, today=TODAY, plans=first)
    assert active_plan(store, user_id=user, library=LIBRARY, today=TODAY, plans=other) == plan
    assert not read_log(other, store, user)
    # a set logged today (adapt does not read it): the kept adaptation and today's sets only
    store.add_set(user, SetEntry(TODAY, "glute-bridge", 9, rpe=7.0))
    after = today_session(store, user_id=user, library=LIBRARY, today=TODAY, plans=worker())
    assert after == today_session(store, user_id=user, library=LIBRARY, today=TODAY)
    assert after.sets_logged == shown.sets_logged + 1
    kept = store.kept_answer(user, "current+13")
    version = store.data_version(user)
    assert (
        kept is not None and version is not None and kept.version < version
    )  # not worked out again


def test_an_edit_of_an_old_set_is_not_answered_from_the_kept_adaptation(
    migrated_database, tmp_path
):
    store = open_store(copy_database(migrated_database, tmp_path / "shared.db"))
    user = store.local_user()
    begin(store, user)
    old = store.add_set(user, SetEntry(TODAY - timedelta(days=4), "glute-bridge", 12, rpe=6.0))
    today_session(store, user_id=user, library=LIBRARY, today=TODAY, plans=worker())
    store.replace_set(user, old, SetEntry(TODAY - timedelta(days=4), "glute-bridge", 3, rpe=10.0))
    _same_as_afresh(store, user, worker(), TODAY)


def _forged(store: Store, user: int, body: bytes) -> None:
    """Overwrite the kept today answer's body, keeping its key and version."""
    found = store.kept_answer(user, "current+13")
    assert found is not None
    store.keep_answer(user, "current+13", found.key, found.version, body)


def _sprung(what: str) -> None:
    """What unpickling a ``_Trap`` calls: by name, so it records in this very process (a
    bound ``list.append`` would be pickled with a copy of the list and record nothing)."""
    _Trap.opened.append(what)


class _Trap:
    """Unpickling it records that something unsigned was loaded."""

    opened: list[str] = []  # noqa: RUF012

    def __reduce__(self) -> tuple[Callable[[str], None], tuple[str]]:
        return _sprung, ("unpickled",)


def test_a_kept_answer_not_signed_with_the_apps_secret_is_never_unpickled(
    migrated_database, tmp_path
):
    store = open_store(copy_database(migrated_database, tmp_path / "shared.db"))
    user = store.local_user()
    begin(store, user)
    today_session(store, user_id=user, library=LIBRARY, today=TODAY, plans=worker())
    trap = zlib.compress(pickle.dumps(_Trap()))
    for body in (
        trap,  # no signature at all
        Signer("another app's secret" * 2, salt="hamstrong.kept-answer").sign(trap),
        Signer(SECRET, salt="hamstrong.kept-answer").sign(trap),  # not our digest
        b"",
    ):
        _forged(store, user, body)
        _same_as_afresh(store, user, worker(), TODAY)
        assert _Trap.opened == []
    # the row is kept again, signed: a worker with the app's secret shows today from it...
    same = worker()
    today_session(store, user_id=user, library=LIBRARY, today=TODAY, plans=same)
    assert not read_log(same, store, user)
    # ...one with another secret refuses it: it reads the whole log, and answers all the same
    other = worker("another app's secret" * 2)
    today_session(store, user_id=user, library=LIBRARY, today=TODAY, plans=other)
    assert read_log(other, store, user)
    _same_as_afresh(store, user, other, TODAY)


def test_a_kept_answer_that_no_longer_reads_or_is_of_other_code_is_worked_out_again(
    migrated_database, tmp_path
):
    store = open_store(copy_database(migrated_database, tmp_path / "shared.db"))
    user = store.local_user()
    begin(store, user)
    today_session(store, user_id=user, library=LIBRARY, today=TODAY, plans=worker())
    signer = Signer(SECRET, salt="hamstrong.kept-answer", digest_method=hashlib.sha256)
    version = store.data_version(user)
    key = Shared.key("current+13")
    assert version is not None and key is not None
    for data in (b"not zlib", zlib.compress(pickle.dumps(("a", 1)))):
        signature = signer.get_signature(Shared._bound(user, "current+13", key, version, data))
        _forged(store, user, data + b"." + signature)  # signed by us, but no answer of ours
        _same_as_afresh(store, user, worker(), TODAY)
    found = store.kept_answer(user, "current+13")
    assert found is not None
    version = store.data_version(user)
    assert version is not None
    other_code = "1.0000000000000000." + found.key.split(".", 2)[2]
    store.keep_answer(user, "current+13", other_code, version, found.body)
    _same_as_afresh(store, user, worker(), TODAY)
    assert store.kept_answer(user, "current+13") == found  # the right key, written again


def test_a_signed_answer_moved_to_another_user_name_or_version_is_never_unpickled(
    migrated_database, tmp_path
):
    """The signature covers where the answer is kept: a body signed for one user, name and
    data version and copied to another (by anyone who can write the database) is not read."""
    store = open_store(copy_database(migrated_database, tmp_path / "shared.db"))
    user, other = store.local_user(), store.create_user("sam@example.com", "not a real hash")
    shared, key = Shared(SECRET), Shared.key("what")
    version = store.data_version(user)
    assert version is not None and key is not None
    signer = Signer(SECRET, salt="hamstrong.kept-answer", digest_method=hashlib.sha256)
    data = zlib.compress(pickle.dumps(_Trap()))
    body = data + b"." + signer.get_signature(Shared._bound(user, "a", key, version, data))
    store.keep_answer(other, "a", key, version, body)  # another user
    store.keep_answer(user, "b", key, version, body)  # another name
    store.keep_answer(user, "c", key, version + 1, body)  # relabelled as newer
    for owner, name in ((other, "a"), (user, "b"), (user, "c")):
        assert shared.read(store, owner, name, "what", object) is None
    assert _Trap.opened == []
    store.keep_answer(user, "a", key, version, body)  # where it was signed for: it is read
    assert shared.read(store, user, "a", "what", object) is not None
    assert _Trap.opened == ["unpickled"]
    _Trap.opened.clear()


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=st.lists(logged, max_size=12),
    steps=st.lists(
        st.tuples(writes, st.booleans(), st.sampled_from([0, 0, 0, 1])), min_size=1, max_size=7
    ),
)
def test_what_the_workers_serve_from_the_kept_answers_is_always_worked_out_afresh(
    tmp_path_factory: pytest.TempPathFactory,
    migrated_database: Path,
    start: list[SetEntry],
    steps: list[tuple[Write, bool, int]],
) -> None:
    """Two workers on one database (each its own store and caches) and a third restarted
    before every request: after any write in either of them, whatever each serves (today,
    today's session screen, a session's and the programme's adaptation) is what a fresh full
    computation gives, for today and the next day."""
    url = copy_database(migrated_database, tmp_path_factory.mktemp("kept") / "kept.db")
    stores = open_store(url), open_store(url)
    user = stores[0].local_user()
    begin(stores[0], user)
    stores[0].add_sets(user, start)
    workers = worker(), worker()
    for write, in_second, later in steps:
        today = TODAY + timedelta(days=later)
        for store, plans in zip(stores, workers, strict=True):
            today_session(store, user_id=user, library=LIBRARY, today=today, plans=plans)
            _screen(store, user, today, plans)
            active_plan(store, user_id=user, library=LIBRARY, today=today, plans=plans)
        write(stores[in_second], user)
        fresh = _answers(stores[0], user, today, None)
        for store, plans in (*zip(stores, workers, strict=True), (stores[1], worker())):
            _same_as_afresh(store, user, plans, today, fresh)
    for store in stores:
        store.close()
