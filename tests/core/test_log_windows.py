"""The engine reads a window of a long log: it must decide exactly as on the whole log."""

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hamstrong.core import rules
from hamstrong.core.log_windows import (
    LogWindow,
    adapt_window,
    adapt_window_suffices,
    ladder_closure,
    spike_reach,
)
from hamstrong.core.planner import plan_programme
from hamstrong.core.progression import adapt
from hamstrong.core.training_log import Checkin, SetEntry, Symptom, TrainingLog
from hamstrong.core.vocab import Side
from hamstrong.library import load_library
from hamstrong.profiles import profile_from_mapping
from tests.strategies import examples, profile_data

LIBRARY = load_library()
START = date(2026, 1, 5)  # a Monday
IDS = sorted(e.id for e in LIBRARY)
CUSTOM = ["custom:bench-press", "custom:lying-leg-curl", "custom:squat"]
PROPERTY = settings(
    max_examples=examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _set(day: date, exercise: str, draw: st.DrawFn, order: int) -> SetEntry:
    one_leg = exercise in LIBRARY and LIBRARY.get(exercise).unilateral
    pain = draw(st.none() | st.integers(0, 10))
    return SetEntry(
        day,
        exercise,
        draw(st.integers(0, 20)),
        draw(st.none() | st.sampled_from([4.0, 8.0, 12.0, 20.0, 40.0])),
        draw(st.none() | st.sampled_from([5.0, 6.5, 7.0, 8.0, 9.5, 10.0])),
        pain,
        draw(st.sampled_from([Side.LEFT, Side.RIGHT])) if one_leg else Side.BOTH,
        warmup=draw(st.integers(0, 9)) == 0,
        order=order,
        symptoms=(Symptom.SHARP,) if draw(st.integers(0, 60)) == 0 else (),
    )


@st.composite
def histories(draw: st.DrawFn, planned: list[str]) -> tuple[TrainingLog, date]:
    """Years of training: bursts of sessions with breaks between, on the plan's exercises,
    others, custom ones and stretches; check-ins on some mornings."""
    today = START + timedelta(days=draw(st.integers(0, 120)))
    day = today - timedelta(days=draw(st.integers(30, 1500)))
    sets: list[SetEntry] = []
    checkins: dict[date, int] = {}
    pool = planned + IDS + CUSTOM
    while day <= today:
        if draw(st.integers(0, 4)) == 0:  # a session
            for exercise in draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4)):
                for order in range(1, draw(st.integers(1, 3)) + 1):
                    sets.append(_set(day, exercise, draw, order))
        if draw(st.integers(0, 3)) == 0:
            checkins[day] = draw(st.integers(0, 8))
        gap = draw(st.sampled_from([1, 1, 2, 2, 3, 4, 9, 20, 45, 120]))
        day += timedelta(days=gap)
    log = TrainingLog(
        tuple(sorted(sets, key=lambda s: s.day)),
        tuple(Checkin(d, p) for d, p in sorted(checkins.items())),
    )
    return log, today


@st.composite
def cases(draw: st.DrawFn) -> tuple[object, TrainingLog, date]:
    data = draw(profile_data())
    programme = plan_programme(profile_from_mapping(data), START, 8, LIBRARY)
    planned = sorted({i.exercise for s in programme.sessions for i in s.main_items})
    log, today = draw(histories(planned))
    return programme, log, today


def _working_days(log: TrainingLog, today: date) -> tuple[date | None, date | None]:
    """What the store reads about the whole log: the first working day, the last before today."""
    working = [s.day for s in log.sets if not s.warmup]
    before = [d for d in working if d < today]
    return min(working, default=None), max(before, default=None)


@PROPERTY
@given(case=cases(), horizon=st.none() | st.integers(0, 20))
def test_adapt_on_the_window_decides_as_on_the_whole_log(case, horizon):
    programme, log, today = case
    first, last = _working_days(log, today)
    window = adapt_window(programme, LIBRARY, today=today, last_trained=last)
    part = window.of(log)
    screened = datetime.combine(START, datetime.min.time())
    until = None if horizon is None else today + timedelta(days=horizon)
    suffices = adapt_window_suffices(
        window,
        part,
        LIBRARY,
        today=today,
        back_pain=programme.profile.back_pain,
        first_trained=first,
    )
    # When it does not suffice, the service reads the whole log; Hypothesis fails the test
    # (filter_too_much) should that be the common case, so the property is never vacuous.
    assume(suffices)
    whole = adapt(programme, log, library=LIBRARY, today=today, screened_at=screened, horizon=until)
    windowed = adapt(
        programme, part, library=LIBRARY, today=today, screened_at=screened, horizon=until
    )
    assert windowed == whole


def test_the_window_of_a_long_steady_history_is_small_and_decides_the_same():
    """Five years of three sessions a week, half of it work the plan never uses."""
    profile = profile_from_mapping(
        {
            "level": "intermediate",
            "sessions_per_week": 2,
            "days": ["mon", "thu"],
            "minutes": 45,
            "equipment": ["dumbbell", "mat", "slider"],
            "goals": ["strength"],
            "screen": dict.fromkeys(_screen_keys(), False),
        }
    )
    programme = plan_programme(profile, START, 12, LIBRARY)
    planned = sorted({i.exercise for s in programme.sessions for i in s.main_items})
    today = START + timedelta(weeks=3)
    sets = []
    day = today - timedelta(weeks=260)
    while day < today:
        if day.weekday() in (0, 2, 4):
            for n, exercise in enumerate([*planned[:2], *CUSTOM]):
                sets += [
                    SetEntry(
                        day, exercise, 8, 20.0 if exercise in CUSTOM else None, 7.0, 1, order=k
                    )
                    for k in range(1, 4)
                ]
                if n == 0 and exercise in LIBRARY and LIBRARY.get(exercise).unilateral:
                    sets[-3:] = [
                        SetEntry(
                            s.day, s.exercise, s.reps, s.kg, s.rpe, 1, Side.LEFT, order=s.order
                        )
                        for s in sets[-3:]
                    ]
        day += timedelta(days=1)
    log = TrainingLog(tuple(sets), (Checkin(today - timedelta(days=2), 1),))
    first, last = _working_days(log, today)
    window = adapt_window(programme, LIBRARY, today=today, last_trained=last)
    part = window.of(log)
    assert adapt_window_suffices(
        window, part, LIBRARY, today=today, back_pain=False, first_trained=first
    )
    assert len(part.sets) < len(log.sets) * 0.55
    screened = datetime.combine(START, datetime.min.time())
    assert adapt(programme, part, library=LIBRARY, today=today, screened_at=screened) == adapt(
        programme, log, library=LIBRARY, today=today, screened_at=screened
    )


def _screen_keys() -> list[str]:
    from hamstrong.core.screen import SCREEN_KEYS

    return list(SCREEN_KEYS)


@settings(max_examples=examples(500))
@given(
    weeks=st.lists(st.integers(0, 12) | st.just(0), min_size=1, max_size=20),
    prefix=st.lists(st.integers(0, 12), max_size=6),
)
def test_the_spike_rule_reads_no_further_back_than_its_reach(weeks, prefix):
    reach = spike_reach(weeks)
    assert 0 < reach <= len(weeks)
    if reach < len(weeks):
        assert rules.weekly_spike(prefix + weeks[-reach:]) == rules.weekly_spike(weeks)


def test_a_window_keeps_stop_days_whole_and_one_set_per_training_day():
    day = date(2020, 3, 2)
    stretch = "standing-hamstring-stretch"
    log = TrainingLog(
        (
            SetEntry(day, "custom:squat", 5, order=1),
            SetEntry(day, "custom:squat", 5, order=2),
            SetEntry(day + timedelta(days=1), stretch, 30),
            SetEntry(day + timedelta(days=2), "custom:row", 8, warmup=True),
            SetEntry(day + timedelta(days=2), "custom:row", 8, order=2),
            SetEntry(day + timedelta(days=3), "custom:squat", 5, pain=7),
            SetEntry(day + timedelta(days=3), "custom:row", 8),
            SetEntry(day + timedelta(days=9), "custom:squat", 5),
        )
    )
    not_training = frozenset(e.id for e in LIBRARY if not rules.loads_hamstrings(e.id, LIBRARY))
    window = LogWindow(day + timedelta(days=9), stop_days=True, not_training=not_training)
    assert window.of(log).sets == (
        log.sets[0],  # day 1: stands for a training day
        log.sets[4],  # day 3: the first working set
        log.sets[5],  # day 4: a set stopped the session there, so the whole day
        log.sets[6],
        log.sets[7],  # from ``since`` on: everything
    )


def test_the_ladder_closure_follows_rungs_both_ways():
    nordic = ladder_closure(["nordic-hamstring-curl"], LIBRARY)
    assert {"band-assisted-nordic", "partial-nordic", "loaded-nordic"} <= nordic
    assert "custom:squat" not in ladder_closure(["custom:squat"], LIBRARY)
