"""The typer application: every command's options and help, and the one error boundary.
``hamstrong.cli.main`` runs the common commands without it (``cli.fast``) when it can."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import ClickException
from typer.core import TyperGroup
from typer.exceptions import Abort

from hamstrong.cli.base import EXIT_BAD_INPUT, Exit, Run, report, stderr
from hamstrong.errors import HamstrongError

if TYPE_CHECKING:
    from hamstrong.services.plans import PlanCache
    from hamstrong.services.stores import Store


class _Group(TyperGroup):
    """The one error boundary: bad input of any kind is one line on stderr and exit code 2,
    with the command that does what comes next when the error names one."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exit as done:
            raise typer.Exit(done.code) from None
        except HamstrongError as error:
            raise typer.Exit(report(error)) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except ClickException as error:
            if type(error).__name__ == "NoArgsIsHelpError":
                sys.exit(0)  # Typer has printed the help already
            message = error.format_message().replace("\n", " ")
            command = getattr(getattr(error, "ctx", None), "command_path", "hamstrong")
            from rich.markup import escape

            stderr().print(
                f"[bold red]Error:[/] {escape(message)} (see `{command} --help`)", markup=True
            )
            sys.exit(EXIT_BAD_INPUT)
        except Abort:
            stderr().print("Aborted.")
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
app.add_typer(profile_app, name="profile", rich_help_panel="Plan")


@app.callback()
def _options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            help="Store to use: sqlite:///path, a file path, or postgresql://... "
            "(default: HAMSTRONG_DATABASE_URL, else a SQLite file in your data folder).",
        ),
    ] = None,
) -> None:
    """HamStrong: an evidence-based hamstring and posterior-chain coach."""
    ctx.obj = run = Run(db)
    ctx.call_on_close(run.close)


def run_of(ctx: typer.Context) -> Run:
    """This run's --db, store and plan cache (``cli.base.Run``)."""
    run: Run = ctx.find_root().obj
    return run


def open_user_store(ctx: typer.Context) -> "tuple[Store, int]":
    """The store picked by --db / HAMSTRONG_DATABASE_URL, and the local user's id."""
    return run_of(ctx).user_store()


def plans_of(ctx: typer.Context) -> "PlanCache":
    """This command's cache of planned programmes (a session plans today's and the next one)."""
    return run_of(ctx).plans


DayOption = Annotated[str | None, typer.Option("--date", help="Day, YYYY-MM-DD (default today).")]
OutOption = Annotated[Path | None, typer.Option(help="Write to this file instead of the screen.")]
StartOption = Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD (default today).")]
