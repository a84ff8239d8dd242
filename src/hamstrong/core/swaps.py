"""Swapping an exercise of today's session: which exercises may stand in for it, and the
planned item done as the one chosen (same sets, a dose inside its own range)."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from hamstrong.core.dosing import implement, rep_range, start_load, suits
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


def swap_options(
    profile: Profile, session: Session, exercise: str, *, library: Library
) -> list[SwapOption]:
    """Ladder rungs, then same-pattern equivalents, that the profile allows (R5, R6, R10-R12)."""
    planned = library.get(exercise)
    early = session.week <= 2  # R6: beginners stay unloaded in weeks 1-2
    options: list[SwapOption] = []
    ladder: set[str] = {exercise}
    directions: tuple[Direction, ...] = ("easier", "harder")
    for direction in directions:
        for rung in rungs(library, exercise, direction):
            ladder.add(rung.id)
            if suits(profile, rung, early=early):
                options.append(SwapOption(rung.id, direction))
    alike = (
        e for e in library if e.pattern is planned.pattern and e.unilateral == planned.unilateral
    )
    for candidate in sorted(alike, key=lambda e: e.name):
        if candidate.id not in ladder and suits(profile, candidate, early=early):
            options.append(SwapOption(candidate.id, "equivalent"))
    return options


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
        why=f"Swapped today for {planned.name} ({option.relation}); {item.why}",
    )


def with_swaps(
    session: Session,
    *,
    profile: Profile,
    library: Library,
    asked: Mapping[str, str],
    logged: Collection[str],
) -> tuple[Session, dict[str, list[SwapOption]], dict[str, str]]:
    """The session with the swaps asked for, or logged that day (``logged``: the exercise ids
    logged), checked first.

    Returns the session, each planned exercise's options, and the swaps applied
    (planned id -> chosen id). A swap the rules do not allow raises InvalidInput.
    """
    logged = set(logged)
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
                raise InvalidInput(
                    {
                        "swap": f"{shown(wanted)} cannot stand in for {shown(planned_id)} "
                        "with your profile"
                    }
                )
            applied[planned_id] = wanted
        elif wanted is None and planned_id not in logged:
            done = [o.exercise for o in choices if o.exercise in logged - planned_ids]
            if done:
                applied[planned_id] = done[0]  # what was logged today stays swapped
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
