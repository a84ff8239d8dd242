"""Walking the exercise ladders: every rung reachable from some exercises, nearest first.

Each exercise names its next ``easier`` and ``harder`` rungs; the planner climbs from a role's
base exercises, progression climbs from the one being done, and swaps offer the rungs either way.
"""

from collections.abc import Iterable, Iterator
from itertools import takewhile
from typing import Literal

from hamstrong.core.exercises import Exercise, Library

Direction = Literal["easier", "harder"]


def walk(
    library: Library, starts: Iterable[str], direction: Direction
) -> Iterator[tuple[int, Exercise]]:
    """Each exercise reachable from ``starts`` going ``direction``, once, breadth first, with its
    distance (the starts themselves at 0); ids the library does not have are left out."""
    seen: set[str] = set()
    frontier = [(0, exercise_id) for exercise_id in starts]
    while frontier:
        distance, exercise_id = frontier.pop(0)
        if exercise_id in seen or exercise_id not in library:
            continue
        seen.add(exercise_id)
        exercise = library.get(exercise_id)
        yield distance, exercise
        frontier.extend((distance + 1, rung) for rung in getattr(exercise, direction))


def rungs(library: Library, start: str, direction: Direction) -> list[Exercise]:
    """The ladder from ``start`` one way, nearest rung first, without ``start`` itself."""
    return [exercise for distance, exercise in walk(library, [start], direction) if distance]


def next_rungs(library: Library, start: str, direction: Direction) -> list[Exercise]:
    """The rungs one step from ``start``, in the order its ladder lists them."""
    near = takewhile(lambda step: step[0] <= 1, walk(library, [start], direction))
    return [exercise for distance, exercise in near if distance == 1]
