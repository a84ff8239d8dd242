"""Week arithmetic, once: programme weeks count 7 days from the programme's first day; calendar
weeks start on Monday. And how long a programme runs."""

from datetime import date, timedelta

DEFAULT_WEEKS = 8  # a programme's length when none is asked for (the web's onboarding, the CLI)
MAX_WEEKS = 52


def programme_week(start: date, day: date) -> int:
    """The 7-day programme week a day falls in, counted from ``start`` (week 1)."""
    return (day - start).days // 7 + 1


def week_start(start: date, week: int) -> date:
    """The first day of programme week ``week`` (week 1 starts on ``start``)."""
    return start + timedelta(weeks=week - 1)


def monday(day: date) -> date:
    """The Monday of ``day``'s calendar week."""
    return day - timedelta(days=day.weekday())


def weeks_between(first: date, last: date) -> list[date]:
    """Every Monday from ``first``'s week to ``last``'s week, empty weeks included."""
    start, end = monday(first), monday(last)
    return [start + timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]


def short_day(day: date) -> str:
    """A day as every compact place writes it: 'Mon 7 Dec' (calendar cells, tables, messages)."""
    return f"{day:%a} {day.day} {day:%b}"


def long_day(day: date) -> str:
    """A day as every heading writes it: 'Monday 7 December 2026'."""
    return f"{day:%A} {day.day} {day:%B} {day.year}"
