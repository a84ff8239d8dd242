"""A day's session as logged: its rows, whether it is done, and how long it took."""

from collections.abc import Iterable, Sequence
from datetime import timedelta

from hamstrong.core import protocols as P
from hamstrong.core.exercises import Exercise
from hamstrong.core.programme import Item, Session
from hamstrong.core.training_log import SessionEntry, SetEntry
from hamstrong.core.vocab import Dose, Load, Pattern, Side


def item_sides(item: Item) -> tuple[Side, ...]:
    """The sides an item's sets are done on: left then right for one-leg work done on both,
    the one side the engine chose, or both legs at once."""
    if item.per_side:
        return (Side.LEFT, Side.RIGHT)
    return (item.side or Side.BOTH,)


def item_target(item: Item, order: int) -> int:
    """Reps (or seconds) the ``order``-th set of an item asks for."""
    if item.reps_by_set and order <= len(item.reps_by_set):
        return item.reps_by_set[order - 1]
    return item.reps or item.hold_s or 0


def planned_rows(item: Item) -> list[tuple[int, Side]]:
    """(set number, side) of every set an item asks for, in the order they are done."""
    return [(order, side) for order in range(1, item.sets + 1) for side in item_sides(item)]


def rows_done(session: Session, logged: Iterable[SetEntry]) -> tuple[int, int]:
    """(planned sets logged, planned sets) of a session's main exercises.

    A set counts for a planned item when it has the item's exercise, set number and side. Pass
    the session with its swaps applied (a stand-in logged is then the item's exercise); an
    exercise added beside the plan is extra work and fills no planned set.
    """
    working = [s for s in logged if not s.warmup]
    done = total = 0
    for item in session.main_items:
        alike = {(s.order, s.side) for s in working if s.exercise == item.exercise}
        rows = planned_rows(item)
        total += len(rows)
        done += sum(1 for row in rows if row in alike)
    return done, total


def is_done(session: Session, logged: Sequence[SetEntry], entry: SessionEntry | None) -> bool:
    """Finished on purpose, or every planned set logged."""
    if entry is not None and entry.finished is not None:
        return True
    done, total = rows_done(session, logged)
    return total > 0 and done >= total


def duration(entry: SessionEntry | None, sets: Iterable[SetEntry]) -> timedelta | None:
    """From the start (or the first set done) to the finish (or the last set done); None when
    neither end is known, as for sets logged after the fact without times."""
    times = sorted(s.at for s in sets if s.at is not None)
    start = entry.started if entry and entry.started else (times[0] if times else None)
    ends = [t for t in (entry.finished if entry else None, times[-1] if times else None) if t]
    if start is None or not ends:
        return None
    end = max(ends)
    return end - start if end > start else None


def minutes_text(length: timedelta) -> str:
    """ "41 min" or "1 h 5 min": how long a session took, as the page and the terminal say it."""
    minutes = round(length.total_seconds() / 60)
    if minutes < 60:
        return f"{max(minutes, 1)} min"
    return f"{minutes // 60} h {minutes % 60} min" if minutes % 60 else f"{minutes // 60} h"


def added_item(exercise: Exercise) -> Item:
    """An exercise added to a session from the library, outside the plan: one set at the low
    end of its range (more are added one by one), with the rest the planner gives its kind."""
    low = exercise.dose_range[0]
    hold = exercise.dose is Dose.HOLD
    if hold or exercise.pattern is Pattern.BALANCE:
        rest = P.REST_HOLD_S
    elif exercise.has("nordic"):
        rest = P.REST_NORDIC_S
    elif exercise.load is Load.KG:
        rest = P.REST_LOADED_S
    else:
        rest = P.REST_BODYWEIGHT_S
    return Item(
        exercise.id,
        1,
        "Added today, outside the plan.",
        reps=None if hold else low,
        hold_s=low if hold else None,
        per_side=exercise.unilateral,
        tempo=str(exercise.tempo) if exercise.tempo else "hold",
        rest_s=rest,
    )
