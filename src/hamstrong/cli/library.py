"""Commands that show the exercise library and the free-exercise-db catalogue."""

from pathlib import Path
from typing import Annotated

import typer

from hamstrong.cli import commands
from hamstrong.cli.base import (
    TableOrJson,
    TextOrJson,
    as_json,
    emit,
    stderr,
)
from hamstrong.cli.typer_app import app


# ---- exercises -----------------------------------------------------------------------------------
@app.command(rich_help_panel="Exercise library")
def exercises(
    pattern: Annotated[
        str | None,
        typer.Option(
            help="hinge, knee_flexion, knee_extension, bridge, lunge, isometric, stretch, "
            "warmup or balance"
        ),
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option(
            help="Equipment you have (repeat the option); lists what you can do with it. "
            "'none' lists what needs no equipment."
        ),
    ] = None,
    level: Annotated[str | None, typer.Option(help="beginner, intermediate or advanced")] = None,
    search: Annotated[
        str | None,
        typer.Option(
            help="Words to find, best match first: names from other apps, short forms (RDL) "
            "and small typos are fine."
        ),
    ] = None,
    format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
) -> None:
    """List the exercise library.

    Example: hamstrong exercises --search "single leg deadlift" --equipment dumbbell
    """
    commands.exercises(
        pattern=pattern, equipment=equipment, level=level, search=search, format=format
    )


@app.command(rich_help_panel="Exercise library")
def exercise(
    exercise_id: Annotated[
        str, typer.Argument(metavar="ID", help="An id from `hamstrong exercises`.")
    ],
    format: Annotated[TextOrJson, typer.Option("--format", "-f")] = TextOrJson.text,
) -> None:
    """Show one exercise: cues, common mistakes, easier and harder versions, photos.

    Example: hamstrong exercise nordic-hamstring-curl
    """
    commands.exercise(exercise_id=exercise_id, format=format)


# ---- free-exercise-db catalogue ------------------------------------------------------------------
@app.command(rich_help_panel="Exercise library")
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
    from hamstrong.services.catalogue import browse

    result = browse(
        file,
        text=text,
        muscles=muscle or (),
        equipment=equipment or (),
        level=level,
        category=category,
        show=show,
    )
    err = stderr()
    for problem in result.skipped:
        err.print(f"[yellow]Skipped:[/] {problem}", markup=True)
    found = result.entries
    if format is TableOrJson.json:
        emit(as_json([e.to_dict() for e in found[:limit]]), None)
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
        title=f"{len(found)} of {result.total} catalogue entries"
        + (f" (first {limit})" if len(found) > limit else ""),
        header_style="bold",
    )
    for column in ("id", "name", "level", "equipment", "muscles"):
        table.add_column(column)
    for e in found[:limit]:
        table.add_row(e.id, e.name, e.level, e.equipment or "none", ", ".join(e.primary_muscles))
    console.print(table)
