"""Reading Strong, Hevy, Fitbod and HamStrong exports into sets: every row imported or explained."""

import csv
import hashlib
import io
import json
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal, Protocol, TypeVar

from hamstrong.core.assessments import self_test_problems
from hamstrong.core.exports import CSV_COLUMNS, SCHEMA, SYMPTOM_SEPARATOR, keyed, unescape_cell
from hamstrong.core.training_log import (
    EARLIEST_DAY,
    MAX_KG,
    MAX_NAME,
    MAX_ORDER,
    MAX_REPS,
    Checkin,
    SelfTest,
    SetEntry,
    Symptom,
    TestKind,
)
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidCatalogue, InvalidInput

T = TypeVar("T")

KG_PER_LB = 0.45359237
WeightUnit = Literal["kg", "lbs"]

_NOT_AN_EXPORT = "not a Strong, Hevy, Fitbod or HamStrong export"
_HEADERS_HINT = (
    "the first line should be one of their headers, such as "
    "'Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,...' (Strong), "
    '\'"title","start_time",...,"exercise_title",...,"set_type","weight_kg",...\' (Hevy), '
    "'Date,Exercise,Reps,Weight(kg),...,isWarmup,...' (Fitbod) or "
    "'" + ",".join(CSV_COLUMNS[:4]) + ",...' (HamStrong)"
)


class _Reader(Protocol):
    """A csv reader: rows, and how many physical lines it has read (problems name lines)."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class Layout:
    """Which app wrote a file and how to read it, told by its header rather than its name."""

    name: str  # strong, strong-6, strong-legacy, hevy, fitbod, hamstrong, hamstrong-json
    source: str  # strong, hevy, fitbod, hamstrong
    delimiter: str = ","
    header: tuple[str, ...] = ()  # lowercased, single-spaced, unquoted
    # The weight unit the header states; None when it does not (Strong's plain Weight, which
    # parse_export reads in its weight_unit; Strong legacy, whose rows carry a Weight Unit).
    unit: WeightUnit | None = "kg"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import found: sets to add, and every row left out, said per line."""

    layout: str
    source: str
    sets: tuple[SetEntry, ...] = ()
    problems: tuple[str, ...] = ()  # "line N: what is wrong", one per malformed row
    skipped: int = 0  # rows that are not sets: rest timers, notes, cardio, zero reps
    unmatched: tuple[str, ...] = ()  # original names kept as custom:<slug> exercises
    checkins: tuple[Checkin, ...] = ()  # HamStrong JSON only
    tests: tuple[SelfTest, ...] = ()  # HamStrong JSON only
    profile: Mapping[str, Any] | None = None  # HamStrong JSON only


# --- exercise names ---------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_BRACKETS = re.compile(r"[(\[][^)\]]*[)\]]")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """Lowercase and single-spaced: the form alias keys are compared in."""
    return _SPACES.sub(" ", name.strip().lower())


def slug(name: str) -> str:
    """Kebab-case of a name (accents folded), for ``custom:<slug>`` ids."""
    folded = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    text = _NOT_WORD.sub("-", plain).strip("-")
    if text:
        return text
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    return digest.hexdigest()[:8]  # a name of symbols only still gets a stable id


def map_exercise(name: str, aliases: Mapping[str, str], known_ids: Collection[str]) -> str:
    """Our id for an app's exercise name, or ``custom:<slug>`` so that no set is lost to a name."""
    exact = normalise_name(name)
    if exact in aliases:
        return aliases[exact]
    if exact in known_ids:
        return exact
    unhyphened = _SPACES.sub(" ", exact.replace("-", " "))
    bare = _SPACES.sub(" ", _unbracketed(exact)).strip()
    bare_unhyphened = _SPACES.sub(" ", bare.replace("-", " "))
    for candidate in (unhyphened, bare, bare_unhyphened):
        if candidate in aliases:
            return aliases[candidate]
    for candidate in (slug(exact), slug(bare)):
        if candidate in known_ids:
            return candidate
    return "custom:" + slug(exact)


def _unbracketed(name: str) -> str:
    """``name`` with each "(…)" or "[…]" part replaced by a space, in linear time.

    Only the text up to the last closing bracket is searched: an opening bracket after it has
    no closing one, and searching on from each of those was quadratic (a name of 15,000 "("
    took seconds).
    """
    end = max(name.rfind(")"), name.rfind("]")) + 1
    return _BRACKETS.sub(" ", name[:end]) + name[end:]


def parse_aliases(document: Mapping[str, Any], known_ids: Collection[str]) -> dict[str, str]:
    """The ``[aliases]`` table of aliases.toml, checked against our ids; list every fault."""
    table = document.get("aliases")
    if not isinstance(table, Mapping):
        raise InvalidCatalogue("invalid aliases file: it has no [aliases] table")
    problems: list[str] = []
    aliases: dict[str, str] = {}
    for raw, target in table.items():
        name = normalise_name(str(raw))
        if not isinstance(target, str) or target not in known_ids:
            problems.append(f"{raw!r}: {target!r} is not an exercise id")
        elif not name:
            problems.append(f"{raw!r}: the name is empty")
        elif aliases.get(name, target) != target:
            problems.append(f"{raw!r}: the name already maps to {aliases[name]!r}")
        else:
            aliases[name] = target
    if problems:
        raise InvalidCatalogue("invalid aliases file: " + "; ".join(problems))
    return aliases


# --- layout detection -------------------------------------------------------------------------


def detect_layout(text: str) -> Layout:
    """Which export a text is, from its first line; InvalidInput when it is none we know."""
    layout, _ = _open(text)
    return layout


def _open(text: str) -> tuple[Layout, _Reader | None]:
    """The layout and a csv reader positioned after the header (None for JSON)."""
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return Layout("hamstrong-json", "hamstrong", delimiter="", unit="kg"), None
    first = stripped.partition("\n")[0].partition("\r")[0]
    if not first:
        raise InvalidInput(
            {"file": f"the file is empty, so it is {_NOT_AN_EXPORT}; {_HEADERS_HINT}"}
        )
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    row: list[str] = []
    for row in reader:
        if any(cell.strip() for cell in row):
            break
    header = tuple(_SPACES.sub(" ", cell.strip().strip('"').strip().lower()) for cell in row)
    return _classify(header, delimiter, first), reader


def _classify(header: tuple[str, ...], delimiter: str, first: str) -> Layout:
    names = set(header)
    if {"date", "exercise", "reps", "source", "key"} <= names:
        return Layout("hamstrong", "hamstrong", delimiter, header)
    if {"start_time", "exercise_title"} <= names:
        unit = _header_unit(names, "weight_kg", ("weight_lbs", "weight_lb"))
        return _checked(Layout("hevy", "hevy", delimiter, header, unit), _HEVY_REQUIRED)
    if "num_sets" in names and "start_time" in names:
        raise InvalidInput(
            {
                "file": "this is Hevy's workout summary, which has no sets; export the workout "
                "data instead, whose header has exercise_title, set_index and set_type"
            }
        )
    if "exercise" in names and ("iswarmup" in names or any(h.startswith("weight(") for h in names)):
        unit = _header_unit(names, "weight(kg)", ("weight(lbs)", "weight(lb)"))
        return _checked(Layout("fitbod", "fitbod", delimiter, header, unit), _FITBOD_REQUIRED)
    if {"exercise name", "set order"} <= names:
        if "weight unit" in names:
            layout = Layout("strong-legacy", "strong", delimiter, header, None)
        elif "weight (kg)" in names or "weight (lbs)" in names or "weight (lb)" in names:
            unit = _header_unit(names, "weight (kg)", ("weight (lbs)", "weight (lb)"))
            layout = Layout("strong-6", "strong", delimiter, header, unit)
        else:
            layout = Layout("strong", "strong", delimiter, header, None)
        return _checked(layout, _STRONG_REQUIRED)
    seen = first.strip()
    seen = seen if len(seen) <= 70 else seen[:70] + "…"
    raise InvalidInput({"file": f"{_NOT_AN_EXPORT}; {_HEADERS_HINT}; it starts with {seen!r}"})


def _header_unit(names: set[str], kg: str, lbs: tuple[str, ...]) -> WeightUnit | None:
    if kg in names:
        return "kg"
    if any(name in names for name in lbs):
        return "lbs"
    return None


# Each field of a set and the header names the apps give it (lowercased, single-spaced).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "start_time"),
    "workout": ("workout name", "title"),
    "exercise": ("exercise name", "exercise_title", "exercise"),
    "set_order": ("set order",),
    "set_index": ("set_index",),
    "set_type": ("set_type",),
    "warmup": ("iswarmup",),
    "weight": (
        "weight",
        "weight (kg)",
        "weight (lbs)",
        "weight (lb)",
        "weight_kg",
        "weight_lbs",
        "weight_lb",
        "weight(kg)",
        "weight(lbs)",
        "weight(lb)",
    ),
    "weight_unit": ("weight unit",),
    "reps": ("reps",),
    "seconds": ("seconds", "duration_seconds", "duration(s)"),
    "distance": (
        "distance",
        "distance (meters)",
        "distance (km)",
        "distance (miles)",
        "distance_km",
        "distance_miles",
        "distance_meters",
        "distance(m)",
    ),
    "rpe": ("rpe",),
}
_LABELS = {
    "date": "Date",
    "exercise": "Exercise Name",
    "set_order": "Set Order",
    "weight": "Weight",
    "reps": "Reps",
    "set_type": "set_type",
}
_STRONG_REQUIRED = ("date", "exercise", "set_order", "weight", "reps")
_HEVY_REQUIRED = ("date", "exercise", "set_type", "weight", "reps")
_FITBOD_REQUIRED = ("date", "exercise", "weight", "reps")
_APP = {"strong": "Strong", "hevy": "Hevy", "fitbod": "Fitbod"}


def _columns(header: tuple[str, ...]) -> dict[str, int]:
    where: dict[str, int] = {}
    for field, names in _COLUMNS.items():
        for position, name in enumerate(header):
            if name in names:
                where[field] = position
                break
    return where


def _checked(layout: Layout, required: tuple[str, ...]) -> Layout:
    where = _columns(layout.header)
    missing = [_LABELS.get(field, field) for field in required if field not in where]
    if missing:
        columns = ", ".join(repr(name) for name in missing)
        app = _APP[layout.source]
        raise InvalidInput(
            {"file": f"this looks like a {app} export but its header has no {columns} column"}
        )
    return layout


# --- parsing ----------------------------------------------------------------------------------


def parse_export(
    text: str,
    *,
    aliases: Mapping[str, str],
    known_ids: Collection[str],
    today: date | None = None,
    weight_unit: WeightUnit = "kg",
) -> ImportResult:
    """Every set of a Strong, Hevy, Fitbod or HamStrong export; a bad row is noted, not fatal."""
    # weight_unit: the unit of files that do not say it (Strong's plain Weight column).
    # today: sets dated after it are problems; the core has no clock of its own.
    layout, reader = _open(text)
    if reader is None:
        return _parse_json(text, known_ids, today)
    if layout.name == "hamstrong":
        return _parse_own_csv(layout, reader, known_ids, today)
    return _parse_app_csv(layout, reader, aliases, frozenset(known_ids), today, weight_unit)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_HEVY_DATE = re.compile(
    r"(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(?: ?([+-])(\d{2}):?(\d{2}))?"
)
_WARMUP_WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
_HEVY_TYPES = {  # set_type -> (warm-up, failure)
    "": (False, False),
    "normal": (False, False),
    "warmup": (True, False),
    "warm_up": (True, False),
    "failure": (False, True),
    "dropset": (False, False),
    "drop": (False, False),
    "drop_set": (False, False),
}
_STRONG_LETTERS = {"w": (True, False), "f": (False, True), "d": (False, False), "": (False, False)}
_NOT_SETS = {"rest timer", "note", "notes"}
_SIDES = {side.value: side for side in Side}


def parse_when(text: str) -> datetime | None:
    """A workout time in any of the apps' styles (ISO, ``+0000``, ``22 Dec 2025, 08:00``)."""
    text = text.strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    match = _HEVY_DATE.fullmatch(text)
    if match is None:
        return None
    day, month_name, year, hour, minute, second, sign, off_h, off_m = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    zone = None
    if sign:
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        zone = timezone(-offset if sign == "-" else offset)
    try:
        return datetime(
            int(year), month, int(day), int(hour), int(minute), int(second or 0), tzinfo=zone
        )
    except ValueError:
        return None


def _number(text: str, comma: bool) -> float:
    value = float(text.replace(",", ".") if comma else text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _whole(text: str, comma: bool) -> int:
    if text.isdecimal():
        return int(text)
    value = _number(text, comma)
    if value < 0 or value != int(value):
        raise ValueError(text)
    return int(value)


def _parse_app_csv(
    layout: Layout,
    reader: _Reader,
    aliases: Mapping[str, str],
    known_ids: frozenset[str],
    today: date | None,
    weight_unit: WeightUnit,
) -> ImportResult:
    where = _columns(layout.header)
    width = len(layout.header)
    need = 1 + max(
        where[f]
        for f in ("date", "exercise", "reps", "weight", "set_order", "set_type")
        if f in where
    )
    i_date, i_exercise, i_reps, i_weight = (
        where[f] for f in ("date", "exercise", "reps", "weight")
    )
    i_workout = where.get("workout")
    i_order = where.get("set_order")
    i_index = where.get("set_index")
    i_type = where.get("set_type")
    i_warmup = where.get("warmup")
    i_unit = where.get("weight_unit")
    i_seconds = where.get("seconds")
    i_distance = where.get("distance")
    i_rpe = where.get("rpe")
    comma = layout.delimiter != ","
    source = layout.source
    header_factor = KG_PER_LB if (layout.unit or weight_unit) == "lbs" else 1.0

    sets: list[SetEntry] = []
    problems: list[str] = []
    skipped = 0
    unmatched: dict[str, None] = {}
    whens: dict[str, datetime | None] = {}
    ids: dict[str, str] = {}
    running: dict[tuple[str, str, str], int] = {}
    seen: dict[str, int] = {}

    for line, row in _rows(reader, problems):
        if len(row) < need:
            if any(cell.strip() for cell in row):
                problems.append(f"line {line}: has {len(row)} fields where the header has {width}")
            continue
        raw_date = row[i_date].strip()
        name = row[i_exercise].strip()
        workout = _cell(row, i_workout) if i_workout is not None else ""

        # What kind of row: a set (warm-up or not, failure or not) or something else.
        errors: list[str] = []
        failure = warmup = False
        order: int | None = None
        if i_order is not None:
            label = row[i_order].strip()
            folded = label.lower()
            if folded in _NOT_SETS:
                skipped += 1
                continue
            if label.isdecimal():
                order = int(label)
            elif folded in _STRONG_LETTERS:
                warmup, failure = _STRONG_LETTERS[folded]
            else:
                errors.append(f"set order {label!r} is not a number, W, F, D, Rest Timer or Note")
        if i_type is not None:
            kind = row[i_type].strip().lower()
            if kind in _HEVY_TYPES:
                warmup, failure = _HEVY_TYPES[kind]
            else:
                errors.append(f"set type {kind!r} is not normal, warmup, failure or dropset")
        if i_index is not None:
            index = _cell(row, i_index)
            if index.isdecimal():
                order = int(index) + 1
            elif index:
                errors.append(f"set index {index!r} is not a whole number")
        if i_warmup is not None:
            flag = _cell(row, i_warmup).lower()
            if flag in _WARMUP_WORDS:
                warmup = _WARMUP_WORDS[flag]
            elif flag:
                errors.append(f"isWarmup {flag!r} is not true or false")
        position_key = (raw_date, workout, name)
        position = running.get(position_key, 0) + 1
        running[position_key] = position
        if order is None:
            order = position

        # The values.
        if raw_date in whens:
            when = whens[raw_date]
        else:
            when = whens[raw_date] = parse_when(raw_date)
        if when is None:
            errors.append(f"date {raw_date!r} is not a date like 2024-03-05 18:01:12")
        elif today is not None and when.date() > today:
            errors.append(f"date {when.date().isoformat()} is in the future")
        elif when.date() < EARLIEST_DAY:
            errors.append(f"date {when.date().isoformat()} is before {EARLIEST_DAY.year}")
        if order > MAX_ORDER:
            errors.append(f"set order {order} is more than {MAX_ORDER}")
        if not name:
            errors.append("the exercise name is empty")
        elif len(name) > MAX_NAME:
            errors.append(f"the exercise name is {len(name)} characters; at most {MAX_NAME} fit")
        text = row[i_reps].strip()
        reps: int | None = None
        if text:
            try:
                reps = _whole(text, comma)
            except ValueError:
                errors.append(f"reps {text!r} is not a whole number of 0 or more")
        seconds = _optional(row, i_seconds, comma, "seconds", errors)
        distance = _optional(row, i_distance, comma, "distance", errors)
        weight = _optional(row, i_weight, comma, "weight", errors)
        rpe = _optional(row, i_rpe, comma, "RPE", errors)
        factor = header_factor
        if i_unit is not None:
            unit = _cell(row, i_unit).lower()
            if unit in ("lbs", "lb"):
                factor = KG_PER_LB
            elif unit == "kg":
                factor = 1.0
            elif unit:
                errors.append(f"weight unit {unit!r} is not kg or lbs")
        if reps is not None and reps > MAX_REPS:
            errors.append(f"reps {reps} is more than {MAX_REPS}")
        if weight is not None and weight * factor > MAX_KG:
            errors.append(f"weight {weight:g} is more than {MAX_KG:g} kg")
        if errors or when is None:
            problems.append(f"line {line}: " + "; ".join(errors))
            continue

        if not reps:
            if seconds and not distance:
                reps = min(round(seconds), MAX_REPS)  # a timed hold: reps count seconds
            if not reps:
                skipped += 1  # cardio by distance, or nothing done
                continue
        kg = round(weight * factor, 2) if weight is not None and weight > 0 else None
        if rpe is not None and not 1 <= rpe <= 10:
            rpe = None
        if failure and rpe is None:
            rpe = 10.0

        if name in ids:
            exercise = ids[name]
        else:
            exercise = ids[name] = map_exercise(name, aliases, known_ids)
        if exercise.startswith("custom:"):
            unmatched[name] = None
        base = (
            f"{source}\x1f{when.isoformat()}\x1f{name}\x1f{order}{'w' if warmup else ''}"
            f"\x1f{reps}\x1f{'' if kg is None else repr(kg)}"
        )
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        if occurrence:
            base += f"\x1e{occurrence}"
        digest = hashlib.sha1(base.encode("utf-8", "surrogatepass"), usedforsecurity=False)
        sets.append(
            SetEntry(
                day=when.date(),
                exercise=exercise,
                reps=reps,
                kg=kg,
                rpe=rpe,
                warmup=warmup,
                source=source,
                order=order,
                at=when,
                key=f"{source}:{digest.hexdigest()[:24]}",
                name=name,
            )
        )
    return ImportResult(
        layout=layout.name,
        source=source,
        sets=tuple(sets),
        problems=tuple(problems),
        skipped=skipped,
        unmatched=tuple(unmatched),
    )


def _rows(reader: _Reader, problems: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Rows with the physical line each starts on; csv giving up ends the file with a problem."""
    last = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. an unclosed quote swallowing the rest of the file
            problems.append(f"line {last + 1}: {error}; the rest of the file was not read")
            return
        yield last + 1, row
        last = reader.line_num


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _optional(
    row: list[str], index: int | None, comma: bool, label: str, errors: list[str]
) -> float | None:
    if index is None or index >= len(row):
        return None
    text = row[index].strip()
    if not text:
        return None
    try:
        return _number(text, comma)
    except ValueError:
        errors.append(f"{label} {text!r} is not a number")
        return None


# --- HamStrong's own exports ------------------------------------------------------------------


def _parse_own_csv(
    layout: Layout,
    reader: _Reader,
    known_ids: Collection[str],
    today: date | None,
) -> ImportResult:
    header = layout.header
    entries: list[SetEntry] = []
    problems: list[str] = []
    for line, row in _rows(reader, problems):
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


def _parse_json(text: str, known_ids: Collection[str], today: date | None) -> ImportResult:
    try:
        document = json.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        raise InvalidInput({"file": "it nests too deeply to be a HamStrong export"}) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            {
                "file": f"it is not valid JSON ({error.msg} at line {error.lineno}), so it is "
                f"{_NOT_AN_EXPORT}"
            }
        ) from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        seen = document.get("schema") if isinstance(document, dict) else None
        raise InvalidInput(
            {
                "file": f'{_NOT_AN_EXPORT}; a HamStrong JSON export has "schema": "{SCHEMA}", '
                f"this one has {seen!r}"
            }
        )
    problems: list[str] = []
    lists: dict[str, list[Any]] = {}
    for part in ("sets", "checkins", "tests"):
        value = document.get(part, [])
        if not isinstance(value, list):
            problems.append(f"{part}: must be a list, not {type(value).__name__}")
            value = []
        lists[part] = value
    entries = _own_items("set", lists["sets"], _own_set, today, problems)
    checkins = _own_items("checkin", lists["checkins"], _own_checkin, today, problems)
    tests = _own_items("test", lists["tests"], _own_test, today, problems)
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
    kg = _own_float(fields, "kg", 0, MAX_KG, errors)
    rpe = _own_float(fields, "rpe", 0, 10, errors)
    pain = _own_int(fields, "pain", 0, 10, None, errors)
    side = _own_side(fields, errors)
    warmup = _own_bool(fields, "warmup", errors)
    order = _own_int(fields, "order", 0, MAX_ORDER, 1, errors)
    source = fields.get("source")
    if source is None:
        source = "hamstrong"
    elif not isinstance(source, str) or not source:
        errors.append(f"source {source!r} is not an app name")
    at = _own_at(fields, errors)
    symptoms = _own_symptoms(fields, errors)
    key, name = fields.get("key"), fields.get("name")
    if key is not None and not isinstance(key, str):
        errors.append("key must be text")
    if name is not None and not isinstance(name, str):
        errors.append("name must be text")
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
    )


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
        errors.append(f"kind {kind!r} is not one of {', '.join(kinds)}")
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


def _own_date(fields: Mapping[str, object], today: date | None, errors: list[str]) -> date | None:
    value = fields.get("date")
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        errors.append(f"date {value!r} is not a date like 2024-03-05")
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
        errors.append(f"{field} {value!r} is not a whole number {allowed}")
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
        errors.append(f"{field} {value!r} is not a number{allowed}")
        return None
    return number


def _own_side(fields: Mapping[str, object], errors: list[str]) -> Side:
    value = fields.get("side")
    if value is None:
        return Side.BOTH
    if isinstance(value, str) and value in _SIDES:
        return _SIDES[value]
    errors.append(f"side {value!r} is not left, right or both")
    return Side.BOTH


def _own_bool(fields: Mapping[str, object], field: str, errors: list[str]) -> bool:
    value = fields.get(field)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _WARMUP_WORDS:
        return _WARMUP_WORDS[value.strip().lower()]
    errors.append(f"{field} {value!r} is not true or false")
    return False


def _own_at(fields: Mapping[str, object], errors: list[str]) -> datetime | None:
    value = fields.get("at")
    if value is None:
        return None
    try:
        if isinstance(value, str):
            return datetime.fromisoformat(value)
    except ValueError:
        pass
    errors.append(f"at {value!r} is not a date and time like 2024-03-05T18:01:12")
    return None


def _own_symptoms(fields: Mapping[str, object], errors: list[str]) -> tuple[Symptom, ...]:
    value = fields.get("symptoms")
    if value is None:
        return ()
    allowed = [s.value for s in Symptom]
    if isinstance(value, list) and all(item in allowed for item in value):
        return tuple(Symptom(item) for item in value)
    errors.append(f"symptoms {value!r} are not among {', '.join(allowed)}")
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
