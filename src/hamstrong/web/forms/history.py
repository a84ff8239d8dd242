"""The history router's forms: a self-test from the progress page (a set is edited with the
today router's set form)."""

from datetime import date

from starlette.datastructures import FormData

from hamstrong.core.training_log import SelfTest, TestKind
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput
from hamstrong.web.forms.fields import number, parse_day, text


def parse_self_test_form(form: FormData, *, today: date) -> SelfTest:
    """A self-test (kind, value, side, day) as entered on the progress page; the day defaults to
    today. Its ranges, the one-leg rule and its dates are checked by the service, as for the
    command line and imports (``assessments.self_test_problems``)."""
    problems: dict[str, str] = {}
    kind: TestKind | None = None
    try:
        kind = TestKind(text(form, "kind"))
    except ValueError:
        problems["kind"] = "pick knee extension, sit-and-reach or chair stand"
    value = number(form, "value", problems, whole=False)
    if value is None and "value" not in problems:
        problems["value"] = "is required"
    try:
        side = Side(text(form, "side") or "both")
    except ValueError:
        problems["side"] = "must be left, right or both"
        side = Side.BOTH
    day = parse_day(text(form, "day")) if text(form, "day") else today
    if day is None:
        problems["day"] = "must be a date like 2026-12-07"
    if problems or kind is None or value is None or day is None:
        raise InvalidInput(problems)
    return SelfTest(day, kind, value, side)
