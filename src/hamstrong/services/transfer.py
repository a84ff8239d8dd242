"""Transfer use-cases: import another app's export, export the log."""

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from hamstrong.core.exercises import Library
from hamstrong.core.units import Unit

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from hamstrong.core.imports import ImportResult
    from hamstrong.core.training_log import SetEntry
    from hamstrong.store import Store


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did. Every row is a set (added or already there) or skipped, and a
    skipped row is either no set (a rest timer, a note, cardio) or a problem, listed in
    ``problems`` and counted in ``skipped`` too; names kept as the user's own exercises are
    ``unmatched``, imported all the same."""

    layout: str
    added: int
    already: int
    not_sets: int
    problems: tuple[str, ...]
    unmatched: tuple[str, ...] = field(default=())

    @property
    def skipped(self) -> int:
        return self.not_sets + len(self.problems)


def load_aliases(library: Library) -> dict[str, str]:
    """Other apps' exercise names and our id for each, checked against ``library``."""
    from hamstrong.core.import_names import parse_aliases
    from hamstrong.library import aliases_document

    return parse_aliases(aliases_document(), known_ids=frozenset(e.id for e in library))


def parse_import(
    text: str, *, library: Library, today: date, weight_unit: str = "kg"
) -> "ImportResult":
    from hamstrong.core.imports import parse_export

    return parse_export(
        text,
        aliases=load_aliases(library),
        known_ids=frozenset(e.id for e in library),
        today=today,
        weight_unit="lbs" if weight_unit in ("lb", "lbs") else "kg",
        zone=UTC,  # exports without a time zone (Strong, Hevy) are UTC wall-clock times
    )


def import_text(
    store: "Store",
    *,
    user_id: int,
    text: str,
    library: Library,
    today: date,
    weight_unit: str | None = None,
) -> ImportSummary:
    """Parse everything first, then store it all in one transaction (all or nothing). A file
    that does not say its unit is read in ``weight_unit``, by default the user's own."""
    from hamstrong.services.accounts import unit

    if weight_unit is None:
        weight_unit = unit(store, user_id=user_id).value
    result = parse_import(text, library=library, today=today, weight_unit=weight_unit)
    # the parser gives other apps' times their zone; this is for our own files' naive ones
    sets = [replace(e, at=_aware(e.at)) if e.at and e.at.tzinfo is None else e for e in result.sets]
    sessions = [
        replace(entry, started=_aware(entry.started), finished=_aware(entry.finished))
        for entry in result.sessions
    ]
    added = store.import_all(
        user_id, sets=sets, checkins=result.checkins, tests=result.tests, sessions=sessions
    )
    return ImportSummary(
        result.layout,
        added,
        len(result.sets) - added,
        result.not_sets,
        result.problems,
        result.unmatched,
    )


def _aware(moment: datetime | None) -> datetime | None:
    """Our own files' times without a zone are UTC, as their sets' are."""
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def sets_document(entries: "Sequence[SetEntry]", unit: Unit = Unit.KG) -> list[dict[str, Any]]:
    """Sets as the ``sets`` list of a ``hamstrong.export/1`` document (history as JSON)."""
    from hamstrong.core.exports import export_json
    from hamstrong.core.training_log import TrainingLog

    sets: list[dict[str, Any]] = export_json(None, TrainingLog(tuple(entries)), unit)["sets"]
    return sets


def export(store: "Store", *, user_id: int, fmt: str) -> str:
    """The whole export as one text (the command line writes it to a file)."""
    return "".join(export_pieces(store, user_id=user_id, fmt=fmt))


def export_pieces(store: "Store", *, user_id: int, fmt: str) -> "Iterator[str]":
    """The export (``csv`` or ``json``) as pieces of text, the sets read a chunk at a time, so
    that a web response streams years of history in the same memory as a week of it. Loads in
    kg, and in lb too for a user who reads pounds. A piece is one chunk of sets: about 200 KB
    (a response sends each piece as it comes; bigger ones mean fewer sends, smaller ones the
    first bytes sooner)."""
    from hamstrong.core.exports import KEY_PREFIX, csv_lines, export_json_text, keyed_fields
    from hamstrong.services.accounts import unit

    shown_in = unit(store, user_id=user_id)
    # a derived key starts with KEY_PREFIX, so only stored keys that do can clash with one
    # (an imported log's 100,000 other keys need not be read)
    used = store.set_keys(user_id, prefix=KEY_PREFIX)
    chunk = _CSV_CHUNK if fmt == "csv" else _JSON_CHUNK
    sets = keyed_fields(store.stream_set_fields(user_id, chunk=chunk), used)
    if fmt == "csv":
        return csv_lines(sets, shown_in)
    saved = store.active_programme(user_id)
    profile = saved.profile if saved else None
    return export_json_text(
        profile,
        sets,
        store.checkins(user_id),
        store.tests(user_id),
        store.sessions(user_id),
        unit=shown_in,
    )


_CSV_CHUNK = 1_500  # sets a piece: about 200 KB of CSV (a line is about 140 bytes)
_JSON_CHUNK = 500  # about 200 KB of JSON (a set is about 415 bytes)
