"""Choosing training days and moving a session: the 48-hour rule (R2) and whole weeks (R1)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.scheduling import MIN_GAP_DAYS, choose_days, earliest_start, move_problem
from hamstrong.core.vocab import Weekday as W
from tests.strategies import examples

START = date(2026, 12, 7)  # a Monday
MON, WED, FRI = date(2026, 12, 7), date(2026, 12, 9), date(2026, 12, 11)


@pytest.mark.parametrize(
    ("offered", "wanted", "chosen"),
    [
        ([W.MON, W.TUE, W.WED, W.THU, W.FRI], 3, (W.MON, W.WED, W.FRI)),
        ([W.MON, W.TUE], 2, (W.MON,)),
        ([W.SAT, W.SUN, W.MON], 2, (W.MON, W.SAT)),
        ([W.SUN, W.TUE], 3, (W.TUE, W.SUN)),
    ],
    ids=["spread-three", "adjacent-days-give-one", "wraps-the-week", "fewer-offered"],
)
def test_choose_days_keeps_48_hours_also_across_the_week_end(offered, wanted, chosen):
    assert choose_days(offered, wanted) == chosen


@pytest.mark.parametrize(
    ("moved", "to", "today", "reason"),
    [
        (WED, date(2026, 12, 10), MON, "Fri 11 Dec 2026 is too close"),
        (WED, date(2026, 12, 8), MON, "Mon 7 Dec 2026 is too close"),
        (WED, date(2026, 12, 14), MON, "same programme week"),
        (WED, WED, MON, "already on that day"),
        (WED, date(2026, 12, 6), date(2026, 12, 1), "same programme week"),
        (MON, date(2026, 12, 13), date(2026, 12, 8), "in the past"),
        (date(2026, 12, 8), date(2026, 12, 13), MON, "no session"),
        (FRI, date(2026, 12, 12), FRI, None),
        (FRI, date(2026, 12, 13), MON, None),
    ],
    ids=[
        "next-to-friday",
        "next-to-monday",
        "next-week",
        "same-day",
        "before-start",
        "past-session",
        "not-a-session",
        "fri-to-sat",
        "fri-to-sun",
    ],
)
def test_move_problem_says_why_a_day_is_refused(moved, to, today, reason):
    problem = move_problem(START, [MON, WED, FRI], moved, to, today=today)
    if reason is None:
        assert problem is None
    else:
        assert problem is not None and reason in problem


@pytest.mark.parametrize(
    ("moved", "to", "today", "trained", "reason"),
    [
        (FRI, date(2026, 12, 12), FRI, [FRI], "a logged session stays where it happened"),
        (WED, date(2026, 12, 10), WED, [WED], "a logged session stays where it happened"),
        (FRI, date(2026, 12, 12), FRI, [date(2026, 12, 10)], None),
        (FRI, date(2026, 12, 11), date(2026, 12, 10), [date(2026, 12, 10)], "already"),
        (
            FRI,
            date(2026, 12, 10),
            date(2026, 12, 10),
            [date(2026, 12, 10)],
            "you trained on Thu 10 Dec",
        ),
    ],
    ids=[
        "logged-today-stays",
        "partly-logged-stays",
        "two-days-after-a-logged-day",
        "same-day",
        "day-after-a-free-session",
    ],
)
def test_a_logged_session_stays_and_logged_days_keep_48_hours(moved, to, today, trained, reason):
    problem = move_problem(START, [MON, WED, FRI], moved, to, today=today, trained=trained)
    if reason is None:
        assert problem is None
    else:
        assert problem is not None and reason in problem


@pytest.mark.parametrize(
    ("trained", "start", "first"),
    [
        ([], MON, MON),
        ([MON], MON, WED),
        ([date(2026, 12, 6)], MON, date(2026, 12, 8)),
        ([date(2026, 12, 5)], MON, MON),
        ([date(2026, 12, 6), MON], MON, WED),
        ([WED], MON, MON),
    ],
    ids=[
        "nothing-logged",
        "logged-that-day",
        "logged-the-day-before",
        "two-days-before",
        "latest-counts",
        "later-logs-are-the-programmes-own",
    ],
)
def test_a_new_programme_starts_48_hours_after_the_last_logged_day(trained, start, first):
    assert earliest_start(start, trained) == first


@given(
    start=st.dates(date(2026, 1, 1), date(2027, 1, 1)),
    trained=st.lists(st.dates(date(2025, 12, 1), date(2027, 1, 1)), max_size=6),
)
@settings(max_examples=examples(200))
def test_a_new_programme_never_starts_within_48_hours_of_logged_work(start, trained):
    first = earliest_start(start, trained)
    assert first >= start
    assert all(abs((first - d).days) >= MIN_GAP_DAYS for d in trained if d <= start)
