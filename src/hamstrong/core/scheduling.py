"""Which weekdays to train: as many as asked, at least 48 h apart, also across the week's end."""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import combinations, pairwise

from hamstrong.core.vocab import Weekday

MIN_GAP_DAYS = 2  # R2: at least 48 h between sessions (ACSM)


def cyclic_gaps(days: Sequence[int]) -> list[int]:
    """Days between consecutive training weekdays, wrapping from the last to next week's first."""
    ordered = sorted(days)
    if len(ordered) < 2:
        return [7]
    return [b - a for a, b in pairwise(ordered)] + [ordered[0] + 7 - ordered[-1]]


def choose_days(offered: Iterable[Weekday], wanted: int) -> tuple[Weekday, ...]:
    """The largest set of at most ``wanted`` offered days that keeps every gap >= 2 days.

    Among equal sizes, prefer the most even spread, then the earliest days, so the choice is
    deterministic.
    """
    indices = sorted({d.number for d in offered})
    for size in range(min(wanted, len(indices)), 0, -1):
        fits = [
            combo
            for combo in combinations(indices, size)
            if min(cyclic_gaps(combo)) >= MIN_GAP_DAYS
        ]
        if fits:
            best = max(fits, key=lambda c: (min(cyclic_gaps(c)), [-i for i in c]))
            return tuple(list(Weekday)[i] for i in best)
    return ()


def session_dates(start: date, weeks: int, days: Sequence[Weekday]) -> list[tuple[int, date]]:
    """(week number, date) of every training day in ``weeks`` 7-day weeks from ``start``."""
    wanted = {d.number for d in days}
    out = []
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        if day.weekday() in wanted:
            out.append((offset // 7 + 1, day))
    return out
