"""Commands that read the log back: progress with charts, and self-tests against norms."""

from pathlib import Path
from typing import Annotated

import typer

from hamstrong.cli.base import (
    TableOrJson,
    as_json,
    emit,
    exercise_library,
    member,
    parse_date,
    today,
)
from hamstrong.cli.typer_app import DayOption, app, open_user_store, plans_of
from hamstrong.core.dates import long_day
from hamstrong.errors import InvalidInput

CHART_SUFFIXES = {".png": "png", ".svg": "svg"}


@app.command(rich_help_panel="Progress")
def progress(
    ctx: typer.Context,
    format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
    chart: Annotated[
        Path | None, typer.Option(help="Also draw the charts to FILE.png or .svg.")
    ] = None,
) -> None:
    """Adherence, rest days, weekly hard sets, left/right balance, strength, Nordic reps and pain.

    Example: hamstrong progress --chart progress.png
    """
    from hamstrong.services import accounts
    from hamstrong.services.formjobs import form_trends
    from hamstrong.services.progress import progress as compute
    from hamstrong.services.progress import shown_in

    if chart is not None and chart.suffix.lower() not in CHART_SUFFIXES:
        raise InvalidInput({"chart": f"{chart.name}: use a file name ending in .png or .svg"})
    store, user = open_user_store(ctx)
    report = compute(
        store, user_id=user, library=exercise_library(), today=today(), plans=plans_of(ctx)
    )
    shown = shown_in(report, accounts.unit(store, user_id=user))  # tables, charts; JSON in kg
    if chart is not None:
        from hamstrong.outputs.charts import progress_chart

        emit(progress_chart(shown, CHART_SUFFIXES[chart.suffix.lower()]), chart)
    checks = form_trends(store, user)
    if format is TableOrJson.json:
        emit(as_json({**report.to_dict(), "form_checks": [t.to_dict() for t in checks]}), None)
        return
    from hamstrong.outputs.terminal import form_trends_text, progress_text

    emit(progress_text(shown), None)
    if checks:
        emit(form_trends_text(checks), None)
    if chart is not None:
        typer.echo(f"Charts written to {chart}.")


@app.command("test", rich_help_panel="Progress")
def self_test(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="ake, sit-reach or chair-stand.")],
    value: Annotated[
        float | None,
        typer.Argument(
            help="AKE: degrees short of straight; sit-reach: inches; chair-stand: stands in 30 s. "
            "Leave it out to see how to do the test, step by step."
        ),
    ] = None,
    side: Annotated[str | None, typer.Option(help="left or right (AKE is per leg).")] = None,
    sex: Annotated[str | None, typer.Option(help="female or male, to pick the norms.")] = None,
    age: Annotated[int | None, typer.Option(help="Age (default: from your saved profile).")] = None,
    on: DayOption = None,
    format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
) -> None:
    """Record a self-test and read it against the norms, saying when a change is within error;
    without a result, show how to do the test step by step.

    Example: hamstrong test chair-stand 11 --sex female
    """
    from hamstrong.core.assessments import GUIDES, RETEST_WEEKS
    from hamstrong.core.training_log import SelfTest, TestKind
    from hamstrong.core.vocab import Side
    from hamstrong.present import recorded_text
    from hamstrong.services.training_log import knee_extension_gap, next_test, record_test

    test_kind = member(TestKind, kind, "kind")
    if value is None:
        guide = GUIDES[test_kind]
        if format is TableOrJson.json:
            emit(as_json(guide.to_dict()), None)
            return
        typer.echo(f"{guide.name}: how to do it")
        typer.echo("You need: " + "; ".join(guide.need) + ".")
        for number, step in enumerate(guide.steps, start=1):
            typer.echo(f"  {number}. {step}")
        typer.echo(f"Score: {guide.score}; {guide.zero}.")
        typer.echo(f"Safety: {guide.safety}")
        typer.echo(f"Repeat it every {RETEST_WEEKS} weeks, the same way.")
        typer.echo(f"Then record it: hamstrong test {test_kind.value} RESULT")
        return
    chosen_side = member(Side, side, "side") or Side.BOTH
    day = parse_date(on, "date")
    store, user = open_user_store(ctx)
    entry = SelfTest(day, test_kind, value, chosen_side)
    reading = record_test(store, user_id=user, entry=entry, today=today(), sex=sex, age=age)
    if format is TableOrJson.json:
        emit(as_json(reading.to_dict()), None)
        return
    typer.echo(recorded_text(entry, reading))
    typer.echo(reading.message)
    if reading.change:
        typer.echo(reading.change)
    if reading.falls_advice:
        typer.echo(reading.falls_advice)
    if test_kind is TestKind.AKE:
        gap = knee_extension_gap(store, user_id=user, day=day)
        if gap is not None:
            typer.echo(gap.message)
        elif chosen_side is Side.BOTH:
            typer.echo("Measure each leg on its own (--side left, --side right) to compare them.")
    now = today()
    due = next_test(store, user_id=user, kind=test_kind, today=now)
    when = long_day(due) if due > now else f"due now (since {long_day(due)})"
    typer.echo(f"Next {GUIDES[test_kind].name.lower()} test: {when}.")
