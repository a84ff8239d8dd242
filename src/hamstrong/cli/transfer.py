"""Commands that move data in and out: import Strong/Hevy/Fitbod CSV, export CSV or JSON."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hamstrong.cli.base import emit, exercise_library, stderr, today
from hamstrong.cli.typer_app import app, open_user_store
from hamstrong.errors import InvalidInput

MAX_IMPORT_BYTES = 200 * 1024 * 1024


class WeightUnit(StrEnum):
    kg = "kg"
    lb = "lb"


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


@app.command("import", rich_help_panel="Import and export")
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A Strong, Hevy, Fitbod or HamStrong export.")],
    unit: Annotated[
        WeightUnit | None,
        typer.Option(
            help="Unit of a plain Weight column (Strong's current export does not say); "
            "your unit (hamstrong profile units) when not given. Files that name their unit "
            "keep it."
        ),
    ] = None,
) -> None:
    """Import a workout history; importing the same file twice adds nothing.

    Example: hamstrong import strong_workouts.csv
    """
    from hamstrong.present import import_report
    from hamstrong.services.transfer import import_text

    text = _read_text(file)
    store, user = open_user_store(ctx)
    summary = import_text(
        store,
        user_id=user,
        text=text,
        library=exercise_library(),
        today=today(),
        weight_unit=None if unit is None else unit.value,
    )
    err = stderr()
    for problem in summary.problems:
        err.print(f"Skipped {problem}", style="yellow", markup=False, highlight=False)
    typer.echo(import_report(summary))
    if summary.unmatched:
        typer.echo("Kept as custom exercises: " + ", ".join(summary.unmatched))


def _read_text(path: Path) -> str:
    try:
        if path.is_dir():
            raise InvalidInput({"file": f"{path} is a folder; give the exported file"})
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise InvalidInput({"file": f"{path} is larger than 200 MB"})
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput({"file": f"{path} does not exist"}) from None
    except OSError as error:
        raise InvalidInput({"file": f"cannot read {path}: {error.strerror}"}) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            {"file": f"{path} is not UTF-8 text (byte {error.start}); export it again as UTF-8 CSV"}
        ) from None


@app.command(rich_help_panel="Import and export")
def export(
    ctx: typer.Context,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.json,
    out: Annotated[
        Path | None, typer.Option(help="Write to this file instead of the screen.")
    ] = None,
) -> None:
    """Export everything logged or imported, as CSV (sets) or JSON (hamstrong.export/1).

    Example: hamstrong export --format json --out backup.json
    """
    from hamstrong.services.transfer import export as run_export

    store, user = open_user_store(ctx)
    emit(run_export(store, user_id=user, fmt=format.value), out)
