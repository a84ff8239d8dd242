"""Swapping an exercise of a session: which exercises may stand in for it, why one may not, and
the planned item done as the one chosen (same sets, a dose inside its own range)."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from hamstrong.core.dosing import early_week, implement, rep_range, start_load, suits
from hamstrong.core.exercises import Library
from hamstrong.core.ladders import Direction, rungs
from hamstrong.core.profile import Profile
from hamstrong.core.programme import BlockKind, Item, Session
from hamstrong.core.vocab import Dose, Load
from hamstrong.errors import InvalidInput, shown


@dataclass(frozen=True, slots=True)
class SwapOption:
    """An exercise that may stand in for a planned one today, and how it relates to it."""

    exercise: str
    relation: str  # "easier" | "harder" (rungs of its ladder) | "equivalent" (same pattern)


def related(library: Library, exercise: str) -> list[SwapOption]:
    """Every exercise of the same family: rungs of its ladder either way, then moves of the same
    pattern done on the same number of legs; what the profile allows is not checked here."""
    planned = library.get(exercise)
    options: list[SwapOption] = []
    ladder: set[str] = {exercise}
    directions: tuple[Direction, ...] = ("easier", "harder")
    for direction in directions:
        for rung in rungs(library, exercise, direction):
            ladder.add(rung.id)
            options.append(SwapOption(rung.id, direction))
    alike = (
        e for e in library if e.pattern is planned.pattern and e.unilateral == planned.unilateral
    )
    for candidate in sorted(alike, key=lambda e: e.name):
        if candidate.id not in ladder:
            options.append(SwapOption(candidate.id, "equivalent"))
    return options


def swap_options(
    profile: Profile, session: Session, exercise: str, *, library: Library
) -> list[SwapOption]:
    """Ladder rungs, then same-pattern equivalents, that the profile allows (R5, R6, R10-R12)
    and the session does not hold already (the same exercise twice is no swap)."""
    early = early_week(session.week)  # R6: beginners stay unloaded in the first weeks
    in_session = {item.exercise for item in session.main_items}
    return [
        o
        for o in related(library, exercise)
        if o.exercise not in in_session and suits(profile, library.get(o.exercise), early=early)
    ]


def swap_problem(
    session: Session,
    planned: str,
    chosen: str,
    *,
    options: Collection[SwapOption],
    library: Library,
    logged: Collection[str],
    current: str | None = None,
    done: bool = False,
) -> str | None:
    """Why ``planned`` may not be done as ``chosen`` in ``session`` (``chosen == planned``: put
    back), or None. ``logged``: the exercises logged that day; ``current``: the exercise that
    stands in for ``planned`` now. What was trained stays as it was: a session done, or an
    exercise with sets logged, keeps its exercises. The stand-in must be of the same family
    (``related``) and allowed by the profile (``options``: equipment, level, pains)."""
    if not planned:
        return "Pick the exercise of this session to swap."
    if planned not in {item.exercise for item in session.main_items}:
        return f"{_name(library, planned)} is not an exercise of this session."
    if done:
        return "This session is done: its exercises stay as you trained them."
    for trained in (planned, current):
        if trained is not None and trained in logged:
            return (
                f"You logged sets of {_name(library, trained)} in this session: "
                "what you trained stays as it was."
            )
    if chosen == planned:
        return None
    if chosen in {item.exercise for item in session.main_items}:
        return f"{_name(library, chosen)} is already in this session."
    if chosen in {o.exercise for o in options}:
        return None
    if chosen not in library:
        return f"{shown(chosen)} is not an exercise in the library."
    if chosen not in {o.exercise for o in related(library, planned)}:
        return (
            f"{_name(library, chosen)} cannot stand in for {_name(library, planned)}: "
            "it is not a rung of its ladder or a move of the same kind."
        )
    return (
        f"{_name(library, chosen)} cannot stand in for {_name(library, planned)}: your "
        "equipment, level or injuries rule it out."
    )


def _name(library: Library, exercise: str) -> str:
    return library.get(exercise).name if exercise in library else shown(exercise)


def swap_item(profile: Profile, item: Item, option: SwapOption, *, library: Library) -> Item:
    """The planned item done as ``option``: same sets, a dose inside the new exercise's range."""
    planned = library.get(item.exercise)
    chosen = library.get(option.exercise)
    low, high = rep_range(profile, chosen)
    load_kg = None
    if chosen.load is Load.KG:  # the load carries over only when it is held the same way
        alike = (
            planned.load is Load.KG
            and implement(planned) is implement(chosen)
            and planned.load_per == chosen.load_per
        )
        load_kg = item.load_kg if alike and item.load_kg else start_load(profile, chosen)
    wanted = item.reps if item.reps is not None else item.hold_s or low
    amount = min(max(wanted, low), high)
    is_hold = chosen.dose is Dose.HOLD
    return replace(
        item,
        exercise=chosen.id,
        reps=None if is_hold else amount,
        hold_s=amount if is_hold else None,
        reps_by_set=None,
        per_side=chosen.unilateral,
        side=None,
        tempo=str(chosen.tempo) if chosen.tempo else None,
        load_kg=load_kg,
        load_per=chosen.load_per if load_kg is not None else None,
        band=item.band if chosen.load is Load.BAND else None,
        why=f"Swapped for {planned.name} ({option.relation}); {item.why}",
        swapped_from=planned.id,
    )


def with_swaps(
    session: Session,
    *,
    profile: Profile,
    library: Library,
    asked: Mapping[str, str],
    logged: Collection[str],
    kept: Mapping[str, str] | None = None,
) -> tuple[Session, dict[str, list[SwapOption]], dict[str, str]]:
    """The session with its swaps (planned id -> chosen id), checked first.

    ``asked``: swaps asked for now; one the rules do not allow raises InvalidInput. ``logged``:
    the exercises logged that day: a planned exercise logged is not swapped, and one of its
    options logged stands in for it. ``kept``: the user's stored swaps, which hold unless what
    was logged says otherwise or the plan moved on (its exercise changed, or the stand-in is no
    longer allowed). Returns the session, each planned exercise's options and the swaps applied.
    """
    logged = set(logged)
    kept = kept or {}
    planned_ids = {item.exercise for item in session.main_items}
    options = {
        item.exercise: swap_options(profile, session, item.exercise, library=library)
        for item in session.main_items
    }
    applied: dict[str, str] = {}
    for planned_id, choices in options.items():
        by_id = {o.exercise: o for o in choices}
        wanted = asked.get(planned_id)
        if wanted is not None and wanted != planned_id:
            if wanted not in by_id:
                problem = swap_problem(
                    session, planned_id, wanted, options=choices, library=library, logged=()
                )
                raise InvalidInput({"swap": problem or f"{shown(wanted)} cannot stand in."})
            applied[planned_id] = wanted
        elif wanted is None and planned_id not in logged:
            done = [o.exercise for o in choices if o.exercise in logged - planned_ids]
            stored = kept.get(planned_id)
            if done:
                applied[planned_id] = done[0]  # what was logged that day stays swapped
            elif stored in by_id and stored not in planned_ids:
                applied[planned_id] = stored
    profile_items = []
    for item in session.main_items:
        if item.exercise in applied:
            option = next(o for o in options[item.exercise] if o.exercise == applied[item.exercise])
            profile_items.append(swap_item(profile, item, option, library=library))
        else:
            profile_items.append(item)
    blocks = tuple(
        replace(b, items=tuple(profile_items)) if b.kind is BlockKind.MAIN else b
        for b in session.blocks
    )
    return replace(session, blocks=blocks), options, applied
