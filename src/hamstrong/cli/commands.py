"""The work of the commands the quick path runs (`plan`, `log`), without typer: the typer
commands (their options and help) and ``cli.fast`` both call these, so there is one body each."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hamstrong.cli.base import (
    EXIT_RED_FLAG,
    Exit,
    PlanFormat,
    Run,
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
