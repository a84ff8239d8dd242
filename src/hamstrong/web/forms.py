"""Form parsing: submitted fields in, core values (or InvalidInput naming each field) out."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from starlette.datastructures import FormData

from hamstrong.core.screen import QUESTIONS
from hamstrong.core.training_log import EARLIEST_DAY, SelfTest, SetEntry, Symptom, TestKind
from hamstrong.core.vocab import InjuryKind, Side
from hamstrong.errors import InvalidInput, NotFound

MIN_PASSWORD = 10
MAX_START_AHEAD_DAYS = 365  # a programme starts within a year
LATEST_DAY = date(2200, 12, 31)  # no session URL names a later day
MAX_PASSWORD = 1024  # argon2 copes, but nobody types more; refuses absurd bodies early
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Credentials:
    email: str
    password: str


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _email(form: FormData, problems: dict[str, str]) -> str:
    email = _text(form, "email").lower()
    if not email:
        problems["email"] = "is required"
    elif len(email) > 254 or not _EMAIL.match(email):
        problems["email"] = "must be an email address like you@example.com"
    return email


def parse_signup_form(form: FormData) -> Credentials:
    problems: dict[str, str] = {}
    email = _email(form, problems)
    password = form.get("password")
    password = password if isinstance(password, str) else ""
    if len(password) < MIN_PASSWORD:
        problems["password"] = f"must be at least {MIN_PASSWORD} characters"
    elif len(password) > MAX_PASSWORD:
        problems["password"] = f"must be at most {MAX_PASSWORD} characters"
    if problems:
        raise InvalidInput(problems)
    return Credentials(email, password)


def parse_login_form(form: FormData) -> Credentials:
    problems: dict[str, str] = {}
    email = _email(form, problems)
    password = form.get("password")
    if not isinstance(password, str) or not password:
        problems["password"] = "is required"
    if problems:
        raise InvalidInput(problems)
    return Credentials(email, str(password)[:MAX_PASSWORD])


def parse_password_form(form: FormData) -> tuple[str, str]:
    """(current password, new password)."""
    problems: dict[str, str] = {}
    current = form.get("current")
    new = form.get("new")
    if not isinstance(current, str) or not current:
        problems["current"] = "is required"
    if not isinstance(new, str) or len(new) < MIN_PASSWORD:
        problems["new"] = f"must be at least {MIN_PASSWORD} characters"
    elif len(new) > MAX_PASSWORD:
        problems["new"] = f"must be at most {MAX_PASSWORD} characters"
    if problems:
        raise InvalidInput(problems)
    return str(current), str(new)


# ---- onboarding ----------------------------------------------------------------------------------

STEPS: tuple[str, ...] = ("about", "equipment", "goals", "schedule", "injuries", "screen")
STEP_FIELDS: Mapping[str, tuple[str, ...]] = {
    "about": ("name", "age", "level", "population", "floor", "supervised"),
    "equipment": ("equipment",),
    "goals": ("goals",),
    "schedule": ("sessions_per_week", "days", "match_day", "minutes", "start"),
    "injuries": ("injuries",),
    "screen": ("screen",),
}
# Values that pass ProfileModel, so one step can be checked before the later steps exist.
_VALID_BASE: Mapping[str, Any] = {
    "level": "beginner",
    "sessions_per_week": 2,
    "days": ["mon", "thu"],
    "minutes": 30,
    "equipment": ["chair"],
}


def _optional_int(form: FormData, name: str, problems: dict[str, str]) -> int | None:
    raw = _text(form, name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        problems[name] = f"must be a whole number (got {raw!r})"
        return None


def parse_step_form(
    step: str, form: FormData, draft: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """The profile keys one wizard step sets, checked with the profile file's own rules."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    if step == "about":
        values["name"] = _text(form, "name") or None
        values["age"] = _optional_int(form, "age", problems)
        values["level"] = _text(form, "level") or None
        values["population"] = _text(form, "population") or None
        floor = _text(form, "floor")
        values["floor"] = {"yes": True, "no": False}.get(floor)
        if floor not in ("", "yes", "no"):
            problems["floor"] = "answer yes or no"
        values["supervised"] = bool(form.get("supervised")) or None
        if values["level"] is None:
            problems["level"] = "pick one"
    elif step == "equipment":
        values["equipment"] = [str(v) for v in form.getlist("equipment")]
    elif step == "goals":
        values["goals"] = [str(v) for v in form.getlist("goals")]
    elif step == "schedule":
        spw = _optional_int(form, "sessions_per_week", problems)
        values["sessions_per_week"] = spw
        values["days"] = [str(v) for v in form.getlist("days")]
        values["match_day"] = _text(form, "match_day") or None
        values["minutes"] = _optional_int(form, "minutes", problems)
        start_text = _text(form, "start")
        try:
            start = date.fromisoformat(start_text) if start_text else today
        except ValueError:
            problems["start"] = "must be a date like 2026-12-07"
            start = today
        if start < today:
            problems["start"] = "must be today or later"
        elif start > today + timedelta(days=MAX_START_AHEAD_DAYS):
            problems["start"] = f"must be within {MAX_START_AHEAD_DAYS} days from today"
        values["start"] = start.isoformat()
        if spw is None and "sessions_per_week" not in problems:
            problems["sessions_per_week"] = "pick 2 or 3"
        if values["minutes"] is None and "minutes" not in problems:
            problems["minutes"] = "is required"
    elif step == "injuries":
        values["injuries"] = _parse_injuries(form, problems)
    elif step == "screen":
        values["screen"] = _parse_screen(form, problems)
    else:
        raise InvalidInput({"step": f"unknown step {step!r}"})
    if problems:
        raise InvalidInput(problems)
    _check_with_profile_rules(step, values, draft)
    return values


def _parse_injuries(form: FormData, problems: dict[str, str]) -> list[dict[str, Any]]:
    injuries = []
    for kind in InjuryKind:
        if not form.get(f"{kind.value}.have"):
            continue
        weeks = _optional_int(form, f"{kind.value}.weeks_ago", problems)
        if weeks is None and f"{kind.value}.weeks_ago" not in problems:
            problems[f"{kind.value}.weeks_ago"] = "say how many weeks ago (0 if it is now)"
        injuries.append(
            {
                "kind": kind.value,
                "side": _text(form, f"{kind.value}.side") or "both",
                "weeks_ago": weeks if weeks is not None else 0,
                "cleared": bool(form.get(f"{kind.value}.cleared")),
                "assessed": bool(form.get(f"{kind.value}.assessed")),
            }
            | _checks(form, kind)
        )
    return injuries


def _checks(form: FormData, kind: InjuryKind) -> dict[str, Any]:
    """A strain's return signs, ticked on the page (only a strain has them)."""
    ticked = [str(v) for v in form.getlist(f"{kind.value}.checks")]
    return {"checks": ticked} if ticked and kind is InjuryKind.HAMSTRING_STRAIN else {}


def _parse_screen(form: FormData, problems: dict[str, str]) -> dict[str, bool]:
    answers: dict[str, bool] = {}
    for question in QUESTIONS:
        raw = _text(form, question.key)
        if raw not in ("yes", "no"):
            problems[question.key] = "answer yes or no"
        answers[question.key] = raw == "yes"
    return answers


def _check_with_profile_rules(
    step: str, values: Mapping[str, Any], draft: Mapping[str, Any]
) -> None:
    from hamstrong.profiles import profile_from_mapping

    fields = STEP_FIELDS[step]
    candidate = {**_VALID_BASE, **profile_keys(draft), **profile_keys(values)}
    if step in ("about",):
        candidate["equipment"] = ["chair"]  # the chair rule is checked on the equipment step
    try:
        profile_from_mapping(candidate)
    except InvalidInput as error:
        mine = {
            key: message
            for key, message in error.problems.items()
            if key.split(".")[0] in fields or (step == "injuries" and key.startswith("injuries"))
        }
        if mine:
            raise InvalidInput(_injury_field_names(mine, values)) from None


def _injury_field_names(problems: Mapping[str, str], values: Mapping[str, Any]) -> dict[str, str]:
    """The field on the page: ``injuries.0.weeks_ago`` → ``hamstring_strain.weeks_ago``, and
    ``equipment.1`` → ``equipment``."""
    out: dict[str, str] = {}
    injuries: Sequence[Mapping[str, Any]] = values.get("injuries") or ()
    for key, message in problems.items():
        parts = key.split(".")
        if parts[0] == "injuries" and len(parts) >= 3 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(injuries):
                key = f"{injuries[index]['kind']}.{parts[2]}"
        elif len(parts) == 2 and parts[1].isdigit():  # equipment.1: one box of a list field
            key = parts[0]
        out.setdefault(key, message)
    return out


def profile_keys(data: Mapping[str, Any]) -> dict[str, Any]:
    """The draft without the wizard's own keys (``start``), as profile_from_mapping wants."""
    return {k: v for k, v in data.items() if k != "start" and v is not None}


# ---- sets ----------------------------------------------------------------------------------------


def _number(form: FormData, name: str, problems: dict[str, str], *, whole: bool) -> float | None:
    raw = _text(form, name).replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        problems[name] = f"must be a number (got {raw!r})"
        return None
    if value != value or value in (float("inf"), float("-inf")):
        problems[name] = "must be a number"
        return None
    if whole and not value.is_integer():
        problems[name] = f"must be a whole number (got {raw!r})"
        return None
    return value


def parse_set_form(form: FormData, *, day: date, at: Any = None) -> SetEntry:
    """One set as entered on the session or history page."""
    problems: dict[str, str] = {}
    exercise = _text(form, "exercise")
    if not exercise:
        problems["exercise"] = "is required"
    reps = _number(form, "reps", problems, whole=True)
    if reps is None and "reps" not in problems:
        problems["reps"] = "is required"
    kg = _number(form, "kg", problems, whole=False)
    rpe = _number(form, "rpe", problems, whole=False)
    pain = _number(form, "pain", problems, whole=True)
    order = _number(form, "order", problems, whole=True)
    side_text = _text(form, "side") or "both"
    try:
        side = Side(side_text)
    except ValueError:
        problems["side"] = "must be left, right or both"
        side = Side.BOTH
    symptoms = tuple(
        symptom
        for name, symptom in (("chest", Symptom.CHEST), ("symptom", Symptom.SHARP))
        if form.get(name)
    )
    if problems:
        raise InvalidInput(problems)
    return SetEntry(
        day=day,
        exercise=exercise,
        reps=int(reps or 0),
        kg=kg,
        rpe=rpe,
        pain=int(pain) if pain is not None else None,
        side=side,
        order=max(1, int(order or 1)),
        at=at,
        symptoms=symptoms,
    )


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_checkin_form(form: FormData, *, today: date) -> tuple[date, int]:
    """(day, next-morning pain 0-10); the day defaults to today."""
    problems: dict[str, str] = {}
    pain = _number(form, "pain", problems, whole=True)
    if pain is None and "pain" not in problems:
        problems["pain"] = "is required: 0 means no pain at all"
    day = parse_day(_text(form, "day")) if _text(form, "day") else today
    if day is None:
        problems["day"] = "must be a date like 2026-12-07"
    elif day > today:
        problems["day"] = "is in the future: record the morning after a session"
    elif day < EARLIEST_DAY:
        problems["day"] = f"must be in {EARLIEST_DAY.year} or later"
    if problems:
        raise InvalidInput(problems)
    return day or today, int(pain or 0)


def session_day(text: str) -> date:
    """The day in a session URL; anything else is a page that does not exist (404)."""
    day = parse_day(text)
    if day is None or not EARLIEST_DAY <= day <= LATEST_DAY:
        raise NotFound("session", text, "Use a date like 2026-12-07.")
    return day


def parse_self_test_form(form: FormData, *, today: date) -> SelfTest:
    """A self-test (kind, value, side, day) as entered on the progress page; the day defaults to
    today. Its ranges, the one-leg rule and its dates are checked by the service, as for the
    command line and imports (``assessments.self_test_problems``)."""
    problems: dict[str, str] = {}
    kind: TestKind | None = None
    try:
        kind = TestKind(_text(form, "kind"))
    except ValueError:
        problems["kind"] = "pick knee extension, sit-and-reach or chair stand"
    value = _number(form, "value", problems, whole=False)
    if value is None and "value" not in problems:
        problems["value"] = "is required"
    try:
        side = Side(_text(form, "side") or "both")
    except ValueError:
        problems["side"] = "must be left, right or both"
        side = Side.BOTH
    day = parse_day(_text(form, "day")) if _text(form, "day") else today
    if day is None:
        problems["day"] = "must be a date like 2026-12-07"
    if problems or kind is None or value is None or day is None:
        raise InvalidInput(problems)
    return SelfTest(day, kind, value, side)
