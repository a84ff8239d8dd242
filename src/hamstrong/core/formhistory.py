"""Form checks over the weeks: each checked set's lowering time and, for Nordic curls, its break
angle, grouped per exercise and side, with one plain sentence on where they went.

The lowering time is the one tempo measure every family has; the Nordic break angle (how far
from upright the fall stopped being controlled) is a strength marker, like a NordBord's, that
rises as the hamstrings get stronger eccentrically. Pure: the stored results come in as points.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hamstrong.core.dates import span_text
from hamstrong.core.formcheck import rushed


@dataclass(frozen=True, slots=True)
class FormPoint:
    """One checked set."""

    check_id: int
    day: date
    exercise: str  # the exercise's id
    name: str  # the exercise's name when it was checked
    side: str | None  # left/right for one-leg work
    lowering_s: float | None  # the set's median lowering time
    tempo_s: float | None  # the lowering time the tempo asks for
    break_deg: float | None  # Nordic curls: the lean at which control was lost

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check_id,
            "date": self.day.isoformat(),
            "exercise": self.exercise,
            "side": self.side,
            "lowering_s": self.lowering_s,
            "tempo_s": self.tempo_s,
            "break_deg": self.break_deg,
        }


@dataclass(frozen=True, slots=True)
class FormTrend:
    """Every check of one exercise (and side), oldest first, read in one sentence."""

    exercise: str
    name: str
    side: str | None
    points: tuple[FormPoint, ...]
    reading: str

    @property
    def title(self) -> str:
        return f"{self.name} ({self.side})" if self.side else self.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "name": self.name,
            "side": self.side,
            "reading": self.reading,
            "checks": [p.to_dict() for p in self.points],
        }


def point_of(check_id: int, day: date, exercise: str, result: Mapping[str, Any]) -> FormPoint:
    """A point from a stored result (``FormCheck.to_dict()``); a missing or non-numeric measure
    is None, never an error: old results stay readable."""
    summary = {
        m.get("key"): m.get("value") for m in result.get("summary", ()) if isinstance(m, Mapping)
    }
    side = result.get("side")
    return FormPoint(
        check_id=check_id,
        day=day,
        exercise=exercise,
        name=str(result.get("name") or exercise),
        side=side if side in ("left", "right") else None,
        lowering_s=_number(summary.get("lowering_s")),
        tempo_s=_number(result.get("tempo_lowering_s")),
        break_deg=_number(summary.get("break_deg")),
    )


def trends(points: Iterable[FormPoint]) -> list[FormTrend]:
    """The points per exercise and side, each group oldest first; groups in the order of their
    latest check, most recent first."""
    groups: dict[tuple[str, str | None], list[FormPoint]] = {}
    for point in sorted(points, key=lambda p: (p.day, p.check_id)):
        groups.setdefault((point.exercise, point.side), []).append(point)
    ordered = sorted(groups.values(), key=lambda g: (g[-1].day, g[-1].check_id), reverse=True)
    return [
        FormTrend(g[-1].exercise, g[-1].name, g[-1].side, tuple(g), reading(g)) for g in ordered
    ]


def reading(points: list[FormPoint]) -> str:
    """Where the lowering time (against its tempo) and the break angle went, first to latest."""
    first, last = points[0], points[-1]
    parts = []
    lowerings = [p for p in points if p.lowering_s is not None]
    if lowerings:
        parts.append(_change("Lowering", lowerings[0].lowering_s, lowerings[-1].lowering_s, "s"))
        if last.tempo_s and lowerings[-1].lowering_s is not None:
            parts[-1] += _against_tempo(lowerings[-1].lowering_s, last.tempo_s)
    breaks = [p for p in points if p.break_deg is not None]
    if breaks:
        parts.append(_change("Break angle", breaks[0].break_deg, breaks[-1].break_deg, "°"))
        if len(breaks) > 1:
            gained = (breaks[-1].break_deg or 0) - (breaks[0].break_deg or 0)
            if abs(gained) >= 5:  # the angle reads within a few degrees from clip to clip
                parts[-1] += (
                    ": the fall is controlled further forward"
                    if gained > 0
                    else ": control is lost earlier than before"
                )
    if not parts:
        return "No lowering was timed in these checks."
    span = (last.day - first.day).days
    when = f"{len(points)} checks over {span_text(span)}" if len(points) > 1 else "1 check so far"
    return f"{'. '.join(parts)} ({when})."


def _change(label: str, first: float | None, last: float | None, unit: str) -> str:
    text = f"{label} {_value(last, unit)}"
    if first is not None and last is not None and _value(first, unit) != _value(last, unit):
        text = f"{label} {_value(first, unit)} then {_value(last, unit)}"
    return text


def _against_tempo(lowering: float, tempo: float) -> str:
    if rushed(lowering, tempo):
        return f", faster than the {tempo:g} s the tempo asks"
    return f", against the {tempo:g} s the tempo asks"


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    return f"{value:.1f} s" if unit == "s" else f"{value:.0f}{unit}"


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
        return float(value)
    return None
