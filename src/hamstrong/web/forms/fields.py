"""Reading one field of a submitted form, the same way on every page."""

from datetime import date

from starlette.datastructures import FormData

from hamstrong.core.training_log import EARLIEST_DAY
from hamstrong.errors import NotFound, shown

LATEST_DAY = date(2200, 12, 31)  # no session URL names a later day


def text(form: FormData, name: str) -> str:
    """The field's text, stripped; empty when absent or a file."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def number(form: FormData, name: str, problems: dict[str, str], *, whole: bool) -> float | None:
    """A number, or None when left empty; a bad one is a problem of its field."""
    raw = text(form, name).replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        problems[name] = f"must be a number, not {shown(raw)}"
        return None
    if value != value or value in (float("inf"), float("-inf")):
        problems[name] = "must be a number"
        return None
    if whole and not value.is_integer():
        problems[name] = f"must be a whole number, not {shown(raw)}"
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
