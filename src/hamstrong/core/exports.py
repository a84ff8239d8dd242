"""HamStrong's own export, JSON and CSV: everything logged, in a form that imports back as is."""

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from hamstrong.core.training_log import SetEntry, TrainingLog

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
)
KEY_PREFIX = "hamstrong:"
SYMPTOM_SEPARATOR = ";"

# A spreadsheet runs a cell that starts with one of these as a formula; a leading ' stops it.
# Cells that already start with apostrophes before such a character get one more, so that
# ``unescape_cell`` can always undo ``escape_cell`` exactly.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def escape_cell(text: str) -> str:
    """Defuse a cell a spreadsheet would run as a formula (CSV injection)."""
    return "'" + text if _FORMULA.match(text) else text


def unescape_cell(text: str) -> str:
    """Undo ``escape_cell`` when reading our own CSV back."""
    return text[1:] if _ESCAPED.match(text) else text


def keyed(sets: Iterable[SetEntry]) -> tuple[SetEntry, ...]:
    """Give sets logged in HamStrong (key None) a stable key, so re-importing adds nothing."""
    entries = tuple(sets)
    used = {entry.key for entry in entries if entry.key}
    seen: dict[str, int] = {}
    out: list[SetEntry] = []
    for entry in entries:
        if entry.key:
            out.append(entry)
            continue
        base = _fingerprint(entry)
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        key = _derived_key(base, occurrence)
        while key in used:  # only on a hash clash with a key already in the log
            occurrence += 1
            key = _derived_key(base, occurrence)
        used.add(key)
        out.append(replace(entry, key=key))
    return tuple(out)


def set_to_dict(entry: SetEntry) -> dict[str, Any]:
    """One set as an object of the ``hamstrong.export/1`` ``sets`` list."""
    return {
        "date": entry.day.isoformat(),
        "exercise": entry.exercise,
        "reps": entry.reps,
        "kg": entry.kg,
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
    }


def export_json(profile: Mapping[str, Any] | None, log: TrainingLog) -> dict[str, Any]:
    """The ``hamstrong.export/1`` document: every set, check-in and self-test, ready for json."""
    return {
        "schema": SCHEMA,
        "profile": None if profile is None else dict(profile),
        "sets": [set_to_dict(entry) for entry in keyed(log.sets)],
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
    }


def export_csv(log: TrainingLog) -> str:
    """Every set as CSV with ``CSV_COLUMNS``, safe to open in a spreadsheet."""
    # Lines end in CRLF (RFC 4180), which makes csv quote a name holding a bare CR so that it
    # survives; write the text to a file with newline="".
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for entry in keyed(log.sets):
        writer.writerow([escape_cell(cell) for cell in _csv_cells(entry)])
    return buffer.getvalue()


def _csv_cells(entry: SetEntry) -> tuple[str, ...]:
    return (
        entry.day.isoformat(),
        entry.exercise,
        str(entry.reps),
        _number(entry.kg),
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
