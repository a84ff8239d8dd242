"""The progress use-case: the log read against the plan."""

from datetime import date
from typing import TYPE_CHECKING

from hamstrong.core.exercises import Library
from hamstrong.services.programmes import planned

if TYPE_CHECKING:
    from hamstrong.core.insight import Progress
    from hamstrong.store import Store


def progress(store: "Store", *, user_id: int, library: Library, today: date) -> "Progress":
    """Adherence, recovery, weekly load, asymmetry, strength, Nordic reps and pain (§6, §7)."""
    from hamstrong.core.insight import progress as compute

    log = store.training_log(user_id)
    dates: list[date] = []
    if store.active_programme(user_id) is not None:
        dates = [s.date for s in planned(store, user_id=user_id, library=library).sessions]
    return compute(log, library=library, today=today, planned=dates)
