"""What the training log says: adherence, recovery, weekly load, asymmetry, strength and pain."""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from hamstrong.core import dates, rules
from hamstrong.core.assessments import AkeGap, Retest, ake_gap, retests
from hamstrong.core.exercises import Library
from hamstrong.core.records import Record, personal_records, record_dict, week_streak
from hamstrong.core.rules import Grade, SideGap, Spike
from hamstrong.core.scheduling import MIN_GAP_DAYS, MIN_GAP_HOURS
from hamstrong.core.strength import epley
from hamstrong.core.training_log import Checkin, SelfTest, SetEntry, TestKind, TrainingLog
from hamstrong.core.units import Unit, shown
from hamstrong.core.vocab import Dose, Side

SCHEMA = "hamstrong.progress/1"
SPIKE = rules.SPIKE_PERCENT  # the >30% rule of evidence §6, decided in ``rules.weekly_spike``
RECENT_DAYS = 28  # [H] older spikes and back-to-back days stay in ``weekly`` but leave ``warnings``
TREND_BAND = 5.0  # % change over the last 4 points that counts as up or down [H]
TREND_POINTS = 4
BARS = "▁▂▃▄▅▆▇█"


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

    def __reduce__(self) -> tuple[type["ClosePair"], tuple[date, date]]:
        return ClosePair, (self.first, self.second)  # see StrengthPoint.__reduce__

    def to_dict(self) -> dict[str, str]:
        return {"first": self.first.isoformat(), "second": self.second.isoformat()}


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """Hard sets logged in one Monday-based week, with a plain warning after a >30% jump."""

    week_start: date
    hard_sets: int
    warning: str | None = None
    spike: Spike | None = None  # what the warning compared with (not part of the JSON)

    def to_dict(self) -> dict[str, Any]:
        return {
            "week_start": self.week_start.isoformat(),
            "hard_sets": self.hard_sets,
            "warning": self.warning,
        }


@dataclass(frozen=True, slots=True)
class Asymmetry:
    """Left/right gap of one exercise from the mean of its last 2 like-with-like sessions (§7)."""

    exercise: str
    name: str
    left: float
    right: float
    unit: str  # "kg" (estimated 1RM; "lb" once ``in_unit``) or "reps" (reps + reps in reserve)
    percent: float
    flag: str  # none | monitor | flag | clinician
    weaker: Side | None  # None when both sides are equal
    sessions: int  # sessions with both sides logged at the same load
    advice: str | None = None
    text: str = ""  # the warning sentence, the same one the plan shows when it acts on the gap

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
    """Best effort of one exercise on one day: estimated 1RM in kg, else best reps or seconds.

    A kg value is an estimate (Epley), never a weight lifted: ``lifted`` is the set it came from.
    ``in_unit`` gives the same point in lb for a user who reads pounds.
    """

    date: date
    value: float
    unit: str  # "kg" (or "lb" once in_unit), "reps" or "s"
    lifted: tuple[float, int] | None = None  # (load in ``unit``, reps) of the best loaded set

    def __reduce__(self) -> tuple[type["StrengthPoint"], tuple[object, ...]]:
        """Pickled as its fields in a tuple: the web app keeps a whole-log report for every
        worker (``services.progress.kept``), and a slots dataclass unpickled field by field
        (``dataclasses._dataclass_setstate``) made reading 28,000 points back cost 0.25 s."""
        return StrengthPoint, (self.date, self.value, self.unit, self.lifted)

    @property
    def estimated(self) -> bool:
        return self.lifted is not None

    @property
    def label(self) -> str:
        """In words: a load reads as an estimated max, with the set it came from."""
        if self.lifted is None:
            return f"{self.value:g} {self.unit}"
        load, reps = self.lifted
        return f"{self.value:g} {self.unit} estimated max (lifted {load:g} {self.unit} × {reps})"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.date.isoformat(),
            "value": self.value,
            "unit": self.unit,
        }
        out["estimated"] = self.estimated
        if self.lifted is not None:
            out["lifted"] = {self.unit: self.lifted[0], "reps": self.lifted[1]}
        return out


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

    def __reduce__(self) -> tuple[type["PainDay"], tuple[object, ...]]:
        return PainDay, (self.date, self.during, self.next_morning)  # see StrengthPoint

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
    ake_gap: AkeGap | None = None  # left against right knee extension, same day (§2.4, §8)
    retests: tuple[Retest, ...] = ()  # when each repeated self-test is next due
    findings: tuple[rules.Finding, ...] = ()  # the symptom rules the plan acts on, as warned
    records: tuple[Record, ...] = ()  # each personal record as it stands, newest last

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
            "ake_gap": self.ake_gap.to_dict() if self.ake_gap else None,
            "retests": [r.to_dict() for r in self.retests],
            "alerts": [f.to_dict() for f in self.findings],
            "records": [record_dict(r, today=self.today) for r in self.records],
        }


def progress(
    log: TrainingLog,
    *,
    library: Library,
    today: date,
    planned: Sequence[date] = (),
    repeated: Sequence[TestKind] = (),
    start: date | None = None,
    screened_at: datetime | None = None,
) -> Progress:
    """Summarise the log up to and including ``today`` against the planned session dates.

    ``repeated`` are the self-tests the user repeats every 4 weeks (due from ``start`` when
    never done, else from ``today``); ``screened_at`` is when the safety screen was last
    answered (a stop rule before it is over).
    """
    sets = tuple(s for s in log.sets if s.day <= today)
    checkins = tuple(c for c in log.checkins if c.day <= today)
    # Nothing logged after a stop rule on its day counts, here as in the engine.
    counted = rules.counted(sets)
    loads = rules.loading(library)
    loading = [s for s in counted if not s.warmup and loads(s.exercise)]
    days = sorted({s.day for s in loading})
    # weeks start on the programme's first weekday, as the engine counts them (else Mondays)
    first_weekday = start.weekday() if start else 0
    weeks = _weeks(min(s.day for s in sets), today, first_weekday) if sets else []

    adherence = _adherence(days, planned, today, first_weekday)
    close = tuple(ClosePair(a, b) for a, b in pairwise(days) if (b - a).days < MIN_GAP_DAYS)
    weekly = _weekly(loading, weeks, library)
    names = _names(loading, library)
    asymmetry = tuple(
        _asymmetry(exercise, names[exercise], gap)
        for exercise, gap in sorted(side_gaps(loading, library).items())
    )
    strength = _strength(loading, library, names)
    nordic = _nordic(loading, library, weeks, first_weekday)
    pain = _pain(sets, days, checkins)
    tests = tuple(sorted((t for t in log.tests if t.day <= today), key=lambda t: t.day))

    recent = today - timedelta(days=RECENT_DAYS - 1)
    warnings = [
        w.warning for w in weekly if w.warning and w.week_start >= _week_of(recent, first_weekday)
    ]
    warnings += [_close_text(c) for c in close if c.second >= recent]
    warnings += [a.text for a in asymmetry if a.flag != Grade.NONE]
    gap = ake_gap(tests)
    if gap is not None and gap.flag:
        warnings.append(gap.message)
    trained = [d for d in rules.training_days(counted, library) if d < today]
    findings = rules.morning_findings(checkins, trained, today)
    stop = rules.stopped(sets, screened_at)
    if stop is not None:
        findings = (stop, *findings)
    warnings = [f.text for f in findings] + warnings  # what holds training back comes first
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
        ake_gap=gap,
        retests=tuple(retests(tests, repeated, start=start or today)),
        findings=findings,
        records=personal_records(sets, library),
    )


def asymmetry_streak(log: TrainingLog, exercise: str) -> list[float]:
    """Asymmetry % per like-with-like session, oldest first (for "≥15% twice in a row")."""
    working = [s for s in log.sets if s.exercise == exercise]
    return [round(p.percent, 1) for p in rules.side_pairs(working)]


def side_gaps(sets: Iterable[SetEntry], library: Library) -> dict[str, SideGap]:
    """The left/right verdict per one-leg exercise (evidence §7, decided in ``rules``).

    Grouped per exercise, never per ladder: a gap is only read between the same exercise at the
    same load. Two-leg exercises, balance holds and stretches are left out even if a side was
    logged (``rules.compares_sides``).
    """
    by_exercise: dict[str, list[SetEntry]] = defaultdict(list)
    for s in sets:
        if rules.compares_sides(s.exercise, library):
            by_exercise[s.exercise].append(s)
    gaps = {}
    for exercise, entries in by_exercise.items():
        gap = rules.judge_asymmetry(rules.side_pairs(entries))
        if gap is not None:
            gaps[exercise] = gap
    return gaps


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


_week_of = dates.week_of
_weeks = dates.weeks_between


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


def _adherence(
    days: list[date], planned: Sequence[date], today: date, first_weekday: int
) -> Adherence:
    due = sorted({d for d in planned if d <= today})
    trained = set(days)
    done = [d for d in due if d in trained]
    streak = week_streak(days, today)
    span = _weeks(min(due[:1] + days[:1]), today, first_weekday) if (due or days) else []
    # each day counted in its own week once: years of history are thousands of days and weeks
    planned_in, done_in, trained_in = (_per_week(d, first_weekday) for d in (due, done, days))
    per_week = tuple(
        AdherenceWeek(week_start=w, planned=planned_in[w], done=done_in[w], trained=trained_in[w])
        for w in span
    )
    return Adherence(
        planned=len(due),
        done=len(done),
        extra=len(trained - set(due)),
        percent=round(len(done) / len(due) * 100) if due else None,
        streak_weeks=streak.weeks,
        best_streak_weeks=streak.best,
        weeks=per_week,
    )


def _per_week(days: Iterable[date], first_weekday: int) -> Counter[date]:
    """How many of ``days`` fall in each week (weeks starting on ``first_weekday``)."""
    return Counter(_week_of(d, first_weekday) for d in days)


def _weekly(loading: list[SetEntry], weeks: list[date], library: Library) -> tuple[WeekLoad, ...]:
    hard = rules.weekly_hard_sets(loading, library, weeks)
    return tuple(
        WeekLoad(week, count, spike.text(week) if spike else None, spike)
        for week, count, spike in zip(weeks, hard, rules.weekly_spikes(hard), strict=True)
    )


def _close_text(pair: ClosePair) -> str:
    return (
        f"You trained on {dates.short_day(pair.first)} and {dates.short_day(pair.second)}, "
        "back to back. "
        f"Leave at least one rest day ({MIN_GAP_HOURS} h) between hamstring sessions so they can "
        "recover."
    )


def in_unit(report: Progress, unit: Unit) -> Progress:
    """The report with every load figure (estimated maxes, the sets they came from, the sides
    of loaded one-leg work) in ``unit``, as pages, charts and tables show it: 0.1 lb, as
    ``units.shown``. The JSON keeps kg; trends and gaps are ratios, the same in either unit."""
    if unit is Unit.KG:
        return report

    def point(p: StrengthPoint) -> StrengthPoint:
        if p.unit != Unit.KG.value:
            return p
        lifted = None if p.lifted is None else (shown(p.lifted[0], unit), p.lifted[1])
        return replace(p, value=shown(p.value, unit), unit=unit.value, lifted=lifted)

    def sides(a: Asymmetry) -> Asymmetry:
        if a.unit != Unit.KG.value:
            return a
        return replace(a, left=shown(a.left, unit), right=shown(a.right, unit), unit=unit.value)

    strength = tuple(replace(s, points=tuple(map(point, s.points))) for s in report.strength)
    return replace(report, strength=strength, asymmetry=tuple(map(sides, report.asymmetry)))


def _asymmetry(exercise: str, name: str, gap: SideGap) -> Asymmetry:
    return Asymmetry(
        exercise=exercise,
        name=name,
        left=gap.left,
        right=gap.right,
        unit=gap.unit,
        percent=gap.percent,
        flag=gap.grade.value,
        weaker=gap.weaker,
        sessions=gap.sessions,
        advice=gap.advice,
        text=rules.gap_text(name, gap),
    )


def _strength(
    loading: list[SetEntry], library: Library, names: dict[str, str]
) -> tuple[StrengthSeries, ...]:
    """Per exercise and day, in one pass: the loaded set of the best estimated max (the first
    of equals), else the most reps or seconds."""
    loaded: dict[str, dict[date, tuple[float, SetEntry]]] = defaultdict(dict)
    most: dict[str, dict[date, int]] = defaultdict(dict)
    for s in loading:
        reps = most[s.exercise]
        if s.day not in reps or reps[s.day] < s.reps:
            reps[s.day] = s.reps
        if s.kg:
            estimate = epley(s.kg, s.reps, s.rpe)
            held = loaded[s.exercise].get(s.day)
            if held is None or estimate > held[0]:
                loaded[s.exercise][s.day] = (estimate, s)
    series = []
    for exercise in sorted(most):
        best_loaded = loaded.get(exercise, {})
        unit = "s" if _is_hold(exercise, library) else "reps"
        points = []
        for day in sorted(most[exercise]):
            found = best_loaded.get(day)
            if found is not None:
                estimate, best = found
                lifted = (best.kg or 0.0, best.reps)
                points.append(StrengthPoint(day, round(estimate, 1), "kg", lifted))
            else:
                points.append(StrengthPoint(day, float(most[exercise][day]), unit))
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


def _nordic(
    loading: list[SetEntry], library: Library, weeks: list[date], first_weekday: int
) -> tuple[NordicWeek, ...]:
    reps: dict[date, int] = defaultdict(int)
    for s in loading:
        if s.exercise in library and library.get(s.exercise).has("nordic"):
            reps[_week_of(s.day, first_weekday)] += s.reps
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
