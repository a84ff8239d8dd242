"""Commands for training from the saved programme: start, today, session, log and friends."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hamstrong.cli import commands
from hamstrong.cli.base import (
    EXIT_RED_FLAG,
    TableOrJson,
    as_json,
    emit,
    exercise_library,
    parse_date,
    stderr,
    today,
)
from hamstrong.cli.commands import screened
from hamstrong.cli.planning import AskOption
from hamstrong.cli.typer_app import app, open_user_store, plans_of, run_of
from hamstrong.core.dates import DEFAULT_WEEKS, MAX_WEEKS, long_day, short_day
from hamstrong.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable

    from hamstrong.core.exercises import Library
    from hamstrong.core.programme import Session
    from hamstrong.core.units import Unit
    from hamstrong.services.stores import Store

# The day a command is about: today unless --date says otherwise.
DayOption = Annotated[str | None, typer.Option("--date", help="Day, YYYY-MM-DD (default today).")]


@app.command(rich_help_panel="Train and log")
def start(
    ctx: typer.Context,
    profile: Annotated[Path, typer.Option(help="Profile file (TOML or JSON).")],
    start: Annotated[
        str | None, typer.Option(help="First day, YYYY-MM-DD (default today).")
    ] = None,
    weeks: Annotated[int, typer.Option(help=f"How many weeks, 1-{MAX_WEEKS}.")] = DEFAULT_WEEKS,
    ask: AskOption = None,
) -> None:
    """Save your profile and its programme; `today` and `session` then follow it.

    Example: hamstrong start --profile me.toml --start 2026-12-07
    """
    from hamstrong.profiles import read_profile
    from hamstrong.services.programmes import start_programme

    who = screened(read_profile(profile), ask=ask)
    first = parse_date(start, "start")
    store, user = open_user_store(ctx)
    programme = start_programme(
        store, user_id=user, profile=who, start=first, weeks=weeks, library=exercise_library()
    )
    if programme.referral is not None:
        stderr().print(f"[bold red]Safety screen:[/] {programme.referral.advice}", markup=True)
        raise typer.Exit(EXIT_RED_FLAG)
    count = len(programme.sessions)
    nxt = long_day(programme.sessions[0].date) if count else "none"
    typer.echo(f"Saved: {weeks} weeks, {count} sessions, first on {nxt} (track {programme.track}).")
    for warning in programme.warnings:
        typer.echo(f"! {warning}")
    typer.echo("Next: hamstrong today")


@app.command("today", rich_help_panel="Train and log")
def today_command(
    ctx: typer.Context,
    on: DayOption = None,
    format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
) -> None:
    """Show the session due today, or when the next one is and why, with cues, tempo and rest.

    Example: hamstrong today --format json
    """
    commands.today_command(run_of(ctx), on=on, format=format)


@app.command(rich_help_panel="Train and log")
def log(
    ctx: typer.Context,
    exercise: Annotated[str, typer.Argument(help="Exercise id from `hamstrong exercises`.")],
    reps: Annotated[str, typer.Option(help="Reps (or seconds for holds) per set: 12,12,10.")],
    kg: Annotated[float | None, typer.Option(help="Load in kg; leave out for bodyweight.")] = None,
    lb: Annotated[float | None, typer.Option(help="Load in pounds instead (kept in kg).")] = None,
    rpe: Annotated[float | None, typer.Option(help="Effort 1-10 (10 = no reps left).")] = None,
    pain: Annotated[int | None, typer.Option(help="Pain during the sets, 0-10.")] = None,
    side: Annotated[str | None, typer.Option(help="left or right, for one-leg work.")] = None,
    on: DayOption = None,
    symptom: Annotated[
        list[str] | None,
        typer.Option(help="A stop-rule symptom: sharp, below_knee, numbness or chest (repeat)."),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(help="A note on the set (on the last one, when you log several)."),
    ] = None,
) -> None:
    """Log sets from a script or after training; each set is saved before the command ends.

    Example: hamstrong log romanian-deadlift --reps 10,10,9 --kg 12 --rpe 7 --note "grip gave"
    """
    commands.log(
        run_of(ctx),
        exercise=exercise,
        reps=reps,
        kg=kg,
        lb=lb,
        rpe=rpe,
        pain=pain,
        side=side,
        on=on,
        symptom=symptom,
        note=note,
    )


@app.command(rich_help_panel="Train and log")
def finish(
    ctx: typer.Context,
    on: DayOption = None,
    note: Annotated[
        str | None,
        typer.Option(help='A note on the whole session ("" clears it; left out: kept).'),
    ] = None,
    format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
) -> None:
    """Finish today's session (its duration ends now) and show its summary: sets, time taken,
    records beaten, the streak, and what changes next time. An earlier day keeps only the note.

    Example: hamstrong finish --note "Busy gym; left hamstring tight"
    """
    from hamstrong.services.clock import now_utc
    from hamstrong.services.sessions import finish_and_report

    day = parse_date(on, "date")
    store, user = open_user_store(ctx)
    report = finish_and_report(
        store,
        user_id=user,
        library=exercise_library(),
        day=day,
        today=today(),
        at=now_utc(),
        note=None if note is None else note.strip(),
        plans=plans_of(ctx),
    )
    from hamstrong.outputs.terminal import report_lines

    _show(
        format,
        report.to_dict(),
        lambda unit: report_lines(report, exercise_library(), unit),
        (store, user),
    )


@app.command(rich_help_panel="Train and log")
def records(
    ctx: typer.Context,
    format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
) -> None:
    """List your personal records: best estimated max, most reps at each load, longest hold
    and best Nordic set, per exercise and side, with the day each was set; and your streak.

    Example: hamstrong records --format json
    """
    from hamstrong.services.sessions import records_of

    store, user = open_user_store(ctx)
    found = records_of(store, user_id=user, library=exercise_library(), today=today())
    from hamstrong.outputs.terminal import records_lines

    _show(
        format,
        found.to_dict(),
        lambda unit: records_lines(found, exercise_library(), unit),
        (store, user),
    )


def _show(
    format: TableOrJson,
    document: dict[str, object],
    lines: "Callable[[Unit], list[str]]",
    reader: "tuple[Store, int]",
) -> None:
    """The JSON document, or the lines in the unit the ``reader`` (store, user) reads loads in."""
    if format is TableOrJson.json:
        emit(as_json(document), None)
        return
    from hamstrong.services import accounts

    store, user = reader
    typer.echo("\n".join(lines(accounts.unit(store, user_id=user))))


@app.command(rich_help_panel="Train and log")
def move(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(help="The session's day, YYYY-MM-DD.")],
    to: Annotated[str, typer.Option(help="The new day, YYYY-MM-DD, in the same programme week.")],
) -> None:
    """Move a planned session to another day of its week, keeping sessions 48 hours apart.

    Example: hamstrong move 2026-12-09 --to 2026-12-10
    """
    from hamstrong.services.programmes import move_session

    when, target = parse_date(day, "day"), parse_date(to, "to")
    store, user = open_user_store(ctx)
    move_session(
        store,
        user_id=user,
        library=exercise_library(),
        day=when,
        to=target,
        today=today(),
        plans=plans_of(ctx),
    )
    typer.echo(f"Moved the session of {long_day(when)} to {long_day(target)}.")


@app.command(rich_help_panel="Train and log")
def swap(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(help="The session's day, YYYY-MM-DD.")],
    exercise: Annotated[
        str | None, typer.Argument(help="The planned exercise's id (none: list the choices).")
    ] = None,
    to: Annotated[
        str | None, typer.Option(help="The exercise to do instead, until changed back.")
    ] = None,
    back: Annotated[bool, typer.Option("--back", help="Change the exercise back.")] = False,
) -> None:
    """Swap an exercise of a planned session for another your equipment and profile allow;
    it holds for that session until you change it back (the web's session page does the same).

    Example: hamstrong swap 2026-12-10 hamstring-walkout --to long-lever-bridge-hold
    """
    from hamstrong.services.programmes import swap_exercise, swap_slots

    when = parse_date(day, "day")
    store, user = open_user_store(ctx)
    library = exercise_library()
    if exercise is None:
        if to is not None or back:
            raise InvalidInput({"exercise": "name the planned exercise to swap"})
        slots = swap_slots(
            store, user_id=user, library=library, day=when, today=today(), plans=plans_of(ctx)
        )
        for slot in slots:
            name = library.get(slot.planned).name
            now = f" -> now {slot.chosen}" if slot.chosen else ""
            typer.echo(f"{slot.planned} ({name}){now}")
            for option in slot.options:
                typer.echo(f"  {option.exercise} ({option.relation})")
            if not slot.options:
                typer.echo("  no swap your equipment and profile allow")
        return
    if back == (to is not None):
        raise InvalidInput({"to": "give --to EXERCISE, or --back to change it back"})
    chosen = exercise if back else str(to)
    swap_exercise(
        store,
        user_id=user,
        library=library,
        day=when,
        planned=exercise,
        chosen=chosen,
        today=today(),
        plans=plans_of(ctx),
    )
    if back:
        typer.echo(f"Changed {exercise} back in the session of {long_day(when)}.")
    else:
        typer.echo(
            f"Swapped {exercise} for {chosen} in the session of {long_day(when)}, "
            "until you change it back."
        )


@app.command(rich_help_panel="Train and log")
def checkin(
    ctx: typer.Context,
    pain: Annotated[int, typer.Option(help="Pain or stiffness this morning, 0-10.")],
    on: DayOption = None,
) -> None:
    """Record next-morning pain: rising morning pain makes the next week lighter.

    Example: hamstrong checkin --pain 2
    """
    commands.checkin(run_of(ctx), pain=pain, on=on)


@app.command(rich_help_panel="Train and log")
def history(
    ctx: typer.Context,
    format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
    limit: Annotated[int, typer.Option(min=1, help="Most recent training days to show.")] = 20,
) -> None:
    """List past training days with their sets.

    Example: hamstrong history --limit 5
    """
    from itertools import groupby

    from hamstrong.services import accounts
    from hamstrong.services.training_log import training_days

    store, user = open_user_store(ctx)
    days = training_days(store, user_id=user, days=limit)
    chosen = [logged.entry for _, day_sets in reversed(days) for logged in day_sets]
    unit = accounts.unit(store, user_id=user)
    if format is TableOrJson.json:
        from hamstrong.services.transfer import sets_document

        emit(as_json(sets_document(chosen, unit)), None)
        return
    if not chosen:
        typer.echo("Nothing logged yet.")
        return
    from rich.console import Console
    from rich.table import Table

    from hamstrong.core.vocab import Dose
    from hamstrong.present import logged_amount

    library = exercise_library()
    table = Table(header_style="bold", title="Training history")
    for column in ("Day", "Exercise", "Side", f"Sets (reps or seconds × {unit})", "RPE", "Pain"):
        table.add_column(column)
    for day, day_sets in groupby(
        sorted(chosen, key=lambda s: (s.day, s.exercise, s.side)), key=lambda s: s.day
    ):
        first = True
        for (exercise, side), group in groupby(list(day_sets), key=lambda s: (s.exercise, s.side)):
            rows = list(group)
            name = library.get(exercise).name if exercise in library else (rows[0].name or exercise)
            hold = exercise in library and library.get(exercise).dose is Dose.HOLD
            table.add_row(
                short_day(day) if first else "",
                name,
                side.value if side.value != "both" else "",
                ", ".join(
                    logged_amount(r.reps, r.kg, hold=hold, unit=unit) + (" (w)" if r.warmup else "")
                    for r in rows
                ),
                ", ".join(f"{r.rpe:g}" for r in rows if r.rpe is not None),
                ", ".join(str(r.pain) for r in rows if r.pain is not None),
            )
            first = False
        table.add_section()
    Console().print(table)


@app.command(rich_help_panel="Train and log")
def undo(ctx: typer.Context) -> None:
    """Remove the last thing you logged (a set, a check-in or a self-test).

    Example: hamstrong undo
    """
    from hamstrong.services.training_log import undo as undo_last

    store, user = open_user_store(ctx)
    removed = undo_last(store, user_id=user)
    typer.echo(f"Removed: {removed}" if removed else "Nothing to undo.")


@app.command(rich_help_panel="Train and log")
def session(
    ctx: typer.Context,
    on: DayOption = None,
    timers: Annotated[bool, typer.Option(help="Show the tempo count and rest countdown.")] = True,
) -> None:
    """Walk through today's session: warm-up, each set with a tempo count and a rest countdown.

    Each set is saved as soon as you enter it. A stop-rule symptom ends the session.
    Example: hamstrong session
    """
    from hamstrong.guided import run_session

    day = parse_date(on, "date")
    view = commands.today_view(run_of(ctx), day)
    if view.halt is not None:  # a stop or a pause: the session underneath is not offered
        from rich.console import Console

        from hamstrong.outputs.terminal import halt_panel

        Console(highlight=False).print(halt_panel(view.halt))
        raise typer.Exit(EXIT_RED_FLAG if view.blocked else 0)
    if view.session is None:
        typer.echo(view.notes[0] if view.notes else "No session today.")
        return
    store, user = open_user_store(ctx)
    stopped = run_session(
        view.session,
        view.notes,
        store=store,
        user_id=user,
        library=exercise_library(),
        plans=plans_of(ctx),
        timers=timers,
    )
    if stopped:
        raise typer.Exit(EXIT_RED_FLAG)


def session_lines(session: "Session", library: "Library") -> list[str]:
    from hamstrong.present import BLOCK_TITLES, dose_text, item_name

    lines = []
    for block in session.blocks:
        for item in block.items:
            lines.append(
                f"{BLOCK_TITLES[block.kind.value]}: {item_name(item, library)} — {dose_text(item)}"
            )
    return lines
