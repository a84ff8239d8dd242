"""A programme: dated sessions of blocks of prescribed items, and its ``hamstrong.plan/1`` JSON."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from hamstrong.core.profile import Profile
from hamstrong.core.screen import Referral
from hamstrong.core.units import Unit, weight_text
from hamstrong.core.vocab import Side

SCHEMA = "hamstrong.plan/1"


class BlockKind(StrEnum):
    WARMUP = "warmup"
    MAIN = "main"
    MOBILITY = "mobility"
    COOLDOWN = "cooldown"


@dataclass(frozen=True, slots=True)
class Item:
    """One prescribed exercise: exactly one of ``reps`` or ``hold_s``."""

    exercise: str
    sets: int
    why: str
    reps: int | None = None
    hold_s: int | None = None
    per_side: bool = False
    load_kg: float | None = None
    band: str | None = None
    tempo: str | None = None
    rest_s: int | None = None
    rpe: tuple[float, float] | None = None
    reps_by_set: tuple[int, ...] | None = None  # the Petersen 12-10-8 sets
    side: Side | None = None  # one side only, when the engine prescribes the sides apart
    load_per: str | None = None  # "hand" or "total": how ``load_kg`` is held (loaded items)
    rules: tuple[str, ...] = ()  # the spec's rule codes (R1-R16) it serves: JSON only, never shown
    unit: Unit = Unit.KG  # the unit ``load_kg`` is shown in (the user's)
    swapped_from: str | None = None  # the planned exercise, when the user swapped it for this

    def __post_init__(self) -> None:
        if (self.reps is None) == (self.hold_s is None):
            raise ValueError(f"{self.exercise}: an item has exactly one of reps or hold_s")

    @property
    def loaded(self) -> bool:
        return self.load_kg is not None

    @property
    def load_text(self) -> str | None:
        """The load as a user reads it: "8 kg per hand", "35 lb total" or "light band"."""
        if self.load_kg is not None:
            held = "per hand" if self.load_per == "hand" else "total"
            return f"{weight_text(self.load_kg, self.unit)} {held}"
        if self.band is not None:
            return f"{self.band} band"
        return None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"exercise": self.exercise, "sets": self.sets}
        if self.reps is not None:
            out["reps"] = self.reps
            if self.reps_by_set is not None:
                out["reps_by_set"] = list(self.reps_by_set)
        else:
            out["hold_s"] = self.hold_s
        out["per_side"] = self.per_side
        if self.side is not None:
            out["side"] = self.side.value
        if self.tempo is not None or self.rest_s is not None:
            if self.load_kg is not None:
                out["load"] = {"kg": self.load_kg, "per": self.load_per or "total"}
            elif self.band is not None:
                out["load"] = {"band": self.band}
            else:
                out["load"] = None
            out["tempo"] = self.tempo
            out["rest_s"] = self.rest_s
            out["rpe"] = list(self.rpe) if self.rpe else None
        out["why"] = self.why
        out["rules"] = list(self.rules)
        if self.swapped_from is not None:
            out["swapped_from"] = self.swapped_from
        return out


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    items: tuple[Item, ...]
    seconds: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "minutes": round(self.seconds / 60, 1),
            "items": [i.to_dict() for i in self.items],
        }


@dataclass(frozen=True, slots=True)
class Session:
    date: date
    week: int
    blocks: tuple[Block, ...]
    focus: str = ""

    @property
    def seconds(self) -> int:
        return sum(b.seconds for b in self.blocks)

    @property
    def minutes(self) -> int:
        return -(-self.seconds // 60)  # whole minutes, rounded up so the estimate never flatters

    def block(self, kind: BlockKind) -> Block:
        return next(b for b in self.blocks if b.kind is kind)

    @property
    def main_items(self) -> tuple[Item, ...]:
        return self.block(BlockKind.MAIN).items

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "week": self.week,
            "minutes": self.minutes,
            "focus": self.focus,
            "blocks": [b.to_dict() for b in self.blocks],
        }


@dataclass(frozen=True, slots=True)
class Habit:
    """Daily practice outside the sessions (stretching, balance, L1 Extender)."""

    exercise: str
    how: str
    why: str
    rules: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "how": self.how,
            "why": self.why,
            "rules": list(self.rules),
        }


@dataclass(frozen=True, slots=True)
class Programme:
    profile: Profile
    start: date
    weeks: int
    sessions: tuple[Session, ...] = ()
    referral: Referral | None = None
    warnings: tuple[str, ...] = ()
    daily: tuple[Habit, ...] = field(default=())
    track: str = "general"

    def moved(self, moves: Sequence[tuple[date, date]]) -> "Programme":
        """The programme with sessions moved to other days (checked by the caller)."""
        sessions = list(self.sessions)
        for old, new in moves:
            sessions = [replace(s, date=new) if s.date == old else s for s in sessions]
        return replace(self, sessions=tuple(sorted(sessions, key=lambda s: s.date)))

    def week_sessions(self, week: int) -> list[Session]:
        return [s for s in self.sessions if s.week == week]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "start": self.start.isoformat(),
            "weeks": self.weeks,
            "track": self.track,
            "profile": self.profile.to_dict(),
            "referral": self.referral.to_dict() if self.referral else None,
            "warnings": list(self.warnings),
            "daily": [h.to_dict() for h in self.daily],
            "sessions": [s.to_dict() for s in self.sessions],
        }
