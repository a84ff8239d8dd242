"""Reading Strong, Hevy, Fitbod and HamStrong exports into sets: every row imported or explained.

This module tells which export a file is and hands it to its reader: ``import_apps`` for the
other apps' CSV, ``import_own`` for HamStrong's CSV and JSON; exercise names are matched in
``import_names``.
"""

import csv
import io
from collections.abc import Collection, Mapping
from datetime import date, tzinfo

from hamstrong.core.exports import CSV_COLUMNS
from hamstrong.core.import_apps import APPS, read_app_csv
from hamstrong.core.import_files import (
    NOT_AN_EXPORT,
    ImportResult,
    Layout,
    Reader,
    WeightUnit,
)
from hamstrong.core.import_names import SPACES
from hamstrong.core.import_own import read_own_csv, read_own_json
from hamstrong.errors import InvalidInput

__all__ = ["ImportResult", "Layout", "WeightUnit", "detect_layout", "parse_export"]

_HEADERS_HINT = (
    "the first line should be one of their headers, such as "
    "'Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,...' (Strong), "
    '\'"title","start_time",...,"exercise_title",...,"set_type","weight_kg",...\' (Hevy), '
    "'Date,Exercise,Reps,Weight(kg),...,isWarmup,...' (Fitbod) or "
    "'" + ",".join(CSV_COLUMNS[:4]) + ",...' (HamStrong)"
)


def parse_export(
    text: str,
    *,
    aliases: Mapping[str, str],
    known_ids: Collection[str],
    today: date | None = None,
    weight_unit: WeightUnit = "kg",
    zone: tzinfo | None = None,
) -> ImportResult:
    """Every set of a Strong, Hevy, Fitbod or HamStrong export; a bad row is noted, not fatal.
    Another app's times written without a zone are taken to be in ``zone`` (None: naive)."""
    # weight_unit: the unit of files that do not say it (Strong's plain Weight column).
    # today: sets dated after it are problems; the core has no clock of its own.
    layout, reader = _open(text)
    if reader is None:
        return read_own_json(text, known_ids, today)
    if layout.name == "hamstrong":
        return read_own_csv(layout, reader, known_ids, today)
    return read_app_csv(layout, reader, aliases, frozenset(known_ids), today, weight_unit, zone)


def detect_layout(text: str) -> Layout:
    """Which export a text is, from its first line; InvalidInput when it is none we know."""
    layout, _ = _open(text)
    return layout


def _open(text: str) -> tuple[Layout, Reader | None]:
    """The layout and a csv reader positioned after the header (None for JSON)."""
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return Layout("hamstrong-json", "hamstrong", delimiter="", unit="kg"), None
    first = stripped.partition("\n")[0].partition("\r")[0]
    if not first:
        raise InvalidInput(
            {"file": f"the file is empty, so it is {NOT_AN_EXPORT}; {_HEADERS_HINT}"}
        )
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    row: list[str] = []
    for row in reader:
        if any(cell.strip() for cell in row):
            break
    header = tuple(SPACES.sub(" ", cell.strip().strip('"').strip().lower()) for cell in row)
    return _classify(header, delimiter, first), reader


def _classify(header: tuple[str, ...], delimiter: str, first: str) -> Layout:
    names = set(header)
    if {"date", "exercise", "reps", "source", "key"} <= names:
        return Layout("hamstrong", "hamstrong", delimiter, header)
    if {"start_time", "exercise_title"} <= names:
        unit = _header_unit(names, "weight_kg", ("weight_lbs", "weight_lb"))
        return _checked(Layout("hevy", "hevy", delimiter, header, unit))
    if "num_sets" in names and "start_time" in names:
        raise InvalidInput(
            {
                "file": "this is Hevy's workout summary, which has no sets; export the workout "
                "data instead, whose header has exercise_title, set_index and set_type"
            }
        )
    if "exercise" in names and ("iswarmup" in names or any(h.startswith("weight(") for h in names)):
        unit = _header_unit(names, "weight(kg)", ("weight(lbs)", "weight(lb)"))
        return _checked(Layout("fitbod", "fitbod", delimiter, header, unit))
    if {"exercise name", "set order"} <= names:
        if "weight unit" in names:
            layout = Layout("strong-legacy", "strong", delimiter, header, None)
        elif "weight (kg)" in names or "weight (lbs)" in names or "weight (lb)" in names:
            unit = _header_unit(names, "weight (kg)", ("weight (lbs)", "weight (lb)"))
            layout = Layout("strong-6", "strong", delimiter, header, unit)
        else:
            layout = Layout("strong", "strong", delimiter, header, None)
        return _checked(layout)
    seen = first.strip()
    seen = seen if len(seen) <= 70 else seen[:70] + "…"
    raise InvalidInput({"file": f"{NOT_AN_EXPORT}; {_HEADERS_HINT}; it starts with {seen!r}"})


def _header_unit(names: set[str], kg: str, lbs: tuple[str, ...]) -> WeightUnit | None:
    if kg in names:
        return "kg"
    if any(name in names for name in lbs):
        return "lbs"
    return None


def _checked(layout: Layout) -> Layout:
    """The layout, once its app's required columns are found in its header."""
    APPS[layout.source].find(layout.header)
    return layout
