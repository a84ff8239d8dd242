"""What each progress chart says, in one to three plain sentences, computed from the report.

Pure: the progress report (and the user's age, for the self-test norms) in, sentences out. The web
page shows them above each chart; the figures behind them are in the tables under each chart.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from hamstrong.core.assessments import AGE_RANGE, RETEST_WEEKS, TEST_NAMES, Reading, read_test
from hamstrong.core.dates import short_day as _day  # the house date format
from hamstrong.core.insight import (
    RECENT_DAYS,
    SPIKE,
    TREND_POINTS,
    Asymmetry,
    Progress,
    StrengthSeries,
)
from hamstrong.core.rules import ASYM_MONITOR, MEAN_WEEKS
from hamstrong.core.scheduling import MIN_GAP_HOURS
from hamstrong.core.training_log import STOP_PAIN, SelfTest, TestKind
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput

# The progress page's sections, in page order; also the names of the one-panel chart URLs.
PANELS = ("sessions", "hard-sets", "strength", "balance", "pain", "self-tests")
UNITS = {TestKind.AKE: "°", TestKind.SIT_REACH: " in", TestKind.CHAIR_STAND: " stands"}


def read_progress(progress: Progress, *, age: int | None = None) -> dict[str, tuple[str, ...]]:
    """One to three sentences per panel of ``PANELS``; ``age`` picks the self-test norms."""
    return {
        "sessions": _sessions(progress),
        "hard-sets": _hard_sets(progress),
        "strength": _strength(progress.strength),
        "balance": _balance(progress.asymmetry),
        "pain": _pain(progress),
        "self-tests": _tests(progress, age),
    }


def read_self_tests(tests: Sequence[SelfTest], *, age: int | None = None) -> list[Reading | None]:
    """Each test read against its norms and the one before it of the same kind and side.

    In the order given (the report's, oldest first). A stored value outside the test's range (an
    old import, say) gets None instead of failing the whole page; an age outside the profile's
    range is left out of the norms.
    """
    if age is not None and not AGE_RANGE[0] <= age <= AGE_RANGE[1]:
        age = None
    last: dict[tuple[TestKind, Side], float] = {}
    out: list[Reading | None] = []
    for test in tests:
        key = (test.kind, test.side)
        try:
            reading = read_test(
                test.kind, test.value, age=age, previous=last.get(key), side=test.side
            )
        except InvalidInput:
            out.append(None)
            continue
        out.append(reading)
        last[key] = test.value
    return out


def self_test_label(test: SelfTest) -> str:
    """The test's name, with the leg when it was done per leg: "active knee extension (left)"."""
    side = "" if test.side is Side.BOTH else f" ({test.side.value})"
    return f"{TEST_NAMES[test.kind]}{side}"


def self_test_result(test: SelfTest) -> str:
    """The value with its unit: "25°", "14.5 in", "12 stands"."""
    return f"{test.value:g}{UNITS[test.kind]}"


def self_test_line(test: SelfTest, reading: Reading | None) -> str:
    """One result as read: "active knee extension (left), 25° on Mon 7 Dec 2026: normal."."""
    category = f": {reading.category}" if reading else ""
    return f"{self_test_label(test)}, {self_test_result(test)} on {_day(test.day)}{category}."


# --- one function per panel ------------------------------------------------------------------


def _sessions(progress: Progress) -> tuple[str, ...]:
    a = progress.adherence
    out = []
    if a.planned:
        extra = f", plus {_count(a.extra, 'extra training day')}" if a.extra else ""
        out.append(f"You did {a.done} of {a.planned} planned sessions ({a.percent}%){extra}.")
    elif a.weeks:
        days = sum(w.trained for w in a.weeks)
        out.append(f"You trained on {_count(days, 'day')}; no sessions were planned up to today.")
    else:
        return ("No sessions were planned up to today, and none are logged yet.",)
    if a.streak_weeks >= 2:
        out.append(
            f"You have trained {a.streak_weeks} weeks in a row (best {a.best_streak_weeks})."
        )
    recent = progress.today - timedelta(days=RECENT_DAYS - 1)
    close = [c for c in progress.close_sessions if c.second >= recent]
    if close:
        pair = close[-1]
        out.append(
            f"You trained on {_day(pair.first)} and {_day(pair.second)}, back to back: leave a "
            f"rest day ({MIN_GAP_HOURS} h) between hamstring sessions."
        )
    return tuple(out)


def _hard_sets(progress: Progress) -> tuple[str, ...]:
    weekly = progress.weekly
    if not any(w.hard_sets for w in weekly):
        return (
            "No hard sets logged yet: working sets at an effort of 7 out of 10 or more "
            "(or not rated) count.",
        )
    this = weekly[-1]
    before = weekly[-2] if len(weekly) > 1 else None
    first = f"This week so far: {_count(this.hard_sets, 'hard set')}"
    out = [f"{first}; last week: {before.hard_sets}." if before else f"{first}."]
    hold = "so hold this level for a week before adding more"
    spike = this.spike
    if spike is not None and spike.last_week:
        rise = (this.hard_sets - spike.last_week) / spike.last_week * 100
        when = "the week before last" if spike.two_weeks_ago else "last week"
        out.append(
            f"Hard sets rose {_rise(rise)} on {when}: more than the +{SPIKE}% the rules "
            f"allow, {hold}."
        )
    elif spike is not None and spike.mean is not None:
        out.append(
            f"That is more than {SPIKE}% above your average of the {MEAN_WEEKS} weeks before, "
            f"{hold}."
        )
    elif spike is not None and spike.usual is not None:
        out.append(
            f"That is more than {SPIKE}% above your usual level before the time off, {hold}."
        )
    if not this.warning and before is not None:
        recent = _monday(progress.today - timedelta(days=RECENT_DAYS - 1))
        jumps = [w for w in weekly[:-1] if w.warning and w.week_start >= recent]
        if jumps:
            out.append(
                f"The week of {_day(jumps[-1].week_start)} rose more than {SPIKE}%: keep weekly "
                f"rises under {SPIKE}%."
            )
        else:
            out.append(f"No weekly rise above {SPIKE}% lately.")
    return tuple(out)


def _strength(strength: Sequence[StrengthSeries]) -> tuple[str, ...]:
    if not strength:
        return (
            "No strength data yet: your best set of each exercise appears here once you log sets.",
        )
    ranked = sorted(strength, key=lambda s: (-len(s.points), s.exercise))
    main = ranked[0]
    last = main.points[-1]
    out = [f"{main.name}: {last.label} on {_day(last.date)}, {_trend_words(main)}."]
    if len(ranked) > 1:
        counts = {t: sum(1 for s in ranked if s.trend == t) for t in ("up", "flat", "down", "new")}
        words = {
            "up": "going up",
            "flat": "steady",
            "down": "going down",
            "new": "too new to tell",
        }
        parts = [f"{n} {words[t]}" for t, n in counts.items() if n]
        out.append(f"Across your {len(ranked)} exercises: {', '.join(parts)}.")
    if any(s.trend == "down" for s in ranked):
        out.append("A short dip is common; if it lasts a few weeks, an easier week may help.")
    return tuple(out)


def _trend_words(series: StrengthSeries) -> str:
    same = [p.value for p in series.points if p.unit == series.unit][-TREND_POINTS:]
    if series.trend == "new" or len(same) < 2:
        return "the first session in this unit, so no trend yet"
    first, last = same[0], same[-1]
    sessions = f"over its last {len(same)} sessions"
    if series.trend == "flat":
        return f"steady {sessions}"
    change = f"{abs(last - first) / first * 100:.0f}% " if first > 0 else ""
    return f"{series.trend} {change}{sessions}"


def _balance(asymmetry: Sequence[Asymmetry]) -> tuple[str, ...]:
    if not asymmetry:
        return ("No one-leg work logged on both sides yet: log each leg to compare them.",)
    ranked = sorted(asymmetry, key=lambda a: (-a.percent, a.exercise))
    worst = ranked[0]
    if worst.percent < ASYM_MONITOR or worst.weaker is None:
        if len(ranked) == 1:
            return (
                f"Your two sides differ by {worst.percent:g}% on {worst.name}, under the "
                f"{ASYM_MONITOR:g}% that needs attention.",
            )
        return (
            f"Your two sides differ by less than {ASYM_MONITOR:g}% on every one-leg exercise "
            f"(the largest gap: {worst.percent:g}% on {worst.name}).",
        )
    weak = worst.weaker.value
    strong = Side.RIGHT.value if worst.weaker is Side.LEFT else Side.LEFT.value
    out = [f"Your {weak} side does {worst.percent:g}% less than your {strong} on {worst.name}."]
    if worst.advice:
        out.append(worst.advice)
    else:
        out.append(
            "A gap counts once it shows on the same side 2 sessions in a row: compare again "
            "next time."
        )
    others = [a for a in ranked[1:] if a.percent >= ASYM_MONITOR]
    if others:
        out.append(
            f"{_count(len(others), 'other one-leg exercise')} also "
            f"{'shows' if len(others) == 1 else 'show'} a gap of {ASYM_MONITOR:g}% or more."
        )
    return tuple(out)


def _pain(progress: Progress) -> tuple[str, ...]:
    rows = [p for p in progress.pain if p.during is not None or p.next_morning is not None]
    if not rows:
        return (
            "No pain ratings yet: rate pain during your sets and at the next-morning check-in.",
        )
    during = [p for p in rows if p.during is not None]
    morning = [p for p in rows if p.next_morning is not None]
    parts = []
    if during:
        parts.append(f"{during[-1].during}/10 during your sets on {_day(during[-1].date)}")
    if morning:
        after = morning[-1].date + timedelta(days=1)
        parts.append(f"{morning[-1].next_morning}/10 at the morning check-in on {_day(after)}")
    out = [f"Latest pain: {'; '.join(parts)}."]
    recent = [p for p in rows if p.date >= progress.today - timedelta(days=RECENT_DAYS - 1)]
    high = [p for p in recent if p.during is not None and p.during > STOP_PAIN]
    if progress.findings:  # what the plan does about it, in the words the plan uses
        out.extend(f.text for f in progress.findings)
    elif high:
        out.append(
            f"Pain went above {STOP_PAIN}/10 during sets on {_day(high[-1].date)}, which ends "
            "a session; that exercise steps down next time. See a physiotherapist or doctor if "
            "it keeps happening."
        )
    else:
        out.append(
            f"Recent ratings stay at or under {STOP_PAIN}/10, which is acceptable as long as "
            "the pain settles by the next morning."
        )
    return tuple(out)


def _tests(progress: Progress, age: int | None) -> tuple[str, ...]:
    if not progress.tests:
        return (
            f"No self-tests yet: record one below, then re-test every {RETEST_WEEKS} weeks to see "
            "change.",
        )
    test = progress.tests[-1]
    reading = read_self_tests(progress.tests, age=age)[-1]
    out = [f"Latest: {self_test_line(test, reading)}"]
    if reading and reading.change:
        out.append(reading.change)
    else:
        out.append(f"Re-test in {RETEST_WEEKS} weeks: one result alone shows no change.")
    return tuple(out)


# --- small helpers ---------------------------------------------------------------------------


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _rise(percent: float) -> str:
    # As insight words it: "30%" must not appear for a 30.4% rise that trips the rule.
    return f"{percent:.0f}%" if round(percent) > SPIKE else f"{percent:.1f}%"
