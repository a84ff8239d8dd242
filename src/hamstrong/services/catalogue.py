"""Browsing the whole free-exercise-db catalogue (not only the library the planner uses)."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hamstrong.core.fedb import LEVELS, FedbEntry, search_fedb
from hamstrong.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Found:
    """The entries that match, how many the catalogue has, and the entries it skipped (why)."""

    entries: tuple[FedbEntry, ...]
    total: int
    skipped: tuple[str, ...]


def browse(
    file: Path | None = None,
    *,
    text: str | None = None,
    muscles: Sequence[str] = (),
    equipment: Sequence[str] = (),
    level: str | None = None,
    category: str | None = None,
    show: str | None = None,
) -> Found:
    """Search the shipped catalogue (or ``file``); ``show`` picks one entry by its id."""
    from hamstrong.library import load_fedb

    entries, skipped = load_fedb(file)
    if level is not None and level not in LEVELS:
        raise InvalidInput({"level": f"{level!r} is not allowed; use one of {', '.join(LEVELS)}"})
    if show is not None:
        match = next((e for e in entries if e.id == show), None)
        if match is None:
            raise InvalidInput({"show": f"no catalogue entry has the id {show!r}"})
        return Found((match,), len(entries), tuple(skipped))
    found = search_fedb(
        entries, text=text, muscles=muscles, equipment=equipment, level=level, category=category
    )
    return Found(tuple(found), len(entries), tuple(skipped))
