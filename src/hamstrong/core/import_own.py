"""HamStrong's own exports read back: the CSV of sets and the ``hamstrong.export/1`` JSON."""

import json
import math
import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from hamstrong.core.assessments import self_test_problems
from hamstrong.core.exports import LB_COLUMN, SCHEMA, SYMPTOM_SEPARATOR, keyed, unescape_cell
from hamstrong.core.import_files import NOT_AN_EXPORT, YES_NO, ImportResult, Layout, Reader, rows
from hamstrong.core.training_log import (
    EARLIEST_DAY,
    MAX_KEY,
    MAX_KG,
    MAX_NAME,
    MAX_NOTE,
    MAX_ORDER,
    MAX_REPS,
    Checkin,
    SelfTest,
    SessionEntry,
    SetEntry,
    Symptom,
    TestKind,
    text_problem,
)
from hamstrong.core.units import Unit, from_kg, to_kg
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput, shown

T = TypeVar("T")
_SIDES = {side.value: side for side in Side}


def read_own_csv(
    layout: Layout,
    reader: Reader,
    known_ids: Collection[str],
    today: date | None,
) -> ImportResult:
    header = layout.header
    entries: list[SetEntry] = []
    problems: list[str] = []
    for line, row in rows(reader, problems):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                f"line {line}: has {len(row)} fields where the header has {len(header)}"
            )
            continue
        fields: dict[str, object] = {
            name: unescape_cell(cell) if cell else None
            for name, cell in zip(header, row, strict=True)
        }
        symptoms = fields.get("symptoms")
        if isinstance(symptoms, str):
            fields["symptoms"] = symptoms.split(SYMPTOM_SEPARATOR)
        errors: list[str] = []
        entry = _own_set(fields, today, errors)
        if entry is None:
            problems.append(f"line {line}: " + "; ".join(errors))
        else:
            entries.append(entry)
    return _own_result(layout.name, entries, problems, known_ids)


def read_own_json(text: str, known_ids: Collection[str], today: date | None) -> ImportResult:
    try:
        document = json.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        raise InvalidInput({"file": "it nests too deeply to be a HamStrong export"}) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            {
                "file": f"it is not valid JSON ({error.msg} at line {error.lineno}), so it is "
                f"{NOT_AN_EXPORT}"
            }
        ) from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        seen = document.get("schema") if isinstance(document, dict) else None
        raise InvalidInput(
            {
                "file": f'{NOT_AN_EXPORT}; a HamStrong JSON export has "schema": "{SCHEMA}", '
                f"this one has {shown(seen)}"
            }
        )
    problems: list[str] = []
    lists: dict[str, list[Any]] = {}
    for part in ("sets", "checkins", "tests", "sessions"):  # an older export has no sessions
        value = document.get(part, [])
        if not isinstance(value, list):
            problems.append(f"{part}: must be a list, not {type(value).__name__}")
            value = []
        lists[part] = value
    entries = _own_items("set", lists["sets"], _own_set, today, problems)
    checkins = _own_items("checkin", lists["checkins"], _own_checkin, today, problems)
    tests = _own_items("test", lists["tests"], _own_test, today, problems)
    sessions = _own_sessions(lists["sessions"], today, problems)
    profile = document.get("profile")
    if profile is not None and not isinstance(profile, dict):
        problems.append("profile: must be an object or null")
        profile = None
    result = _own_result("hamstrong-json", entries, problems, known_ids)
    return ImportResult(
        layout=result.layout,
        source=result.source,
        sets=result.sets,
        problems=result.problems,
        unmatched=result.unmatched,
        checkins=tuple(checkins),
        tests=tuple(tests),
        sessions=sessions,
        profile=profile,
    )


def _own_result(
    layout: str, entries: list[SetEntry], problems: list[str], known_ids: Collection[str]
) -> ImportResult:
    unmatched = {
        entry.name or entry.exercise: None
        for entry in entries
        if entry.exercise.startswith("custom:") or entry.exercise not in known_ids
    }
    return ImportResult(
        layout=layout,
        source="hamstrong",
        sets=keyed(entries),
        problems=tuple(problems),
        unmatched=tuple(unmatched),
    )


def _own_set(
    fields: Mapping[str, object], today: date | None, errors: list[str]
) -> SetEntry | None:
    day = _own_date(fields, today, errors)
    exercise = fields.get("exercise")
    if not isinstance(exercise, str) or not exercise.strip():
        errors.append("exercise must be an exercise id")
    reps = _own_int(fields, "reps", 0, MAX_REPS, None, errors)
    kg = _own_load(fields, errors)
    rpe = _own_float(fields, "rpe", 0, 10, errors)
    pain = _own_int(fields, "pain", 0, 10, None, errors)
    side = _own_side(fields, errors)
    warmup = _own_bool(fields, "warmup", errors)
    order = _own_int(fields, "order", 0, MAX_ORDER, 1, errors)
    source = fields.get("source")
    if source is None:
        source = "hamstrong"
    elif not isinstance(source, str) or not source:
        errors.append(f"source {shown(source)} is not an app name")
    at = _own_at(fields, errors)
    symptoms = _own_symptoms(fields, errors)
    key, name, note = fields.get("key"), fields.get("name"), fields.get("note")
    if key is not None and not isinstance(key, str):
        errors.append("key must be text")
    if name is not None and not isinstance(name, str):
        errors.append("name must be text")
    if note is not None and not isinstance(note, str):
        errors.append("note must be text")
    texts = (("key", key, MAX_KEY), ("name", name, MAX_NAME), ("note", note, MAX_NOTE))
    for label, text, most in texts:  # PostgreSQL refuses a NUL: every database refuses it
        if isinstance(text, str) and (problem := text_problem(text, most)):
            errors.append(f"{label} {problem}")
    if errors:
        return None
    if day is None or reps is None or order is None:
        return None  # each has an error above
    if not isinstance(exercise, str) or not isinstance(source, str):
        return None
    return SetEntry(
        day=day,
        exercise=exercise,
        reps=reps,
        kg=kg,
        rpe=rpe,
        pain=pain,
        side=side,
        warmup=warmup,
        source=source,
        order=order,
        at=at,
        symptoms=symptoms,
        key=key if isinstance(key, str) and key else None,
        name=name if isinstance(name, str) else None,
        note=note if isinstance(note, str) and note else None,
    )


def _own_load(fields: Mapping[str, object], errors: list[str]) -> float | None:
    """The load in kg: the ``kg`` field, exact; else the ``lb`` field of a file that has only
    pounds (an older export has only ``kg``; ours since units have both for a user in lb)."""
    if fields.get("kg") is not None or fields.get(LB_COLUMN) is None:
        return _own_float(fields, "kg", 0, MAX_KG, errors)
    pounds = _own_float(fields, LB_COLUMN, 0, round(from_kg(MAX_KG, Unit.LB)), errors)
    return None if pounds is None else to_kg(pounds, Unit.LB)


def _own_checkin(
    fields: Mapping[str, object], today: date | None, errors: list[str]
) -> Checkin | None:
    day = _own_date(fields, today, errors)
    pain = _own_int(fields, "pain", 0, 10, None, errors)
    if pain is None and not errors:
        errors.append("pain must be a whole number from 0 to 10")
    if errors or day is None or pain is None:
        return None
    return Checkin(day=day, pain=pain)


def _own_test(
    fields: Mapping[str, object], today: date | None, errors: list[str]
) -> SelfTest | None:
    day = _own_date(fields, today, errors)
    kind = fields.get("kind")
    kinds = {k.value: k for k in TestKind}
    if not isinstance(kind, str) or kind not in kinds:
        errors.append(f"kind {shown(kind)} is not one of {', '.join(kinds)}")
    value = _own_float(fields, "value", None, None, errors)
    if value is None and not errors:
        errors.append("value must be a number")
    side = _own_side(fields, errors)
    if errors or day is None or value is None or not isinstance(kind, str):
        return None
    test = SelfTest(day=day, kind=kinds[kind], value=value, side=side)
    wrong = self_test_problems(test, today=today)  # the same check as a test entered by hand
    errors.extend(f"{field}: {text}" for field, text in wrong.items())
    return None if errors else test


def _own_session(
    fields: Mapping[str, object], today: date | None, errors: list[str]
) -> SessionEntry | None:
    """A session's start, finish and note: both times near its day, the finish after the start
    (it is left out whole when any part is wrong, never kept in part)."""
    day = _own_date(fields, today, errors)
    started = _own_at(fields, errors, "started")
    finished = _own_at(fields, errors, "finished")
    note = fields.get("note")
    if note is not None and not isinstance(note, str):
        errors.append("note must be text")
    elif isinstance(note, str) and (problem := text_problem(note, MAX_NOTE)):
        errors.append(f"note {problem}")
    for name, moment in (("started", started), ("finished", finished)):
        if day is not None and moment is not None and abs((moment.date() - day).days) > 1:
            errors.append(f"{name} {moment.isoformat()} is not on the day of the session")
    if started is not None and finished is not None:
        if (started.tzinfo is None) != (finished.tzinfo is None):
            errors.append("started and finished must both have a time zone, or neither")
        elif finished < started:
            errors.append(f"finished {finished.isoformat()} is before started")
    if errors or day is None:
        return None
    return SessionEntry(day, started, finished, note if isinstance(note, str) and note else None)


def _own_sessions(
    items: list[Any], today: date | None, problems: list[str]
) -> tuple[SessionEntry, ...]:
    """The ``sessions`` list: one per day, so a second entry for a day is a problem too."""
    first: dict[date, int] = {}
    kept: list[SessionEntry] = []
    for number, item in enumerate(items, start=1):
        errors: list[str] = []
        entry = _own_session(item, today, errors) if isinstance(item, dict) else None
        if entry is not None and entry.day in first:
            errors.append(f"date {entry.day.isoformat()} is already in session {first[entry.day]}")
        if entry is None or errors:
            problems.append(f"session {number}: " + ("; ".join(errors) or "must be an object"))
            continue
        first[entry.day] = number
        kept.append(entry)
    return tuple(kept)


def _own_date(fields: Mapping[str, object], today: date | None, errors: list[str]) -> date | None:
    value = fields.get("date")
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        errors.append(f"date {shown(value)} is not a date like 2024-03-05")
    elif today is not None and day > today:
        errors.append(f"date {day.isoformat()} is in the future")
    elif day < EARLIEST_DAY:
        errors.append(f"date {day.isoformat()} is before {EARLIEST_DAY.year}")
    return day


def _own_int(
    fields: Mapping[str, object],
    field: str,
    low: int,
    high: int | None,
    default: int | None,
    errors: list[str],
) -> int | None:
    value = fields.get(field)
    if value is None:
        return default
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip())
    ):
        number = int(value)
    if number is None or number < low or (high is not None and number > high):
        allowed = f"from {low} to {high}" if high is not None else f"of {low} or more"
        errors.append(f"{field} {shown(value)} is not a whole number {allowed}")
        return None
    return number


def _own_float(
    fields: Mapping[str, object],
    field: str,
    low: float | None,
    high: float | None,
    errors: list[str],
) -> float | None:
    value = fields.get(field)
    if value is None:
        return None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if (
        number is None
        or not math.isfinite(number)
        or (low is not None and number < low)
        or (high is not None and number > high)
    ):
        if low is not None and high is not None:
            allowed = f" from {low:g} to {high:g}"
        elif low is not None:
            allowed = f" of {low:g} or more"
        else:
            allowed = ""
        errors.append(f"{field} {shown(value)} is not a number{allowed}")
        return None
    return number


def _own_side(fields: Mapping[str, object], errors: list[str]) -> Side:
    value = fields.get("side")
    if value is None:
        return Side.BOTH
    if isinstance(value, str) and value in _SIDES:
        return _SIDES[value]
    errors.append(f"side {shown(value)} is not left, right or both")
    return Side.BOTH


def _own_bool(fields: Mapping[str, object], field: str, errors: list[str]) -> bool:
    value = fields.get(field)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in YES_NO:
        return YES_NO[value.strip().lower()]
    errors.append(f"{field} {shown(value)} is not true or false")
    return False


def _own_at(fields: Mapping[str, object], errors: list[str], field: str = "at") -> datetime | None:
    value = fields.get(field)
    if value is None:
        return None
    try:
        if isinstance(value, str):
            return datetime.fromisoformat(value)
    except ValueError:
        pass
    errors.append(f"{field} {shown(value)} is not a date and time like 2024-03-05T18:01:12")
    return None


def _own_symptoms(fields: Mapping[str, object], errors: list[str]) -> tuple[Symptom, ...]:
    value = fields.get("symptoms")
    if value is None:
        return ()
    allowed = [s.value for s in Symptom]
    if isinstance(value, list) and all(item in allowed for item in value):
        return tuple(Symptom(item) for item in value)
    errors.append(f"symptoms {shown(value)} are not among {', '.join(allowed)}")
    return ()


def _own_items(
    kind: str,
    items: list[Any],
    parse: Callable[[Mapping[str, object], date | None, list[str]], T | None],
    today: date | None,
    problems: list[str],
) -> list[T]:
    """Each item of one list of our JSON export; a bad one becomes `kind N: why`, left out."""
    parsed: list[T] = []
    for number, item in enumerate(items, start=1):
        errors: list[str] = []
        value = parse(item, today, errors) if isinstance(item, dict) else None
        if value is None:
            problems.append(f"{kind} {number}: " + ("; ".join(errors) or "must be an object"))
        else:
            parsed.append(value)
    return parsed
