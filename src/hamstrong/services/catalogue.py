"""Finding exercises: the library the planner uses, and the whole free-exercise-db catalogue."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hamstrong.core.exercises import Exercise, Library
from hamstrong.core.fedb import LEVELS, FedbEntry, search_fedb
from hamstrong.core.search import SearchIndex
from hamstrong.core.vocab import Equipment, Level, Pattern
from hamstrong.errors import InvalidInput, shown

_INDEXES: dict[int, tuple[Library, SearchIndex]] = {}


def find_exercises(
    library: Library,
    *,
    text: str = "",
    pattern: Pattern | None = None,
    equipment: Iterable[Equipment] | None = None,
    level: Level | None = None,
) -> list[Exercise]:
    """The library's exercises of a pattern, doable with ``equipment`` (None: any, so nothing
    chosen shows everything), up to ``level``, that match the words of ``text``, best first."""
    chosen = library.filter(pattern=pattern, equipment=equipment, level=level)
    if not text.strip():
        return chosen
    ids = search_index(library).find(text, among=[e.id for e in chosen])
    return [library.get(i) for i in ids]


def search_index(library: Library) -> SearchIndex:
    """The search index of ``library``, built once per library (the app has one)."""
    kept = _INDEXES.get(id(library))
    if kept is not None and kept[0] is library:
        return kept[1]
    from hamstrong.core.search import parse_synonyms
    from hamstrong.library import aliases_document, load_library
    from hamstrong.services.transfer import load_aliases

    index = SearchIndex.build(
        library,  # the aliases are checked against the shipped library; a test's may be smaller
        aliases=load_aliases(load_library()),
        synonyms=parse_synonyms(aliases_document()),
    )
    if len(_INDEXES) > 8:  # tests make libraries of their own; keep a handful, not all
        _INDEXES.clear()
    _INDEXES[id(library)] = (library, index)
    return index


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
        raise InvalidInput(
            {"level": f"{shown(level)} is not allowed; use one of {', '.join(LEVELS)}"}
        )
    if show is not None:
        match = next((e for e in entries if e.id == show), None)
        if match is None:
            raise InvalidInput({"show": f"no catalogue entry has the id {shown(show)}"})
        return Found((match,), len(entries), tuple(skipped))
    found = search_fedb(
        entries, text=text, muscles=muscles, equipment=equipment, level=level, category=category
    )
    return Found(tuple(found), len(entries), tuple(skipped))
