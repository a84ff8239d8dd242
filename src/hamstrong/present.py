"""Plain-text phrasing of prescriptions, shared by the terminal table, calendar and printout."""

from hamstrong.core.exercises import Library
from hamstrong.core.programme import Item, Session

BLOCK_TITLES = {
    "warmup": "Warm-up",
    "main": "Main",
    "mobility": "Mobility",
    "cooldown": "Cool-down",
}


def _number(value: float) -> str:
    return f"{value:g}"


def dose_text(item: Item) -> str:
    """E.g. ``2 × 10 per side · 6 kg per hand · tempo 3-1-1-0 · rest 60 s · RPE 6-8``."""
    side = " per side" if item.per_side else ""
    if item.reps_by_set:
        amount = f"{item.sets} sets of {'/'.join(map(str, item.reps_by_set))}{side}"
    elif item.reps is not None:
        amount = f"{item.sets} × {item.reps}{side}"
    else:
        amount = f"{item.sets} × {item.hold_s} s{side}"
    parts = [amount]
    if item.load_text is not None:  # "8 kg per hand", "16 kg total" or "light band"
        parts.append(item.load_text)
    if item.tempo and item.tempo != "hold":
        parts.append(f"tempo {item.tempo}")
    if item.rest_s:
        parts.append(f"rest {item.rest_s} s")
    if item.rpe:
        parts.append(f"RPE {_number(item.rpe[0])}-{_number(item.rpe[1])}")
    return " · ".join(parts)


def session_title(session: Session) -> str:
    return f"HamStrong week {session.week}: {session.focus or 'session'} ({session.minutes} min)"


def session_text(session: Session, library: Library) -> str:
    """A plain-text listing of the session, block by block."""
    lines = []
    for block in session.blocks:
        if not block.items:
            continue
        lines.append(f"{BLOCK_TITLES[block.kind.value]}:")
        for item in block.items:
            lines.append(f"- {library.get(item.exercise).name}: {dose_text(item)}")
    return "\n".join(lines)
