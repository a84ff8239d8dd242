"""Commands that plan programmes and create profiles."""

from pathlib import Path
from typing import Annotated

import typer

from hamstrong.cli import commands
from hamstrong.cli.base import EXIT_RED_FLAG, PlanFormat, stderr
from hamstrong.cli.typer_app import app, profile_app
from hamstrong.core.dates import DEFAULT_WEEKS, MAX_WEEKS
from hamstrong.errors import InvalidInput

AskOption = Annotated[
    bool | None,
    typer.Option(
        "--ask/--no-ask",
        help="Ask any unanswered safety-screen question (default: when typing at a terminal).",
    ),
]


# ---- planning ------------------------------------------------------------------------------------
@app.command(rich_help_panel="Plan")
def plan(
    profile: Annotated[Path | None, typer.Option(help="Profile file (TOML or JSON).")] = None,
    sample: Annotated[bool, typer.Option(help="Use the built-in sample profile.")] = False,
    start: Annotated[
        str | None, typer.Option(help="First day, YYYY-MM-DD (default today).")
    ] = None,
    weeks: Annotated[int, typer.Option(help=f"How many weeks, 1-{MAX_WEEKS}.")] = DEFAULT_WEEKS,
    format: Annotated[PlanFormat, typer.Option("--format", "-f")] = PlanFormat.table,
    out: Annotated[
        Path | None, typer.Option(help="Write to this file instead of the screen.")
    ] = None,
    ask: AskOption = None,
) -> None:
    """Plan a programme from a profile. Exit code 3 when the safety screen says see a clinician;
    2 when a screen question is unanswered and cannot be asked.

    Example: hamstrong plan --profile me.toml --start 2026-12-07 --format ical --out plan.ics
    """
    commands.plan(
        profile=profile, sample=sample, start=start, weeks=weeks, format=format, out=out, ask=ask
    )


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


@profile_app.command("units")
def profile_units(
    ctx: typer.Context,
    unit: Annotated[
        str | None, typer.Argument(metavar="[kg|lb]", help="The unit to use from now on.")
    ] = None,
) -> None:
    """Show, or set, the unit you enter and read loads in (kg or lb); loads stay stored in kg,
    and the plan prescribes weights sold in that unit.

    Example: hamstrong profile units lb
    """
    from hamstrong.cli.typer_app import open_user_store
    from hamstrong.core.units import parse_unit
    from hamstrong.services import accounts

    store, user = open_user_store(ctx)
    if unit is None:
        typer.echo(f"Loads are in {accounts.unit(store, user_id=user)}.")
        return
    chosen = parse_unit(unit)
    if chosen is None:
        raise InvalidInput({"unit": f"{unit!r} is not kg or lb"})
    accounts.set_unit(store, user_id=user, unit=chosen)
    typer.echo(f"Loads are now entered and shown in {chosen}.")


@profile_app.command("check")
def profile_check(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="Profile file (TOML or JSON).")],
) -> None:
    """Validate a profile file and say what is wrong, field by field.

    Example: hamstrong profile check me.toml
    """
    from hamstrong.profiles import read_profile
    from hamstrong.services.programmes import require_screen, screen_referral

    who = read_profile(path)
    referral = screen_referral(who.screen, assessed_strain=who.assessed_strain)
    if referral is not None:
        stderr().print(f"[bold red]Safety screen:[/] {referral.advice}", markup=True)
        raise typer.Exit(EXIT_RED_FLAG)
    require_screen(who.screen)
    typer.echo(
        f"{path} is a valid profile ({who.level.value}, {who.sessions_per_week} sessions "
        f"a week, {who.minutes} min)."
    )
