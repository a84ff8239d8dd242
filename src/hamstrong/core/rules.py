"""Decisions that the engine acts on and insight explains: one rule, one place.

The progression engine (``progression.py``) and the progress report (``insight.py``) call the same
function for each check, so what the plan does and what the progress page says never disagree.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hamstrong.core.exercises import Library
from hamstrong.core.strength import epley, reps_in_reserve
from hamstrong.core.training_log import SetEntry
from hamstrong.core.vocab import Pattern, Side

# ---- left/right asymmetry (evidence §7) ---------------------------------------------------------
ASYM_MONITOR = 10.0  # weaker side first
ASYM_FLAG = 15.0  # Bourne 2015: RR 2.4 at 15%; one extra set for the weaker side
ASYM_CLINICIAN = 20.0  # Bourne 2015: RR 3.4 at 20%; suggest a physiotherapist's check
ASYM_PAIN = 3  # pain at least this on the weaker side turns a 15% flag into a clinician check


class Grade(StrEnum):
    """How far a left/right gap goes, and so what is done about it (evidence §7)."""

    NONE = "none"
    MONITOR = "monitor"
    FLAG = "flag"
    CLINICIAN = "clinician"

    @property
    def rank(self) -> int:
        return list(Grade).index(self)


@dataclass(frozen=True, slots=True)
class SidePair:
    """One day of one exercise with both sides done at the same load (like with like)."""

    day: date
    left: float
    right: float
    unit: str  # "kg": estimated 1RM (Epley with reps in reserve); "reps": reps + reps in reserve
    kg: float | None  # the load both sides used; None for bodyweight
    pain_left: int
    pain_right: int

    @property
    def percent(self) -> float:
        strong = max(self.left, self.right)
        return (strong - min(self.left, self.right)) / strong * 100 if strong > 0 else 0.0

    @property
    def weaker(self) -> Side | None:
        if self.left == self.right:
            return None
        return Side.LEFT if self.left < self.right else Side.RIGHT


@dataclass(frozen=True, slots=True)
class SideGap:
    """The left/right verdict for one exercise from its last two like-with-like sessions."""

    left: float  # mean of the last 2 sessions (same unit as the latest)
    right: float
    unit: str
    percent: float
    grade: Grade
    weaker: Side | None
    sessions: int  # sessions with both sides at the same load

    @property
    def advice(self) -> str | None:
        return side_advice(self.grade, self.weaker)


def side_pairs(sets: Iterable[SetEntry]) -> list[SidePair]:
    """The days one exercise was done on both legs at a common load, oldest first.

    Like with like: a day counts only when both sides used the same load (the heaviest one they
    share), and each side's best working set at that load is compared.
    """
    by_day: dict[date, dict[Side, list[SetEntry]]] = defaultdict(lambda: defaultdict(list))
    for s in sets:
        if not s.warmup and s.side is not Side.BOTH:
            by_day[s.day][s.side].append(s)
    pairs = []
    for day in sorted(by_day):
        left, right = by_day[day][Side.LEFT], by_day[day][Side.RIGHT]
        common = {_kg(s) for s in left} & {_kg(s) for s in right}
        if not common:
            continue
        load = max(common, key=lambda kg: kg or 0.0)
        pairs.append(
            SidePair(
                day,
                _best([s for s in left if _kg(s) == load], load),
                _best([s for s in right if _kg(s) == load], load),
                "kg" if load else "reps",
                load,
                max((s.pain or 0 for s in left), default=0),
                max((s.pain or 0 for s in right), default=0),
            )
        )
    return pairs


def _kg(entry: SetEntry) -> float | None:
    return round(entry.kg, 2) if entry.kg else None


def _best(sets: Sequence[SetEntry], load: float | None) -> float:
    if load:
        return max(epley(load, s.reps, s.rpe) for s in sets)
    return max(s.reps + reps_in_reserve(s.rpe) for s in sets)


def judge_asymmetry(pairs: Sequence[SidePair]) -> SideGap | None:
    """Evidence §7: the gap is the mean of the last 2 sessions; a grade needs both of them.

    One session can be a slip of the pen, and a gap that swaps sides is noise: both of the last
    2 sessions must show the same weaker side, and the smaller of their gaps sets the grade.
    """
    if not pairs:
        return None
    latest = pairs[-1]
    recent = [p for p in pairs[-2:] if p.unit == latest.unit]
    left = sum(p.left for p in recent) / len(recent)
    right = sum(p.right for p in recent) / len(recent)
    strong = max(left, right)
    percent = round((strong - min(left, right)) / strong * 100, 1) if strong > 0 else 0.0
    weaker = None if left == right else (Side.LEFT if left < right else Side.RIGHT)
    grade = Grade.NONE
    last_two = pairs[-2:]
    sides = {p.weaker for p in last_two}
    if len(last_two) == 2 and len(sides) == 1 and None not in sides:
        side = sides.pop()
        weaker = side  # the side weaker in both sessions: a message never names the other one
        grade = _grade(min(round(p.percent, 1) for p in last_two))
        pain = max(p.pain_left if side is Side.LEFT else p.pain_right for p in last_two)
        if grade is Grade.FLAG and pain >= ASYM_PAIN:
            grade = Grade.CLINICIAN
    return SideGap(round(left, 1), round(right, 1), latest.unit, percent, grade, weaker, len(pairs))


def _grade(percent: float) -> Grade:
    if percent >= ASYM_CLINICIAN:
        return Grade.CLINICIAN
    if percent >= ASYM_FLAG:
        return Grade.FLAG
    if percent >= ASYM_MONITOR:
        return Grade.MONITOR
    return Grade.NONE


def side_advice(grade: Grade, weaker: Side | None) -> str | None:
    """What the plan does about a gap, in the words both the plan and the progress page use."""
    leg = f"the weaker {weaker.value} leg" if weaker else "the weaker leg"
    if grade is Grade.MONITOR:
        return f"Start each one-leg exercise with {leg} and keep an eye on the gap."
    if grade is Grade.FLAG:
        return f"Start with {leg} and give it 1 extra set until the gap is under 10%."
    if grade is Grade.CLINICIAN:
        return (
            f"Start with {leg} and give it 1 extra set, and ask a physiotherapist or doctor to "
            "check it, especially if it hurts."
        )
    return None


def gap_text(name: str, gap: SideGap) -> str:
    """One sentence naming the weaker side, the gap and the advice."""
    if gap.weaker is None:
        return f"{name}: both sides are level."
    other = "right" if gap.weaker is Side.LEFT else "left"
    number = f"{gap.percent:g}" if gap.percent == int(gap.percent) else f"{gap.percent:.1f}"
    text = (
        f"{name}: your {gap.weaker.value} side is {number}% weaker than your {other} side over "
        "the last 2 sessions at the same load."
    )
    advice = gap.advice
    return f"{text} {advice}" if advice else text


# ---- weekly volume and spikes (evidence §6) -----------------------------------------------------
SPIKE_PERCENT = 30  # Nielsen 2014: a rise of more than 30% is linked to more overuse injuries
MEAN_WEEKS = 4  # the "chronic" window of evidence §6, used only as a plain average
MAX_WEEKLY_RISE = 1.20  # R9 / evidence §6: planned weekly sets rise at most 20%


# Stretches, warm-up drills and balance holds don't load the hamstrings: they are neither hard sets
# nor training days (a daily stretch habit must not read as back-to-back sessions).
NOT_LOADING = frozenset({Pattern.STRETCH, Pattern.WARMUP, Pattern.BALANCE})


def loads_hamstrings(exercise: str, library: Library) -> bool:
    """True for exercises that load the hamstrings; unknown (imported) names count."""
    return exercise not in library or library.get(exercise).pattern not in NOT_LOADING


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_between(first: date, last: date) -> list[date]:
    """Every Monday from ``first``'s week to ``last``'s week, empty weeks included."""
    start, end = monday(first), monday(last)
    return [start + timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]


def weekly_hard_sets(
    sets: Iterable[SetEntry], library: Library, weeks: Sequence[date]
) -> list[int]:
    """Logged hard sets (RPE 7 or more, or unrated) of hamstring work in each of ``weeks``."""
    counts: dict[date, int] = defaultdict(int)
    for s in sets:
        if s.hard and loads_hamstrings(s.exercise, library):
            counts[monday(s.day)] += 1
    return [counts[w] for w in weeks]


def weekly_cap(earlier: Sequence[int]) -> int | None:
    """R9: the most sets a planned week may hold, 20% over the highest earlier planned week.

    Planned weeks are compared with planned weeks only (logged sets are judged by
    ``weekly_spike``), so a user who trains as written is never cut back by this rule.
    """
    return int(max(earlier) * MAX_WEEKLY_RISE) if earlier else None


@dataclass(frozen=True, slots=True)
class Spike:
    """A logged week that rose more than 30%, with what it was compared with."""

    current: int
    last_week: int | None = None  # set when it rose >30% over the week before
    mean: float | None = None  # set when it rose >30% over the mean of the 4 weeks before
    usual: float | None = None  # set when it rose >30% over the level before time off

    def text(self, week_start: date) -> str:
        reasons = []
        if self.last_week is not None:
            reasons.append(
                f"{_rise(self.current, self.last_week)} more than the week before "
                f"({self.last_week})"
            )
        if self.mean is not None:
            reasons.append(
                f"{_rise(self.current, self.mean)} more than the average of the {MEAN_WEEKS} "
                f"weeks before ({self.mean:.1f})"
            )
        if self.usual is not None:
            reasons.append(
                f"{_rise(self.current, self.usual)} more than your usual level before the time "
                f"off ({self.usual:.1f})"
            )
        return (
            f"Week of {week_start.isoformat()}: {self.current} hard sets, {' and '.join(reasons)}. "
            f"Rises above {SPIKE_PERCENT}% in a week are linked to more overuse injuries; "
            "hold this level for a week before adding more."
        )


def weekly_spike(weeks: Sequence[int]) -> Spike | None:
    """The >30% rule of evidence §6 for the last of ``weeks`` (logged hard sets, oldest first).

    Logged weeks are compared with logged weeks: the week before, and the mean of the 4 before.
    After time off (an empty week among the 4 before), the return is compared with the usual
    level before the break instead, so the programme's own ramp back to normal volume is not a
    spike; only more than 30% over that usual level is.
    """
    if not weeks:
        return None
    current, before = weeks[-1], list(weeks[:-1])
    window = before[-MEAN_WEEKS:]
    if 0 in window:
        first_zero = len(before) - len(window) + window.index(0)
        while first_zero > 0 and before[first_zero - 1] == 0:  # the break may start earlier
            first_zero -= 1
        trained = [w for w in before[:first_zero][-MEAN_WEEKS:] if w > 0]
        if trained:  # time off after training: compare with the level before the break
            # Integer-safe comparison: current > usual × 1.3.
            if current * len(trained) * 100 > sum(trained) * (100 + SPIKE_PERCENT):
                return Spike(current, usual=sum(trained) / len(trained))
            return None
        # The empty weeks came before any training: judge against the weeks trained since.
        last_zero = len(window) - 1 - window[::-1].index(0)
        window = window[last_zero + 1 :]
    last = window[-1] if window else 0
    over_last = last > 0 and current * 100 > last * (100 + SPIKE_PERCENT)
    total = sum(window)
    over_mean = (
        len(window) == MEAN_WEEKS
        and total > 0
        and current * MEAN_WEEKS * 100 > total * (100 + SPIKE_PERCENT)
    )
    if not (over_last or over_mean):
        return None
    return Spike(
        current,
        last_week=last if over_last else None,
        mean=total / MEAN_WEEKS if over_mean else None,
    )


def _rise(current: float, reference: float) -> str:
    percent = (current - reference) / reference * 100
    # Whole numbers read best, but "30%" must not appear for a 30.4% rise that trips the rule.
    return f"{percent:.0f}%" if round(percent) > SPIKE_PERCENT else f"{percent:.1f}%"
