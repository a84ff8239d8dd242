"""Strong, Hevy and Fitbod CSV exports: each app's columns described once, then read row by row.

Each app names the fields of a set in its own header (``App``); a file's header gives their
positions (``Columns``); ``read_app_csv`` turns every row into a set, a problem or a skipped row.
"""

import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import NamedTuple

from hamstrong.core.import_files import (
    YES_NO,
    ImportResult,
    Layout,
    Reader,
    WeightUnit,
    cell,
    rows,
)
from hamstrong.core.import_names import map_exercise
from hamstrong.core.training_log import (
    EARLIEST_DAY,
    MAX_KG,
    MAX_NAME,
    MAX_ORDER,
    MAX_REPS,
    SetEntry,
    text_problem,
)
from hamstrong.core.units import Unit, parse_unit, to_kg, weight_text
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput, shown


@dataclass(frozen=True, slots=True)
class Columns:
    """Where a file keeps each field of a set: its position in the header, None when absent."""

    date: int
    exercise: int
    reps: int
    weight: int
    workout: int | None = None
    set_order: int | None = None  # Strong: 1, 2, … or W/F/D, or a Rest Timer or Note row
    set_index: int | None = None  # Hevy: 0, 1, …
    set_type: int | None = None  # Hevy: normal, warmup, failure, dropset
    warmup: int | None = None  # Fitbod: isWarmup
    weight_unit: int | None = None  # Strong legacy: kg or lbs on each row
    seconds: int | None = None
    distance: int | None = None
    rpe: int | None = None

    @property
    def needed(self) -> int:
        """How many cells a row needs for the fields that are read without a default."""
        read = (self.date, self.exercise, self.reps, self.weight, self.set_order, self.set_type)
        return 1 + max(position for position in read if position is not None)


@dataclass(frozen=True, slots=True)
class App:
    """How one app names the fields of a set in its header (lowercased, single-spaced)."""

    name: str  # as its users know it
    columns: Mapping[str, tuple[str, ...]]  # a field of Columns -> the header names it goes by
    required: Mapping[str, str] = field(default_factory=dict)  # field -> its name in the header

    def find(self, header: tuple[str, ...]) -> Columns:
        """The positions of this app's columns in ``header``; InvalidInput names the missing."""
        where: dict[str, int] = {}
        for name, spellings in self.columns.items():
            for position, title in enumerate(header):
                if title in spellings:
                    where[name] = position
                    break
        missing = [label for name, label in self.required.items() if name not in where]
        if missing:
            listed = ", ".join(repr(label) for label in missing)
            problem = f"this looks like a {self.name} export but its header has no {listed} column"
            raise InvalidInput({"file": problem})
        return Columns(**where)


STRONG = App(
    "Strong",
    {
        "date": ("date",),
        "workout": ("workout name",),
        "exercise": ("exercise name",),
        "set_order": ("set order",),
        "weight": ("weight", "weight (kg)", "weight (lbs)", "weight (lb)"),
        "weight_unit": ("weight unit",),
        "reps": ("reps",),
        "seconds": ("seconds",),
        "distance": ("distance", "distance (meters)", "distance (km)", "distance (miles)"),
        "rpe": ("rpe",),
    },
    {
        "date": "Date",
        "exercise": "Exercise Name",
        "set_order": "Set Order",
        "weight": "Weight",
        "reps": "Reps",
    },
)
HEVY = App(
    "Hevy",
    {
        "date": ("start_time",),
        "workout": ("title",),
        "exercise": ("exercise_title",),
        "set_index": ("set_index",),
        "set_type": ("set_type",),
        "weight": ("weight_kg", "weight_lbs", "weight_lb"),
        "reps": ("reps",),
        "seconds": ("duration_seconds",),
        "distance": ("distance_km", "distance_miles", "distance_meters"),
        "rpe": ("rpe",),
    },
    {
        "date": "start_time",
        "exercise": "exercise_title",
        "set_type": "set_type",
        "weight": "weight_kg",
        "reps": "reps",
    },
)
FITBOD = App(
    "Fitbod",
    {
        "date": ("date",),
        "exercise": ("exercise",),
        "warmup": ("iswarmup",),
        "weight": ("weight(kg)", "weight(lbs)", "weight(lb)", "weight"),
        "reps": ("reps",),
        "seconds": ("duration(s)",),
        "distance": ("distance(m)",),
        "rpe": ("rpe",),
    },
    {"date": "Date", "exercise": "Exercise", "weight": "Weight(kg)", "reps": "Reps"},
)
APPS = {"strong": STRONG, "hevy": HEVY, "fitbod": FITBOD}  # by Layout.source

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
        errors.append(f"{label} {shown(text)} is not a number")
        return None


def read_app_csv(
    layout: Layout,
    reader: Reader,
    aliases: Mapping[str, str],
    known_ids: frozenset[str],
    today: date | None,
    weight_unit: WeightUnit,
    zone: tzinfo | None = None,
) -> ImportResult:
    """Every set of a Strong, Hevy or Fitbod export: a bad row is a problem, a row that is no
    set (a rest timer, a note, cardio by distance, nothing done) is skipped. A time written
    without a zone is taken to be in ``zone`` (None: left without one)."""
    reading = _AppRows(layout, aliases, known_ids, today, weight_unit, zone)
    for line, row in rows(reader, reading.problems):
        reading.read(line, row)
    return ImportResult(
        layout=layout.name,
        source=layout.source,
        sets=tuple(reading.sets),
        problems=tuple(reading.problems),
        not_sets=reading.not_sets,
        unmatched=tuple(reading.unmatched),
    )


class _Time(NamedTuple):
    """What a date cell gives every set of its workout (``_AppRows._time``)."""

    when: datetime | None  # as written; None: unreadable
    day: date
    at: datetime | None  # as kept
    written: str  # as the sets' keys write it
    problem: str  # "" for none


class _AppRows:
    """One export read row by row, with what its rows share: dates parsed, names mapped, the
    running number of each exercise's sets, and how often a set's key was seen."""

    def __init__(
        self,
        layout: Layout,
        aliases: Mapping[str, str],
        known_ids: frozenset[str],
        today: date | None,
        weight_unit: WeightUnit,
        zone: tzinfo | None = None,
    ) -> None:
        self.columns = APPS[layout.source].find(layout.header)
        self.needed = self.columns.needed  # read once: every row is checked against it
        self.zone = zone
        self.width = len(layout.header)
        self.source = layout.source
        self.aliases, self.known_ids, self.today = aliases, known_ids, today
        self.comma = layout.delimiter != ","
        self.unit = Unit.LB if (layout.unit or weight_unit) == "lbs" else Unit.KG
        self.sets: list[SetEntry] = []
        self.problems: list[str] = []
        self.not_sets = 0
        self.unmatched: dict[str, None] = {}
        self._times: dict[str, _Time] = {}  # by the date cell's text (``_time``)
        self._loads: dict[float, str] = {}  # each load as its keys write it, made once
        self._ids: dict[str, str] = {}
        self._running: dict[tuple[str, str, str], int] = {}
        self._seen: dict[str, int] = {}

    def read(self, line: int, row: list[str]) -> None:
        """Add the row's set, or its problem, or count it as no set."""
        columns = self.columns
        if len(row) < self.needed:
            if any(text.strip() for text in row):
                self.problems.append(
                    f"line {line}: has {len(row)} fields where the header has {self.width}"
                )
            return
        errors: list[str] = []
        kind = self._kind(row, errors)
        if kind is None:
            self.not_sets += 1
            return
        order, warmup, failure = kind
        raw_date = row[columns.date].strip()
        name = row[columns.exercise].strip()
        workout = cell(row, columns.workout) if columns.workout is not None else ""
        position_key = (raw_date, workout, name)
        position = self._running.get(position_key, 0) + 1
        self._running[position_key] = position
        if order is None:
            order = position
        when, day, at, written, date_problem = self._times.get(raw_date) or self._time(raw_date)
        if date_problem:
            errors.append(date_problem)
        if order > MAX_ORDER:
            errors.append(f"set order {order} is more than {MAX_ORDER}")
        if not name:
            errors.append("the exercise name is empty")
        elif name not in self._ids and (problem := text_problem(name, MAX_NAME)):
            errors.append(f"the exercise name {problem}")  # a name mapped before was fine
        reps, seconds, distance, weight, load, rpe = self._amounts(row, errors)
        if errors or when is None:
            self.problems.append(f"line {line}: " + "; ".join(errors))
            return
        if not reps and seconds and not distance:
            reps = min(round(seconds), MAX_REPS)  # a timed hold: reps count seconds
        if not reps:
            self.not_sets += 1  # cardio by distance, or nothing done
            return
        # kg exactly as the same load typed in its unit on a form
        kg = load if weight is not None and weight > 0 else None
        if rpe is not None and not 1 <= rpe <= 10:
            rpe = None
        if failure and rpe is None:
            rpe = 10.0
        # SetEntry's fields in order (a frozen dataclass: keywords cost a quarter more)
        self.sets.append(
            SetEntry(
                day,
                self._exercise(name),
                reps,
                kg,
                rpe,
                None,
                Side.BOTH,
                warmup,
                self.source,
                order,
                at,
                (),
                self._key(written, name, order, warmup, reps, kg),
                name,
                None,
            )
        )

    def _kind(self, row: list[str], errors: list[str]) -> tuple[int | None, bool, bool] | None:
        """(the set number when the row gives one, warm-up, failure); None for no set."""
        columns = self.columns
        failure = warmup = False
        order: int | None = None
        if columns.set_order is not None:
            label = row[columns.set_order].strip()
            folded = label.lower()
            if folded in _NOT_SETS:
                return None
            if label.isdecimal():
                order = int(label)
            elif folded in _STRONG_LETTERS:
                warmup, failure = _STRONG_LETTERS[folded]
            else:
                errors.append(
                    f"set order {shown(label)} is not a number, W, F, D, Rest Timer or Note"
                )
        if columns.set_type is not None:
            kind = row[columns.set_type].strip().lower()
            if kind in _HEVY_TYPES:
                warmup, failure = _HEVY_TYPES[kind]
            else:
                errors.append(f"set type {shown(kind)} is not normal, warmup, failure or dropset")
        if columns.set_index is not None:
            index = cell(row, columns.set_index)
            if index.isdecimal():
                order = int(index) + 1
            elif index:
                errors.append(f"set index {shown(index)} is not a whole number")
        if columns.warmup is not None:
            flag = cell(row, columns.warmup).lower()
            if flag in YES_NO:
                warmup = YES_NO[flag]
            elif flag:
                errors.append(f"isWarmup {shown(flag)} is not true or false")
        return order, warmup, failure

    def _time(self, raw_date: str) -> _Time:
        """What a date cell gives every set of its workout, worked out once per text: the time
        as written, its day, the time as kept (in ``zone`` when the export wrote none; the key
        is made from the time as written, so a file imported before and after this reads the
        same), the time as its keys write it, and the problem with it ("" for none)."""
        when = parse_when(raw_date)
        if when is None:
            problem = f"date {shown(raw_date)} is not a date like 2024-03-05 18:01:12"
            found = _Time(None, EARLIEST_DAY, None, "", problem)
        else:
            day = when.date()
            problem = ""
            if self.today is not None and day > self.today:
                problem = f"date {day.isoformat()} is in the future"
            elif day < EARLIEST_DAY:
                problem = f"date {day.isoformat()} is before {EARLIEST_DAY.year}"
            naive = self.zone is not None and when.tzinfo is None
            at = when.replace(tzinfo=self.zone) if naive else when
            found = _Time(when, day, at, when.isoformat(), problem)
        self._times[raw_date] = found
        return found

    def _amounts(
        self, row: list[str], errors: list[str]
    ) -> tuple[int | None, float | None, float | None, float | None, float | None, float | None]:
        """The row's reps, seconds, distance, weight as written, that weight in kg, and RPE."""
        columns, comma = self.columns, self.comma
        text = row[columns.reps].strip()
        reps: int | None = None
        if text:
            try:
                reps = _whole(text, comma)
            except ValueError:
                errors.append(f"reps {shown(text)} is not a whole number of 0 or more")
        seconds = _optional(row, columns.seconds, comma, "seconds", errors)
        distance = _optional(row, columns.distance, comma, "distance", errors)
        weight = _optional(row, columns.weight, comma, "weight", errors)
        rpe = _optional(row, columns.rpe, comma, "RPE", errors)
        unit = self.unit
        if columns.weight_unit is not None:
            written = cell(row, columns.weight_unit)
            if found := parse_unit(written):
                unit = found
            elif written:
                errors.append(f"weight unit {shown(written)} is not kg or lbs")
        if reps is not None and reps > MAX_REPS:
            errors.append(f"reps {reps} is more than {MAX_REPS}")
        load = None if weight is None else to_kg(weight, unit)
        if load is not None and load > MAX_KG:
            errors.append(f"weight {weight:g} is more than {weight_text(MAX_KG, unit)}")
        return reps, seconds, distance, weight, load, rpe

    def _exercise(self, name: str) -> str:
        if name not in self._ids:
            self._ids[name] = map_exercise(name, self.aliases, self.known_ids)
        exercise = self._ids[name]
        if exercise.startswith("custom:"):
            self.unmatched[name] = None
        return exercise

    def _key(
        self, written: str, name: str, order: int, warmup: bool, reps: int, kg: float | None
    ) -> str:
        """The same set in the same file always gets the same key: a re-import adds nothing.
        (The load counts to 0.01 kg, as it was kept before loads were kept exactly.)"""
        if kg is None:
            load = ""
        elif (found := self._loads.get(kg)) is not None:  # kg is above 0: one text a value
            load = found
        else:
            load = self._loads[kg] = repr(round(kg, 2))
        base = (
            f"{self.source}\x1f{written}\x1f{name}\x1f{order}{'w' if warmup else ''}"
            f"\x1f{reps}\x1f{load}"
        )
        occurrence = self._seen.get(base, 0)
        self._seen[base] = occurrence + 1
        if occurrence:
            base += f"\x1e{occurrence}"
        digest = hashlib.sha1(base.encode("utf-8", "surrogatepass"), usedforsecurity=False)
        return f"{self.source}:{digest.hexdigest()[:24]}"
