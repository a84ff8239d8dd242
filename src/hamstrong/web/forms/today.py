"""The today router's forms: a set of the session (also edited from the history page) and the
next-morning check-in."""

from datetime import date
from typing import Any

from starlette.datastructures import FormData

from hamstrong.core.training_log import (
    EARLIEST_DAY,
    MAX_NOTE,
    PAIN,
    RPE,
    SetEntry,
    Symptom,
    load_limit,
)
from hamstrong.core.units import Unit, shown, to_kg
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput
from hamstrong.web.forms.fields import number, parse_day, text


def parse_set_form(
    form: FormData,
    *,
    day: date,
    at: Any = None,
    unit: Unit = Unit.KG,
    kept: float | None = None,
) -> SetEntry:
    """One set as entered on the session or history page, its load in ``unit`` (kept in kg).

    ``kept`` is the stored kg of a set being edited: a load sent back as the form showed it
    keeps that value to the last digit (20 kg shown as 44.1 lb stays 20 kg, not 20.003), even
    where it reads outside the limits in this unit (0.5 kg is 1.1 lb)."""
    problems: dict[str, str] = {}
    exercise = text(form, "exercise")
    if not exercise:
        problems["exercise"] = "is required"
    reps = number(form, "reps", problems, whole=True)
    if reps is None and "reps" not in problems:
        problems["reps"] = "is required"
    kg = number(form, "kg", problems, whole=False)
    unchanged = kg is not None and kept is not None and shown(kept, unit) == kg
    if kg is not None and not unchanged and (problem := load_limit(unit).problem(kg)):
        problems["kg"] = problem  # a stored load sent back as shown was checked when stored
        kg = None
    rpe = number(form, "rpe", problems, whole=False, limit=RPE)
    pain = number(form, "pain", problems, whole=True, limit=PAIN)
    order = number(form, "order", problems, whole=True)
    note = _note(form, problems)
    side_text = text(form, "side") or "both"
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
        kg=None if kg is None else stored_load(kg, unit, kept),
        rpe=rpe,
        pain=int(pain) if pain is not None else None,
        side=side,
        order=max(1, int(order or 1)),
        at=at,
        symptoms=symptoms,
        note=note,
    )


def stored_load(typed: float, unit: Unit, kept: float | None = None) -> float:
    """The kg to store for a load typed in ``unit``: ``kept`` when the typed value is how it
    shows, else the typed value converted."""
    if kept is not None and shown(kept, unit) == typed:
        return kept
    return to_kg(typed, unit)


def _note(form: FormData, problems: dict[str, str]) -> str | None:
    note = text(form, "note")
    if len(note) > MAX_NOTE:
        problems["note"] = f"must be at most {MAX_NOTE} characters"
    return note or None


def parse_session_note_form(form: FormData) -> str | None:
    """The note written on finishing a session (None when left empty)."""
    problems: dict[str, str] = {}
    note = _note(form, problems)
    if problems:
        raise InvalidInput(problems)
    return note


def parse_checkin_form(form: FormData, *, today: date) -> tuple[date, int]:
    """(day, next-morning pain 0-10); the day defaults to today."""
    problems: dict[str, str] = {}
    pain = number(form, "pain", problems, whole=True, limit=PAIN)
    if pain is None and "pain" not in problems:
        problems["pain"] = "is required: 0 means no pain at all"
    day = parse_day(text(form, "day")) if text(form, "day") else today
    if day is None:
        problems["day"] = "must be a date like 2026-12-07"
    elif day > today:
        problems["day"] = "is in the future: record the morning after a session"
    elif day < EARLIEST_DAY:
        problems["day"] = f"must be in {EARLIEST_DAY.year} or later"
    if problems:
        raise InvalidInput(problems)
    return day or today, int(pain or 0)
