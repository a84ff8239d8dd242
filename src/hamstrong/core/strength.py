"""Estimated strength from a set: Epley e1RM with reps in reserve, or reps for bodyweight work."""

from collections.abc import Iterable

from hamstrong.core.training_log import SetEntry


def reps_in_reserve(rpe: float | None) -> float:
    """Zourdos 2016 RIR-based RPE: 10 → 0 … 6 → 4, 5 or less → 5; unknown → 0 (conservative)."""
    if rpe is None:
        return 0.0
    return min(5.0, max(0.0, 10.0 - rpe))


def set_strength(entry: SetEntry) -> float:
    """e1RM in kg for loaded sets (load × (1 + (reps + RIR) / 30)), else reps + RIR."""
    capacity = entry.reps + reps_in_reserve(entry.rpe)
    if entry.kg:
        return entry.kg * (1 + capacity / 30)
    return capacity


def session_strength(entries: Iterable[SetEntry]) -> float | None:
    """The best working set of a session, or None when there was none."""
    values = [set_strength(e) for e in entries if not e.warmup]
    return max(values) if values else None
