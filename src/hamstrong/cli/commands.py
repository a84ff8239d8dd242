"""The work of the commands the quick path runs (`plan`, `log`, `today`, `checkin`,
`exercises`, `exercise`), without typer: the typer commands (their options and help) and
``cli.fast`` both call these, so there is one body each."""

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hamstrong.cli.base import (
    EXIT_RED_FLAG,
    Exit,
    PlanFormat,
    Run,
    TableOrJson,
    TextOrJson,
    as_json,
    echo,
    emit,
    exercise_library,
    member,
    parse_date,
    stderr,
    today,
)
from hamstrong.core.dates import DEFAULT_WEEKS, long_day
from hamstrong.errors import InvalidInput, shown

if TYPE_CHECKING:
    from hamstrong.core.exercises import Library
    from hamstrong.core.profile import Profile
    from hamstrong.core.programme import Programme
    from hamstrong.services.programmes import Today


def screened(who: "Profile", *, ask: bool | None, interactive: bool = True) -> "Profile":
    """The profile with unanswered screen questions asked, when asking is possible and wanted;
    otherwise the planner refuses it, naming them (a missing answer never counts as "no")."""
    from hamstrong.services.planning import unanswered_questions

    if ask is None:
        ask = interactive and sys.stdin.isatty()
    if not ask or not unanswered_questions(who.screen):
        return who
    from hamstrong.interview import complete_screen

    return complete_screen(who)


def plan(
    *,
    profile: Path | None = None,
    sample: bool = False,
    start: str | None = None,
    weeks: int = DEFAULT_WEEKS,
    format: PlanFormat = PlanFormat.table,
    out: Path | None = None,
    ask: bool | None = None,
) -> None:
    """`hamstrong plan`: a programme from a profile, saved nowhere."""
    from hamstrong.profiles import SAMPLE_PROFILE, profile_from_mapping, read_profile
    from hamstrong.services.planning import plan as plan_for

    if (profile is None) == (not sample):
        raise InvalidInput({"profile": "give --profile FILE (or --sample for the built-in one)"})
    who = read_profile(profile) if profile is not None else profile_from_mapping(SAMPLE_PROFILE)
    who = screened(who, ask=ask, interactive=format is PlanFormat.table and out is None)
    shipped = exercise_library()
    programme = plan_for(who, start=parse_date(start, "start"), weeks=weeks, library=shipped)
    emit(_render_plan(programme, shipped, format), out)
    if programme.referral is not None:
        if format is not PlanFormat.table or out is not None:
            stderr().print(f"[bold red]Safety screen:[/] {programme.referral.advice}", markup=True)
        raise Exit(EXIT_RED_FLAG)


def _render_plan(programme: "Programme", library: "Library", format: PlanFormat) -> str | bytes:
    if format is PlanFormat.json:
        return as_json(programme.to_dict())
    if format is PlanFormat.ical:
        from hamstrong.outputs.ical import programme_ical

        return programme_ical(programme, library)
    if format is PlanFormat.html:
        from hamstrong.outputs.printable import programme_html

        return programme_html(programme, library)
    if format is PlanFormat.pdf:
        from hamstrong.outputs.pdf import programme_pdf

        pdf: bytes = programme_pdf(programme, library)
        return pdf
    from hamstrong.outputs.terminal import programme_tables

    return programme_tables(programme, library)


def _parse_reps(text: str) -> list[int]:
    parts = [p.strip() for p in text.split(",")]
    if not parts or any(not p.isdigit() for p in parts):
        raise InvalidInput({"reps": f"{shown(text)} is not a list of whole numbers like 12,12,10"})
    return [int(p) for p in parts]


def log(
    run: Run,
    *,
    exercise: str,
    reps: str,
    kg: float | None = None,
    lb: float | None = None,
    rpe: float | None = None,
    pain: int | None = None,
    side: str | None = None,
    on: str | None = None,
    symptom: list[str] | None = None,
    note: str | None = None,
) -> None:
    """`hamstrong log`: sets saved one by one, straight to a SQLite file (no SQLAlchemy)."""
    from hamstrong.core.training_log import SetEntry, Symptom, load_limit
    from hamstrong.core.units import Unit, to_kg
    from hamstrong.core.vocab import Side
    from hamstrong.services.clock import now_utc
    from hamstrong.services.training_log import log_local_sets, stop_rule

    counts = _parse_reps(reps)
    if kg is not None and lb is not None:
        raise InvalidInput({"lb": "give the load once, in kg or in lb"})
    for unit, given in ((Unit.KG, kg), (Unit.LB, lb)):  # the limit in the unit typed
        if given is not None and (problem := load_limit(unit).problem(given)):
            raise InvalidInput({unit.value: problem})
    if lb is not None:
        kg = to_kg(lb, Unit.LB)
    chosen_side = member(Side, side, "side") or Side.BOTH
    symptoms = tuple(member(Symptom, s, "symptom") for s in symptom or ())
    day = parse_date(on, "date")
    at = now_utc()
    entries = [
        SetEntry(
            day,
            exercise,
            n,
            kg,
            rpe,
            pain,
            chosen_side,
            order=i + 1,
            at=at,
            symptoms=symptoms if i == len(counts) - 1 else (),
            note=(note.strip() or None) if note is not None and i == len(counts) - 1 else None,
        )
        for i, n in enumerate(counts)
    ]
    log_local_sets(
        run.database_url(), entries=entries, library=exercise_library(), today=today(), now=at
    )
    echo(
        f"Logged {len(entries)} set{'s' if len(entries) > 1 else ''} of {exercise} "
        f"on {long_day(day)}."
    )
    stop = stop_rule(entries)
    if stop is not None:  # emergency wording for chest symptoms, the re-screen for all
        from rich.console import Console

        from hamstrong.outputs.terminal import halt_panel

        Console(stderr=True, highlight=False).print(
            halt_panel(stop, title="Stop: end the session now")
        )
        raise Exit(EXIT_RED_FLAG)


def today_view(run: Run, day: date) -> "Today":
    """What `today` and `session` show for ``day``."""
    from hamstrong.services.programmes import today_session

    store, user = run.user_store()
    return today_session(
        store, user_id=user, library=exercise_library(), today=day, plans=run.plans
    )


def today_command(
    run: Run, *, on: str | None = None, format: TableOrJson = TableOrJson.table
) -> None:
    """`hamstrong today`: the session due, or when the next one is and why."""
    view = today_view(run, parse_date(on, "date"))
    if format is TableOrJson.json:
        emit(as_json(view.to_dict()), None)
    else:
        from hamstrong.outputs.terminal import today_text

        emit(today_text(view, exercise_library()), None)
    if view.blocked:
        raise Exit(EXIT_RED_FLAG)


def checkin(run: Run, *, pain: int, on: str | None = None) -> None:
    """`hamstrong checkin`: next-morning pain, straight to a SQLite file (no SQLAlchemy)."""
    from hamstrong.services.clock import now_utc
    from hamstrong.services.training_log import check_in_local

    day = parse_date(on, "date")
    check_in_local(run.database_url(), day=day, pain=pain, today=today(), now=now_utc())
    echo(f"Morning pain {pain}/10 recorded for {long_day(day)}.")


def exercises(
    *,
    pattern: str | None = None,
    equipment: list[str] | None = None,
    level: str | None = None,
    search: str | None = None,
    format: TableOrJson = TableOrJson.table,
) -> None:
    """`hamstrong exercises`: the library, filtered and searched."""
    from hamstrong.core.vocab import Equipment, Level, Pattern
    from hamstrong.services.catalogue import find_exercises

    chosen = find_exercises(
        exercise_library(),
        text=search or "",
        pattern=member(Pattern, pattern, "pattern"),
        equipment=None
        if equipment is None
        else [member(Equipment, e, "equipment") for e in equipment if e != "none"],
        level=member(Level, level, "level"),
    )
    if format is TableOrJson.json:
        emit(as_json([e.to_dict() for e in chosen]), None)
        return
    from rich.console import Console
    from rich.table import Table

    if not chosen:
        echo(
            "No exercise matches. Check the spelling, use fewer words, or drop a filter "
            "(`hamstrong exercises` lists them all)."
        )
        return
    table = Table(title=f"{len(chosen)} exercises", header_style="bold", expand=False)
    for column in ("id", "name", "pattern", "level", "equipment", "one leg", "photos"):
        table.add_column(column)
    for e in chosen:
        table.add_row(
            e.id,
            e.name,
            e.pattern.value,
            e.level.value,
            ", ".join(sorted(x.value for x in e.equipment)) or "none",
            "yes" if e.unilateral else "",
            str(len(e.photos)) if e.photos else "",
        )
    Console().print(table)


def exercise(*, exercise_id: str, format: TextOrJson = TextOrJson.text) -> None:
    """`hamstrong exercise ID`: one exercise in full."""
    from hamstrong.library import photo_file

    library = exercise_library()
    e = library.get(exercise_id)
    if format is TextOrJson.json:
        emit(as_json(e.to_dict()), None)
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.panel import Panel

    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(f"{library.get(i).name} ({i})" for i in ids) or "none"

    dose = f"{e.dose_range[0]}-{e.dose_range[1]} {'reps' if e.dose.value == 'reps' else 's hold'}"
    lines = [
        f"[italic]{escape(e.summary)}[/]",
        "",
        f"[bold]Pattern[/] {e.pattern.value}   [bold]Level[/] {e.level.value}   "
        f"[bold]One leg at a time[/] {'yes' if e.unilateral else 'no'}",
        f"[bold]Equipment[/] {', '.join(sorted(x.value for x in e.equipment)) or 'none'}",
        f"[bold]Tempo[/] {e.tempo or 'hold'}   [bold]Dose[/] {dose}",
        f"[bold]Muscles[/] {', '.join(e.muscles)}",
        "",
        "[bold]Cues[/]",
        *(f"  • {escape(c)}" for c in e.cues),
        "[bold]Common mistakes[/]",
        *(f"  • {escape(m)}" for m in e.mistakes),
        f"[bold]Easier[/] {escape(names(e.easier))}",
        f"[bold]Harder[/] {escape(names(e.harder))}",
    ]
    if e.contraindications:
        kinds = ", ".join(sorted(c.label for c in e.contraindications))
        lines.append(f"[bold]Left out of plans for:[/] {kinds}")
    if e.photos:
        lines += [
            "[bold]Photos[/]",
            *(f"  {photo_file(p)}" for p in e.photos),
            f"[dim]{escape(e.credit)}[/]",
        ]
    Console().print(
        Panel("\n".join(lines), title=f"[bold]{escape(e.name)}[/] ({e.id})", expand=False)
    )
