"""The user, programme, workers and writes that the tests of kept answers share
(tests/test_summaries.py, tests/test_shared_answers.py, tests/test_kept_outputs.py): one
programme started the same way, one set of random writes, each written once."""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st
from sqlalchemy import create_engine

from hamstrong.core.training_log import Checkin, SelfTest, SetEntry, Symptom, TestKind
from hamstrong.core.vocab import Side
from hamstrong.errors import HamstrongError
from hamstrong.library import load_library
from hamstrong.profiles import profile_from_mapping
from hamstrong.services.plans import PlanCache
from hamstrong.services.programmes import current, start_programme, swap_exercise, swap_slots
from hamstrong.services.summaries import Shared, Summaries
from hamstrong.store import Store
from tests.strategies import ALL_NO

LIBRARY = load_library()
TODAY = date(2026, 12, 7)
PROFILE: dict[str, object] = {
    "level": "beginner",
    "sessions_per_week": 2,
    "days": ["mon", "thu"],
    "minutes": 30,
    "equipment": ["mat"],
    "goals": ["strength"],
    "screen": ALL_NO,
}
OTHER = {**PROFILE, "sessions_per_week": 3, "days": ["mon", "wed", "fri"]}
SECRET = "a secret shared by the workers of one app" * 2


def begin(store: Store, user: int, profile: dict[str, object] = PROFILE) -> None:
    """An eight-week programme started two weeks before ``TODAY``."""
    start_programme(
        store,
        user_id=user,
        profile=profile_from_mapping(profile),
        start=TODAY - timedelta(days=14),
        weeks=8,
        library=LIBRARY,
    )


def worker(secret: str = SECRET) -> PlanCache:
    """One worker's caches, as ``create_app`` builds them (empty: a new worker or a restart)."""
    return PlanCache(summaries=Summaries(shared=Shared(secret)))


def read_log(plans: PlanCache, store: Store, user: int) -> bool:
    """Whether the worker read the user's whole log (it keeps what it read)."""
    assert plans.summaries is not None
    return plans.summaries.held(user, ("snapshot",), store.data_version(user))


def kept_rows(url: str) -> list[tuple[int, str, int]]:
    """(user, name, data version) of every row in ``kept_answers``."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT user_id, name, version FROM kept_answers")
        found = [(r[0], r[1], r[2]) for r in rows]
    engine.dispose()
    return found


# A day of the programme's (its third week) and the sets a person may log around it.
EXERCISES = ("glute-bridge", "single-leg-glute-bridge", "nordic-hamstring-curl", "bird-dog")
logged = st.builds(
    SetEntry,
    day=st.integers(-16, 2).map(lambda n: TODAY + timedelta(days=n)),
    exercise=st.sampled_from(EXERCISES),
    reps=st.integers(1, 20),
    rpe=st.none() | st.integers(5, 10).map(float),
    pain=st.none() | st.integers(0, 8),
    side=st.sampled_from(Side),
    symptoms=st.sampled_from([(), (), (), (Symptom.SHARP,)]),
)
today_sets = logged.map(lambda e: replace(e, day=TODAY, symptoms=(), pain=0))
Write = Callable[[Store, int], object]


def _nth(store: Store, user: int, n: int) -> int | None:
    ids = store.set_ids(user)
    return ids[n % len(ids)] if ids else None


def _edit(n: int, entry: SetEntry) -> Write:
    return lambda s, u: (i := _nth(s, u, n)) is not None and s.replace_set(u, i, entry)


def _delete(n: int) -> Write:
    return lambda s, u: (i := _nth(s, u, n)) is not None and s.delete_set(u, i)


def _import(entries: list[SetEntry], pain: int) -> Write:
    return lambda s, u: s.import_all(
        u, sets=entries, checkins=[Checkin(TODAY - timedelta(days=5), pain)]
    )


def _swap(s: Store, u: int) -> None:
    """Swap the first exercise that has a stand-in in the next session (refusals are fine)."""
    now = current(s, user_id=u, library=LIBRARY, today=TODAY)
    day = next((x.date for x in now.programme.sessions if x.date >= TODAY), None)
    if day is None:
        return
    try:
        for slot in swap_slots(s, user_id=u, library=LIBRARY, day=day, today=TODAY):
            if slot.options:
                swap_exercise(
                    s,
                    user_id=u,
                    library=LIBRARY,
                    day=day,
                    planned=slot.planned,
                    chosen=slot.options[0].exercise,
                    today=TODAY,
                )
                return
    except HamstrongError:
        return


# The writes of the log: sets (logged today most often), edits, deletes, check-ins, a start.
log_writes = st.one_of(
    today_sets.map(lambda e: lambda s, u: s.add_set(u, e)),
    today_sets.map(lambda e: lambda s, u: s.add_set(u, e)),  # the common case, twice as often
    logged.map(lambda e: lambda s, u: s.add_set(u, e)),  # an old set, a stop set
    st.builds(_edit, st.integers(0, 30), logged),
    st.integers(0, 30).map(_delete),
    st.integers(-6, 0).map(
        lambda n: lambda s, u: s.add_checkin(u, Checkin(TODAY + timedelta(days=n), 4))
    ),
    st.just(lambda s, u: s.start_session(u, TODAY, at=datetime(2026, 12, 7, 18, tzinfo=UTC))),
)
# Every kind of write: the log's, and an import, an undo, a self-test, a swap, a new programme.
writes = st.one_of(
    log_writes,
    st.builds(_import, st.lists(logged, max_size=6), st.integers(0, 5)),
    st.just(lambda s, u: s.undo(u)),
    st.just(lambda s, u: s.add_test(u, SelfTest(TODAY - timedelta(days=1), TestKind.AKE, 20))),
    st.just(_swap),
    st.sampled_from([PROFILE, OTHER]).map(lambda p: lambda s, u: begin(s, u, p)),
)
