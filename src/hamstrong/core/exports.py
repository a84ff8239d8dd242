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
from datetime import date, datetime, timedelta
from json.encoder import encode_basestring
from typing import Any

from hamstrong.core.training_log import Checkin, SelfTest, SessionEntry, SetEntry, TrainingLog
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
_CELL_STARTS = tuple(f",{char}" for char in sorted(_FIRST))  # a cell after the first one
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
    return tuple(_with_key(entry, seen, used) for entry in entries)


def keyed_stream(sets: Iterable[SetEntry], used: set[str]) -> Iterator[SetEntry]:
    """``keyed`` for sets that arrive in log order (day by day), holding one day at a time:
    ``used`` is every key the log's sets carry (``keyed`` collects them first), and grows by the
    keys derived here. Gives the same keys as ``keyed`` over the whole log."""
    day: date | None = None
    seen: dict[str, int] = {}  # a fingerprint starts with the day: it repeats within one
    for entry in sets:
        if entry.day != day:  # a run of one day's sets (as ``groupby`` would give it)
            day, seen = entry.day, {}
        yield entry if entry.key else _with_key(entry, seen, used)


def _with_key(entry: SetEntry, seen: dict[str, int], used: set[str]) -> SetEntry:
    """The entry with its key: its own, or one derived from its fingerprint and how many times
    that fingerprint came before (``seen``), skipping keys already ``used`` (grows both)."""
    if entry.key:
        return entry
    base = _fingerprint(entry)
    occurrence = seen.get(base, 0)
    seen[base] = occurrence + 1
    key = _derived_key(base, occurrence)
    while key in used:  # only on a hash clash with a key already in the log
        occurrence += 1
        key = _derived_key(base, occurrence)
    used.add(key)
    return replace(entry, key=key)


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
    sets: Iterable[SetEntry],
    checkins: Sequence[Checkin],
    tests: Sequence[SelfTest],
    sessions: Sequence[SessionEntry] = (),
    *,
    unit: Unit = Unit.KG,
    per_piece: int = 500,
) -> Iterator[str]:
    """The text of ``json.dumps(export_json(...), indent=2, ensure_ascii=False)`` plus a newline,
    in pieces of ``per_piece`` sets: sets already keyed, read as they come, so that a log of any
    length is written in the same memory (tests compare the two texts)."""
    yield _dumps(_head(profile, unit))[:-2] + ',\n  "sets": ['
    piece: list[str] = []
    written = False
    runs = _Runs()
    for entry in sets:
        piece.append(_set_text(entry, unit, *runs.texts(entry)))
        if len(piece) >= per_piece:
            yield ("," if written else "") + "\n" + ",\n".join(piece)
            written, piece = True, []
    if piece:
        yield ("," if written else "") + "\n" + ",\n".join(piece)
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


class _Runs:
    """The day's and the time's text of sets read day by day, each made once per run of
    equal values (a workout's sets share them), holding only the last of each."""

    def __init__(self) -> None:
        self._day: date | None = None
        self._at: tuple[datetime, timedelta | None] | None = None  # equal ones: the same text
        self._texts = ("", "")

    def texts(self, entry: SetEntry) -> tuple[str, str]:
        """``entry``'s day and time (``""`` for none) in ISO 8601."""
        at = None if entry.at is None else (entry.at, entry.at.utcoffset())
        if entry.day != self._day or at != self._at:
            day = self._texts[0] if entry.day == self._day else entry.day.isoformat()
            moment = self._texts[1] if at == self._at else _iso(entry.at)
            self._day, self._at, self._texts = entry.day, at, (day, moment)
        return self._texts


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat()


def _set_text(entry: SetEntry, unit: Unit, day: str, at: str) -> str:
    """One set as ``json.dumps`` with indent 2 writes it inside the ``sets`` list. Its
    indenting encoder is pure Python and slow, so a set without symptoms (a flat object) is
    written field by field here, in ``set_to_dict``'s order; one with symptoms goes through
    ``set_to_dict`` (tests compare the two texts, so a new field must be added to both)."""
    if entry.symptoms:
        fields = set_to_dict(entry, unit)
        text = ",\n".join(
            f"      {encode_basestring(name)}: {_value_text(value)}"
            for name, value in fields.items()
        )
        return "    {\n" + text + "\n    }"
    moment = f'"{at}"' if at else "null"
    pounds = ""
    if unit is Unit.LB:
        lb = None if entry.kg is None else shown(entry.kg, unit)
        pounds = f'      "{LB_COLUMN}": {_number_json(lb)},\n'
    return (
        f'    {{\n      "date": "{day}",\n'
        f'      "exercise": {encode_basestring(entry.exercise)},\n'
        f'      "reps": {int.__repr__(entry.reps)},\n'
        f'      "kg": {_number_json(entry.kg)},\n'
        f"{pounds}"
        f'      "rpe": {_number_json(entry.rpe)},\n'
        f'      "pain": {"null" if entry.pain is None else int.__repr__(entry.pain)},\n'
        f'      "side": "{_SIDES[entry.side]}",\n'
        f'      "warmup": {"true" if entry.warmup else "false"},\n'
        f'      "source": {encode_basestring(entry.source)},\n'
        f'      "order": {int.__repr__(entry.order)},\n'
        f'      "at": {moment},\n'
        f'      "symptoms": [],\n'
        f'      "key": {"null" if entry.key is None else encode_basestring(entry.key)},\n'
        f'      "name": {"null" if entry.name is None else encode_basestring(entry.name)},\n'
        f'      "note": {"null" if entry.note is None else encode_basestring(entry.note)}\n'
        "    }"
    )


def _number_json(value: float | None) -> str:
    """A number as json writes it (repr; NaN and infinities by their json names)."""
    if value is None:
        return "null"
    return repr(value) if math.isfinite(value) else _dumps(value)


def _value_text(value: object) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return repr(value)
    if isinstance(value, list) and not value:
        return "[]"
    return _dumps(value).replace("\n", "\n      ")  # nested: indent it as json.dumps would


def csv_columns(unit: Unit = Unit.KG) -> tuple[str, ...]:
    """The header: ``CSV_COLUMNS``, with ``lb`` after ``kg`` for a user who reads pounds."""
    if unit is Unit.KG:
        return CSV_COLUMNS
    at = CSV_COLUMNS.index("kg") + 1
    return (*CSV_COLUMNS[:at], LB_COLUMN, *CSV_COLUMNS[at:])


def csv_lines(sets: Iterable[SetEntry], unit: Unit = Unit.KG) -> Iterator[str]:
    """``export_csv``'s text in pieces, from sets already keyed read as they come.

    Each row is written as one formatted line (``_plain_row``) and taken as it is when no cell
    needs escaping (``escape_cell``) or quoting; only then is it built cell by cell and
    written as ``csv.writer`` does (tests compare the two). Sets come day by day, so the day's
    and the time's text are each made once per run of equal values (most sets of a workout
    share them), holding nothing more: the memory stays that of one piece."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_columns(unit))
    commas = len(csv_columns(unit)) - 1
    runs = _Runs()
    for n, entry in enumerate(sets, start=1):
        line = _plain_row(entry, unit, *runs.texts(entry))
        if (
            line.count(",") == commas
            and line[:1] not in _FIRST
            and not any(start in line for start in _CELL_STARTS)
            and '"' not in line
            and "\r" not in line
            and "\n" not in line
        ):
            buffer.write(line)
            buffer.write("\r\n")
        else:  # a cell with a comma, quote, line break or formula start: cell by cell
            row = [escape_cell(cell) for cell in _csv_cells(entry, unit)]
            plain = plain_csv_line(row)
            if plain is None:
                writer.writerow(row)
            else:
                buffer.write(plain)
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _plain_row(entry: SetEntry, unit: Unit, day: str, at: str) -> str:
    """``_csv_cells`` joined by commas (``day`` and ``at``: the set's day and time as text):
    the line, without its end, when no cell needs escaping or quoting."""
    kg = entry.kg
    pounds = ("," if kg is None else f",{shown(kg, unit):g}") if unit is Unit.LB else ""
    symptoms = SYMPTOM_SEPARATOR.join(s.value for s in entry.symptoms) if entry.symptoms else ""
    return (
        f"{day},{entry.exercise},{entry.reps},{'' if kg is None else repr(kg)}{pounds},"
        f"{'' if entry.rpe is None else repr(entry.rpe)},"
        f"{'' if entry.pain is None else entry.pain},{_SIDES[entry.side]},"
        f"{'true' if entry.warmup else 'false'},{entry.source},{entry.order},{at},{symptoms},"
        f"{entry.key or ''},{entry.name or ''},{entry.note or ''}"
    )


def plain_csv_line(cells: Sequence[str]) -> str | None:
    """The line ``csv.writer`` writes for ``cells`` when none needs quoting (no comma, quote,
    CR or LF in any), else None: joined directly, most rows of an export cost a fifth as much
    (a property test compares the two)."""
    line = ",".join(cells)
    if len(cells) < 2 or line.count(",") != len(cells) - 1:
        return None
    if '"' in line or "\r" in line or "\n" in line:
        return None
    return line + "\r\n"


def export_csv(log: TrainingLog, unit: Unit = Unit.KG) -> str:
    """Every set as CSV with ``csv_columns(unit)``, safe to open in a spreadsheet."""
    # Lines end in CRLF (RFC 4180), which makes csv quote a name holding a bare CR so that it
    # survives; write the text to a file with newline="".
    return "".join(csv_lines(keyed(log.sets), unit))


def _csv_cells(entry: SetEntry, unit: Unit) -> tuple[str, ...]:
    pounds: tuple[str, ...] = ()
    if unit is Unit.LB:
        pounds = ("" if entry.kg is None else f"{shown(entry.kg, unit):g}",)
    return (
        entry.day.isoformat(),
        entry.exercise,
        str(entry.reps),
        _number(entry.kg),
        *pounds,
        _number(entry.rpe),
        "" if entry.pain is None else str(entry.pain),
        entry.side.value,
        "true" if entry.warmup else "false",
        entry.source,
        str(entry.order),
        "" if entry.at is None else entry.at.isoformat(),
        SYMPTOM_SEPARATOR.join(symptom.value for symptom in entry.symptoms),
        entry.key or "",
        entry.name or "",
        entry.note or "",
    )


def _number(value: float | None) -> str:
    return "" if value is None else repr(value)  # repr: the shortest text that reads back exactly


def _fingerprint(entry: SetEntry) -> str:
    fields = (
        entry.day.isoformat(),
        entry.exercise,
        str(entry.reps),
        _number(entry.kg),
        _number(entry.rpe),
        "" if entry.pain is None else str(entry.pain),
        entry.side.value,
        str(entry.warmup),
        entry.source,
        str(entry.order),
        "" if entry.at is None else entry.at.isoformat(),
        ",".join(symptom.value for symptom in entry.symptoms),
        "\x00" if entry.name is None else entry.name,
    )
    return "\x1f".join(fields)


def _derived_key(base: str, occurrence: int) -> str:
    text = f"{base}\x1e{occurrence}".encode("utf-8", "surrogatepass")
    return KEY_PREFIX + hashlib.sha1(text, usedforsecurity=False).hexdigest()[:24]
