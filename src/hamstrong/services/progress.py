"""The progress use-case: the log read against the plan, and in plain words."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from hamstrong.core.exercises import Library
from hamstrong.core.training_log import SelfTest
from hamstrong.services.plans import PlanCache
from hamstrong.services.programmes import planned, saved_profile

if TYPE_CHECKING:
    from hamstrong.core.assessments import Reading
    from hamstrong.core.insight import Progress
    from hamstrong.store import Store


@dataclass(frozen=True, slots=True)
class ProgressView:
    """The report, one to three sentences per panel, and each self-test with its reading (None:
    outside the test's range, so not read)."""

    report: "Progress"
    readings: Mapping[str, tuple[str, ...]]
    tests: tuple[tuple[SelfTest, "Reading | None"], ...]


def progress(
    store: "Store", *, user_id: int, library: Library, today: date, plans: PlanCache | None = None
) -> "Progress":
    """Adherence, recovery, weekly load, asymmetry, strength, Nordic reps and pain (§6, §7)."""
    from hamstrong.core.assessments import repeated_tests
    from hamstrong.core.insight import progress as compute

    log = store.training_log(user_id)
    saved = store.active_programme(user_id)
    if saved is None:
        return compute(log, library=library, today=today)
    programme = planned(store, user_id=user_id, library=library, saved=saved, plans=plans)
    return compute(
        log,
        library=library,
        today=today,
        planned=[s.date for s in programme.sessions],
        repeated=repeated_tests(older=programme.profile.older),
        start=programme.start,
        screened_at=saved.saved_at,
    )


def progress_view(
    store: "Store", *, user_id: int, library: Library, today: date, plans: PlanCache | None = None
) -> ProgressView:
    """The progress page: the report read in plain words, against the saved profile's age."""
    from hamstrong.core.readings import read_progress, read_self_tests

    report = progress(store, user_id=user_id, library=library, today=today, plans=plans)
    age = (saved_profile(store, user_id=user_id) or {}).get("age")
    age = age if isinstance(age, int) else None
    readings = read_self_tests(report.tests, age=age)
    return ProgressView(
        report,
        read_progress(report, age=age),
        tuple(zip(report.tests, readings, strict=True)),
    )
