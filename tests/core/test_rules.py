"""The shared decisions of ``core/rules.py``: the weekly spike and the left/right gap."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core import rules
from hamstrong.core.dates import monday
from hamstrong.core.rules import Grade
from hamstrong.core.training_log import SetEntry
from hamstrong.core.vocab import Side
from hamstrong.library import load_library
from tests.strategies import examples

DAY = date(2026, 3, 2)
L, R = Side.LEFT, Side.RIGHT


@pytest.mark.parametrize(
    ("weeks", "last", "mean", "usual"),
    [
        ([10, 14], 10, None, None),
        ([0, 0, 10, 10, 14], 10, None, None),
        ([10, 10, 10, 10, 14], 10, 10.0, None),
        ([20, 20, 20, 20, 0, 0, 0, 0, 27], None, None, 20.0),
    ],
    ids=["over-last-week", "empty-weeks-before-any-training-are-skipped", "both", "after-a-break"],
)
def test_weekly_spike_says_what_it_compared_with(weeks, last, mean, usual):
    spike = rules.weekly_spike(weeks)
    assert spike is not None
    assert (spike.last_week, spike.mean, spike.usual) == (last, mean, usual)


@pytest.mark.parametrize(
    "weeks",
    [[], [10], [10, 13], [20, 20, 20, 20, 0, 0, 0, 0, 10, 15, 20], [8, 0, 0, 0, 0, 0, 0, 10]],
    ids=[
        "nothing",
        "one-week",
        "30-exactly",
        "a-ramp-back",
        "a-long-break-compares-with-the-level-before-it",
    ],
)
def test_no_spike(weeks):
    assert rules.weekly_spike(weeks) is None


@settings(max_examples=examples(300), deadline=None)
@given(before=st.lists(st.integers(1, 40), min_size=1, max_size=4), off=st.integers(1, 4))
def test_returning_to_the_usual_level_after_time_off_is_never_a_spike(before, off):
    usual = sum(before) / len(before)
    ramp = [max(1, int(usual * share)) for share in (0.5, 0.75, 1.0)]
    weeks = [*before, *[0] * off]
    for week in ramp:
        weeks.append(week)
        assert rules.weekly_spike(weeks) is None, weeks


def test_weekly_cap_is_20_percent_over_the_highest_earlier_planned_week():
    assert rules.weekly_cap([]) is None
    assert rules.weekly_cap([10, 6]) == 12


def pair(on, left, right, kg=None, rpe=10):
    return [
        SetEntry(on, "single-leg-bridge", left, kg=kg, rpe=rpe, side=L),
        SetEntry(on, "single-leg-bridge", right, kg=kg, rpe=rpe, side=R),
    ]


def test_a_gap_needs_the_same_weaker_side_twice_and_grades_by_the_smaller_gap():
    pairs = rules.side_pairs([*pair(DAY, 80, 100), *pair(DAY + timedelta(days=2), 85, 100)])
    gap = rules.judge_asymmetry(pairs)
    assert gap is not None and (gap.grade, gap.weaker) == (Grade.FLAG, L)
    swapped = rules.side_pairs([*pair(DAY, 80, 100), *pair(DAY + timedelta(days=2), 100, 80)])
    assert rules.judge_asymmetry(swapped).grade is Grade.NONE


def test_only_sets_at_a_load_both_sides_used_are_compared():
    sets = [
        SetEntry(DAY, "x", 10, kg=10, rpe=8, side=L),
        SetEntry(DAY, "x", 5, kg=12, rpe=8, side=R),
    ]
    assert rules.side_pairs(sets) == []


@settings(max_examples=examples(200), deadline=None)
@given(
    left=st.lists(st.integers(1, 30), min_size=2, max_size=5),
    right=st.lists(st.integers(1, 30), min_size=2, max_size=5),
)
def test_the_gap_text_names_the_side_that_is_weaker(left, right):
    sets = [
        s
        for n, (lv, rv) in enumerate(zip(left, right, strict=False))
        for s in pair(DAY + timedelta(days=2 * n), lv, rv)
    ]
    gap = rules.judge_asymmetry(rules.side_pairs(sets))
    assert gap is not None
    text = rules.gap_text("Single-leg bridge", gap)
    if gap.weaker is None:
        assert "level" in text
    else:
        weaker_value = gap.left if gap.weaker is L else gap.right
        other_value = gap.right if gap.weaker is L else gap.left
        if gap.grade is not Grade.NONE:  # graded: weaker in both of the last 2 sessions
            assert weaker_value <= other_value
        assert f"your {gap.weaker.value} side is" in text
    if gap.grade is Grade.CLINICIAN:
        assert "physiotherapist" in text


def test_coming_back_from_the_programmes_lighter_week_is_not_a_spike():
    assert rules.weekly_spike([12, 12, 12, 8, 12]) is None  # +50% on the lighter week only
    spike = rules.weekly_spike([10, 12, 8, 16])  # 16 is +33% on the week before last (12)
    assert spike is not None and spike.two_weeks_ago
    assert "more than 2 weeks before (12)" in spike.text(DAY)


LIBRARY = load_library()
logged = st.builds(
    SetEntry,
    day=st.dates(date(2026, 1, 1), date(2026, 3, 31)),
    exercise=st.sampled_from(
        ["romanian-deadlift", "standing-hamstring-stretch", "custom:leg-curl"]
    ),
    reps=st.integers(1, 12),
    rpe=st.none() | st.sampled_from([5.0, 7.0, 9.0]),
    warmup=st.booleans(),
)


@settings(max_examples=examples(100), deadline=None)
@given(sets=st.lists(logged, max_size=30))
def test_weekly_hard_sets_and_training_days_count_set_by_set(sets: list[SetEntry]) -> None:
    """Counted a day (and an exercise) at a time for long logs: the same as set by set."""
    weeks = [monday(date(2026, 1, 1)) + timedelta(weeks=n) for n in range(14)]
    by_set = [
        sum(
            s.hard and rules.loads_hamstrings(s.exercise, LIBRARY) and monday(s.day) == w
            for s in sets
        )
        for w in weeks
    ]
    assert rules.weekly_hard_sets(sets, LIBRARY, weeks) == by_set
    days = {s.day for s in sets if not s.warmup and rules.loads_hamstrings(s.exercise, LIBRARY)}
    assert rules.training_days(sets, LIBRARY) == sorted(days)
