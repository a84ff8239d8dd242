"""`hamstrong check`: film a set side-on and get reps, lowering times and mistakes back."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hamstrong.cli.base import TableOrJson, as_json, emit, exercise_library, parse_date, stderr
from hamstrong.cli.typer_app import DayOption, app, open_user_store
from hamstrong.core.dates import long_day
from hamstrong.errors import InvalidInput

if TYPE_CHECKING:
    from datetime import date

    from hamstrong.core.formcheck import FormCheck


@app.command("check", rich_help_panel="Progress")
def check_form(
    ctx: typer.Context,
    video: Annotated[Path, typer.Argument(help="The clip: mp4, mov or webm, filmed side-on.")],
    exercise: Annotated[str, typer.Option(help="Exercise id (see `hamstrong exercises`).")],
    side: Annotated[
        str | None, typer.Option(help="left or right: the working leg of a one-leg exercise.")
    ] = None,
    format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
    overlay: Annotated[
        Path | None, typer.Option(help="Also write a picture of the worst rep to FILE.png.")
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option(
            metavar="OTHER_VIDEO",
            help="A clip of the other leg (one-leg exercises): compares left and right.",
        ),
    ] = None,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Keep the result (not the clip) with the day's session: `hamstrong progress` "
            "follows lowering time and the Nordic break angle over weeks.",
        ),
    ] = False,
    on: DayOption = None,
) -> None:
    """Check your form in a clip: reps, lowering time per rep and the common mistakes seen.

    Runs on this machine only. Film one set from the side, phone at hip height, whole body in view.

    Example: hamstrong check rdl.mp4 --exercise romanian-deadlift --overlay worst.png
    Example: hamstrong check left.mp4 --exercise single-leg-rdl --side left --compare right.mp4
    Example: hamstrong check nordic.mp4 --exercise nordic-hamstring-curl --save
    """
    from hamstrong.services.formcheck import annotated_frame

    day = parse_date(on, "date")
    if overlay is not None and overlay.suffix.lower() != ".png":
        raise InvalidInput({"overlay": f"{overlay.name}: use a file name ending in .png"})
    if compare is not None and not exercise_library().get(exercise).unilateral:
        raise InvalidInput({"compare": "left and right are compared for one-leg exercises only"})
    result = _run(video, exercise, side)
    if compare is not None:
        other = _compare(result, compare, exercise, format, overlay, video)
        if save:
            _save(ctx, [(result, video), (other, compare)], day, format)
        return
    if save:
        _save(ctx, [(result, video)], day, format)
    if overlay is not None:
        emit(annotated_frame(video, result), overlay)
    if format is TableOrJson.json:
        emit(as_json(result.to_dict()), None)
        return
    _table(result)
    if overlay is not None:
        typer.echo(
            f"Picture of rep {result.reps[result.worst_rep or 0].number} written to {overlay}."
        )


def _compare(
    result: "FormCheck",
    other_clip: Path,
    exercise: str,
    format: TableOrJson,
    overlay: Path | None,
    video: Path,
) -> "FormCheck":
    from hamstrong.services.formcheck import annotated_frame, compare_sides

    other_side = {"left": "right", "right": "left"}.get(result.side or "")
    other = _run(other_clip, exercise, other_side)
    comparison = compare_sides(result, other)
    if overlay is not None:
        emit(annotated_frame(video, result), overlay)
    if format is TableOrJson.json:
        emit(
            as_json(
                {
                    "clips": [result.to_dict(), other.to_dict()],
                    "comparison": comparison.to_dict(),
                }
            ),
            None,
        )
        return other
    _table(result)
    _table(other)
    typer.echo(comparison.summary)
    return other


def _save(
    ctx: typer.Context, results: "list[tuple[FormCheck, Path]]", day: "date", format: TableOrJson
) -> None:
    """File each result with the day's session (the store keeps no video)."""
    from hamstrong.services.clock import now_utc
    from hamstrong.services.formcheck import annotated_frame
    from hamstrong.services.formjobs import save_result

    store, user = open_user_store(ctx)
    for result, clip in results:
        picture = annotated_frame(clip, result)
        save_result(store, user, result, day=day, picture=picture, now=now_utc())
    if format is TableOrJson.table:
        stderr().print(f"Saved with the session of {long_day(day)}.")


def _run(video: Path, exercise: str, side: str | None) -> "FormCheck":
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from hamstrong.services.formcheck import check_clip

    with Progress(
        TextColumn("Finding the body"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=stderr(),
        transient=True,
    ) as bar:
        task = bar.add_task("pose", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return check_clip(video, exercise, library=exercise_library(), side=side, progress=advance)


def _table(result: "FormCheck") -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=True)
    console.print(f"[bold]{result.exercise_name}[/]: {result.verdict}")
    if result.side:
        console.print(f"Working leg: {result.side}.")
    table = Table(header_style="bold", expand=False)
    table.add_column("rep", justify="right")
    for phase in result.reps[0].phases:
        table.add_column(f"{phase.name} s", justify="right")
    extra = [m for m in result.reps[0].measures if m.key != "lowering_s" and m.unit == "°"]
    for m in extra:
        table.add_column(f"{m.label} °", justify="right")
    for rep in result.reps:
        marker = (
            " ←" if result.worst_rep is not None and rep is result.reps[result.worst_rep] else ""
        )
        table.add_row(
            f"{rep.number}{marker}",
            *(f"{p.seconds:.1f}" for p in rep.phases),
            *(f"{rep.measure(m.key):.0f}" for m in extra),
        )
    console.print(table)
    if result.tempo_lowering_s:
        console.print(f"Prescribed lowering: {result.tempo_lowering_s:.0f} s.")
    for finding in result.findings:
        console.print(f"[bold]Mistake:[/] {finding.mistake.partition(':')[0]}: {finding.seen}.")
        console.print(f"  Cue: {finding.cue}")
    for limit in result.limits:
        console.print(f"[dim]{limit}[/]")
    console.print(
        f"[dim]View: {result.view.off_side_deg:.0f}° off side-on; "
        f"{result.duration_s:.1f} s at {result.fps:.0f} frames/s.[/]"
    )
