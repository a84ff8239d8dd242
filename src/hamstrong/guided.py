"""`hamstrong session`: today's session in the terminal, with tempo and rest timers.

Every set is saved the moment it is entered, so closing the terminal loses nothing.
"""

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.live import Live
from rich.panel import Panel
from rich.text import Text

from hamstrong.core.dates import long_day
from hamstrong.core.exercises import Library, Tempo
from hamstrong.core.programme import BlockKind, Item, Session
from hamstrong.core.training_log import SetEntry, Symptom, load_limit
from hamstrong.core.units import number as load_number
from hamstrong.core.units import to_kg
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput, shown
from hamstrong.outputs.terminal import halt_panel, how_to
from hamstrong.present import dose_text

if TYPE_CHECKING:
    from hamstrong.services.plans import PlanCache
    from hamstrong.services.stores import Store

PHASES = ("lower", "pause", "lift", "pause")
SIGNS: dict[str, Symptom | None] = {  # the stop rules of evidence §10 E, one letter each
    "n": None,
    "c": Symptom.CHEST,
    "s": Symptom.SHARP,
    "k": Symptom.BELOW_KNEE,
    "t": Symptom.NUMBNESS,
}
SIGN_PROMPT = (
    "  Any stop sign? n none; c chest pain, dizziness, feeling faint or unusual breathlessness; "
    "s sharp or stabbing pain; k pain spreading below the knee; t new numbness or tingling"
)


def _countdown(console: Console, seconds: int, label: str) -> None:
    with Live(console=console, refresh_per_second=4, transient=True) as live:
        for left in range(seconds, 0, -1):
            live.update(Panel(Text(f"{label}: {left} s", style="bold cyan")))
            time.sleep(1)


def _tempo_count(console: Console, tempo: str, reps: int) -> None:
    """Count each phase of each rep aloud on screen: the lowering is the point."""
    phases = Tempo.parse(tempo)
    seconds = (phases.eccentric, phases.pause_bottom, phases.concentric, phases.pause_top)
    with Live(console=console, refresh_per_second=4, transient=True) as live:
        for rep in range(1, reps + 1):
            for phase, length in zip(PHASES, seconds, strict=True):
                for tick in range(length, 0, -1):
                    live.update(
                        Panel(
                            Text(
                                f"Rep {rep}/{reps} · {phase} {tick}",
                                style="bold green" if phase == "lower" else "bold",
                            )
                        )
                    )
                    time.sleep(1)


def _per(item: Item) -> str:
    if item.load_kg is None:
        return ""
    return " per hand" if item.load_per == "hand" else " in total"


def _ask_set(
    item: Item, side: Side, number: int
) -> tuple[int, float | None, float | None, int, tuple[Symptom, ...]]:
    target = item.reps if item.reps is not None else item.hold_s or 0
    unit = "reps" if item.reps is not None else "seconds"
    reps = typer.prompt(f"  {unit.capitalize()} done", default=target, type=int)
    kg_default = load_number(item.load_kg, item.unit) if item.load_kg is not None else ""
    kg_text = str(
        typer.prompt(
            f"  Load in {item.unit}{_per(item)} (blank for bodyweight)",
            default=kg_default,
            show_default=bool(kg_default),
        )
    ).strip()
    try:
        typed = float(kg_text) if kg_text else None
    except ValueError:
        raise InvalidInput({"kg": f"{shown(kg_text)} is not a number"}) from None
    if typed is not None and (problem := load_limit(item.unit).problem(typed)):
        raise InvalidInput({item.unit.value: problem})
    kg = None if typed is None else to_kg(typed, item.unit)
    rpe_text = str(
        typer.prompt("  Effort, RPE 1-10 (blank to skip)", default="", show_default=False)
    ).strip()
    try:
        rpe = float(rpe_text) if rpe_text else None
    except ValueError:
        raise InvalidInput({"rpe": f"{shown(rpe_text)} is not a number from 1 to 10"}) from None
    pain = typer.prompt("  Pain during the set, 0-10", default=0, type=int)
    while True:
        sign = str(typer.prompt(SIGN_PROMPT, default="n")).strip().lower()
        if sign in SIGNS:
            break
        typer.echo(f"  Please answer one of: {', '.join(SIGNS)}")
    found = SIGNS[sign]
    return reps, kg, rpe, pain, (found,) if found else ()


def run_session(
    session: Session,
    notes: Sequence[str],
    *,
    store: "Store",
    user_id: int,
    library: Library,
    plans: "PlanCache | None" = None,
    timers: bool = True,
) -> bool:
    """Guide the session; return True when a stop rule ended it."""
    from hamstrong.services.clock import now_utc
    from hamstrong.services.training_log import log_sets, stop_rule

    console = Console(highlight=False)
    console.rule(f"[bold]Session, {long_day(session.date)}[/] · about {session.minutes} min")
    for note in notes:
        console.print(f"[yellow]•[/] {note}")
    warmup = session.block(BlockKind.WARMUP).items
    console.print("[bold]Warm-up[/] (dynamic, about 5 minutes):")
    for item in warmup:
        console.print(f"  [bold]{library.get(item.exercise).name}[/]: {dose_text(item)}")
        for line in how_to(library.get(item.exercise)):
            console.print(line)
    typer.prompt("Press Enter when you are warm", default="", show_default=False)
    for item in session.main_items:
        exercise = library.get(item.exercise)
        console.rule(f"[bold]{exercise.name}[/]")
        console.print(dose_text(item))
        for line in how_to(exercise, "  "):
            console.print(line)
        console.print(f"  [dim]{item.why}[/]")
        sides = [Side.LEFT, Side.RIGHT] if item.per_side else [item.side or Side.BOTH]
        for number in range(1, item.sets + 1):
            for side in sides:
                label = f" ({side.value} leg)" if side is not Side.BOTH else ""
                console.print(f"[bold]Set {number}/{item.sets}{label}[/]")
                if timers and item.tempo and item.tempo != "hold" and item.reps:
                    _tempo_count(console, item.tempo, item.reps)
                elif timers and item.hold_s:
                    _countdown(console, item.hold_s, "Hold")
                while True:
                    try:
                        reps, kg, rpe, pain, symptoms = _ask_set(item, side, number)
                        entry = SetEntry(
                            session.date,
                            item.exercise,
                            reps,
                            kg,
                            rpe,
                            pain,
                            side,
                            order=number,
                            at=now_utc(),
                            symptoms=symptoms,
                        )
                        log_sets(
                            store,
                            user_id=user_id,
                            entries=[entry],
                            library=library,
                            today=session.date,
                        )
                        break
                    except InvalidInput as problem:
                        console.print(f"[red]{problem}[/] Try again.")
                console.print("  [dim]saved[/]")
                stop = stop_rule([entry])
                if stop is not None:
                    console.print(halt_panel(stop, title="Session ended: stop here"))
                    return True
            if timers and item.rest_s and number < item.sets:
                _countdown(console, item.rest_s, "Rest")
    console.rule("[bold]Cool-down[/]")
    for block in session.blocks:
        if block.kind in (BlockKind.MOBILITY, BlockKind.COOLDOWN):
            for item in block.items:
                console.print(f"  [bold]{library.get(item.exercise).name}[/]: {dose_text(item)}")
                for line in how_to(library.get(item.exercise)):
                    console.print(line)
    _summary(console, store=store, user_id=user_id, library=library, plans=plans, session=session)
    return False


def _summary(
    console: Console,
    *,
    store: "Store",
    user_id: int,
    library: Library,
    plans: "PlanCache | None",
    session: Session,
) -> None:
    """What changes next time, and why: the same summary as the web's end-of-session page."""
    from hamstrong.services.programmes import session_summary

    summary = session_summary(
        store, user_id=user_id, library=library, day=session.date, plans=plans
    )
    console.rule("[bold]Done[/]")
    if summary.next_session is None:
        console.print("That was the last session of this programme.")
        return
    when = summary.next_session.date
    console.print(f"Next session: {long_day(when)}.")
    for note in summary.notes:
        console.print(f"  • {note}")
    console.print("Tomorrow morning, record how it feels: hamstrong checkin --pain N")
