"""Ladder walking and week arithmetic, each written once in core (ladders.py, dates.py)."""

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.dates import (
    day_month,
    long_day,
    monday,
    programme_week,
    short_day,
    week_start,
    weeks_between,
)
from hamstrong.core.exercises import Library
from hamstrong.core.ladders import next_rungs, rungs, walk
from tests.strategies import examples


def ladder(library: Library, links: dict[str, tuple[str, ...]]) -> Library:
    """The library with only the given ``harder`` links (and no easier ones)."""
    ids = sorted(library.exercises)[:6]
    base = {i: replace(library.get(i), easier=(), harder=()) for i in ids}
    named = dict(zip("abcdef", ids, strict=True))
    for key, targets in links.items():
        base[named[key]] = replace(
            base[named[key]], harder=tuple(named.get(t, "missing-id") for t in targets)
        )
    return Library(base)


def test_a_walk_is_breadth_first_with_distances_once_each_and_skips_unknown_ids(library):
    small = ladder(library, {"a": ("b", "c", "x"), "b": ("d", "a"), "c": ("d",), "d": ("e",)})
    names = {
        e.id: k
        for k, e in zip("abcdef", (small.get(i) for i in sorted(small.exercises)), strict=False)
    }
    walked = [(d, names[e.id]) for d, e in walk(small, [sorted(small.exercises)[0]], "harder")]
    assert walked == [(0, "a"), (1, "b"), (1, "c"), (2, "d"), (3, "e")]
    start = sorted(small.exercises)[0]
    assert [names[e.id] for e in rungs(small, start, "harder")] == ["b", "c", "d", "e"]
    assert [names[e.id] for e in next_rungs(small, start, "harder")] == ["b", "c"]
    assert list(walk(small, [start], "easier")) == [(0, small.get(start))]


def test_the_shipped_ladders_climb_without_repeating_a_rung(library):
    for exercise in library:
        for direction in ("easier", "harder"):
            found = [e.id for e in rungs(library, exercise.id, direction)]
            assert len(found) == len(set(found)) and exercise.id not in found


@settings(max_examples=examples(200))
@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(0, 400))
def test_a_day_lies_in_the_week_whose_first_day_week_start_gives(start, offset):
    day = start + timedelta(days=offset)
    week = programme_week(start, day)
    assert week == offset // 7 + 1
    assert week_start(start, week) <= day < week_start(start, week + 1)
    assert monday(day).weekday() == 0 and 0 <= (day - monday(day)).days < 7
    mondays = weeks_between(start, day)
    assert mondays[0] == monday(start) and mondays[-1] == monday(day)
    assert all(b - a == timedelta(weeks=1) for a, b in pairwise(mondays))


# --- the house date format ----------------------------------------------------------------


def test_the_house_date_format_reads_exactly() -> None:
    assert short_day(date(2026, 12, 7)) == "Mon 7 Dec 2026"
    assert long_day(date(2026, 12, 7)) == "Monday 7 December 2026"
    assert short_day(date(2027, 1, 3)) == "Sun 3 Jan 2027"  # no leading zero
    assert long_day(date(2024, 2, 29)) == "Thursday 29 February 2024"
    assert day_month(date(2026, 12, 7)) == "7 Dec"  # inside a span, the calendar's rows


@settings(max_examples=examples(200))
@given(st.dates(date(2000, 1, 1), date(2100, 12, 31)))
def test_both_forms_name_the_same_day_and_agree_with_english_strftime(day: date) -> None:
    """Whatever the machine's locale, the names are English (C-locale strftime's)."""
    assert short_day(day) == f"{day:%a} {day.day} {day:%b} {day.year}"
    assert long_day(day) == f"{day:%A} {day.day} {day:%B} {day.year}"
    weekday, number, month, year = long_day(day).split()
    assert short_day(day) == f"{weekday[:3]} {number} {month[:3]} {year}"
    assert day_month(day) == f"{number} {month[:3]}"


def test_a_span_of_days_reads_in_days_under_a_week_then_in_whole_weeks():
    from hamstrong.core.dates import span_text

    assert [span_text(d) for d in (0, 1, 6, 7, 10, 11, 14)] == [
        "0 days",
        "1 day",
        "6 days",
        "1 week",
        "1 week",
        "2 weeks",
        "2 weeks",
    ]
