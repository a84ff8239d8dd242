"""Plain-text phrasing of prescriptions, shared by the terminal table, calendar and printout."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from hamstrong.core.exercises import Library
from hamstrong.core.programme import Item, Session
from hamstrong.core.units import Unit, weight_text
from hamstrong.core.vocab import StrainCheck

if TYPE_CHECKING:
    from hamstrong.core.assessments import Reading
    from hamstrong.core.insight import Asymmetry
    from hamstrong.core.training_log import SelfTest

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
    if item.reps_by_set and len(set(item.reps_by_set)) > 1:
        # "2 sets: 5, then 4 reps" (a slash, "5/4", read as left/right or as a fraction)
        *first, last = map(str, item.reps_by_set)
        amount = f"{len(item.reps_by_set)} sets: {', '.join(first)}, then {last} reps{side}"
    elif item.reps_by_set:
        amount = f"{len(item.reps_by_set)} × {item.reps_by_set[0]}{side}"
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


def tempo_words(tempo: object) -> str:
    """What a tempo's four numbers mean, for this tempo: ``3-1-1-0`` is "3 s lowering, 1 s
    pause at the bottom, 1 s lifting, no pause at the top"."""
    down, bottom, up, top = (int(part) for part in str(tempo).split("-"))

    def pause(seconds: int, where: str) -> str:
        return f"{seconds} s pause {where}" if seconds else f"no pause {where}"

    return (
        f"{down} s lowering, {pause(bottom, 'at the bottom')}, {up} s lifting, "
        f"{pause(top, 'at the top')}"
    )


def notation(sessions: Iterable[Session]) -> list[str]:
    """How to read the doses of ``sessions``, one line per notation they use (tempo, per side,
    RPE), so the page, the printout and the terminal explain what they show."""
    shown = [item for session in sessions for block in session.blocks for item in block.items]
    lines = []
    tempos = sorted({i.tempo for i in shown if i.tempo and i.tempo != "hold"})
    if tempos:
        lines.append(
            f"Tempo {tempos[0]}: {tempo_words(tempos[0])}; each number is seconds, in that order."
        )
    if any(i.per_side for i in shown):
        lines.append("Per side: do the sets with each leg (or arm), one side after the other.")
    if any(i.rpe for i in shown):
        lines.append(
            "RPE: effort out of 10; 7 means you could have done about 3 more reps, 9 about one."
        )
    return lines


def logged_amount(reps: int, kg: float | None, *, hold: bool, unit: Unit = Unit.KG) -> str:
    """A logged set as read: ``12 × 8 kg`` (or ``12 × 17.5 lb``) or ``12``; a hold in seconds,
    ``30 s``."""
    amount = f"{reps} s" if hold else str(reps)
    return f"{amount} × {weight_text(kg, unit)}" if kg else amount


def side_value(value: float, unit: str) -> str:
    """One side of a left/right comparison: ``13 reps``, ``28.5 kg``."""
    return f"{value:g} {unit}"


def gap_text(gap: "Asymmetry") -> str:
    """A left/right difference as the progress page and ``hamstrong progress`` both read it: the
    percentage, then what the plan does about it (``30.8% — Start with the weaker right leg…``)."""
    percent = f"{gap.percent:g}%"
    return f"{percent} — {gap.advice}" if gap.advice else percent


def recorded_text(test: "SelfTest", reading: "Reading | None") -> str:
    """What the command line's self-test and the progress page say first when a self-test is
    saved: "Recorded: active knee extension (left), 25° on Mon 7 Dec 2026: normal."."""
    from hamstrong.core.readings import self_test_line

    return f"Recorded: {self_test_line(test, reading)}"


def session_title(session: Session) -> str:
    return f"HamStrong week {session.week}: {session.focus or 'session'} ({session.minutes} min)"


def item_name(item: Item, library: Library) -> str:
    """The exercise's name, and the planned one it stands in for when the user swapped it."""
    name = library.get(item.exercise).name
    if item.swapped_from is None or item.swapped_from not in library:
        return name
    return f"{name} (instead of {library.get(item.swapped_from).name})"


def session_text(session: Session, library: Library) -> str:
    """A plain-text listing of the session, block by block."""
    lines = []
    for block in session.blocks:
        if not block.items:
            continue
        lines.append(f"{BLOCK_TITLES[block.kind.value]}:")
        for item in block.items:
            lines.append(f"- {item_name(item, library)}: {dose_text(item)}")
    return "\n".join(lines)


class ImportCounts(Protocol):
    """What ``import_report`` reads (``services.transfer.ImportSummary``)."""

    @property
    def layout(self) -> str: ...
    @property
    def added(self) -> int: ...
    @property
    def already(self) -> int: ...
    @property
    def not_sets(self) -> int: ...
    @property
    def problems(self) -> tuple[str, ...]: ...
    @property
    def skipped(self) -> int: ...


def counted(number: int, one: str, many: str) -> str:
    """``1 row``, ``3 rows``."""
    return f"{number} {one if number == 1 else many}"


def import_report(report: ImportCounts) -> str:
    """The one sentence an import ends with, on the command line and the web. Every row that
    did not become a set counts as skipped, once: as no set, or as a problem (each problem is
    then listed on its own line, so the count and the list always agree)."""
    rows = ("entry", "entries") if report.layout.endswith("json") else ("row", "rows")
    reasons = []
    if report.not_sets:
        no_sets = counted(report.not_sets, "that is not a set", "that are not sets")
        reasons.append(f"{no_sets} (rest timers, notes, cardio)")
    if report.problems:
        reasons.append(f"{len(report.problems)} with a problem")
    return (
        f"Imported {counted(report.added, 'new set', 'new sets')} from a {report.layout} "
        f"export; {report.already} already there; "
        + (
            f"{counted(report.skipped, *rows)} skipped: {' and '.join(reasons)}."
            if reasons
            else f"no {rows[1]} skipped."
        )
    )
