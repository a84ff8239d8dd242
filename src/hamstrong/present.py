"""Plain-text phrasing of prescriptions, shared by the terminal table, calendar and printout."""

from hamstrong.core.exercises import Library
from hamstrong.core.programme import Item, Session
from hamstrong.core.units import Unit, weight_text
from hamstrong.core.vocab import StrainCheck

BLOCK_TITLES = {
    "warmup": "Warm-up",
    "main": "Main",
    "mobility": "Mobility",
    "cooldown": "Cool-down",
}
# The planner's tracks in the words a reader sees; the ids stay in the JSON.
TRACK_TITLES = {
    "general": "general strength",
    "athlete": "athlete, with the full Nordic programme",
    "older_adult": "older adult: strength and balance",
    "back_pain": "back pain: low-load hinge work first",
    "strain": "hamstring strain: pain-free lengthening",
    "strain_return": "graded return after a hamstring strain",
    "referral": "see a clinician first",
}

# The population questions, worded once for `hamstrong profile init` and the web wizard.
FLOOR_QUESTION = "Can you get down to the floor and back up again without help?"
SUPERVISED_QUESTION = "Does a qualified coach supervise your training sessions?"
MATCH_DAY_QUESTION = "A weekly match or hard-run day (none if you have none)"
STRAIN_CHECKS_INTRO = (
    "Which of these are true for your strained hamstring now? All of them move you on from the "
    "first lengthening exercises to a graded return."
)
STRAIN_CHECK_TEXT = {
    StrainCheck.WALKING: "Walking is pain-free",
    StrainCheck.STAIRS: "Going up and down stairs is pain-free",
    StrainCheck.JOGGING: "Easy jogging is pain-free",
    StrainCheck.PRESSING: "Pressing on the strained spot does not hurt",
    StrainCheck.BRIDGE: "Bridges are pain-free",
    StrainCheck.EXTENDER: "The Extender reaches full range without pain",
    StrainCheck.FLEXIBILITY: "The knee straightens about as far as on the other leg",
    StrainCheck.CONFIDENT: "I feel confident loading the leg",
}


def track_title(track: str) -> str:
    return TRACK_TITLES.get(track, track.replace("_", " "))


def _number(value: float) -> str:
    return f"{value:g}"


def dose_text(item: Item) -> str:
    """E.g. ``2 × 10 per side · 6 kg per hand · tempo 3-1-1-0 · rest 60 s · RPE 6-8``."""
    side = " per side" if item.per_side else ""
    if item.reps_by_set:
        sets = f"{item.sets} set{'' if item.sets == 1 else 's'}"
        amount = f"{sets} of {'/'.join(map(str, item.reps_by_set))}{side}"
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


def logged_amount(reps: int, kg: float | None, *, hold: bool, unit: Unit = Unit.KG) -> str:
    """A logged set as read: ``12 × 8 kg`` (or ``12 × 17.5 lb``) or ``12``; a hold in seconds,
    ``30 s``."""
    amount = f"{reps} s" if hold else str(reps)
    return f"{amount} × {weight_text(kg, unit)}" if kg else amount


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
