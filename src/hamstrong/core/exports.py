"""HamStrong's own export, JSON and CSV: everything logged, in a form that imports back as is.

Loads are written in kg (``kg``), the stored value to the last digit, so a file imports back
without drifting; a user who reads pounds also gets each load in pounds (``lb``, to 0.1 lb as the
app shows it), and the JSON says the user's unit (``"unit"``). A file with only an ``lb`` column
(written by hand, or by another tool) imports through ``units.to_kg``.
"""

import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from json.encoder import encode_basestring
from typing import Any

from hamstrong.core.training_log import (
    Checkin,
    SelfTest,
    SessionEntry,
    SetEntry,
    Symptom,
    TrainingLog,
)
from hamstrong.core.units import Unit, shown
from hamstrong.core.vocab import Side

SCHEMA = "hamstrong.export/1"
CSV_COLUMNS = (
    "date",
    "exercise",
    "reps",
    "kg",
    "rpe",
    "pain",
    "side",
    "warmup",
    "source",
    "order",
    "at",
    "symptoms",
    "key",
    "name",
    "note",
)
LB_COLUMN = "lb"  # after "kg", in the exports of a user who reads pounds
KEY_PREFIX = "hamstrong:"
SYMPTOM_SEPARATOR = ";"

# A spreadsheet runs a cell that starts with one of these as a formula; a leading ' stops it.
# Cells that already start with apostrophes before such a character get one more, so that
# ``unescape_cell`` can always undo ``escape_cell`` exactly.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_FIRST = frozenset("'=+-@\t\r")  # a cell starting otherwise needs no look (most do not)
# a cell after the first starting with one (a CR in a cell is found by counting line ends)
_CELL_STARTS = tuple(f",{char}" for char in sorted(_FIRST - {"\r"}))
_SIDES = {side: side.value for side in Side}
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def escape_cell(text: str) -> str:
    """Defuse a cell a spreadsheet would run as a formula (CSV injection)."""
    return "'" + text if text[:1] in _FIRST and _FORMULA.match(text) else text


def unescape_cell(text: str) -> str:
    """Undo ``escape_cell`` when reading our own CSV back."""
    return text[1:] if _ESCAPED.match(text) else text


def keyed(sets: Iterable[SetEntry]) -> tuple[SetEntry, ...]:
    """Give sets logged in HamStrong (key None) a stable key, so re-importing adds nothing."""
    entries = tuple(sets)
    used = {entry.key for entry in entries if entry.key}
    seen: dict[str, int] = {}
    return tuple(
        entry if entry.key else replace(entry, key=_new_key(set_fields(entry), seen, used))
        for entry in entries
    )


# A set as the exports write it: its values as plain data, the day and the time already as
# their ISO 8601 text, the side as its value, the symptoms' values joined by "," ("" for none).
# The store reads the exports' sets in this form (``Store.stream_set_fields``) without making
# a SetEntry and an aware datetime for each: at 113,000 sets that was most of an export's CPU.
SetFields = tuple[
    str,  # day
    str,  # exercise
    int,  # reps
    float | None,  # kg
    float | None,  # rpe
    int | None,  # pain
    str,  # side
    int,  # warmup (a bool, or the 0 or 1 SQLite keeps)
    str,  # source
    int,  # order
    str | None,  # at
    str,  # symptoms
    str | None,  # key
    str | None,  # name
    str | None,  # note
]


def set_fields(entry: SetEntry) -> SetFields:
    """``entry`` as the exports write it (the day and the time as ``isoformat`` gives them)."""
    return (
        entry.day.isoformat(),
        entry.exercise,
        entry.reps,
        entry.kg,
        entry.rpe,
        entry.pain,
        entry.side.value,
        entry.warmup,
        entry.source,
        entry.order,
        None if entry.at is None else entry.at.isoformat(),
        ",".join(symptom.value for symptom in entry.symptoms),
        entry.key,
        entry.name,
        entry.note,
    )


def keyed_fields(
    batches: Iterable[Sequence[SetFields]], used: set[str]
) -> Iterator[Sequence[SetFields]]:
    """``keyed`` for sets that arrive in log order (day by day), a batch at a time, holding one
    day's fingerprints: ``used`` is every key the log's sets carry (``keyed`` collects them
    first), and grows by the keys derived here. Gives the same keys as ``keyed`` over the whole
    log; a batch whose sets all have keys (an imported log) is passed on as it is."""
    day: str | None = None
    seen: dict[str, int] = {}  # a fingerprint starts with the day: it repeats within one
    for batch in batches:
        if all(row[12] for row in batch):
            if batch and batch[-1][0] != day:  # its last day's sets all have keys so far
                day, seen = batch[-1][0], {}
            yield batch
            continue
        rows = list(batch)
        for i, row in enumerate(rows):
            if row[0] != day:  # a run of one day's sets (as ``groupby`` would give it)
                day, seen = row[0], {}
            if not row[12]:
                key = _new_key(row, seen, used)
                rows[i] = (*row[:12], key, *row[13:])  # 12: the key
        yield rows


def _new_key(row: SetFields, seen: dict[str, int], used: set[str]) -> str:
    """A key for a set without one, derived from its fingerprint and how many times that
    fingerprint came before (``seen``), skipping keys already ``used`` (grows both)."""
    base = _fingerprint(row)
    occurrence = seen.get(base, 0)
    seen[base] = occurrence + 1
    key = _derived_key(base, occurrence)
    while key in used:  # only on a hash clash with a key already in the log
        occurrence += 1
        key = _derived_key(base, occurrence)
    used.add(key)
    return key


def set_to_dict(entry: SetEntry, unit: Unit = Unit.KG) -> dict[str, Any]:
    """One set as an object of the ``hamstrong.export/1`` ``sets`` list; ``lb`` beside ``kg``
    for a user who reads pounds."""
    load: dict[str, Any] = {"kg": entry.kg}
    if unit is Unit.LB:
        load[LB_COLUMN] = None if entry.kg is None else shown(entry.kg, unit)
    return {
        "date": entry.day.isoformat(),
        "exercise": entry.exercise,
        "reps": entry.reps,
        **load,
        "rpe": entry.rpe,
        "pain": entry.pain,
        "side": entry.side.value,
        "warmup": entry.warmup,
        "source": entry.source,
        "order": entry.order,
        "at": None if entry.at is None else entry.at.isoformat(),
        "symptoms": [symptom.value for symptom in entry.symptoms],
        "key": entry.key,
        "name": entry.name,
        "note": entry.note,
    }


def session_to_dict(entry: SessionEntry) -> dict[str, Any]:
    """One session as an object of the ``sessions`` list: what a day's session holds beyond
    its sets (when it started and finished, its note). Exports made before it have no list."""
    return {
        "date": entry.day.isoformat(),
        "started": None if entry.started is None else entry.started.isoformat(),
        "finished": None if entry.finished is None else entry.finished.isoformat(),
        "note": entry.note,
    }


def export_json(
    profile: Mapping[str, Any] | None, log: TrainingLog, unit: Unit = Unit.KG
) -> dict[str, Any]:
    """The ``hamstrong.export/1`` document: every set, check-in, self-test and session, ready
    for json; ``unit`` is the unit the user reads loads in."""
    return {
        **_head(profile, unit),
        "sets": [set_to_dict(entry, unit) for entry in keyed(log.sets)],
        "checkins": [{"date": c.day.isoformat(), "pain": c.pain} for c in log.checkins],
        "tests": [
            {
                "date": t.day.isoformat(),
                "kind": t.kind.value,
                "value": t.value,
                "side": t.side.value,
            }
            for t in log.tests
        ],
        "sessions": [session_to_dict(entry) for entry in log.sessions],
    }


def export_json_text(
    profile: Mapping[str, Any] | None,
    batches: Iterable[Sequence[SetFields]],
    checkins: Sequence[Checkin],
    tests: Sequence[SelfTest],
    sessions: Sequence[SessionEntry] = (),
    *,
    unit: Unit = Unit.KG,
) -> Iterator[str]:
    """The text of ``json.dumps(export_json(...), indent=2, ensure_ascii=False)`` plus a newline,
    a piece per batch of sets (already keyed, in log order), read as they come, so that a log
    of any length is written in the same memory (tests compare the two texts)."""
    yield _dumps(_head(profile, unit))[:-2] + ',\n  "sets": ['
    written = False
    texts = _JsonTexts(unit)
    for batch in batches:
        if batch:
            yield ("," if written else "") + "\n" + texts.sets(batch)
            written = True
    tail = export_json(None, TrainingLog((), tuple(checkins), tuple(tests), tuple(sessions)))
    rest = {name: tail[name] for name in ("checkins", "tests", "sessions")}
    yield ("\n  ]" if written else "]") + ",\n" + _dumps(rest)[2:] + "\n"


def _head(profile: Mapping[str, Any] | None, unit: Unit) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "unit": unit.value,
        "profile": None if profile is None else dict(profile),
    }


def _dumps(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


# One set as ``json.dumps`` with indent 2 writes it inside the ``sets`` list, in
# ``set_to_dict``'s order (tests compare the two: a new field goes in both), the values as
# json texts; the pounds line is "" in kg. The indenting encoder is pure Python and slow.
_SET_JSON = (
    '    {\n      "date": "%s",\n      "exercise": %s,\n      "reps": %s,\n      "kg": %s,\n'
    '%s      "rpe": %s,\n      "pain": %s,\n      "side": %s,\n      "warmup": %s,\n'
    '      "source": %s,\n      "order": %s,\n      "at": %s,\n      "symptoms": %s,\n'
    '      "key": %s,\n      "name": %s,\n      "note": %s\n    }'
)
_JSON_SIDES = {side.value: f'"{side.value}"' for side in Side}  # KeyError: no such side
_NOT_FINITE = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}  # repr -> json's names
_KEPT_TEXTS = 4_096  # distinct texts kept between batches (memory stays that of a batch)


class _JsonTexts:
    """Writes batches of sets as json text, each text that repeats from set to set (exercise
    ids, sources, names, times, symptoms, loads in pounds) escaped or formatted once."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit
        self._strings: dict[str, str] = {}
        self._symptoms: dict[str, str] = {"": "[]"}
        self._pounds: dict[str, str] = {}  # by the kg's json text

    def sets(self, batch: Sequence[SetFields]) -> str:
        """The batch's sets joined as in the ``sets`` list (no separator before the first)."""
        strings, symptom_texts, pounds = self._strings, self._symptoms, self._pounds
        if len(strings) > _KEPT_TEXTS or len(pounds) > _KEPT_TEXTS:
            strings.clear()
            pounds.clear()
        in_lb = self._unit is Unit.LB
        last_at: str | None = None
        at_text = "null"
        written = []
        for row in batch:
            day, exercise, reps, kg, rpe, pain, side, warmup, source, order, at, symptoms = row[:12]
            key, name, note = row[12:]
            if at != last_at:
                last_at, at_text = at, "null" if at is None else encode_basestring(at)
            kg_text = "null" if kg is None else repr(kg)
            if kg_text[-1] in "nf":  # nan, inf, -inf
                kg_text = _NOT_FINITE.get(kg_text, kg_text)
            rpe_text = "null" if rpe is None else repr(rpe)
            if rpe_text[-1] in "nf":
                rpe_text = _NOT_FINITE.get(rpe_text, rpe_text)
            lb_text = ""
            if in_lb:
                lb_text = pounds.get(kg_text) or self._pounds_line(kg_text, kg)
            exercise_text = strings.get(exercise)
            if exercise_text is None:
                exercise_text = strings[exercise] = encode_basestring(exercise)
            source_text = strings.get(source)
            if source_text is None:
                source_text = strings[source] = encode_basestring(source)
            if name is None:
                name_text = "null"
            else:
                name_text = strings.get(name) or strings.setdefault(name, encode_basestring(name))
            written.append(
                _SET_JSON
                % (
                    day,
                    exercise_text,
                    int.__repr__(reps),
                    kg_text,
                    lb_text,
                    rpe_text,
                    "null" if pain is None else int.__repr__(pain),
                    _JSON_SIDES[side],
                    "true" if warmup else "false",
                    source_text,
                    int.__repr__(order),
                    at_text,
                    symptom_texts.get(symptoms) or self._symptoms_text(symptoms),
                    "null" if key is None else encode_basestring(key),
                    name_text,
                    "null" if note is None else encode_basestring(note),
                )
            )
        return ",\n".join(written)

    def _pounds_line(self, kg_text: str, kg: float | None) -> str:
        lb = None if kg is None else shown(kg, self._unit)
        line = self._pounds[kg_text] = f'      "{LB_COLUMN}": {_number_json(lb)},\n'
        return line

    def _symptoms_text(self, symptoms: str) -> str:
        values = [Symptom(value).value for value in symptoms.split(",")]  # ValueError: unknown
        text = self._symptoms[symptoms] = _dumps(values).replace("\n", "\n      ")
        return text


def _number_json(value: float | None) -> str:
    """A number as json writes it (repr; NaN and infinities by their json names)."""
    if value is None:
        return "null"
    return repr(value) if math.isfinite(value) else _dumps(value)


def csv_columns(unit: Unit = Unit.KG) -> tuple[str, ...]:
    """The header: ``CSV_COLUMNS``, with ``lb`` after ``kg`` for a user who reads pounds."""
    if unit is Unit.KG:
        return CSV_COLUMNS
    at = CSV_COLUMNS.index("kg") + 1
    return (*CSV_COLUMNS[:at], LB_COLUMN, *CSV_COLUMNS[at:])


def csv_lines(batches: Iterable[Sequence[SetFields]], unit: Unit = Unit.KG) -> Iterator[str]:
    """``export_csv``'s text in pieces: the header, then a piece per batch of sets (already
    keyed, in log order), so that the memory stays that of one batch.

    A batch is written as lines joined directly and taken as it is when its text shows that
    no cell needed escaping (``escape_cell``) or quoting (``_plain``); else each of its sets
    is written as ``csv.writer`` writes its escaped cells (tests compare the two)."""
    yield ",".join(csv_columns(unit)) + "\r\n"
    commas = len(csv_columns(unit)) - 1
    pounds: dict[str, str] = {}  # by the kg's text: a log repeats its loads
    for batch in batches:
        if len(pounds) > _KEPT_TEXTS:
            pounds.clear()
        lines = []
        for row in batch:
            day, exercise, reps, kg, rpe, pain, side, warmup, source, order, at, symptoms = row[:12]
            key, name, note = row[12:]
            kg_text = "" if kg is None else repr(kg)
            if unit is Unit.LB:
                kg_text += pounds.get(kg_text) or _pounds_cell(pounds, kg_text, kg, unit)
            lines.append(
                f"{day},{exercise},{reps},{kg_text},{'' if rpe is None else repr(rpe)},"
                f"{'' if pain is None else pain},{_CSV_SIDES[side]},"
                f"{'true' if warmup else 'false'},{source},{order},{at or ''},"
                f"{symptoms.replace(',', SYMPTOM_SEPARATOR)},{key or ''},{name or ''},"
                f"{note or ''}\r\n"
            )
        text = "".join(lines)
        yield text if _plain(text, len(lines), commas) else _written(batch, unit)


_CSV_SIDES = {side.value: side.value for side in Side}  # KeyError: no such side


def _pounds_cell(pounds: dict[str, str], kg_text: str, kg: float | None, unit: Unit) -> str:
    cell = pounds[kg_text] = "," if kg is None else f",{shown(kg, unit):g}"
    return cell


def _plain(text: str, lines: int, commas: int) -> bool:
    """Whether ``lines`` lines of cells joined by commas, each ended by CRLF, are what
    ``csv.writer`` writes of their escaped cells: no cell holds a comma, quote, CR or LF (the
    counts are exactly the separators and line ends), and none starts with a formula
    character or an apostrophe (no line starts with one: each starts with its day)."""
    return (
        text.count(",") == commas * lines
        and text.count("\n") == lines
        and text.count("\r") == lines
        and '"' not in text
        and not any(start in text for start in _CELL_STARTS)
    )


def _written(batch: Sequence[SetFields], unit: Unit) -> str:
    """The batch as ``csv.writer`` writes its sets' escaped cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([escape_cell(cell) for cell in _csv_cells(row, unit)] for row in batch)
    return buffer.getvalue()


def export_csv(log: TrainingLog, unit: Unit = Unit.KG) -> str:
    """Every set as CSV with ``csv_columns(unit)``, safe to open in a spreadsheet."""
    # Lines end in CRLF (RFC 4180), which makes csv quote a name holding a bare CR so that it
    # survives; write the text to a file with newline="".
    return "".join(csv_lines([[set_fields(entry) for entry in keyed(log.sets)]], unit))


def _csv_cells(row: SetFields, unit: Unit) -> tuple[str, ...]:
    day, exercise, reps, kg, rpe, pain, side, warmup, source, order, at, symptoms = row[:12]
    key, name, note = row[12:]
    pounds: tuple[str, ...] = ()
    if unit is Unit.LB:
        pounds = ("" if kg is None else f"{shown(kg, unit):g}",)
    return (
        day,
        exercise,
        str(reps),
        _number(kg),
        *pounds,
        _number(rpe),
        "" if pain is None else str(pain),
        _CSV_SIDES[side],
        "true" if warmup else "false",
        source,
        str(order),
        at or "",
        symptoms.replace(",", SYMPTOM_SEPARATOR),
        key or "",
        name or "",
        note or "",
    )


def _number(value: float | None) -> str:
    return "" if value is None else repr(value)  # repr: the shortest text that reads back exactly


def _fingerprint(row: SetFields) -> str:
    day, exercise, reps, kg, rpe, pain, side, warmup, source, order, at, symptoms = row[:12]
    name = row[13]
    fields = (
        day,
        exercise,
        str(reps),
        _number(kg),
        _number(rpe),
        "" if pain is None else str(pain),
        side,
        "True" if warmup else "False",
        source,
        str(order),
        at or "",
        symptoms,
        "\x00" if name is None else name,
    )
    return "\x1f".join(fields)


def _derived_key(base: str, occurrence: int) -> str:
    text = f"{base}\x1e{occurrence}".encode("utf-8", "surrogatepass")
    return KEY_PREFIX + hashlib.sha1(text, usedforsecurity=False).hexdigest()[:24]
