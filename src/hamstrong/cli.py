"""The `hamstrong` command line: thin commands over the core, one error boundary, lazy imports."""

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click.exceptions import ClickException
from typer.core import TyperGroup
from typer.exceptions import Abort

from hamstrong.errors import HamstrongError, InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

    from hamstrong.core.exercises import Library
    from hamstrong.core.programme import Programme

EXIT_BAD_INPUT = 2
EXIT_RED_FLAG = 3


def _stderr() -> "Console":
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    _stderr().print(f"[bold red]Error:[/] {message}", markup=True)
    raise typer.Exit(code)


class _Group(TyperGroup):
    """The one error boundary: bad input of any kind is one line on stderr and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except HamstrongError as error:
            _fail(str(error))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except ClickException as error:
            context = getattr(error, "ctx", None)
            if type(error).__name__ == "NoArgsIsHelpError" and context is not None:
                typer.echo(context.get_help())
                sys.exit(0)
            message = error.format_message().replace("\n", " ")
            command = getattr(getattr(error, "ctx", None), "command_path", "hamstrong")
            _stderr().print(f"[bold red]Error:[/] {message} (see `{command} --help`)", markup=True)
            sys.exit(EXIT_BAD_INPUT)
        except Abort:
            _stderr().print("Aborted.")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    help="HamStrong: an evidence-based hamstring and posterior-chain coach.",
)
profile_app = typer.Typer(cls=_Group, no_args_is_help=True, help="Create and check profiles.")
app.add_typer(profile_app, name="profile")


class TableOrJson(StrEnum):
    table = "table"
    json = "json"


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


class PlanFormat(StrEnum):
    table = "table"
    json = "json"
    ical = "ical"
    html = "html"
    pdf = "pdf"


def _library() -> "Library":
    from hamstrong.library import load_library

    return load_library()


def _emit(data: str | bytes, out: Path | None) -> None:
    """Write to --out (atomically, so a failure never leaves half a file) or to stdout."""
    if out is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            typer.echo(data, nl=not data.endswith("\n"))
        return
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if out.is_dir():
        raise InvalidInput({"out": f"{out} is a folder; give a file name"})
    temporary = out.with_name(f".{out.name}.tmp")
    try:
        temporary.write_bytes(payload)
        temporary.replace(out)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InvalidInput({"out": f"cannot write {out}: {error.strerror}"}) from None


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _parse_date(text: str | None, field: str) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput({field: f"{text!r} is not a date; use YYYY-MM-DD"}) from None


# ---- exercises -----------------------------------------------------------------------------------
@app.command()
def exercises(
    pattern: Annotated[
        str | None,
        typer.Option(
            help="hinge, knee_flexion, bridge, lunge, isometric, stretch, warmup or balance"
        ),
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option(help="Equipment you have (repeat the option); lists what you can do with it."),
    ] = None,
    level: Annotated[str | None, typer.Option(help="beginner, intermediate or advanced")] = None,
    search: Annotated[str | None, typer.Option(help="Words to find in names and cues.")] = None,
    format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
) -> None:
    """List the exercise library.

    Example: hamstrong exercises --pattern hinge --equipment dumbbell --level beginner
    """
    from hamstrong.core.vocab import Equipment, Level, Pattern

    library = _library()
    chosen = library.filter(
        pattern=_enum(Pattern, pattern, "pattern"),
        equipment=None
        if equipment is None
        else [_enum(Equipment, e, "equipment") for e in equipment],
        level=_enum(Level, level, "level"),
    )
    if search:
        words = search.lower().split()
        chosen = [
            e
            for e in chosen
            if all(w in " ".join((e.id, e.name, e.summary, *e.cues)).lower() for w in words)
        ]
    if format is TableOrJson.json:
        _emit(_json([e.to_dict() for e in chosen]), None)
        return
    from rich.console import Console
    from rich.table import Table

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


def _enum(kind: Any, value: str | None, field: str) -> Any:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise InvalidInput({field: f"{value!r} is not allowed; use one of {allowed}"}) from None


@app.command()
def exercise(
    exercise_id: Annotated[
        str, typer.Argument(metavar="ID", help="An id from `hamstrong exercises`.")
    ],
    format: Annotated[TextOrJson, typer.Option("--format", "-f")] = TextOrJson.text,
) -> None:
    """Show one exercise: cues, common mistakes, easier and harder versions, photos.

    Example: hamstrong exercise nordic-hamstring-curl
    """
    from hamstrong.library import photo_file

    library = _library()
    e = library.get(exercise_id)
    if format is TextOrJson.json:
        _emit(_json(e.to_dict()), None)
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
        lines.append(
            f"[bold]Avoid with[/] {', '.join(sorted(c.value for c in e.contraindications))}"
        )
    if e.photos:
        lines += [
            "[bold]Photos[/]",
            *(f"  {photo_file(p)}" for p in e.photos),
            f"[dim]{escape(e.credit)}[/]",
        ]
    Console().print(
        Panel("\n".join(lines), title=f"[bold]{escape(e.name)}[/] ({e.id})", expand=False)
    )


# ---- free-exercise-db catalogue ------------------------------------------------------------------
@app.command()
def catalogue(
    text: Annotated[
        str | None, typer.Argument(help="Words to find in names and instructions.")
    ] = None,
    muscle: Annotated[
        list[str] | None, typer.Option(help="e.g. hamstrings, glutes, 'lower back'.")
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option(help="free-exercise-db equipment, e.g. 'body only', dumbbell, kettlebells."),
    ] = None,
    level: Annotated[str | None, typer.Option(help="beginner, intermediate or expert")] = None,
    category: Annotated[str | None, typer.Option(help="e.g. strength, stretching")] = None,
    show: Annotated[str | None, typer.Option(help="Show one entry by its id.")] = None,
    file: Annotated[
        Path | None, typer.Option(help="Browse another free-exercise-db JSON file.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
) -> None:
    """Browse and search the whole free-exercise-db catalogue (public domain, 873 exercises).

    Example: hamstrong catalogue curl --muscle hamstrings --equipment "body only"
    """
    from hamstrong.core.fedb import LEVELS, search_fedb
    from hamstrong.library import load_fedb

    entries, skipped = load_fedb(file)
    err = _stderr()
    for problem in skipped:
        err.print(f"[yellow]Skipped:[/] {problem}", markup=True)
    if level is not None and level not in LEVELS:
        raise InvalidInput({"level": f"{level!r} is not allowed; use one of {', '.join(LEVELS)}"})
    if show is not None:
        match = next((e for e in entries if e.id == show), None)
        if match is None:
            raise InvalidInput({"show": f"no catalogue entry has the id {show!r}"})
        found = [match]
    else:
        found = search_fedb(
            entries,
            text=text,
            muscles=muscle or (),
            equipment=equipment or (),
            level=level,
            category=category,
        )
    if format is TableOrJson.json:
        _emit(_json([e.to_dict() for e in found[:limit]]), None)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if show is not None:
        e = found[0]
        console.print(
            f"[bold]{e.name}[/] ({e.id}) · {e.level} · {e.equipment or 'none'} · "
            f"{', '.join(e.muscles)}"
        )
        for number, step in enumerate(e.instructions, start=1):
            console.print(f"  {number}. {step}")
        console.print("[dim]From free-exercise-db (public domain).[/]")
        return
    table = Table(
        title=f"{len(found)} of {len(entries)} catalogue entries"
        + (f" (first {limit})" if len(found) > limit else ""),
        header_style="bold",
    )
    for column in ("id", "name", "level", "equipment", "muscles"):
        table.add_column(column)
    for e in found[:limit]:
        table.add_row(e.id, e.name, e.level, e.equipment or "none", ", ".join(e.primary_muscles))
    console.print(table)


# ---- planning ------------------------------------------------------------------------------------
@app.command()
def plan(
    profile: Annotated[Path | None, typer.Option(help="Profile file (TOML or JSON).")] = None,
    sample: Annotated[bool, typer.Option(help="Use the built-in sample profile.")] = False,
    start: Annotated[
        str | None, typer.Option(help="First day, YYYY-MM-DD (default today).")
    ] = None,
    weeks: Annotated[int, typer.Option(help="How many weeks, 1-52.")] = 8,
    format: Annotated[PlanFormat, typer.Option("--format", "-f")] = PlanFormat.table,
    out: Annotated[
        Path | None, typer.Option(help="Write to this file instead of the screen.")
    ] = None,
) -> None:
    """Plan a programme from a profile. Exit code 3 when the safety screen says see a clinician.

    Example: hamstrong plan --profile me.toml --start 2026-12-07 --format ical --out plan.ics
    """
    from hamstrong.core.planner import plan_programme
    from hamstrong.profiles import SAMPLE_PROFILE, profile_from_mapping, read_profile

    if (profile is None) == (not sample):
        raise InvalidInput({"profile": "give --profile FILE (or --sample for the built-in one)"})
    who = read_profile(profile) if profile is not None else profile_from_mapping(SAMPLE_PROFILE)
    library = _library()
    programme = plan_programme(who, _parse_date(start, "start"), weeks, library)
    _emit(_render_plan(programme, library, format), out)
    if programme.referral is not None:
        if format is not PlanFormat.table or out is not None:
            _stderr().print(f"[bold red]Safety screen:[/] {programme.referral.advice}", markup=True)
        raise typer.Exit(EXIT_RED_FLAG)


def _render_plan(programme: "Programme", library: "Library", format: PlanFormat) -> str | bytes:
    if format is PlanFormat.json:
        return _json(programme.to_dict())
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


# ---- profile -------------------------------------------------------------------------------------
@profile_app.command("init")
def profile_init(
    out: Annotated[Path, typer.Option(help="Where to write the profile.")] = Path("profile.toml"),
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Answer a few questions, including the safety screen, and write a profile file.

    Example: hamstrong profile init --out me.toml
    """
    from hamstrong.interview import run_interview

    if out.exists() and not force:
        raise InvalidInput({"out": f"{out} already exists; pass --force to overwrite it"})
    referral = run_interview(out)
    if referral is not None:
        raise typer.Exit(EXIT_RED_FLAG)


@profile_app.command("check")
def profile_check(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="Profile file (TOML or JSON).")],
) -> None:
    """Validate a profile file and say what is wrong, field by field.

    Example: hamstrong profile check me.toml
    """
    from hamstrong.core.screen import refer
    from hamstrong.profiles import read_profile

    who = read_profile(path)
    referral = refer(who.screen)
    if referral is not None:
        _stderr().print(f"[bold red]Safety screen:[/] {referral.advice}", markup=True)
        raise typer.Exit(EXIT_RED_FLAG)
    typer.echo(
        f"{path} is a valid profile ({who.level.value}, {who.sessions_per_week} sessions "
        f"a week, {who.minutes} min)."
    )


def main() -> None:
    """Console-script entry point."""
    app()
