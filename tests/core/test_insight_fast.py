"""The quick readings of a long log equal their plain definitions, on any log.

Years of history made the progress report slow: adherence counted every day once per week shown,
records asked the library the same questions of every set, the strength series built a list per
day. The report now takes one pass where it can; each property here holds the plain definition
(what the report said before, written the obvious way) against it, on generated logs with the
shapes real histories have: a set dated 2000, sets after today, holds, warm-ups, both sides,
stop-rule sets, imported names, several sets a day.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core import rules
from hamstrong.core.dates import week_of, weeks_between
from hamstrong.core.exercises import Library
from hamstrong.core.insight import StrengthPoint, progress
from hamstrong.core.records import NO_RECORDS, NORDIC, RecordKind, nordic_rung
from hamstrong.core.strength import epley
from hamstrong.core.training_log import Checkin, SetEntry, Symptom, TrainingLog
from hamstrong.core.vocab import Dose, Side
from hamstrong.library import load_library
from tests.strategies import examples

LIBRARY = load_library()
TODAY = date(2026, 3, 18)  # a Wednesday
EXERCISES = [
    "romanian-deadlift",  # loaded, both legs
    "single-leg-rdl-dumbbell",  # one leg, compared left and right
    "wall-sit",  # a hold: seconds
    "partial-nordic",  # Nordic rungs share one record
    "nordic-hamstring-curl",
    "glute-bridge",
    "leg-swing",  # a warm-up drill: no records, not loading
    "feet-together-stand",  # a balance hold
    "custom:cable-curl",  # an imported name the library does not know
]

days = st.one_of(
    st.sampled_from([TODAY, TODAY - timedelta(days=2)]),  # several sets on one day
    st.integers(-120, 20).map(lambda n: TODAY + timedelta(days=n)),  # some after today
    st.just(date(2000, 1, 1)),  # the set typed with the wrong year
    st.dates(date(1999, 12, 1), date(2000, 3, 1)),
)
set_entries = st.builds(
    SetEntry,
    day=days,
    exercise=st.sampled_from(EXERCISES),
    reps=st.integers(0, 40),
    kg=st.none() | st.sampled_from([0.0, 8.0, 12.5, 20.0, 60.0]),
    rpe=st.none() | st.sampled_from([5.0, 7.0, 8.5, 10.0]),
    pain=st.none() | st.integers(0, 8),
    side=st.sampled_from(list(Side)),
    warmup=st.booleans(),
    symptoms=st.sampled_from([(), (), (), (Symptom.SHARP,)]),
    at=st.none() | st.just(datetime(2026, 3, 1, 9, 0)),
    name=st.none() | st.just("Cable curl"),
)
logs = st.builds(
    lambda sets, checkins: TrainingLog(tuple(sorted(sets, key=lambda s: s.day)), tuple(checkins)),
    st.lists(set_entries, max_size=60),
    st.lists(st.builds(Checkin, day=days, pain=st.integers(0, 10)), max_size=8),
)
starts = st.none() | st.integers(-90, 10).map(lambda n: TODAY + timedelta(days=n))
planned_days = st.lists(st.integers(-100, 30).map(lambda n: TODAY + timedelta(days=n)), max_size=30)
screens = st.none() | st.just(datetime(2026, 2, 1, 12, 0))


# --- the plain definitions -----------------------------------------------------------------------


def plain_adherence_weeks(
    log: TrainingLog, planned: list[date], start: date | None
) -> list[tuple[date, int, int, int]]:
    """Per week shown: each planned day, done day and training day counted in its week."""
    fw = start.weekday() if start else 0
    loads = rules.loading(LIBRARY)
    sets = rules.counted([s for s in log.sets if s.day <= TODAY])
    trained = sorted({s.day for s in sets if not s.warmup and loads(s.exercise)})
    due = sorted({d for d in planned if d <= TODAY})
    done = [d for d in due if d in set(trained)]
    if not (due or trained):
        return []
    span = weeks_between(min(due[:1] + trained[:1]), TODAY, fw)
    assert all(week_of(w, fw) == w for w in span)
    week = timedelta(weeks=1)
    return [
        (
            w,
            sum(1 for d in due if w <= d < w + week),
            sum(1 for d in done if w <= d < w + week),
            sum(1 for d in trained if w <= d < w + week),
        )
        for w in span
    ]


def plain_strength(loading: list[SetEntry], library: Library) -> dict[str, list[StrengthPoint]]:
    """Per exercise and day: the loaded set of the highest estimated max (the first of equals),
    else the most reps (seconds for a hold)."""
    by_exercise: dict[str, dict[date, list[SetEntry]]] = defaultdict(lambda: defaultdict(list))
    for s in loading:
        by_exercise[s.exercise][s.day].append(s)
    out = {}
    for exercise, on_days in by_exercise.items():
        points = []
        for day in sorted(on_days):
            loaded = [s for s in on_days[day] if s.kg]
            if loaded:
                best = max(loaded, key=lambda s: epley(s.kg or 0.0, s.reps, s.rpe))
                value = round(epley(best.kg or 0.0, best.reps, best.rpe), 1)
                points.append(StrengthPoint(day, value, "kg", (best.kg or 0.0, best.reps)))
            else:
                hold = exercise in library and library.get(exercise).dose is Dose.HOLD
                value = float(max(s.reps for s in on_days[day]))
                points.append(StrengthPoint(day, value, "s" if hold else "reps"))
        out[exercise] = points
    return out


def plain_counts_for(entry: SetEntry, library: Library) -> list[tuple[tuple, tuple]]:
    """The records a set competes for, the library asked afresh for every set."""
    if entry.warmup or entry.reps <= 0 or entry.stops_session:
        return []
    known = entry.exercise in library
    if known and library.get(entry.exercise).pattern in NO_RECORDS:
        return []
    if known and library.get(entry.exercise).has(NORDIC):
        rung = float(nordic_rung(entry.exercise, library))
        score = (rung, entry.kg or 0.0, float(entry.reps))
        return [((RecordKind.NORDIC, NORDIC, entry.side, None), score)]
    if known and library.get(entry.exercise).dose is Dose.HOLD:
        return [((RecordKind.HOLD, entry.exercise, entry.side, None), (float(entry.reps),))]
    found: list[tuple[tuple, tuple]] = []
    if entry.kg:
        e1rm = round(epley(entry.kg, entry.reps, entry.rpe), 1)
        found.append(((RecordKind.E1RM, entry.exercise, entry.side, None), (e1rm,)))
    key = (RecordKind.REPS, entry.exercise, entry.side, entry.kg or None)
    found.append((key, (float(entry.reps),)))
    return found


def plain_records(sets: list[SetEntry], library: Library) -> list[tuple]:
    """Each record's best set and the best it beat, walking the log in order."""
    best: dict[tuple, tuple] = {}
    beat: dict[tuple, tuple] = {}
    for entry in sets:
        for key, score in plain_counts_for(entry, library):
            if key not in best or score > best[key][0]:
                if key in best:
                    beat[key] = best[key]
                best[key] = (score, entry)
    return sorted(
        ((key, held[1], beat[key][1] if key in beat else None) for key, held in best.items()),
        key=lambda found: found[1].day,
    )


def plain_stopped_day(sets: list[SetEntry], since: datetime | None) -> date | None:
    """The day of the latest stop-rule set at or after the screen."""
    found = [
        s
        for s in sets
        if s.stops_session
        and (since is None or (s.at or datetime.combine(s.day, time.max)) >= since)
    ]
    return found[-1].day if found else None


# --- the properties ------------------------------------------------------------------------------


@settings(max_examples=examples(100), deadline=None)
@given(log=logs, planned=planned_days, start=starts, screened=screens)
def test_the_report_equals_its_plain_definitions(log, planned, start, screened):
    report = progress(
        log, library=LIBRARY, today=TODAY, planned=planned, start=start, screened_at=screened
    )
    weeks = [(w.week_start, w.planned, w.done, w.trained) for w in report.adherence.weeks]
    assert weeks == plain_adherence_weeks(log, planned, start)

    sets = [s for s in log.sets if s.day <= TODAY]
    loads = rules.loading(LIBRARY)
    loading = [s for s in rules.counted(sets) if not s.warmup and loads(s.exercise)]
    strength = {series.exercise: list(series.points) for series in report.strength}
    assert strength == plain_strength(loading, LIBRARY)
    assert [s.exercise for s in report.strength] == sorted(strength)

    records = [(r.best, r.previous) for r in report.records]
    assert records == [(best, previous) for _, best, previous in plain_records(sets, LIBRARY)]
    assert [(r.kind, r.exercise, r.side) for r in report.records] == [
        key[:3] for key, _, _ in plain_records(sets, LIBRARY)
    ]

    stop = rules.stopped(sets, screened)
    assert (stop.day if stop else None) == plain_stopped_day(sets, screened)


def plain_weekly_spike(weeks: list[int]) -> rules.Spike | None:
    """The >30% rule for the last week, the list copied and each break walked back afresh."""
    if not weeks:
        return None
    current, before = weeks[-1], list(weeks[:-1])
    while before and before[0] == 0:  # the weeks before any training are no level at all
        before.pop(0)
    window = before[-rules.MEAN_WEEKS :]
    if 0 in window:
        first_zero = len(before) - len(window) + window.index(0)
        while first_zero > 0 and before[first_zero - 1] == 0:
            first_zero -= 1
        trained = [w for w in before[:first_zero][-rules.MEAN_WEEKS :] if w > 0]
        if trained:
            if current * len(trained) * 100 > sum(trained) * (100 + rules.SPIKE_PERCENT):
                return rules.Spike(current, usual=sum(trained) / len(trained))
            return None
        last_zero = len(window) - 1 - window[::-1].index(0)
        window = window[last_zero + 1 :]
    recent = window[-2:]
    last = max(recent) if recent else 0
    over_last = last > 0 and current * 100 > last * (100 + rules.SPIKE_PERCENT)
    total = sum(window)
    over_mean = (
        len(window) == rules.MEAN_WEEKS
        and total > 0
        and current * rules.MEAN_WEEKS * 100 > total * (100 + rules.SPIKE_PERCENT)
    )
    if not (over_last or over_mean):
        return None
    return rules.Spike(
        current,
        last_week=last if over_last else None,
        mean=total / rules.MEAN_WEEKS if over_mean else None,
        two_weeks_ago=over_last and len(recent) == 2 and recent[0] > recent[1],
    )


# weekly hard sets with long empty stretches (time off, a set dated years back) and ramps
week_counts = st.lists(
    st.one_of(st.just(0), st.integers(0, 40), st.lists(st.just(0), max_size=30)), max_size=60
).map(lambda parts: [n for p in parts for n in (p if isinstance(p, list) else [p])])


@settings(max_examples=examples(300))
@given(week_counts, st.integers(1, 6))
def test_empty_weeks_before_the_first_trained_one_change_no_spike(weeks, empty):
    """The engine counts weeks from the first hamstring set that counts, the progress report
    from the first set logged: empty weeks in front must not change what either says."""
    assert rules.weekly_spike([0] * empty + weeks) == rules.weekly_spike(weeks)
    assert rules.weekly_spikes([0] * empty + weeks)[empty:] == rules.weekly_spikes(weeks)


def test_a_return_after_a_break_is_judged_alike_with_an_empty_week_in_front():
    """3 hard sets, a week off, then 5: 67% over the level before the break is a spike, also
    when a first week in front counted none (its only session stopped before a hamstring set)."""
    assert rules.weekly_spike([3, 0, 5]) == rules.Spike(5, usual=3.0)
    assert rules.weekly_spike([0, 3, 0, 5]) == rules.Spike(5, usual=3.0)


@settings(max_examples=examples(300))
@given(week_counts)
def test_every_weeks_spike_in_one_pass_is_the_rule_for_that_week(weeks):
    assert rules.weekly_spike(weeks) == plain_weekly_spike(weeks)
    spikes = rules.weekly_spikes(weeks)
    assert spikes == [plain_weekly_spike(weeks[: i + 1]) for i in range(len(weeks))]


def test_equal_estimated_maxes_on_a_day_keep_the_set_done_first():
    ten = SetEntry(TODAY, "romanian-deadlift", 10, kg=20.0, rpe=10)  # 10 reps, none in reserve
    seven = SetEntry(TODAY, "romanian-deadlift", 7, kg=20.0, rpe=7)  # 7 reps, 3 in reserve
    assert epley(20.0, 10, 10) == epley(20.0, 7, 7)
    for first, then in ((ten, seven), (seven, ten)):
        report = progress(TrainingLog((first, then)), library=LIBRARY, today=TODAY)
        (point,) = report.strength[0].points
        assert point.lifted == (20.0, first.reps)
