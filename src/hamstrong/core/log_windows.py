"""Which part of a long training log a computation needs, so that years of history are not read
to answer for today.

The progression engine (``progression.adapt``) replays every past session of the exercises its
plan can be on, so their whole history matters, and it needs to know every training day (the
morning check-in after a session counts up to the next one). Everything else it reads only near
``today``: the last training day (time off), the weeks the >30% rule compares, two weeks of pain
(strains, back-pain gates), and the days a set stopped the session (nothing after it counts).
``adapt_window`` says which sets those are; ``adapt_window_suffices`` checks, on what was read,
that the rules which look back an unbounded way (the weekly spike after a break, the back-pain
gates' "trained for two weeks") did not look past it, and when they did the caller reads the
whole log. Tests compare ``adapt`` on the whole log and on the window for generated logs.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from hamstrong.core import rules
from hamstrong.core.exercises import Library
from hamstrong.core.populations import BACK_SETTLED_DAYS, PRONE_HOLD, STRAIN_WATCH_DAYS
from hamstrong.core.programme import Programme
from hamstrong.core.training_log import SetEntry, TrainingLog

SPIKE_WEEKS = rules.MEAN_WEEKS + 1  # the week judged and the weeks it is compared with


@dataclass(frozen=True, slots=True)
class LogWindow:
    """The sets a computation reads, in log order: every set from ``since`` on (None: every
    set), every set of ``exercises`` whenever it was done, with ``stop_days`` every set of a day
    on which a set stopped the session, and with ``not_training`` (the exercises that do not
    make a training day) one working set of every day that was a training day, so that the
    training days themselves are known. Check-ins and self-tests (a few a day at most) are
    always read whole."""

    since: date | None
    exercises: frozenset[str] = frozenset()
    stop_days: bool = False
    not_training: frozenset[str] | None = None

    def marks(self, entry: SetEntry) -> bool:
        """Whether ``entry`` makes its day a training day (see ``not_training``)."""
        return (
            self.not_training is not None
            and not entry.warmup
            and entry.exercise not in self.not_training
        )

    def of(self, log: TrainingLog) -> TrainingLog:
        """The window of a whole log, as the store reads it (which set stands for a training
        day may differ: any one does)."""
        if self.since is None:
            return log
        stopped = {s.day for s in log.sets if s.stops_session} if self.stop_days else set()
        marked: set[date] = set()
        kept = []
        for s in log.sets:
            keep = s.day >= self.since or s.exercise in self.exercises or s.day in stopped
            if self.marks(s) and s.day not in marked:
                marked.add(s.day)
                keep = True
            if keep:
                kept.append(s)
        return TrainingLog(tuple(kept), log.checkins, log.tests)


EVERYTHING = LogWindow(None)


def ladder_closure(exercise_ids: Iterable[str], library: Library) -> frozenset[str]:
    """Every exercise reachable from ``exercise_ids`` by easier or harder rungs: where the
    engine may move an exercise of the plan (it follows the log of the rung it is on)."""
    seen: set[str] = set()
    frontier = [e for e in exercise_ids if e in library]
    while frontier:
        current = frontier.pop()
        if current in seen:
            continue
        seen.add(current)
        exercise = library.get(current)
        frontier.extend(e for e in (*exercise.easier, *exercise.harder) if e in library)
    return frozenset(seen)


def adapt_window(
    programme: Programme,
    library: Library,
    *,
    today: date,
    last_trained: date | None,
    show: date | None = None,
) -> LogWindow:
    """The sets ``progression.adapt(programme, log, today=today)`` reads.

    ``last_trained`` is the last day before ``today`` with a working set (any exercise);
    ``show`` is a day whose sets the caller shows (a session page).
    """
    planned = {item.exercise for session in programme.sessions for item in session.main_items}
    nordic = {e.id for e in library if e.has("nordic")}
    exercises = ladder_closure(planned | nordic, library) | {PRONE_HOLD}
    not_training = frozenset(e.id for e in library if not rules.loads_hamstrings(e.id, library))
    recent = min(
        today - timedelta(days=max(BACK_SETTLED_DAYS, STRAIN_WATCH_DAYS) + 1),
        rules.monday(today) - timedelta(weeks=SPIKE_WEEKS),
    )
    starts = [recent, programme.start]
    if last_trained is not None:  # time off, and the weeks before the break that the spike rule
        starts.append(rules.monday(last_trained) - timedelta(weeks=SPIKE_WEEKS))  # compares with
    if show is not None:
        starts.append(show)
    return LogWindow(min(starts), exercises, stop_days=False, not_training=not_training)


def adapt_window_suffices(
    window: LogWindow,
    log: TrainingLog,
    library: Library,
    *,
    today: date,
    back_pain: bool,
    first_trained: date | None,
) -> bool:
    """Whether ``adapt`` on ``log`` (the sets ``window`` kept) decides as on the whole log.

    ``first_trained`` is the first day with a working set in the whole log. False means: read
    the whole log (a long break right before the weeks the spike rule compares, or a back-pain
    profile whose only early training lies before the window).
    """
    if window.since is None or first_trained is None or window.since <= first_trained:
        return True  # every working set is in the window
    this_week = rules.monday(today)
    loading = [
        s
        for s in log.sets
        if not s.warmup and s.day < this_week and rules.loads_hamstrings(s.exercise, library)
    ]
    if loading:
        weeks = rules.weeks_between(min(s.day for s in loading), this_week - timedelta(days=1))
        covered = sum(1 for w in weeks if w >= window.since)  # weeks read in full
        reach = spike_reach(rules.weekly_hard_sets(loading, library, weeks))
        if reach > covered or reach == len(weeks):  # it looked before the window, or at its start
            return False
    if back_pain:
        settled = today - timedelta(days=BACK_SETTLED_DAYS)
        started = min((s.day for s in log.sets if not s.warmup and s.day < today), default=None)
        in_window = started is not None and started <= settled
        in_log = first_trained is not None and first_trained <= settled
        if in_window != in_log:
            return False
    return True


def spike_reach(weeks: Sequence[int]) -> int:
    """How many of the last ``weeks`` ``rules.weekly_spike`` reads (all of them: it depends on
    where the list starts). With fewer, the weeks before them never change its answer."""
    if len(weeks) <= SPIKE_WEEKS:
        return len(weeks)
    before = list(weeks[:-1])
    window = before[-rules.MEAN_WEEKS :]
    if 0 not in window:
        return SPIKE_WEEKS
    first_zero = len(before) - len(window) + window.index(0)
    while first_zero > 0 and before[first_zero - 1] == 0:
        first_zero -= 1
    start = first_zero - rules.MEAN_WEEKS  # the weeks trained before the break
    return len(weeks) if start <= 0 else len(weeks) - start
