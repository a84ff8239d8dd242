"""Reading one field of a submitted form, the same way on every page."""

import re
from datetime import date

from starlette.datastructures import FormData

from hamstrong.core.training_log import EARLIEST_DAY, Limit
from hamstrong.errors import NotFound, shown

LATEST_DAY = date(2200, 12, 31)  # no session URL names a later day
# A number as people type it: digits, one decimal point or comma; no exponent ("1e3"), no "inf".
_PLAIN_NUMBER = re.compile(r"-?\d{1,9}(?:[.,]\d{1,6})?")


def text(form: FormData, name: str) -> str:
    """The field's text, stripped; empty when absent or a file."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def number(
    form: FormData, name: str, problems: dict[str, str], *, whole: bool, limit: Limit | None = None
) -> float | None:
    """A number, or None when left empty; a bad one is a problem of its field. Inside ``limit``
    when one is given: the same limits the page's min and max show."""
    raw = text(form, name)
    if not raw:
        return None
    if not _PLAIN_NUMBER.fullmatch(raw):
        problems[name] = (
            "must be a whole number, like 12" if whole else "must be a number, like 12.5"
        )
        return None
    value = float(raw.replace(",", "."))
    if whole and not value.is_integer():
        problems[name] = "must be a whole number, like 12"
        return None
    if limit is not None and (problem := limit.problem(value)):
        problems[name] = problem
        return None
    return value


def optional_int(form: FormData, name: str, problems: dict[str, str]) -> int | None:
    """A whole number, or None when left empty; a bad one is a problem of its field."""
    raw = text(form, name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        problems[name] = f"must be a whole number, not {shown(raw)}"
        return None


def parse_day(value: str) -> date | None:
    """A YYYY-MM-DD day, or None."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def session_day(value: str) -> date:
    """The day in a session URL; anything else is a page that does not exist (404)."""
    day = parse_day(value)
    if day is None or not EARLIEST_DAY <= day <= LATEST_DAY:
        raise NotFound("session", value, "Use a date like 2026-12-07.")
    return day
