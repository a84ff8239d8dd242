"""The command-line app: one error boundary, shared option types and output helpers."""

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

from hamstrong.core.screen import ScreenIncomplete
from hamstrong.errors import HamstrongError, InvalidInput, TrainingStopped, shown

if TYPE_CHECKING:
    from rich.console import Console

    from hamstrong.core.exercises import Library
    from hamstrong.services.plans import PlanCache
    from hamstrong.services.stores import Store

EXIT_BAD_INPUT = 2
EXIT_RED_FLAG = 3


def _stderr() -> "Console":
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    from rich.markup import escape

    # The message is text, not markup: "[screen]" or an imported "[Dumbbell]" must print as is.
    _stderr().print(f"[bold red]Error:[/] {escape(message)}", markup=True)
    raise typer.Exit(code)


class _Group(TyperGroup):
    """The one error boundary: bad input of any kind is one line on stderr and exit code 2,
    with the command that does what comes next when the error names one."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ScreenIncomplete as error:
            _fail(
                f"{error}. Add the answers to the profile's [screen] table or pass --ask, "
                "then run the command again"
            )
        except HamstrongError as error:
            from hamstrong.outputs.terminal import with_next

            code = EXIT_RED_FLAG if isinstance(error, TrainingStopped) else EXIT_BAD_INPUT
            _fail(with_next(str(error), error.next), code)

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

            _stderr().print(
                f"[bold red]Error:[/] {escape(message)} (see `{command} --help`)", markup=True
            )
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
    from hamstrong.services.plans import PlanCache

    ctx.obj = {"db": db, "plans": PlanCache()}


def open_user_store(ctx: typer.Context) -> "tuple[Store, int]":
    """The store picked by --db / HAMSTRONG_DATABASE_URL, and the local user's id."""
    from hamstrong.services.stores import open_local
    from hamstrong.settings import load_settings

    settings = load_settings(db=(ctx.obj or {}).get("db"))
    store, user = open_local(settings.database_url)
    ctx.call_on_close(store.close)
    return store, user


def plans_of(ctx: typer.Context) -> "PlanCache":
    """This command's cache of planned programmes (a session plans today's and the next one)."""
    plans: PlanCache = ctx.find_root().obj["plans"]
    return plans


def today() -> date:
    """The local calendar day: the only place the command line reads the clock."""
    return date.today()


DayOption = Annotated[str | None, typer.Option("--date", help="Day, YYYY-MM-DD (default today).")]
OutOption = Annotated[Path | None, typer.Option(help="Write to this file instead of the screen.")]
StartOption = Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD (default today).")]


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
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput({field: f"{shown(text)} is not a date; use YYYY-MM-DD"}) from None


def _enum(kind: Any, value: str | None, field: str) -> Any:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise InvalidInput(
            {field: f"{shown(value)} is not allowed; use one of {allowed}"}
        ) from None


def main() -> None:
    """Console-script entry point."""
    app()
