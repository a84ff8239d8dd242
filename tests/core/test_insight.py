"""Insight rules (evidence §4-§7) as tables, plus properties of asymmetry and weekly load."""

import json
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.dates import short_day
from hamstrong.core.insight import (
    Progress,
    asymmetry_streak,
    progress,
    sparkline,
)
from hamstrong.core.strength import epley
from hamstrong.core.strength import reps_in_reserve as rir
from hamstrong.core.training_log import Checkin, SelfTest, SetEntry, TrainingLog
from hamstrong.core.training_log import TestKind as Kind  # "Test*" names confuse pytest
from hamstrong.core.vocab import Side
from hamstrong.library import load_library
from tests.strategies import examples

LIBRARY = load_library()
MON = date(2026, 3, 2)  # a Monday
L, R = Side.LEFT, Side.RIGHT


def day(week: int, weekday: int = 0) -> date:
    return MON + timedelta(weeks=week, days=weekday)


def hard(on: date, n: int = 1, exercise: str = "glute-bridge", **kw) -> list[SetEntry]:
    return [SetEntry(on, exercise, 10, rpe=8, **kw) for _ in range(n)]


def run(sets=(), checkins=(), tests=(), *, today: date, planned=()) -> Progress:
    log = TrainingLog(tuple(sets), tuple(checkins), tuple(tests))
    return progress(log, library=LIBRARY, today=today, planned=planned)


def weekly_log(counts: list[int]) -> Progress:
    sets = [s for week, n in enumerate(counts) for s in hard(day(week), n)]
    return run(sets, today=day(len(counts) - 1, 6))


# --- weekly hard sets and the >30% spike (evidence §6) -------------------------------------------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([10, 13], None),
        ([10, 14], "40% more than the week before (10)"),
        ([23, 30], "30.4% more than the week before (23)"),
        ([0, 10], None),
        ([10, 0, 10], None),
        ([5, 5, 5, 7], "40% more than the week before (5)"),
        ([10, 10, 10, 10, 13], None),
        ([4, 4, 12, 12, 13], "62% more than the average of the 4 weeks before (8.0)"),
        ([0, 0, 0, 0, 5], None),
        ([20, 20, 20, 20, 0, 0, 0, 0, 12, 20], None),
        ([20, 20, 20, 0, 20], None),
        ([5, 5, 5, 0, 20], "300% more than your usual level before the time off (5.0)"),
    ],
    ids=[
        "exactly-30-is-fine",
        "40-warns",
        "30.4-warns-without-rounding-to-30",
        "from-zero-no-warning",
        "after-a-zero-week-no-warning",
        "no-mean-before-4-weeks",
        "mean-exactly-30-is-fine",
        "over-the-mean-only",
        "zero-mean-no-warning",
        "the-programme-ramping-back-after-4-weeks-off-is-no-spike",
        "back-to-the-usual-level-after-a-week-off-is-no-spike",
        "over-the-usual-level-after-time-off-warns",
    ],
)
def test_spike_warning(counts, expected):
    warning = weekly_log(counts).weekly[-1].warning
    if expected is None:
        assert warning is None
    else:
        assert expected in warning
        assert warning.startswith(f"Week of {short_day(day(len(counts) - 1))}: {counts[-1]} hard")


def test_spike_against_both_says_both():
    warning = weekly_log([10, 10, 10, 10, 14]).weekly[-1].warning
    assert "40% more than the week before (10) and 40% more than the average of the 4" in warning
    assert "ACWR" not in warning and "zone" not in warning


def test_mean_only_warning_does_not_mention_last_week():
    warning = weekly_log([4, 4, 12, 12, 13]).weekly[-1].warning
    assert "the week before (" not in warning and "62% more" in warning


def test_weekly_includes_zero_weeks_up_to_today():
    p = run([*hard(day(0), 3), *hard(day(2, 4), 2)], today=day(4, 2))
    assert [(w.week_start, w.hard_sets) for w in p.weekly] == [
        (day(0), 3),
        (day(1), 0),
        (day(2), 2),
        (day(3), 0),
        (day(4), 0),
    ]


def test_hard_sets_skip_warmups_easy_sets_stretches_and_future_days():
    sets = [
        SetEntry(day(0), "glute-bridge", 10, rpe=8),
        SetEntry(day(0), "glute-bridge", 10),  # unrated working set counts
        SetEntry(day(0), "glute-bridge", 10, rpe=6),  # easy
        SetEntry(day(0), "glute-bridge", 10, warmup=True),
        SetEntry(day(0), "supine-hamstring-stretch", 30, side=L),
        SetEntry(day(0), "custom:cable-curl", 10, rpe=9),  # imported names count
        SetEntry(day(0, 1), "single-leg-bridge", 10, rpe=8, side=L),  # once per side entry
        SetEntry(day(0, 1), "single-leg-bridge", 10, rpe=8, side=R),
        SetEntry(day(1), "glute-bridge", 10, rpe=8),  # after today
    ]
    p = run(sets, today=day(0, 6))
    assert [w.hard_sets for w in p.weekly] == [5]


# --- back-to-back days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offsets", "pairs"),
    [
        ([0, 1], [(0, 1)]),
        ([0, 2], []),
        ([0, 1, 2], [(0, 1), (1, 2)]),
        ([0, 2, 3, 6], [(2, 3)]),
        ([0], []),
    ],
    ids=["mon-tue", "48h-apart", "three-in-a-row", "one-pair", "single-day"],
)
def test_close_sessions(offsets, pairs):
    p = run([s for o in offsets for s in hard(MON + timedelta(days=o))], today=day(1, 6))
    assert [(c.first, c.second) for c in p.close_sessions] == [
        (MON + timedelta(days=a), MON + timedelta(days=b)) for a, b in pairs
    ]
    assert sum("back to back" in w for w in p.warnings) == len(pairs)


def test_warmups_stretches_and_balance_are_not_training_days():
    sets = [
        *hard(day(0)),
        SetEntry(day(0, 1), "glute-bridge", 10, warmup=True),
        SetEntry(day(0, 1), "supine-hamstring-stretch", 30, side=L),
        SetEntry(day(0, 1), "single-leg-stand", 30, side=L),
        *hard(day(0, 2)),
    ]
    assert run(sets, today=day(0, 6)).close_sessions == ()


def test_old_back_to_back_days_stay_in_history_but_leave_warnings():
    p = run([*hard(day(0)), *hard(day(0, 1))], today=day(6))
    assert len(p.close_sessions) == 1
    assert not any("back to back" in w for w in p.warnings)


# --- RPE to RIR, Epley ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rpe", "expected"),
    [(10, 0), (9.5, 0.5), (9, 1), (8, 2), (7, 3), (6, 4), (5, 5), (3, 5), (None, 0)],
)
def test_rir_from_rpe(rpe, expected):
    assert rir(rpe) == expected


@pytest.mark.parametrize(
    ("kg", "reps", "rpe", "expected"),
    [
        (100, 5, 10, 100 * (1 + 5 / 30)),
        (100, 5, 8, 100 * (1 + 7 / 30)),
        (20, 8, None, 20 * (1 + 8 / 30)),
        (20, 8, 4, 20 * (1 + 13 / 30)),
    ],
    ids=["failure", "two-in-reserve", "unrated-is-failure", "rir-capped-at-5"],
)
def test_epley_uses_reps_in_reserve(kg, reps, rpe, expected):
    assert epley(kg, reps, rpe) == pytest.approx(expected)


# --- asymmetry (evidence §7) ---------------------------------------------------------------------


def sides(on: date, left: float, right: float, *, pain_left=None, pain_right=None):
    """One session of single-leg bridges at RPE 10 and the same (body) weight on both legs,
    with reps ten times the numbers given, so the % gap is exactly the gap of the numbers."""
    ex = "single-leg-bridge"
    return [
        SetEntry(on, ex, round(left * 10), rpe=10, side=L, pain=pain_left),
        SetEntry(on, ex, round(right * 10), rpe=10, side=R, pain=pain_right),
    ]


def asym(sessions, today=None):
    sets = [s for i, (lk, rk, *pain) in enumerate(sessions) for s in sides(day(0, 2 * i), lk, rk)]
    p = run(sets, today=today or day(2))
    (only,) = p.asymmetry
    return only


@pytest.mark.parametrize(
    ("left_kg", "percent", "flag"),
    [
        (100, 0.0, "none"),
        (90.1, 9.9, "none"),
        (90, 10.0, "monitor"),
        (85.1, 14.9, "monitor"),
        (85, 15.0, "flag"),
        (80.1, 19.9, "flag"),
        (80, 20.0, "clinician"),
        (50, 50.0, "clinician"),
    ],
)
def test_asymmetry_thresholds_on_two_sessions(left_kg, percent, flag):
    a = asym([(left_kg, 100), (left_kg, 100)])
    assert (a.percent, a.flag) == (percent, flag)
    assert a.weaker == (None if left_kg == 100 else L)
    assert (a.advice is None) == (flag == "none")


@pytest.mark.parametrize(
    ("sessions", "flag"),
    [
        ([(75, 100)], "none"),
        ([(75, 100), (95, 100)], "none"),
        ([(95, 100), (75, 100)], "none"),
        ([(75, 100), (75, 100), (95, 100)], "none"),
        ([(95, 100), (75, 100), (75, 100)], "clinician"),
        ([(80, 100), (100, 80)], "none"),
        ([(75, 100), (88, 100)], "monitor"),
        ([(84, 100), (75, 100)], "flag"),
    ],
    ids=[
        "one-session-is-not-enough",
        "high-then-normal",
        "normal-then-high",
        "only-the-last-two-count",
        "last-two-high",
        "weaker-side-swaps",
        "smaller-gap-sets-monitor",
        "smaller-gap-sets-flag",
    ],
)
def test_asymmetry_needs_two_consecutive_sessions(sessions, flag):
    assert asym(sessions).flag == flag


def test_asymmetry_percent_is_from_the_mean_of_the_last_two_sessions():
    a = asym([(50, 100), (90, 100), (80, 100)])
    assert (a.left, a.right, a.percent, a.flag) == (850.0, 1000.0, 15.0, "monitor")


def test_asymmetry_compares_the_sides_at_the_same_load_only():
    ex = "single-leg-rdl-dumbbell"
    sets = [
        # day 0: different loads, no load in common: not compared
        SetEntry(day(0), ex, 8, kg=8, rpe=10, side=L),
        SetEntry(day(0), ex, 8, kg=12, rpe=10, side=R),
        # day 1: both sides at 10 kg (and the right side also at 12 kg): compared at 10 kg
        SetEntry(day(1), ex, 6, kg=10, rpe=10, side=L),
        SetEntry(day(1), ex, 12, kg=10, rpe=10, side=R),
        SetEntry(day(1), ex, 8, kg=12, rpe=10, side=R),
    ]
    (a,) = run(sets, today=day(2)).asymmetry
    assert a.sessions == 1 and a.unit == "kg"
    assert (a.left, a.right) == (12.0, 14.0)  # 10 kg x (1 + 6/30) and x (1 + 12/30)
    assert asymmetry_streak(TrainingLog(tuple(sets)), ex) == [14.3]


def test_two_leg_exercises_logged_with_a_side_are_never_compared():
    sets = [
        SetEntry(day(0), "glute-bridge", 8, rpe=10, side=L),
        SetEntry(day(0), "glute-bridge", 12, rpe=10, side=R),
    ]
    assert run(sets, today=day(1)).asymmetry == ()


def test_the_warning_names_the_weaker_side_and_compares_it_with_the_other():
    sets = [*sides(day(0), 100, 75), *sides(day(0, 2), 100, 75)]
    p = run(sets, today=day(1))
    (a,) = p.asymmetry
    assert a.weaker is R and a.flag == "clinician"
    assert a.text in p.warnings
    assert "your right side is 25% weaker than your left side" in a.text
    assert "physiotherapist" in a.text


@pytest.mark.parametrize(
    ("pain_left", "pain_right", "flag"),
    [(3, None, "clinician"), (2, None, "flag"), (None, 5, "flag"), (None, None, "flag")],
    ids=["pain-on-weaker-side", "mild-pain", "pain-on-stronger-side", "no-pain"],
)
def test_pain_on_the_weaker_side_turns_a_flag_into_clinician(pain_left, pain_right, flag):
    sets = [
        *sides(day(0), 85, 100),
        *sides(day(0, 2), 85, 100, pain_left=pain_left, pain_right=pain_right),
    ]
    (a,) = run(sets, today=day(1)).asymmetry
    assert a.flag == flag


def test_bodyweight_asymmetry_uses_reps_plus_reps_in_reserve():
    sets = [
        SetEntry(day(0), "single-leg-bridge", 10, rpe=8, side=L),
        SetEntry(day(0), "single-leg-bridge", 12, rpe=8, side=R),
        SetEntry(day(0), "single-leg-bridge", 11, rpe=9, side=R),
    ]
    (a,) = run(sets, today=day(1)).asymmetry
    assert (a.left, a.right, a.unit, a.percent, a.weaker) == (12.0, 14.0, "reps", 14.3, L)


def test_any_exercise_with_both_sides_counts_and_one_sided_ones_do_not():
    sets = [
        SetEntry(day(0), "custom:cable-curl", 10, kg=10, rpe=10, side=L),
        SetEntry(day(0), "custom:cable-curl", 10, kg=10, rpe=10, side=R),
        SetEntry(day(0), "single-leg-bridge", 10, rpe=8, side=L),
    ]
    assert [a.exercise for a in run(sets, today=day(1)).asymmetry] == ["custom:cable-curl"]


def test_asymmetry_streak_lists_each_two_sided_session():
    sets = [*sides(day(0), 90, 100), *sides(day(0, 2), 100, 85), *sides(day(1), 80, 100)]
    sets.append(SetEntry(day(1, 2), "single-leg-bridge", 800, rpe=10, side=L))
    log = TrainingLog(tuple(sets))
    assert asymmetry_streak(log, "single-leg-bridge") == [10.0, 15.0, 20.0]
    assert asymmetry_streak(log, "glute-bridge") == []


sessions_strategy = st.lists(
    st.tuples(
        st.integers(1, 30),
        st.integers(1, 30),
        st.none() | st.floats(2.5, 100, allow_nan=False),
        st.none() | st.sampled_from([6, 7, 8, 9, 10]),
    ),
    min_size=1,
    max_size=6,
)


def build(sessions, swap=False):
    sets = []
    for i, (left, right, kg, rpe) in enumerate(sessions):
        a, b = (R, L) if swap else (L, R)
        sets.append(SetEntry(day(0, i), "single-leg-rdl", left, kg=kg, rpe=rpe, side=a))
        sets.append(SetEntry(day(0, i), "single-leg-rdl", right, kg=kg, rpe=rpe, side=b))
    return run(sets, today=day(2))


@settings(max_examples=examples(200), deadline=None)
@given(sessions=sessions_strategy)
def test_asymmetry_percent_is_bounded_and_symmetric(sessions):
    (a,) = build(sessions).asymmetry
    (b,) = build(sessions, swap=True).asymmetry
    assert 0 <= a.percent <= 100
    assert (a.percent, a.flag, a.left, a.right) == (b.percent, b.flag, b.right, b.left)
    assert {a.weaker, b.weaker} in ({None}, {L, R})


@settings(max_examples=examples(200), deadline=None)
@given(
    entries=st.lists(
        st.tuples(
            st.integers(0, 60),
            st.sampled_from(
                ["glute-bridge", "single-leg-rdl", "custom:curl", "supine-hamstring-stretch"]
            ),
            st.none() | st.integers(1, 10),
            st.booleans(),
            st.sampled_from(list(Side)),
        ),
        max_size=40,
    )
)
def test_weekly_hard_sets_add_up_to_the_hard_sets(entries):
    sets = [
        SetEntry(MON + timedelta(days=d), ex, 8, rpe=rpe, warmup=w, side=side)
        for d, ex, rpe, w, side in entries
    ]
    p = run(sets, today=MON + timedelta(days=60))
    expected = sum(1 for s in sets if s.hard and s.exercise != "supine-hamstring-stretch")
    assert sum(w.hard_sets for w in p.weekly) == expected
    assert all((b.week_start - a.week_start).days == 7 for a, b in pairwise(p.weekly))


# --- strength trend ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reps", "trend"),
    [
        ([20], "new"),
        ([20, 21], "flat"),
        ([20, 20, 20, 21], "flat"),
        ([20, 20, 20, 22], "up"),
        ([20, 20, 20, 19], "flat"),
        ([20, 20, 20, 18], "down"),
        ([10, 20, 20, 20, 20], "flat"),
        ([30, 20, 20, 20, 22], "up"),
    ],
    ids=[
        "one-point",
        "plus-5-is-flat",
        "plus-5-over-4",
        "plus-10-up",
        "minus-5-flat",
        "minus-10-down",
        "old-points-ignored",
        "window-of-4",
    ],
)
def test_strength_trend(reps, trend):
    sets = [SetEntry(day(i), "glute-bridge", r, rpe=8) for i, r in enumerate(reps)]
    (series,) = run(sets, today=day(len(reps))).strength
    assert series.trend == trend
    assert [p.value for p in series.points] == [float(r) for r in reps]
    assert series.unit == "reps"


def test_strength_is_best_e1rm_per_day_when_loaded():
    sets = [
        SetEntry(day(0), "romanian-deadlift", 8, kg=20, rpe=8),
        SetEntry(day(0), "romanian-deadlift", 5, kg=22, rpe=10),
        SetEntry(day(0), "romanian-deadlift", 12, kg=10, warmup=True),
        SetEntry(day(0), "wall-sit", 45),
    ]
    by_id = {s.exercise: s for s in run(sets, today=day(1)).strength}
    best = by_id["romanian-deadlift"].points[0]
    assert best.to_dict() == {
        "date": "2026-03-02",
        "value": 26.7,
        "unit": "kg",
        "estimated": True,
        "lifted": {"kg": 20, "reps": 8},
    }
    # an estimate is never shown as the weight lifted (issue 8 §5: "Latest 11.5 kg" for 8 kg)
    assert best.label == "26.7 kg estimated max (lifted 20 kg × 8)"
    assert by_id["wall-sit"].unit == "s"


# --- Nordic reps per week ------------------------------------------------------------------------


def test_nordic_reps_per_week():
    sets = [
        SetEntry(day(0), "nordic-hamstring-curl", 3, rpe=9),
        SetEntry(day(0, 3), "nordic-hamstring-curl", 4, rpe=9),
        SetEntry(day(0, 3), "nordic-hamstring-curl", 5, warmup=True),
        SetEntry(day(2), "band-assisted-nordic", 6, rpe=8),
        *hard(day(1)),
    ]
    p = run(sets, today=day(3))
    assert [(n.week_start, n.reps) for n in p.nordic] == [
        (day(0), 7),
        (day(1), 0),
        (day(2), 6),
        (day(3), 0),
    ]
    assert run(hard(day(0)), today=day(1)).nordic == ()


# --- pain during and the next morning ------------------------------------------------------------


def test_pain_pairs_each_day_with_the_check_in_the_morning_after():
    sets = [
        SetEntry(day(0), "glute-bridge", 10, rpe=8, pain=2),
        SetEntry(day(0), "romanian-deadlift", 8, kg=20, rpe=8, pain=4),
        SetEntry(day(0, 4), "glute-bridge", 10, rpe=8),
    ]
    checkins = [Checkin(day(0, 1), 3), Checkin(day(0, 3), 1)]
    rows = [p.to_dict() for p in run(sets, checkins, today=day(1)).pain]
    assert rows == [
        {"date": "2026-03-02", "during": 4, "next_morning": 3},
        {"date": "2026-03-04", "during": None, "next_morning": 1},
        {"date": "2026-03-06", "during": None, "next_morning": None},
    ]


@pytest.mark.parametrize(
    ("weekly_pain", "warns"),
    [([1, 2, 3], True), ([1, 3, 2], False), ([1, 1, 2], False), ([2, 3], False)],
    ids=["rises-twice", "up-then-down", "flat-then-up", "only-two-weeks"],
)
def test_rising_morning_pain_two_weeks_in_a_row(weekly_pain, warns):
    checkins = [Checkin(day(w, 1), pain) for w, pain in enumerate(weekly_pain)]
    p = run([], checkins, today=day(len(weekly_pain) - 1, 3))
    assert any("risen two weeks in a row" in w for w in p.warnings) == warns


def test_rising_morning_pain_needs_consecutive_weeks():
    checkins = [Checkin(day(0, 1), 1), Checkin(day(1, 1), 2), Checkin(day(3, 1), 3)]
    assert not run([], checkins, today=day(3, 3)).warnings


# --- adherence and streaks -----------------------------------------------------------------------


def test_adherence_counts_planned_done_and_extra():
    planned = [day(w, d) for w in range(4) for d in (0, 3)]  # Mon and Thu, 4 weeks
    sets = [*hard(day(0)), *hard(day(0, 3)), *hard(day(1)), *hard(day(1, 5)), *hard(day(2, 3))]
    a = run(sets, today=day(2, 4), planned=planned).adherence
    assert (a.planned, a.done, a.extra, a.percent) == (6, 4, 1, 67)
    assert [(w.planned, w.done, w.trained) for w in a.weeks] == [(2, 2, 2), (2, 1, 2), (2, 1, 1)]


@pytest.mark.parametrize(
    ("weeks_trained", "today_week", "streak", "best"),
    [
        ([0, 1, 3, 4], 5, 2, 2),
        ([0, 1, 3, 4], 4, 2, 2),
        ([0, 1, 2], 4, 0, 3),
        ([0, 1, 2, 5], 5, 1, 3),
        ([], 2, 0, 0),
    ],
    ids=[
        "this-week-not-over",
        "this-week-trained",
        "missed-last-week",
        "fresh-start",
        "nothing-yet",
    ],
)
def test_week_streaks(weeks_trained, today_week, streak, best):
    sets = [s for w in weeks_trained for s in hard(day(w, 1))]
    a = run(sets, today=day(today_week, 6)).adherence
    assert (a.streak_weeks, a.best_streak_weeks) == (streak, best)


def test_no_plan_means_no_percent():
    a = run(hard(day(0)), today=day(0, 2)).adherence
    assert (a.planned, a.done, a.extra, a.percent) == (0, 0, 1, None)


# --- the contract and the sparkline --------------------------------------------------------------


def test_progress_json_contract():
    sets = [*sides(day(0), 80, 100), *sides(day(0, 2), 80, 100), *hard(day(0, 3), pain=2)]
    tests = [SelfTest(day(0), Kind.AKE, 30, L)]
    data = json.loads(
        json.dumps(
            run(sets, [Checkin(day(0, 4), 1)], tests, today=day(1), planned=[day(0)]).to_dict()
        )
    )
    assert {"adherence", "weekly", "asymmetry", "pain", "warnings"} <= data.keys()
    assert {"strength", "nordic", "close_sessions", "tests"} <= data.keys()
    assert {"planned", "done"} <= data["adherence"].keys()
    assert set(data["weekly"][0]) >= {"week_start", "hard_sets", "warning"}
    assert set(data["asymmetry"][0]) >= {"exercise", "left", "right", "percent", "flag", "weaker"}
    assert set(data["pain"][0]) >= {"date", "during", "next_morning"}
    assert data["asymmetry"][0]["flag"] == "clinician"
    assert data["tests"] == [{"date": "2026-03-02", "kind": "ake", "value": 30, "side": "left"}]
    assert any("left side is 20% weaker" in w for w in data["warnings"])


def test_empty_log():
    p = run(today=MON)
    assert p.weekly == () and p.asymmetry == () and p.pain == () and p.warnings == ()
    assert p.to_dict()["adherence"] == {
        "planned": 0,
        "done": 0,
        "extra": 0,
        "percent": None,
        "streak_weeks": 0,
        "best_streak_weeks": 0,
        "weeks": [],
    }


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], ""),
        ([1, 2, 3, 4, 5, 6, 7, 8], "▁▂▃▄▅▆▇█"),
        ([None, 0, 10], " ▁█"),
        ([0, 0], "▁▁"),
        ([5, 5], "▄▄"),
        ([None, None], "  "),
        ([3, None, 1.5], "█ ▁"),
    ],
)
def test_sparkline(values, expected):
    assert sparkline(values) == expected
