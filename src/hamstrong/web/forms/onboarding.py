"""The onboarding router's forms: one wizard step at a time, checked with the profile's rules."""

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from starlette.datastructures import FormData

from hamstrong.core.profile import DEFAULT_MINUTES, SESSIONS_PER_WEEK
from hamstrong.core.screen import QUESTIONS
from hamstrong.core.vocab import InjuryKind
from hamstrong.errors import InvalidInput, shown
from hamstrong.web.forms.fields import optional_int, text

MAX_START_AHEAD_DAYS = 365  # a programme starts within a year

STEPS: tuple[str, ...] = ("about", "equipment", "goals", "schedule", "injuries", "screen")


STEP_FIELDS: Mapping[str, tuple[str, ...]] = {
    "about": ("name", "age", "level", "population", "floor", "supervised"),
    "equipment": ("equipment", "units", "dumbbells", "kettlebells"),
    "goals": ("goals",),
    "schedule": ("sessions_per_week", "days", "match_day", "minutes", "start"),
    "injuries": ("injuries",),
    "screen": ("screen",),
}


# Values that pass ProfileModel, so one step can be checked before the later steps exist.
_VALID_BASE: Mapping[str, Any] = {
    "level": "beginner",
    "sessions_per_week": SESSIONS_PER_WEEK[0],
    "days": ["mon", "thu"],
    "minutes": DEFAULT_MINUTES,
    "equipment": ["chair"],
}


def parse_step_form(
    step: str, form: FormData, draft: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """The profile keys one wizard step sets, checked with the profile file's own rules."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    if step == "about":
        values["name"] = text(form, "name") or None
        values["age"] = optional_int(form, "age", problems)
        values["level"] = text(form, "level") or None
        values["population"] = text(form, "population") or None
        floor = text(form, "floor")
        values["floor"] = {"yes": True, "no": False}.get(floor)
        if floor not in ("", "yes", "no"):
            problems["floor"] = "answer yes or no"
        values["supervised"] = bool(form.get("supervised")) or None
        if values["level"] is None:
            problems["level"] = "pick one"
    elif step == "equipment":
        values["equipment"] = [str(v) for v in form.getlist("equipment")]
        values["units"] = text(form, "units") or None
        for key in ("dumbbells", "kettlebells"):
            values[key] = _weights(text(form, key), key, problems)
    elif step == "goals":
        values["goals"] = [str(v) for v in form.getlist("goals")]
    elif step == "schedule":
        spw = optional_int(form, "sessions_per_week", problems)
        values["sessions_per_week"] = spw
        values["days"] = [str(v) for v in form.getlist("days")]
        values["match_day"] = text(form, "match_day") or None
        values["minutes"] = optional_int(form, "minutes", problems)
        start_text = text(form, "start")
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
            problems["sessions_per_week"] = f"pick {' or '.join(map(str, SESSIONS_PER_WEEK))}"
        if values["minutes"] is None and "minutes" not in problems:
            problems["minutes"] = "is required"
    elif step == "injuries":
        values["injuries"] = _parse_injuries(form, problems)
    elif step == "screen":
        values["screen"] = _parse_screen(form, problems)
    else:
        raise InvalidInput({"step": f"unknown step {shown(step)}"})
    # The profile's own rules run even when a field already failed, so every problem of the
    # step is reported in one round (a field's first problem wins).
    for key, message in _profile_rule_problems(step, values, draft).items():
        problems.setdefault(key, message)
    if problems:
        raise InvalidInput(problems)
    return values


def _weights(raw: str, key: str, problems: dict[str, str]) -> list[float] | None:
    """``"4, 6, 8"`` as numbers; None when empty (any weight that is sold)."""
    parts = [p for p in raw.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        weights = [float(p) for p in parts]
    except ValueError:
        problems[key] = "write the weights as numbers with commas between them, like 4, 6, 8"
        return None
    if len(raw) > 300:
        problems[key] = "list at most 40 weights"
        return None
    return weights or None


def _parse_injuries(form: FormData, problems: dict[str, str]) -> list[dict[str, Any]]:
    injuries = []
    for kind in InjuryKind:
        if not form.get(f"{kind.value}.have"):
            continue
        weeks = optional_int(form, f"{kind.value}.weeks_ago", problems)
        if weeks is None and f"{kind.value}.weeks_ago" not in problems:
            problems[f"{kind.value}.weeks_ago"] = "say how many weeks ago (0 if it is now)"
        injuries.append(
            {
                "kind": kind.value,
                "side": text(form, f"{kind.value}.side") or "both",
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
        raw = text(form, question.key)
        if raw not in ("yes", "no"):
            problems[question.key] = "answer yes or no"
        answers[question.key] = raw == "yes"
    return answers


def _profile_rule_problems(
    step: str, values: Mapping[str, Any], draft: Mapping[str, Any]
) -> dict[str, str]:
    """What the profile file's rules say about this step's fields (by their names on the page)."""
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
        return _injury_field_names(mine, values)
    return {}


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
