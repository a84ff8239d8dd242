"""Which weekdays to train: as many as asked, at least 48 h apart, also across the week's end."""

from collections.abc import Collection, Iterable, Sequence
from datetime import date, timedelta
from itertools import combinations, pairwise

from hamstrong.core.dates import programme_week, short_day
from hamstrong.core.vocab import Weekday

MIN_GAP_DAYS = 2  # R2: at least 48 h between sessions (ACSM)
MIN_GAP_HOURS = 24 * MIN_GAP_DAYS  # the same rule as people read it: "at least 48 hours apart"


def cyclic_gaps(days: Sequence[int]) -> list[int]:
    """Days between consecutive training weekdays, wrapping from the last to next week's first."""
    ordered = sorted(days)
    if len(ordered) < 2:
        return [7]
    return [b - a for a, b in pairwise(ordered)] + [ordered[0] + 7 - ordered[-1]]


def choose_days(
    offered: Iterable[Weekday], wanted: int, *, avoid: frozenset[int] = frozenset()
) -> tuple[Weekday, ...]:
    """The largest set of at most ``wanted`` offered days that keeps every gap >= 2 days.

    Among equal sizes, prefer the fewest days in ``avoid`` (weekday numbers, e.g. the two days
    before a match), then the most even spread, then the earliest days, so the choice is
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
            best = max(
                fits,
                key=lambda c: (-len(avoid.intersection(c)), min(cyclic_gaps(c)), [-i for i in c]),
            )
            return tuple(list(Weekday)[i] for i in best)
    return ()


def session_dates(start: date, weeks: int, days: Sequence[Weekday]) -> list[tuple[int, date]]:
    """(week number, date) of every training day in ``weeks`` 7-day weeks from ``start``."""
    wanted = {d.number for d in days}
    out = []
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        if day.weekday() in wanted:
            out.append((programme_week(start, day), day))
    return out


def move_problem(
    start: date,
    dates: Sequence[date],
    moved: date,
    to: date,
    *,
    today: date,
    before_match: bool = False,
    trained: Collection[date] = (),
) -> str | None:
    """Why the session on ``moved`` cannot go to ``to``, or None when it can (R1, R2).

    ``before_match``: ``to`` is in the 48 h before the match day and the session holds Nordic or
    slow-lowering work, which must stay out of them (issue 8 §4).
    ``trained``: days with logged hamstring work. A logged session stays where it happened, and
    the 48 hours count from what was done as well as from what is planned.
    """
    if moved not in dates:
        return f"there is no session on {short_day(moved)}"
    if moved in trained:
        return "you have logged sets in that session, and a logged session stays where it happened"
    if moved < today:
        return "that session is in the past"
    if to == moved:
        return "the session is already on that day"
    if to < today:
        return "that day has passed"
    if before_match:
        return (
            "that day is in the two days before your match, and this session has Nordic or "
            "slow-lowering work that would leave you sore for it"
        )
    if programme_week(start, to) != programme_week(start, moved):
        return "stay within the same programme week, so every week keeps its sessions"
    for done in sorted(trained):
        if abs((to - done).days) < MIN_GAP_DAYS:
            return (
                f"you trained on {short_day(done)}, too close: sessions stay "
                f"at least {MIN_GAP_HOURS} hours apart"
            )
    for other in dates:
        if other != moved and abs((to - other).days) < MIN_GAP_DAYS:
            return (
                f"the session on {short_day(other)} is too close: sessions stay "
                f"at least {MIN_GAP_HOURS} hours apart"
            )
    return None


def earliest_start(start: date, trained: Iterable[date]) -> date:
    """The first day of a new programme: ``start``, or 48 hours after the last day with logged
    hamstring work on or before it (R2 holds across programmes: starting again after a stopped
    session never offers that day, or the next, again)."""
    before = [d for d in trained if d <= start]
    return max(start, max(before) + timedelta(days=MIN_GAP_DAYS)) if before else start
