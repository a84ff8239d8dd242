"""Exercises and the library that holds them, parsed and validated from plain data."""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from hamstrong.core.vocab import TAGS, Dose, Equipment, InjuryKind, Level, Load, Pattern
from hamstrong.errors import InvalidCatalogue, Next, NotFound

FEDB_CREDIT = "Photos: free-exercise-db (public domain, Unlicense), https://github.com/yuhonas/free-exercise-db"
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LOAD_PER = ("hand", "total")  # a load is held one in each hand, or is the total lifted
_TEMPO = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True, slots=True)
class Tempo:
    """Seconds for lowering, bottom pause, lifting and top pause (e.g. ``3-1-1-0``)."""

    eccentric: int
    pause_bottom: int
    concentric: int
    pause_top: int

    @classmethod
    def parse(cls, text: str) -> "Tempo":
        match = _TEMPO.match(text)
        if match is None:
            raise ValueError(f"tempo {text!r} is not four numbers like 3-1-1-0")
        return cls(*(int(part) for part in match.groups()))

    @property
    def seconds(self) -> int:
        return self.eccentric + self.pause_bottom + self.concentric + self.pause_top

    def __str__(self) -> str:
        return f"{self.eccentric}-{self.pause_bottom}-{self.concentric}-{self.pause_top}"


@dataclass(frozen=True, slots=True)
class Exercise:
    """One entry of the library; ``tempo`` is None for holds."""

    id: str
    name: str
    summary: str
    pattern: Pattern
    equipment: frozenset[Equipment]
    level: Level
    unilateral: bool
    tempo: Tempo | None
    dose: Dose
    dose_range: tuple[int, int]  # reps per set, or seconds per hold
    load: Load
    start_kg: float | None
    load_per: str | None  # "hand" (one in each hand) or "total", for loaded exercises only
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    easier: tuple[str, ...]
    harder: tuple[str, ...]
    contraindications: frozenset[InjuryKind]
    tags: frozenset[str]
    muscles: tuple[str, ...]
    fedb: str | None = None
    photos: tuple[str, ...] = ()

    @property
    def credit(self) -> str:
        return FEDB_CREDIT if self.photos else ""

    def has(self, tag: str) -> bool:
        return tag in self.tags

    def fits(self, equipment: Iterable[Equipment]) -> bool:
        """True when every piece of equipment it needs is at hand."""
        return self.equipment <= frozenset(equipment)

    def to_dict(self) -> dict[str, Any]:
        """The public ``Exercise JSON`` contract of the spec."""
        return {
            "id": self.id,
            "name": self.name,
            "summary": self.summary,
            "pattern": self.pattern.value,
            "equipment": sorted(e.value for e in self.equipment),
            "level": self.level.value,
            "unilateral": self.unilateral,
            "tempo": str(self.tempo) if self.tempo else "hold",
            "dose": self.dose.value,
            ("reps" if self.dose is Dose.REPS else "hold_s"): list(self.dose_range),
            "load": self.load.value,
            "load_per": self.load_per,
            "cues": list(self.cues),
            "mistakes": list(self.mistakes),
            "easier": list(self.easier),
            "harder": list(self.harder),
            "contraindications": sorted(c.value for c in self.contraindications),
            "tags": sorted(self.tags),
            "muscles": list(self.muscles),
            "fedb": self.fedb,
            "photos": list(self.photos),
            "credit": self.credit,
        }


@dataclass(frozen=True, slots=True)
class Library:
    """All exercises by id, in file order."""

    exercises: Mapping[str, Exercise] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises.values())

    def __len__(self) -> int:
        return len(self.exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise NotFound("exercise", exercise_id, next=Next.EXERCISES) from None

    def filter(
        self,
        *,
        pattern: Pattern | None = None,
        equipment: Iterable[Equipment] | None = None,
        level: Level | None = None,
    ) -> list[Exercise]:
        """Exercises of a pattern, doable with the equipment, suited to the level."""
        have = None if equipment is None else frozenset(equipment)
        return [
            e
            for e in self
            if (pattern is None or e.pattern is pattern)
            and (have is None or e.fits(have))
            and (level is None or e.level.rank <= level.rank)
        ]


def parse_library(document: Mapping[str, Any]) -> Library:
    """Build a Library from a parsed catalogue; raise InvalidCatalogue listing every problem."""
    raw = document.get("exercise")
    if not isinstance(raw, list) or not raw:
        raise InvalidCatalogue("the catalogue has no [[exercise]] entries")
    problems: list[str] = []
    exercises: dict[str, Exercise] = {}
    for position, entry in enumerate(raw, start=1):
        label = entry.get("id", f"entry {position}") if isinstance(entry, Mapping) else position
        try:
            exercise = _parse_exercise(entry)
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"{label}: {_describe(error)}")
            continue
        if exercise.id in exercises:
            problems.append(f"{exercise.id}: the id is used twice")
        exercises[exercise.id] = exercise
    problems.extend(_ladder_problems(exercises))
    if problems:
        raise InvalidCatalogue("invalid exercise catalogue: " + "; ".join(problems))
    return Library(exercises)


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing key {error.args[0]!r}"
    return str(error)


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TypeError(f"{key} must be a list of non-empty strings")
    return tuple(value)


def _pair(value: Any, key: str) -> tuple[int, int]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and v > 0 for v in value)
        or value[0] > value[1]
    ):
        raise ValueError(f"{key} must be [low, high] with 0 < low <= high")
    return value[0], value[1]


def _parse_exercise(entry: Any) -> Exercise:
    if not isinstance(entry, Mapping):
        raise TypeError("an entry must be a table")
    exercise_id = entry["id"]
    if not isinstance(exercise_id, str) or not _ID.match(exercise_id):
        raise ValueError(f"id {exercise_id!r} must be lowercase kebab-case")
    pattern = Pattern(entry["pattern"])
    dose = Dose(entry["dose"])
    if dose is Dose.REPS:
        if "hold_s" in entry:
            raise ValueError("a reps exercise has no hold_s")
        dose_range = _pair(entry["reps"], "reps")
        tempo: Tempo | None = Tempo.parse(entry["tempo"])
    else:
        if "reps" in entry:
            raise ValueError("a hold has no reps")
        dose_range = _pair(entry["hold_s"], "hold_s")
        if entry["tempo"] != "hold":
            raise ValueError('a hold has tempo "hold"')
        tempo = None
    tags = frozenset(_strings(entry.get("tags", []), "tags"))
    if unknown := tags - TAGS:
        raise ValueError(f"unknown tags {sorted(unknown)}; allowed: {sorted(TAGS)}")
    if "ballistic" in tags:
        if tempo is None or tempo.eccentric > 1:
            raise ValueError("a ballistic move has a fast tempo, no slow lowering (like 1-0-1-0)")
    elif (
        tempo is not None
        and (pattern in (Pattern.HINGE, Pattern.KNEE_FLEXION) or "nordic" in tags)
        and tempo.eccentric < 3
    ):
        raise ValueError("hinge, curl and Nordic exercises need at least 3 s lowering (R8)")
    equipment = frozenset(Equipment(e) for e in _strings(entry["equipment"], "equipment"))
    load = Load(entry["load"])
    start_kg = entry.get("start_kg")
    if load is Load.KG:
        if not isinstance(start_kg, int | float) or start_kg <= 0:
            raise ValueError("a loaded exercise needs a positive start_kg")
        if not equipment & {Equipment.DUMBBELL, Equipment.KETTLEBELL, Equipment.BARBELL}:
            raise ValueError("a loaded exercise needs a dumbbell, kettlebell or barbell")
    elif start_kg is not None:
        raise ValueError("only loaded exercises have start_kg")
    load_per = entry.get("load_per")
    if load is Load.KG and load_per not in LOAD_PER:
        raise ValueError('a loaded exercise says whether its load is per "hand" or "total"')
    if load is not Load.KG and load_per is not None:
        raise ValueError("only loaded exercises have load_per")
    if load is Load.BAND and Equipment.RESISTANCE_BAND not in equipment:
        raise ValueError("a banded exercise needs resistance_band")
    if "nordic" in tags and Equipment.ANKLE_ANCHOR not in equipment:
        raise ValueError("a Nordic variant needs ankle_anchor")
    fedb = entry.get("fedb")
    photos = _strings(entry.get("photos", []), "photos")
    if photos and not fedb:
        raise ValueError("photos come from free-exercise-db, so they need fedb")
    for key in ("name", "summary"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise ValueError(f"{key} must be non-empty text")
    if not isinstance(entry["unilateral"], bool):
        raise TypeError("unilateral must be true or false")
    return Exercise(
        id=exercise_id,
        name=entry["name"],
        summary=entry["summary"],
        pattern=pattern,
        equipment=equipment,
        level=Level(entry["level"]),
        unilateral=entry["unilateral"],
        tempo=tempo,
        dose=dose,
        dose_range=dose_range,
        load=load,
        start_kg=float(start_kg) if start_kg is not None else None,
        load_per=load_per,
        cues=_strings(entry["cues"], "cues"),
        mistakes=_strings(entry["mistakes"], "mistakes"),
        easier=_strings(entry["easier"], "easier") if entry["easier"] else (),
        harder=_strings(entry["harder"], "harder") if entry["harder"] else (),
        contraindications=frozenset(InjuryKind(c) for c in (entry["contraindications"] or [])),
        tags=tags,
        muscles=_strings(entry["muscles"], "muscles"),
        fedb=fedb,
        photos=photos,
    )


def _ladder_problems(exercises: Mapping[str, Exercise]) -> list[str]:
    """Every rung exists, every link is mirrored, and climbing never loops."""
    problems = []
    for e in exercises.values():
        for direction, mirror in (("easier", "harder"), ("harder", "easier")):
            for other in getattr(e, direction):
                if other not in exercises:
                    problems.append(f"{e.id}: {direction} names unknown id {other!r}")
                elif e.id not in getattr(exercises[other], mirror):
                    problems.append(
                        f"{e.id}: {other} is {direction} but does not list it as {mirror}"
                    )
    for start in exercises:
        seen: set[str] = set()
        frontier = [start]
        while frontier:
            current = frontier.pop()
            for nxt in exercises[current].harder if current in exercises else ():
                if nxt == start:
                    problems.append(f"{start}: the ladder loops back to itself")
                    frontier = []
                    break
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
    return problems
