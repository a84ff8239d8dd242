"""free-exercise-db entries (public domain): parsed leniently, searched by muscle, gear, level."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

LEVELS = ("beginner", "intermediate", "expert")


@dataclass(frozen=True, slots=True)
class FedbEntry:
    id: str
    name: str
    level: str
    equipment: str | None
    category: str
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    instructions: tuple[str, ...]
    images: tuple[str, ...]
    force: str | None = None
    mechanic: str | None = None

    @property
    def muscles(self) -> tuple[str, ...]:
        return self.primary_muscles + self.secondary_muscles

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "level": self.level,
            "equipment": self.equipment,
            "category": self.category,
            "primaryMuscles": list(self.primary_muscles),
            "secondaryMuscles": list(self.secondary_muscles),
            "instructions": list(self.instructions),
            "images": list(self.images),
            "force": self.force,
            "mechanic": self.mechanic,
        }


def _text_list(entry: dict[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be a list of strings")
    return tuple(value)


def _entry(raw: Any) -> FedbEntry:
    if not isinstance(raw, dict):
        raise ValueError("an entry must be an object")
    for key in ("id", "name"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ValueError(f"{key} must be non-empty text")
    level = raw.get("level")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    equipment = raw.get("equipment")
    if equipment is not None and not isinstance(equipment, str):
        raise ValueError("equipment must be text or null")
    category = raw.get("category")
    if not isinstance(category, str):
        raise ValueError("category must be text")
    return FedbEntry(
        id=raw["id"],
        name=raw["name"].strip(),
        level=level,
        equipment=equipment,
        category=category,
        primary_muscles=_text_list(raw, "primaryMuscles"),
        secondary_muscles=_text_list(raw, "secondaryMuscles"),
        instructions=_text_list(raw, "instructions"),
        images=_text_list(raw, "images"),
        force=raw.get("force") if isinstance(raw.get("force"), str) else None,
        mechanic=raw.get("mechanic") if isinstance(raw.get("mechanic"), str) else None,
    )


def parse_fedb(document: Any) -> tuple[list[FedbEntry], list[str]]:
    """Entries that parse, and one problem line per malformed entry, which is skipped."""
    if not isinstance(document, list):
        return [], ["the catalogue must be a JSON list of exercises"]
    entries: list[FedbEntry] = []
    problems: list[str] = []
    seen: set[str] = set()
    for position, raw in enumerate(document, start=1):
        try:
            entry = _entry(raw)
        except ValueError as error:
            label = (
                raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else ""
            )
            problems.append(f"entry {position}{f' ({label})' if label else ''}: {error}; skipped")
            continue
        if entry.id in seen:
            problems.append(f"entry {position} ({entry.id}): duplicate id; skipped")
            continue
        seen.add(entry.id)
        entries.append(entry)
    return entries, problems


def search_fedb(
    entries: Iterable[FedbEntry],
    *,
    text: str | None = None,
    muscles: Sequence[str] = (),
    equipment: Sequence[str] = (),
    level: str | None = None,
    category: str | None = None,
) -> list[FedbEntry]:
    """Entries matching every filter; text matches words of the name and instructions."""
    words = (text or "").lower().split()
    out = []
    for e in entries:
        if muscles and not any(m in e.muscles for m in muscles):
            continue
        if equipment and (e.equipment or "none") not in equipment:
            continue
        if level and e.level != level:
            continue
        if category and e.category != category:
            continue
        haystack = " ".join((e.name, e.id, *e.instructions)).lower()
        if any(w not in haystack for w in words):
            continue
        out.append(e)
    return out
