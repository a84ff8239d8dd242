"""The progress use-case: the log read against the plan, and in plain words."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeVar

from hamstrong.core.dates import monday
from hamstrong.core.exercises import Library
from hamstrong.core.training_log import SelfTest
from hamstrong.core.units import Unit
from hamstrong.services.plans import PlanCache, log_since
from hamstrong.services.plans import snapshot as kept_snapshot
from hamstrong.services.programmes import planned, saved_profile

if TYPE_CHECKING:
    from hamstrong.core.assessments import Reading
    from hamstrong.core.insight import Progress
    from hamstrong.store import Store
    from hamstrong.store.repository import SavedProgramme

T = TypeVar("T")

# What progress covers unless the whole log is asked for: a year of weeks reads at a glance,
# and years of imported history (or one set typed with the wrong year) stay off the charts.
PROGRESS_WEEKS = 52


@dataclass(frozen=True, slots=True)
class ProgressView:
    """The report, one to three sentences per panel, and each self-test with its reading (None:
    outside the test's range, so not read)."""

    report: "Progress"
    readings: Mapping[str, tuple[str, ...]]
    tests: tuple[tuple[SelfTest, "Reading | None"], ...]


def progress(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    today: date,
    plans: PlanCache | None = None,
    whole: bool = False,
    unit: Unit = Unit.KG,
) -> "Progress":
    """Adherence, recovery, weekly load, asymmetry, strength, Nordic reps and pain (§6, §7):
    over the sets from ``progress_since`` on, or over the whole log with ``whole``. Check-ins
    and self-tests are always read whole. The web app keeps the report until the data changes.
    Loads in ``unit`` (pages, tables, charts); the JSON contract is the kg report.
    """

    def compute() -> "Progress":
        from hamstrong.core.assessments import repeated_tests
        from hamstrong.core.insight import progress as report

        if plans is not None and plans.summaries is not None:  # the web: the kept log
            snapshot = kept_snapshot(plans, store, user_id)
            saved = snapshot.programme
            since = None if whole else progress_since(today, saved)
            log = snapshot.log if since is None else log_since(snapshot.log, since)
        else:  # the command line: read only the window
            saved = store.active_programme(user_id)
            since = None if whole else progress_since(today, saved)
            log = store.training_log(user_id, since=since)
        if saved is None:
            return report(log, library=library, today=today)
        programme = planned(store, user_id=user_id, library=library, saved=saved, plans=plans)
        return report(
            log,
            library=library,
            today=today,
            planned=[s.date for s in programme.sessions],
            repeated=repeated_tests(older=programme.profile.older),
            start=programme.start,
            screened_at=saved.saved_at,
        )

    from hamstrong.core.insight import Progress

    name = f"progress.{span(whole)}"
    return shown_in(kept(plans, store, user_id, name, today.isoformat(), Progress, compute), unit)


def chart(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    today: date,
    draw: "Callable[[Progress], bytes]",
    name: str,
    plans: PlanCache | None = None,
    whole: bool = False,
    unit: Unit = Unit.KG,
) -> bytes:
    """A picture of the report (``draw``: a chart's PNG, named ``name`` among the user's
    charts), kept for every worker until the user's data changes."""

    def drawn() -> bytes:
        return draw(
            progress(
                store,
                user_id=user_id,
                library=library,
                today=today,
                plans=plans,
                whole=whole,
                unit=unit,
            )
        )

    row = f"chart.{name}.{span(whole)}"
    return kept(plans, store, user_id, row, f"{today.isoformat()}.{unit.value}", bytes, drawn)


def span(whole: bool) -> str:
    """How a kept answer's row names its range: ``all`` (the whole log) or ``year``."""
    return "all" if whole else "year"


def kept(
    plans: PlanCache | None,
    store: "Store",
    user_id: int,
    name: str,
    what: str,
    kind: type[T],
    compute: Callable[[], T],
) -> T:
    """``compute()``, kept for every worker and the next start under the user's data version
    (``Summaries.everywhere``: row ``name``, depending on ``what`` besides the user's data) by
    the web app; the command line computes it. The whole-log report, its panels and charts
    cost about a second each to work out over 113,000 sets: one worker pays it per version."""
    summaries = None if plans is None else plans.summaries
    if summaries is None:
        return compute()
    return summaries.everywhere(store, user_id, name, what, kind, compute)


def shown_in(report: "Progress", unit: Unit) -> "Progress":
    """The report with its loads in ``unit``, for tables and charts (the JSON is the kg one)."""
    from hamstrong.core.insight import in_unit

    return in_unit(report, unit)


def progress_since(today: date, saved: "SavedProgramme | None") -> date:
    """The Monday that starts what progress shows by default: ``PROGRESS_WEEKS`` before today,
    earlier when the programme started or was screened before that (so that adherence, and a
    stop rule since the screen, are read whole)."""
    starts = [today - timedelta(weeks=PROGRESS_WEEKS - 1)]
    if saved is not None:
        starts += [saved.start, saved.saved_at.date()]
    return monday(min(starts))


def progress_view(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    today: date,
    plans: PlanCache | None = None,
    whole: bool = False,
    unit: Unit = Unit.KG,
) -> ProgressView:
    """The progress page: the report read in plain words, against the saved profile's age, its
    loads in ``unit``."""
    from hamstrong.core.readings import read_progress, read_self_tests

    report = progress(
        store, user_id=user_id, library=library, today=today, plans=plans, whole=whole, unit=unit
    )
    age = (saved_profile(store, user_id=user_id) or {}).get("age")
    age = age if isinstance(age, int) else None
    readings = read_self_tests(report.tests, age=age)
    return ProgressView(
        report,
        read_progress(report, age=age),
        tuple(zip(report.tests, readings, strict=True)),
    )


# What the progress page reads of the report around its panels (which are kept rendered):
# tests/web/test_progress.py checks that its templates read no other field of it.
PAGE_FIELDS = ("today", "tests", "warnings", "ake_gap", "retests", "findings")


def page_view(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    today: date,
    plans: PlanCache | None = None,
    whole: bool = False,
    unit: Unit = Unit.KG,
) -> ProgressView:
    """``progress_view`` for the page around its panels: the report without the series the
    panels show (only ``PAGE_FIELDS`` kept), every reading, kept for every worker. Over
    113,000 sets the whole report is 1.4 MB of objects (a worker took about 0.15 s to read it
    back); what the page reads of it is a few KB."""

    def compute() -> ProgressView:
        view = progress_view(
            store,
            user_id=user_id,
            library=library,
            today=today,
            plans=plans,
            whole=whole,
            unit=unit,
        )
        report = view.report
        bare = replace(
            report,
            adherence=replace(report.adherence, weeks=()),
            close_sessions=(),
            weekly=(),
            asymmetry=(),
            strength=(),
            nordic=(),
            pain=(),
            records=(),
        )
        return replace(view, report=bare)

    name, what = f"page.{span(whole)}", f"{today.isoformat()}.{unit.value}"
    return kept(plans, store, user_id, name, what, ProgressView, compute)
