"""Estimated strength from a set: Epley e1RM with reps in reserve, or reps for bodyweight work."""

from collections.abc import Iterable

from hamstrong.core.training_log import SetEntry


def reps_in_reserve(rpe: float | None) -> float:
    """Zourdos 2016 RIR-based RPE: 10 → 0 … 6 → 4, 5 or less → 5; unknown → 0 (conservative)."""
    if rpe is None:
        return 0.0
    return min(5.0, max(0.0, 10.0 - rpe))


def epley(kg: float, reps: int, rpe: float | None) -> float:
    """Estimated 1RM, Epley with reps in reserve: kg × (1 + (reps + RIR) / 30) (evidence §7)."""
    return kg * (1 + (reps + reps_in_reserve(rpe)) / 30)


def set_strength(entry: SetEntry) -> float:
    """e1RM in kg for loaded sets, else reps + RIR for bodyweight work."""
    if entry.kg:
        return epley(entry.kg, entry.reps, entry.rpe)
    return entry.reps + reps_in_reserve(entry.rpe)


def session_strength(entries: Iterable[SetEntry]) -> float | None:
    """The best working set of a session, or None when there was none."""
    values = [set_strength(e) for e in entries if not e.warmup]
    return max(values) if values else None
