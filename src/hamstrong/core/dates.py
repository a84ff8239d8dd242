"""Week arithmetic, once: programme weeks count 7 days from the programme's first day; calendar
weeks start on Monday. How long a programme runs. And how a day is written for people.

The house date format, everywhere a person reads a day (web pages, the PDF, the calendar feed's
descriptions, the command line's text): ``long_day`` "Monday 7 December 2026" in headings and
sentences about one day, ``short_day`` "Mon 7 Dec 2026" in tables, lists and messages. Day first,
no leading zero, English month names, always the year (a history spans years). Machine-read text
(JSON, CSV, URLs, ``<time datetime>``, form values) stays ISO 8601: 2026-12-07.
"""

from datetime import date, timedelta

DEFAULT_WEEKS = 8  # a programme's length when none is asked for (the web's onboarding, the CLI)
MAX_WEEKS = 52


def programme_week(start: date, day: date) -> int:
    """The 7-day programme week a day falls in, counted from ``start`` (week 1)."""
    return (day - start).days // 7 + 1


def span_text(days: int) -> str:
    """A span of days as people say it: "6 days" under a week, else "3 weeks" (to the nearest)."""
    if days < 7:
        return f"{days} day{'s' if days != 1 else ''}"
    weeks = round(days / 7)
    return f"{weeks} week{'s' if weeks != 1 else ''}"


def week_start(start: date, week: int) -> date:
    """The first day of programme week ``week`` (week 1 starts on ``start``)."""
    return start + timedelta(weeks=week - 1)


def week_of(day: date, first_weekday: int = 0) -> date:
    """The first day of ``day``'s 7-day week, for weeks that start on ``first_weekday``
    (0 = Monday: the calendar week; a programme's weeks start on its first day's weekday)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def monday(day: date) -> date:
    """The Monday of ``day``'s calendar week."""
    return week_of(day)


def weeks_between(first: date, last: date, first_weekday: int = 0) -> list[date]:
    """The start of every week from ``first``'s week to ``last``'s week, empty weeks included
    (calendar weeks, or weeks starting on ``first_weekday``)."""
    start, end = week_of(first, first_weekday), week_of(last, first_weekday)
    return [start + timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]


# English names, whatever the machine's locale (strftime's %a/%B follow it)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def short_day(day: date) -> str:
    """A day as tables, lists and messages write it: 'Mon 7 Dec 2026'."""
    return f"{_WEEKDAYS[day.weekday()][:3]} {day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def day_month(day: date) -> str:
    """A day inside a span whose year is said elsewhere: '7 Dec' (locale-free, as above)."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]}"


def long_day(day: date) -> str:
    """A day as headings and sentences about one day write it: 'Monday 7 December 2026'."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"
