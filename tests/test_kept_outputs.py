"""Progress, its charts and the PDF, kept for every worker and the next start
(``Summaries.everywhere``, ``services.printouts``): what a worker serves from a row another
one kept is what a fresh computation gives, never another user's, never from before a write."""

import inspect
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamstrong.core.insight import Progress
from hamstrong.core.programme import Programme
from hamstrong.core.training_log import SetEntry
from hamstrong.outputs.charts import panel_chart
from hamstrong.outputs.pdf import programme_pdf as draw_pdf
from hamstrong.services.plans import PlanCache
from hamstrong.services.printouts import PDF_ROW, printed, programme_pdf
from hamstrong.services.programmes import active_plan
from hamstrong.services.progress import PAGE_FIELDS, chart, page_view, progress, progress_view
from hamstrong.services.summaries import Summaries
from hamstrong.store import Store, open_store
from tests.databases import copy_database
from tests.kept import LIBRARY, OTHER, TODAY, Write, begin, kept_rows, logged, worker, writes
from tests.strategies import examples


def _afresh(store: Store, user: int, whole: bool = False) -> object:
    return progress(store, user_id=user, library=LIBRARY, today=TODAY, whole=whole)


def _draw(programme: Programme) -> bytes:
    return draw_pdf(programme, LIBRARY)


def _pdf(store: Store, user: int, plans: PlanCache | None = None) -> bytes:
    return programme_pdf(store, user_id=user, library=LIBRARY, today=TODAY, draw=_draw, plans=plans)


def test_everywhere_computes_once_for_all_workers_and_again_after_a_write(
    migrated_database: Path, tmp_path: Path
) -> None:
    url = copy_database(migrated_database, tmp_path / "kept.db")
    store = open_store(url)
    user, other = store.local_user(), store.create_user("sam@example.com", "not a real hash")
    computed: list[int] = []

    def ask(plans: PlanCache, who: int) -> str:
        def compute() -> str:
            computed.append(who)
            return f"answer of {who} at {store.data_version(who)}"

        assert plans.summaries is not None
        return plans.summaries.everywhere(store, who, "probe", "day", str, compute)

    first = ask(worker(), user)
    assert ask(worker(), user) == first and ask(worker(), user) == first  # others, restarts
    assert computed == [user]
    assert ask(worker(), other) != first  # another user's own row, worked out for them
    assert computed == [user, other]
    store.add_set(user, SetEntry(TODAY, "glute-bridge", 8))  # the data version moves on
    assert ask(worker(), user) != first and computed == [user, other, user]
    unshared = PlanCache(summaries=Summaries())  # an app that shares nothing computes
    assert ask(unshared, user) == ask(worker(), user)
    assert computed == [user, other, user, user]  # the one without sharing computed, once


def test_a_second_request_for_the_same_answer_waits_for_the_first(
    migrated_database: Path, tmp_path: Path
) -> None:
    store = open_store(copy_database(migrated_database, tmp_path / "kept.db"))
    user = store.local_user()
    plans, started, release = worker(), threading.Event(), threading.Event()
    computed: list[int] = []

    def compute() -> bytes:
        computed.append(1)
        started.set()
        release.wait(timeout=30)
        return b"chart"

    def ask() -> bytes:
        assert plans.summaries is not None
        return plans.summaries.everywhere(store, user, "chart.x", "day", bytes, compute)

    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(ask)
        assert started.wait(timeout=30)
        others = [pool.submit(ask) for _ in range(3)]
        waited = _at_the_gate(3)  # the three others wait there while the first computes
        release.set()
        assert {f.result() for f in (first, *others)} == {b"chart"}
    assert waited and computed == [1]


def _at_the_gate(threads: int, timeout: float = 30) -> bool:
    """Whether ``threads`` threads come to wait at a ``Summaries`` gate (their innermost
    Python frame is the gate's, blocked taking its lock) within ``timeout`` seconds: polled
    from the threads' frames, so the test sees them wait instead of trusting a head start."""
    gate = inspect.unwrap(Summaries._gate).__code__
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frames = sys._current_frames().values()
        if sum(frame.f_code is gate for frame in frames) >= threads:
            return True
        time.sleep(0.01)
    return False


def test_charts_progress_and_pdf_are_kept_per_user_and_redone_after_a_write(
    migrated_database: Path, tmp_path: Path
) -> None:
    url = copy_database(migrated_database, tmp_path / "kept.db")
    store = open_store(url)
    user, other = store.local_user(), store.create_user("sam@example.com", "not a real hash")
    begin(store, user)
    begin(store, other, OTHER)
    store.add_set(user, SetEntry(TODAY - timedelta(days=3), "glute-bridge", 10, rpe=8.0))
    plan = {"library": LIBRARY, "today": TODAY}

    def hard_sets(report: Progress) -> bytes:
        return panel_chart(report, "hard-sets", "png")

    def served(who: int, plans: PlanCache) -> tuple[object, ...]:
        return (
            progress(store, user_id=who, plans=plans, whole=True, **plan),
            chart(store, user_id=who, plans=plans, draw=hard_sets, name="hard-sets", **plan),
            _pdf(store, who, plans),
        )

    def fresh(who: int) -> tuple[object, ...]:
        return (
            _afresh(store, who, whole=True),
            hard_sets(_afresh(store, who)),
            _draw(active_plan(store, user_id=who, **plan)),
        )

    kept = served(user, worker())
    assert kept == fresh(user)
    rows = {(u, name) for u, name, _ in kept_rows(url)}
    assert {(user, "progress.all"), (user, "chart.hard-sets.year"), (user, PDF_ROW)} <= rows
    restarted = worker()
    assert served(user, restarted) == kept
    assert restarted.summaries is not None and len(restarted.summaries) == 3  # nothing else read
    page = page_view(store, user_id=user, plans=worker(), whole=True, **plan)
    whole = progress_view(store, user_id=user, whole=True, **plan)
    assert page == page_view(store, user_id=user, whole=True, **plan)
    assert (page.readings, page.tests) == (whole.readings, whole.tests)
    assert all(getattr(page.report, f) == getattr(whole.report, f) for f in PAGE_FIELDS)
    assert served(other, worker()) == fresh(other) != kept  # never another user's answers
    store.add_set(user, SetEntry(TODAY - timedelta(days=2), "nordic-hamstring-curl", 5, rpe=9.0))
    after = served(user, worker())
    assert after == fresh(user)
    assert after[:2] != kept[:2]  # the new set shows in progress and its chart


@settings(
    max_examples=examples(6),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=st.lists(logged, max_size=10),
    steps=st.lists(st.tuples(writes, st.booleans()), min_size=1, max_size=4),
)
def test_progress_and_the_pdf_served_from_kept_answers_are_always_worked_out_afresh(
    migrated_database: Path,
    tmp_path_factory: pytest.TempPathFactory,
    start: list[SetEntry],
    steps: list[tuple[Write, bool]],
) -> None:
    """Two workers on one database and a third restarted before every request: after any
    write in either, the progress report (last year and whole) and the PDF each serves are
    the ones worked out afresh with nothing kept."""
    url = copy_database(migrated_database, tmp_path_factory.mktemp("kept") / "kept.db")
    stores = open_store(url), open_store(url)
    user = stores[0].local_user()
    begin(stores[0], user)
    stores[0].add_sets(user, start)
    workers = worker(), worker()
    drawn: dict[str, bytes] = {}  # each programme's PDF drawn once (drawing is deterministic)

    def pdf_afresh(store: Store) -> bytes:
        programme = active_plan(store, user_id=user, library=LIBRARY, today=TODAY)
        digest = printed(programme)
        if digest not in drawn:
            drawn[digest] = _draw(programme)
        return drawn[digest]

    for write, in_second in steps:
        for store, plans in zip(stores, workers, strict=True):  # both keep what they answer
            progress(store, user_id=user, library=LIBRARY, today=TODAY, plans=plans, whole=True)
            _pdf(store, user, plans)
        write(stores[in_second], user)
        for store, plans in (*zip(stores, workers, strict=True), (stores[1], worker())):
            for whole in (False, True):
                assert progress(
                    store, user_id=user, library=LIBRARY, today=TODAY, plans=plans, whole=whole
                ) == _afresh(store, user, whole)
            assert _pdf(store, user, plans) == pdf_afresh(store)
    for store in stores:
        store.close()
