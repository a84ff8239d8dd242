"""Honest estimates of how long a prescribed item takes (R14)."""

from functools import lru_cache

from hamstrong.core.exercises import Exercise, Tempo
from hamstrong.core.programme import Item

SETUP_S = 20  # getting into position for a new exercise
SIDE_SWITCH_S = 10
DRILL_REP_S = 3  # a warm-up drill rep, whatever its tempo
NORDIC_REP_S = 6  # lower as slowly as possible, catch, push back up
TIME_SLACK = 1.10  # R14: an estimate may run 10% over the user's minutes


def too_long(minutes: int, budget: int) -> bool:
    """R14: whether a session of ``minutes`` runs over the user's ``budget`` plus 10%."""
    return minutes > budget * TIME_SLACK


def item_seconds(item: Item, exercise: Exercise) -> int:
    """Work, plus rest between sets, plus set-up; rest after the last set is the next set-up."""
    sides = 2 if item.per_side else 1
    if item.hold_s is not None:
        work = item.hold_s * sides
    else:
        if exercise.has("nordic"):
            rep_s = NORDIC_REP_S
        elif item.tempo is None:
            rep_s = DRILL_REP_S
        else:
            rep_s = _rep_seconds(item.tempo)
        reps = sum(item.reps_by_set) / item.sets if item.reps_by_set else (item.reps or 0)
        work = round(reps * rep_s * sides)
    rest = item.rest_s or 0
    return item.sets * (work + SIDE_SWITCH_S * (sides - 1)) + (item.sets - 1) * rest + SETUP_S


@lru_cache(maxsize=256)
def _rep_seconds(tempo: str) -> int:
    return max(Tempo.parse(tempo).seconds, 2)
