"""What the web app keeps per user (progress, the adapted programme) is served until the user's
data changes, whichever process changed it; and progress covers a bounded window by default."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

from hamstrong.core.training_log import SetEntry
from hamstrong.library import load_library
from hamstrong.profiles import profile_from_mapping
from hamstrong.services.plans import PlanCache
from hamstrong.services.programmes import current, start_programme
from hamstrong.services.progress import PROGRESS_WEEKS, progress, progress_since
from hamstrong.services.summaries import Summaries
from hamstrong.store import open_store
from tests.strategies import ALL_NO

LIBRARY = load_library()
TODAY = date(2026, 12, 7)
PROFILE = {
    "level": "beginner",
    "sessions_per_week": 2,
    "days": ["mon", "thu"],
    "minutes": 30,
    "equipment": ["mat"],
    "goals": ["strength"],
    "screen": ALL_NO,
}


def _start(store, user: int) -> None:
    profile = profile_from_mapping(PROFILE)
    start = TODAY - timedelta(days=14)
    start_programme(store, user_id=user, profile=profile, start=start, weeks=8, library=LIBRARY)


def _two_workers(tmp_path):
    """Two processes' views of one database: each its own store and its own cache."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first, second = open_store(url), open_store(url)
    return (first, PlanCache(summaries=Summaries())), (second, PlanCache(summaries=Summaries()))


def _done(report) -> int:
    return sum(w.hard_sets for w in report.weekly)


def test_a_write_in_one_worker_is_seen_by_the_other_workers_kept_progress(tmp_path):
    (a, a_plans), (b, b_plans) = _two_workers(tmp_path)
    user = a.local_user()
    _start(a, user)
    first = progress(a, user_id=user, library=LIBRARY, today=TODAY, plans=a_plans)
    assert progress(a, user_id=user, library=LIBRARY, today=TODAY, plans=a_plans) is first
    b.add_set(user, SetEntry(TODAY - timedelta(days=3), "glute-bridge", 10, rpe=8.0))
    after = progress(a, user_id=user, library=LIBRARY, today=TODAY, plans=a_plans)
    assert after is not first and _done(after) == _done(first) + 1
    assert progress(b, user_id=user, library=LIBRARY, today=TODAY, plans=b_plans) == after


def test_the_kept_programme_changes_with_the_log_and_is_computed_once_for_many_threads(tmp_path):
    (a, plans), (b, _) = _two_workers(tmp_path)
    user = a.local_user()
    _start(a, user)

    def now() -> object:
        return current(a, user_id=user, library=LIBRARY, today=TODAY, plans=plans)

    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda _: now(), range(8)))
    assert all(f is found[0] for f in found)
    b.add_set(user, SetEntry(TODAY, "glute-bridge", 9))
    assert len(now().log.sets) == len(found[0].log.sets) + 1


def test_progress_shows_the_last_year_unless_the_whole_log_is_asked_for(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'one.db'}")
    user = store.local_user()
    _start(store, user)
    long_ago = SetEntry(date(2000, 5, 1), "glute-bridge", 10, at=datetime(2000, 5, 1, tzinfo=UTC))
    store.add_sets(user, [long_ago, SetEntry(TODAY - timedelta(days=4), "glute-bridge", 10)])
    shown = progress(store, user_id=user, library=LIBRARY, today=TODAY)
    whole = progress(store, user_id=user, library=LIBRARY, today=TODAY, whole=True)
    since = progress_since(TODAY, store.active_programme(user))
    assert since == TODAY - timedelta(weeks=PROGRESS_WEEKS - 1)  # a Monday, before the start
    assert shown.weekly[0].week_start >= since and len(shown.weekly) <= PROGRESS_WEEKS
    assert whole.weekly[0].week_start == date(2000, 5, 1)
    assert len(whole.weekly) > 52 * 26
