"""What the training log says: adherence, recovery, weekly load, asymmetry, strength and pain."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from hamstrong.core.exercises import Library
from hamstrong.core.strength import epley
from hamstrong.core.strength import reps_in_reserve as rir
from hamstrong.core.training_log import Checkin, SelfTest, SetEntry, TrainingLog
from hamstrong.core.vocab import Dose, Pattern, Side

SCHEMA = "hamstrong.progress/1"
SPIKE = 30  # % rise over last week or the 4-week mean worth a word (evidence §6, Nielsen 2014)
MEAN_WEEKS = 4  # the "chronic" window of evidence §6, used only as a plain average
RECENT_DAYS = 28  # [H] older spikes and back-to-back days stay in ``weekly`` but leave ``warnings``
ASYM_MONITOR, ASYM_FLAG, ASYM_CLINICIAN = 10.0, 15.0, 20.0  # evidence §7 (Bourne 2015)
ASYM_PAIN = 3  # pain on the weaker side that turns a ≥15% flag into "see a clinician" (§7)
TREND_BAND = 5.0  # % change over the last 4 points that counts as up or down [H]
TREND_POINTS = 4
BARS = "▁▂▃▄▅▆▇█"

# Stretches, warm-up drills and balance holds don't load the hamstrings: they are neither hard sets
# nor training days (a daily stretch habit must not read as back-to-back sessions).
_NOT_LOADING = frozenset({Pattern.STRETCH, Pattern.WARMUP, Pattern.BALANCE})


@dataclass(frozen=True, slots=True)
class AdherenceWeek:
    """Planned sessions, how many were done, and all training days in one Monday-based week."""

    week_start: date
    planned: int
    done: int
    trained: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "week_start": self.week_start.isoformat(),
            "planned": self.planned,
            "done": self.done,
            "trained": self.trained,
        }


@dataclass(frozen=True, slots=True)
class Adherence:
    """Planned sessions up to today, those done, extra days, and week streaks."""

    planned: int
    done: int
    extra: int  # training days that were not planned
    percent: int | None  # None when nothing was planned yet
    streak_weeks: int  # consecutive weeks with training, up to this week (or last, if none yet)
    best_streak_weeks: int
    weeks: tuple[AdherenceWeek, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "planned": self.planned,
            "done": self.done,
            "extra": self.extra,
            "percent": self.percent,
            "streak_weeks": self.streak_weeks,
            "best_streak_weeks": self.best_streak_weeks,
            "weeks": [w.to_dict() for w in self.weeks],
        }


@dataclass(frozen=True, slots=True)
class ClosePair:
    """Two training days in a row: the hamstrings had less than 48 h to recover."""

    first: date
    second: date

    def to_dict(self) -> dict[str, str]:
        return {"first": self.first.isoformat(), "second": self.second.isoformat()}


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """Hard sets logged in one Monday-based week, with a plain warning after a >30% jump."""

    week_start: date
    hard_sets: int
    warning: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "week_start": self.week_start.isoformat(),
            "hard_sets": self.hard_sets,
            "warning": self.warning,
        }


@dataclass(frozen=True, slots=True)
class Asymmetry:
    """Left/right gap of one exercise from the mean of its last 2 two-sided sessions (§7)."""

    exercise: str
    name: str
    left: float
    right: float
    unit: str  # "kg" (estimated 1RM) or "reps" (reps + reps in reserve)
    percent: float
    flag: str  # none | monitor | flag | clinician
    weaker: Side | None  # None when both sides are equal
    sessions: int  # sessions with both sides logged
    advice: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "name": self.name,
            "left": self.left,
            "right": self.right,
            "unit": self.unit,
            "percent": self.percent,
            "flag": self.flag,
            "weaker": self.weaker.value if self.weaker else None,
            "sessions": self.sessions,
            "advice": self.advice,
        }


@dataclass(frozen=True, slots=True)
class StrengthPoint:
    """Best effort of one exercise on one day: estimated 1RM in kg, else best reps or seconds."""

    date: date
    value: float
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "value": self.value, "unit": self.unit}


@dataclass(frozen=True, slots=True)
class StrengthSeries:
    """One exercise's best effort per training day and its recent direction."""

    exercise: str
    name: str
    points: tuple[StrengthPoint, ...]
    trend: str  # up | flat | down over the last 4 points in the latest unit; "new" for one point

    @property
    def unit(self) -> str:
        return self.points[-1].unit

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "name": self.name,
            "unit": self.unit,
            "trend": self.trend,
            "points": [p.to_dict() for p in self.points],
        }


@dataclass(frozen=True, slots=True)
class NordicWeek:
    """Working Nordic reps in one Monday-based week (the protocol counts reps, evidence §1)."""

    week_start: date
    reps: int

    def to_dict(self) -> dict[str, Any]:
        return {"week_start": self.week_start.isoformat(), "reps": self.reps}


@dataclass(frozen=True, slots=True)
class PainDay:
    """Worst pain during a day's sets and at the check-in the morning after (evidence §5)."""

    date: date
    during: int | None
    next_morning: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "during": self.during,
            "next_morning": self.next_morning,
        }


@dataclass(frozen=True, slots=True)
class Progress:
    """Everything the progress page, chart and JSON show, computed once from the log."""

    today: date
    adherence: Adherence
    close_sessions: tuple[ClosePair, ...]
    weekly: tuple[WeekLoad, ...]
    asymmetry: tuple[Asymmetry, ...]
    strength: tuple[StrengthSeries, ...]
    nordic: tuple[NordicWeek, ...]
    pain: tuple[PainDay, ...]
    tests: tuple[SelfTest, ...]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The Progress JSON contract of the spec (extended, never renamed)."""
        return {
            "schema": SCHEMA,
            "today": self.today.isoformat(),
            "adherence": self.adherence.to_dict(),
            "close_sessions": [c.to_dict() for c in self.close_sessions],
            "weekly": [w.to_dict() for w in self.weekly],
            "asymmetry": [a.to_dict() for a in self.asymmetry],
            "strength": [s.to_dict() for s in self.strength],
            "nordic": [n.to_dict() for n in self.nordic],
            "pain": [p.to_dict() for p in self.pain],
            "tests": [
                {
                    "date": t.day.isoformat(),
                    "kind": t.kind.value,
                    "value": t.value,
                    "side": t.side.value,
                }
                for t in self.tests
            ],
            "warnings": list(self.warnings),
        }


def progress(
    log: TrainingLog, *, library: Library, today: date, planned: Sequence[date] = ()
) -> Progress:
    """Summarise the log up to and including ``today`` against the planned session dates."""
    sets = tuple(s for s in log.sets if s.day <= today)
    checkins = tuple(c for c in log.checkins if c.day <= today)
    loading = [s for s in sets if not s.warmup and _loads(s.exercise, library)]
    days = sorted({s.day for s in loading})
    weeks = _weeks(min(s.day for s in sets), today) if sets else []

    adherence = _adherence(days, planned, today)
    close = tuple(ClosePair(a, b) for a, b in pairwise(days) if (b - a).days < 2)
    weekly = _weekly(loading, weeks)
    names = _names(loading, library)
    asymmetry = tuple(
        _asymmetry(exercise, names[exercise], sessions)
        for exercise, sessions in sorted(_two_sided_sessions(loading).items())
    )
    strength = _strength(loading, library, names)
    nordic = _nordic(loading, library, weeks)
    pain = _pain(sets, days, checkins)
    tests = tuple(sorted((t for t in log.tests if t.day <= today), key=lambda t: t.day))

    recent = today - timedelta(days=RECENT_DAYS - 1)
    warnings = [w.warning for w in weekly if w.warning and w.week_start >= _monday(recent)]
    warnings += [_close_text(c) for c in close if c.second >= recent]
    warnings += [_asymmetry_text(a) for a in asymmetry if a.flag != "none"]
    rising = _rising_morning_pain(checkins, today)
    if rising:
        warnings.append(rising)
    return Progress(
        today=today,
        adherence=adherence,
        close_sessions=close,
        weekly=weekly,
        asymmetry=asymmetry,
        strength=strength,
        nordic=nordic,
        pain=pain,
        tests=tests,
        warnings=tuple(warnings),
    )


def asymmetry_streak(log: TrainingLog, exercise: str) -> list[float]:
    """Asymmetry % per session with both sides, oldest first (for "≥15% twice in a row")."""
    working = [s for s in log.sets if not s.warmup and s.exercise == exercise]
    return [round(s.percent, 1) for s in _two_sided_sessions(working).get(exercise, [])]


def sparkline(values: Sequence[float | None]) -> str:
    """A one-line bar chart for the terminal; gaps (None) stay blank."""
    known = [v for v in values if v is not None]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        elif high == low:
            out.append(BARS[0] if value == 0 else BARS[3])
        else:
            out.append(BARS[round((value - low) / (high - low) * (len(BARS) - 1))])
    return "".join(out)


# --- helpers -------------------------------------------------------------------------------------


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(first: date, last: date) -> list[date]:
    """Every Monday from ``first``'s week to ``last``'s week, zero weeks included."""
    start, end = _monday(first), _monday(last)
    return [start + timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]


def _loads(exercise: str, library: Library) -> bool:
    """True for exercises that load the hamstrings; unknown (imported) names count."""
    return exercise not in library or library.get(exercise).pattern not in _NOT_LOADING


def _names(sets: Iterable[SetEntry], library: Library) -> dict[str, str]:
    """Display names: the library's, else the name an import carried, else the id."""
    names: dict[str, str] = {}
    for s in sets:
        if s.exercise not in names or (s.name and names[s.exercise] == s.exercise):
            names[s.exercise] = (
                library.get(s.exercise).name if s.exercise in library else s.name or s.exercise
            )
    return names


def _is_hold(exercise: str, library: Library) -> bool:
    return exercise in library and library.get(exercise).dose is Dose.HOLD


def _fmt(number: float) -> str:
    return f"{number:g}" if number == int(number) else f"{number:.1f}"


def _adherence(days: list[date], planned: Sequence[date], today: date) -> Adherence:
    due = sorted({d for d in planned if d <= today})
    trained = set(days)
    done = [d for d in due if d in trained]
    weeks_trained = sorted({_monday(d) for d in days})
    best = run = 0
    for i, week in enumerate(weeks_trained):
        run = run + 1 if i and week - weeks_trained[i - 1] == timedelta(weeks=1) else 1
        best = max(best, run)
    # This week is not over: an empty one so far does not break the streak.
    week = _monday(today)
    if week not in weeks_trained:
        week -= timedelta(weeks=1)
    streak = 0
    while week in weeks_trained:
        streak += 1
        week -= timedelta(weeks=1)
    span = _weeks(min(due[:1] + days[:1]), today) if (due or days) else []
    per_week = tuple(
        AdherenceWeek(
            week_start=w,
            planned=sum(1 for d in due if _monday(d) == w),
            done=sum(1 for d in done if _monday(d) == w),
            trained=sum(1 for d in days if _monday(d) == w),
        )
        for w in span
    )
    return Adherence(
        planned=len(due),
        done=len(done),
        extra=len(trained - set(due)),
        percent=round(len(done) / len(due) * 100) if due else None,
        streak_weeks=streak,
        best_streak_weeks=best,
        weeks=per_week,
    )


def _weekly(loading: list[SetEntry], weeks: list[date]) -> tuple[WeekLoad, ...]:
    counts: dict[date, int] = defaultdict(int)
    for s in loading:
        if s.hard:
            counts[_monday(s.day)] += 1
    hard = [counts[w] for w in weeks]
    return tuple(
        WeekLoad(week, hard[i], _spike_text(week, hard[i], hard[max(0, i - MEAN_WEEKS) : i]))
        for i, week in enumerate(weeks)
    )


def _spike_text(week: date, current: int, before: list[int]) -> str | None:
    """The >30% rule of evidence §6, against last week and the mean of the 4 weeks before."""
    reasons = []
    if before and before[-1] > 0 and current * 100 > before[-1] * (100 + SPIKE):
        rise = (current - before[-1]) / before[-1] * 100
        reasons.append(f"{_rise(rise)} more than the week before ({before[-1]})")
    total = sum(before)
    # Integer comparison: current > mean × 1.3 without floating-point edge cases.
    if len(before) == MEAN_WEEKS and total > 0 and current * MEAN_WEEKS * 100 > total * 130:
        mean = total / MEAN_WEEKS
        rise = (current - mean) / mean * 100
        reasons.append(
            f"{_rise(rise)} more than the average of the {MEAN_WEEKS} weeks before ({mean:.1f})"
        )
    if not reasons:
        return None
    return (
        f"Week of {week.isoformat()}: {current} hard sets, {' and '.join(reasons)}. "
        f"Rises above {SPIKE}% in a week are linked to more overuse injuries; "
        "hold this level for a week before adding more."
    )


def _rise(percent: float) -> str:
    # Whole numbers read best, but "30%" must not appear for a 30.4% rise that trips the rule.
    return f"{percent:.0f}%" if round(percent) > SPIKE else f"{percent:.1f}%"


def _close_text(pair: ClosePair) -> str:
    return (
        f"You trained on {pair.first:%a %d %b} and {pair.second:%a %d %b}, back to back. "
        "Leave at least one rest day (48 h) between hamstring sessions so they can recover."
    )


@dataclass(frozen=True, slots=True)
class _Session:
    """One day of a one-leg exercise with both sides logged."""

    day: date
    left: float
    right: float
    unit: str
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


def _two_sided_sessions(working: Iterable[SetEntry]) -> dict[str, list[_Session]]:
    """Per exercise, the days with working sets on both legs, oldest first."""
    by_day: dict[str, dict[date, dict[Side, list[SetEntry]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for s in working:
        if s.side is not Side.BOTH:
            by_day[s.exercise][s.day][s.side].append(s)
    out: dict[str, list[_Session]] = {}
    for exercise, days in by_day.items():
        sessions = []
        for day in sorted(days):
            left, right = days[day][Side.LEFT], days[day][Side.RIGHT]
            if not left or not right:
                continue
            loaded_left = [s for s in left if s.kg]
            loaded_right = [s for s in right if s.kg]
            if loaded_left and loaded_right:  # compare kg with kg, never kg with reps
                value_left = max(epley(s.kg or 0.0, s.reps, s.rpe) for s in loaded_left)
                value_right = max(epley(s.kg or 0.0, s.reps, s.rpe) for s in loaded_right)
                unit = "kg"
            else:
                value_left = max(s.reps + rir(s.rpe) for s in left)
                value_right = max(s.reps + rir(s.rpe) for s in right)
                unit = "reps"
            sessions.append(
                _Session(
                    day,
                    value_left,
                    value_right,
                    unit,
                    max((s.pain or 0 for s in left), default=0),
                    max((s.pain or 0 for s in right), default=0),
                )
            )
        if sessions:
            out[exercise] = sessions
    return out


def _grade(percent: float) -> str:
    if percent >= ASYM_CLINICIAN:
        return "clinician"
    if percent >= ASYM_FLAG:
        return "flag"
    if percent >= ASYM_MONITOR:
        return "monitor"
    return "none"


def _asymmetry(exercise: str, name: str, sessions: list[_Session]) -> Asymmetry:
    """Evidence §7: the mean of the last 2 sessions; flags need 2 consecutive sessions."""
    latest = sessions[-1]
    recent = [s for s in sessions[-2:] if s.unit == latest.unit]
    left = sum(s.left for s in recent) / len(recent)
    right = sum(s.right for s in recent) / len(recent)
    strong = max(left, right)
    percent = round((strong - min(left, right)) / strong * 100, 1) if strong > 0 else 0.0
    weaker = None if left == right else (Side.LEFT if left < right else Side.RIGHT)
    flag = "none"
    last_two = sessions[-2:]
    sides = {s.weaker for s in last_two}
    # One session can be a slip of the pen, and a gap that swaps sides is noise: both of the last
    # 2 sessions must show the same weaker side, and the smaller gap sets the grade.
    if len(last_two) == 2 and len(sides) == 1 and None not in sides:
        flag = _grade(min(round(s.percent, 1) for s in last_two))
        side = sides.pop()
        pain = max(s.pain_left if side is Side.LEFT else s.pain_right for s in last_two)
        if flag == "flag" and pain >= ASYM_PAIN:
            flag = "clinician"
    return Asymmetry(
        exercise=exercise,
        name=name,
        left=round(left, 1),
        right=round(right, 1),
        unit=latest.unit,
        percent=percent,
        flag=flag,
        weaker=weaker,
        sessions=len(sessions),
        advice=_asymmetry_advice(flag, weaker),
    )


def _asymmetry_advice(flag: str, weaker: Side | None) -> str | None:
    leg = f"the weaker {weaker.value} leg" if weaker else "the weaker leg"
    if flag == "monitor":
        return f"Start each one-leg exercise with {leg} and keep an eye on the gap."
    if flag == "flag":
        return f"Add 1 extra set for {leg} until the gap is under 10%."
    if flag == "clinician":
        return (
            f"Keep the extra set for {leg}, and ask a physiotherapist or doctor to look at it, "
            "especially if it hurts."
        )
    return None


def _asymmetry_text(a: Asymmetry) -> str:
    side = a.weaker.value if a.weaker else "one"
    return (
        f"{a.name}: your {side} side is {_fmt(a.percent)}% weaker than the other over the last "
        f"2 sessions. {a.advice}"
    )


def _strength(
    loading: list[SetEntry], library: Library, names: dict[str, str]
) -> tuple[StrengthSeries, ...]:
    by_exercise: dict[str, dict[date, list[SetEntry]]] = defaultdict(lambda: defaultdict(list))
    for s in loading:
        by_exercise[s.exercise][s.day].append(s)
    series = []
    for exercise in sorted(by_exercise):
        days = by_exercise[exercise]
        points = []
        for day in sorted(days):
            loaded = [s for s in days[day] if s.kg]
            if loaded:
                value = round(max(epley(s.kg or 0.0, s.reps, s.rpe) for s in loaded), 1)
                unit = "kg"
            else:
                value = float(max(s.reps for s in days[day]))
                unit = "s" if _is_hold(exercise, library) else "reps"
            points.append(StrengthPoint(day, value, unit))
        series.append(StrengthSeries(exercise, names[exercise], tuple(points), _trend(points)))
    return tuple(series)


def _trend(points: Sequence[StrengthPoint]) -> str:
    """Up, flat or down: the latest of the last 4 points against the first of them (±5%)."""
    unit = points[-1].unit
    same = [p.value for p in points if p.unit == unit][-TREND_POINTS:]
    if len(same) < 2:
        return "new"
    first, last = same[0], same[-1]
    if first <= 0:
        return "up" if last > first else "flat"
    change = (last - first) / first * 100
    if change > TREND_BAND:
        return "up"
    if change < -TREND_BAND:
        return "down"
    return "flat"


def _nordic(loading: list[SetEntry], library: Library, weeks: list[date]) -> tuple[NordicWeek, ...]:
    reps: dict[date, int] = defaultdict(int)
    for s in loading:
        if s.exercise in library and library.get(s.exercise).has("nordic"):
            reps[_monday(s.day)] += s.reps
    if not reps:
        return ()
    return tuple(NordicWeek(w, reps[w]) for w in weeks)


def _pain(
    sets: Sequence[SetEntry], days: list[date], checkins: Sequence[Checkin]
) -> tuple[PainDay, ...]:
    """Rows for training days and for the day before each check-in (the check-in is its morning)."""
    during: dict[date, int] = {}
    for s in sets:
        if s.pain is not None:
            during[s.day] = max(during.get(s.day, 0), s.pain)
    morning: dict[date, int] = {}
    for c in checkins:
        morning[c.day] = max(morning.get(c.day, 0), c.pain)
    rows = set(days) | set(during) | {d - timedelta(days=1) for d in morning}
    return tuple(
        PainDay(d, during.get(d), morning.get(d + timedelta(days=1))) for d in sorted(rows)
    )


def _rising_morning_pain(checkins: Sequence[Checkin], today: date) -> str | None:
    """Evidence §5: weekly average morning pain must not rise two weeks running."""
    by_week: dict[date, list[int]] = defaultdict(list)
    for c in checkins:
        by_week[_monday(c.day)].append(c.pain)
    weeks = sorted(by_week)[-3:]
    if len(weeks) < 3 or weeks[-1] < _monday(today) - timedelta(days=RECENT_DAYS - 7):
        return None
    if weeks[-1] - weeks[0] != timedelta(weeks=2):
        return None
    means = [sum(by_week[w]) / len(by_week[w]) for w in weeks]
    if not means[0] < means[1] < means[2]:
        return None
    steps = " → ".join(f"{m:.1f}" for m in means)
    return (
        f"Your average morning pain has risen two weeks in a row ({steps} out of 10). "
        "Take a lighter week (about 40% fewer sets, no progression), and see a physiotherapist "
        "or doctor if it keeps rising."
    )
