"""Search that forgives: words in any order, plurals, other apps' names, abbreviations, typos.

An exercise matches when every word of the query is found in it: exactly, as the start of a
word ("nor" while typing "nordic"), or within a small edit distance ("nordik"). Each exercise is
searched under its name and id, the names other apps give it (the import aliases), the phrases
that mean the same in the gym ("RDL" is "Romanian deadlift"), its movement, equipment, tags and
muscles, and its summary; a word found in the name counts for more than one found in the summary,
and the best matches come first.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from hamstrong.core.exercises import Exercise, Library
from hamstrong.errors import InvalidCatalogue

MAX_QUERY = 100  # characters of a query that are read; no exercise needs more words than that
MAX_WORDS = 8
# Small words that say nothing about an exercise ("curl on a ball"); dropped from a query.
FILLERS = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")

# How much a word found in each part of an exercise counts, and how well it was found.
NAME, DETAIL, SUMMARY = 3.0, 2.0, 1.0
EXACT, PREFIX, NEAR = 1.0, 0.75, 0.6


def fold(text: str) -> str:
    """Lowercase ASCII with accents dropped ("Übung" -> "ubung"), every other sign a space."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", plain)


def stem(word: str) -> str:
    """A plural's singular, crudely but the same on both sides: "curls" -> "curl"."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> tuple[str, ...]:
    """The folded, singular words of a text, in order."""
    return tuple(stem(w) for w in fold(text).split())


def allowed_typos(word: str) -> int:
    """Edits forgiven in a query word: none in short words (too many near misses), then 1, 2."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two neighbours is one edit), or
    ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    letters = set(b)
    if sum(ch not in letters for ch in a) > limit:  # each of those letters costs an edit
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        before, previous = previous, row
    return min(previous[-1], limit + 1)


def parse_synonyms(document: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
    """The ``[synonyms]`` table of aliases.toml: groups of phrases that mean the same, each
    folded to its words; list every fault at once."""
    table = document.get("synonyms", {})
    if not isinstance(table, Mapping):
        raise InvalidCatalogue("invalid aliases file: [synonyms] must be a table")
    problems: list[str] = []
    groups: list[tuple[str, ...]] = []
    for key, others in table.items():
        if (
            not isinstance(others, list)
            or not others
            or not all(isinstance(o, str) for o in others)
        ):
            problems.append(f"{key!r}: give a list of phrases that mean the same")
            continue
        phrases = tuple(dict.fromkeys(" ".join(words(p)) for p in (str(key), *others)))
        if "" in phrases:
            problems.append(f"{key!r}: a phrase has no letters or digits")
            continue
        groups.append(phrases)
    if problems:
        raise InvalidCatalogue("invalid aliases file: " + "; ".join(problems))
    return tuple(groups)


@dataclass(frozen=True, slots=True)
class Entry:
    """One exercise's searchable words, by how much a match in them counts."""

    exercise_id: str
    name: str  # the name's words, joined, for the whole-phrase bonus
    parts: tuple[tuple[float, frozenset[str]], ...]


Matches = dict[str, tuple[float, bool]]  # vocabulary word -> (how well, only by a typo)


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """Every exercise of a library with the words it can be found by."""

    entries: tuple[Entry, ...]
    vocabulary: frozenset[str]  # every word of every entry: each query word is matched once

    @classmethod
    def build(
        cls,
        library: Library,
        *,
        aliases: Mapping[str, str],
        synonyms: Iterable[tuple[str, ...]] = (),
    ) -> "SearchIndex":
        """Index ``library``; ``aliases`` maps other apps' names to our ids (the import table)."""
        groups = tuple(synonyms)
        known_as: dict[str, list[str]] = {}
        for other_name, exercise_id in aliases.items():
            known_as.setdefault(exercise_id, []).append(other_name)
        entries = tuple(_entry(e, known_as.get(e.id, ()), groups) for e in library)
        vocabulary = frozenset(w for e in entries for _, part in e.parts for w in part)
        return cls(entries, vocabulary)

    def find(self, query: str, among: Iterable[str] | None = None) -> list[str]:
        """Ids of the exercises (of ``among``, in its order, when given) matching every word of
        ``query``, best first; an empty query keeps them all, in order."""
        said = words(query[:MAX_QUERY])
        wanted = tuple(w for w in said if w not in FILLERS)[:MAX_WORDS] or said[:MAX_WORDS]
        entries = self.entries
        if among is not None:
            order = {exercise_id: n for n, exercise_id in enumerate(among)}
            kept = (e for e in entries if e.exercise_id in order)
            entries = tuple(sorted(kept, key=lambda e: order[e.exercise_id]))
        if not wanted:
            return [e.exercise_id for e in entries]
        # each query word, and each pair written apart ("warm up" for "warmup"), is compared
        # with the vocabulary once; the entries then only look the results up
        singles = [self._matches(w) for w in wanted]
        pairs = [self._joined(a + b) for a, b in pairwise(wanted)]
        phrase = f" {' '.join(wanted)} "
        scored = []
        for position, entry in enumerate(entries):
            total = _score(entry, singles, pairs)
            if total > 0:
                if phrase in f" {entry.name} ":
                    total += NAME  # the words as the name says them, side by side
                if phrase == f" {entry.name} ":
                    total += NAME  # and nothing else: the very exercise asked for
                scored.append((-total, position, entry.exercise_id))
        return [exercise_id for _, _, exercise_id in sorted(scored)]

    def _matches(self, word: str) -> Matches:
        """The vocabulary's words that ``word`` finds, exactly, as their start, or by a typo."""
        typos = allowed_typos(word)
        found: Matches = {}
        for known in self.vocabulary:
            if known == word:
                found[known] = (EXACT, False)
            elif known.startswith(word):
                found[known] = (PREFIX, False)
            elif typos and (
                edit_distance(word, known, typos) <= typos
                # a typo can hide a plural from stem() ("swinss"): try the word's plural too
                or (word.endswith("s") and edit_distance(word, known + "s", typos) <= typos)
            ):
                found[known] = (NEAR, True)
        return found

    def _joined(self, word: str) -> Matches:
        return {word: (EXACT, False)} if word in self.vocabulary else {}


def _score(entry: Entry, singles: Sequence[Matches], pairs: Sequence[Matches]) -> float:
    """The entry's score for the query's words, or 0 when one of them is not found; two words
    written apart may stand for one word of the entry."""
    best: list[float | None] = [0.0]  # best[i]: the score when the first i words are found
    for i, matches in enumerate(singles):
        options = []
        before = best[i]
        if before is not None and (one := _found(entry, matches)):
            options.append(before + one)
        two_before = best[i - 1] if i >= 1 else None
        if two_before is not None and (two := _found(entry, pairs[i - 1])):
            options.append(two_before + 2 * two)
        best.append(max(options) if options else None)
    return best[-1] or 0.0


def _found(entry: Entry, matches: Matches) -> float:
    """How well a query word is found in the entry: its heaviest part and best manner, or 0.
    A typo is forgiven in names and details, not in the prose of a summary, where near misses
    abound ("band" would find every "hand")."""
    best = 0.0
    for weight, part in entry.parts:
        if weight * EXACT <= best:
            break  # parts come heaviest first: nothing later can beat what was found
        for known, (quality, typo) in matches.items():
            if known in part and not (typo and weight <= SUMMARY):
                best = max(best, weight * quality)
    return best


def _entry(
    exercise: Exercise, known_as: Iterable[str], groups: tuple[tuple[str, ...], ...]
) -> Entry:
    """The words an exercise is found by: its names (with their synonyms), then its details,
    then its summary."""
    name = words(exercise.name)
    named = [name, words(exercise.id.replace("-", " ")), *(words(n) for n in known_as)]
    said = {f" {' '.join(n)} " for n in named}
    left = list(groups)
    while left:  # a name holding a phrase of a group is found by all of them, and so on
        met = [g for g in left if any(f" {p} " in text for p in g for text in said)]
        if not met:
            break
        for group in met:
            left.remove(group)
            named += [tuple(p.split()) for p in group]
            said |= {f" {p} " for p in group}
    name_words = {w for n in named for w in n}
    name_words |= {a + b for n in named for a, b in pairwise(n)}  # "stepup"
    detail = {
        *words(exercise.pattern.value.replace("_", " ")),
        *(w for e in exercise.equipment for w in words(e.value.replace("_", " "))),
        *(w for t in exercise.tags for w in words(t.replace("_", " "))),
        *(w for m in exercise.muscles for w in words(m)),
    }
    if exercise.unilateral:
        detail |= {"single", "leg", "one", "unilateral"}
    return Entry(
        exercise.id,
        " ".join(name),
        (
            (NAME, frozenset(name_words)),
            (DETAIL, frozenset(detail - name_words)),
            (SUMMARY, frozenset(words(exercise.summary)) - name_words - detail),
        ),
    )
