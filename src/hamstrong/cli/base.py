"""What every command shares, without typer: exit codes, output, the error boundary's words,
the run's store and plan cache. The quick path (``cli.fast``) runs commands with these alone,
so nothing here imports typer, pydantic, rich or SQLAlchemy at import time."""

import json
import re
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamstrong.errors import HamstrongError, InvalidInput, TrainingStopped, shown

if TYPE_CHECKING:
    from rich.console import Console

    from hamstrong.core.exercises import Library
    from hamstrong.services.plans import PlanCache
    from hamstrong.services.stores import Store

EXIT_BAD_INPUT = 2
EXIT_RED_FLAG = 3


class Exit(Exception):
    """End the command with ``code`` (typer.Exit without typer; the boundary turns it into
    typer's on the typer path)."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.code = code


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


class Run:
    """One run of a command: the store picked by --db (opened when asked, closed at the end)
    and the run's cache of planned programmes (a session plans today's and the next one)."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._plans: PlanCache | None = None
        self._closers: list[Callable[[], None]] = []

    @property
    def plans(self) -> "PlanCache":
        if self._plans is None:
            from hamstrong.services.plans import PlanCache

            self._plans = PlanCache()
        return self._plans

    def database_url(self) -> str:
        from hamstrong.settings import load_settings

        return load_settings(db=self.db).database_url

    def user_store(self) -> "tuple[Store, int]":
        """The store picked by --db / HAMSTRONG_DATABASE_URL, and the local user's id."""
        from hamstrong.services.stores import open_local

        store, user = open_local(self.database_url())
        self._closers.append(store.close)
        return store, user

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()


def today() -> date:
    """The local calendar day: the only place the command line reads the clock."""
    return date.today()


def stderr() -> "Console":
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_error(message: str) -> None:
    """One "Error:" line on stderr; the message is text, not markup: "[screen]" or an
    imported "[Dumbbell]" must print as is."""
    from rich.markup import escape

    stderr().print(f"[bold red]Error:[/] {escape(message)}", markup=True)


def report(error: HamstrongError) -> int:
    """Print what went wrong, with the command that does what comes next when the error names
    one; the exit code: 3 for a stop, else 2 (bad input of any kind)."""
    from hamstrong.core.screen import ScreenIncomplete

    if isinstance(error, ScreenIncomplete):
        print_error(
            f"{error}. Add the answers to the profile's [screen] table or pass --ask, "
            "then run the command again"
        )
        return EXIT_BAD_INPUT
    from hamstrong.outputs.terminal import with_next

    print_error(with_next(str(error), error.next))
    return EXIT_RED_FLAG if isinstance(error, TrainingStopped) else EXIT_BAD_INPUT


_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")  # click.echo's: styles are dropped off a terminal


def echo(text: str, nl: bool = True) -> None:
    """typer.echo for text: one write and a flush, styles dropped when not on a terminal."""
    out = sys.stdout
    if "\x1b" in text and not out.isatty():
        text = _ANSI.sub("", text)
    out.write(text + "\n" if nl else text)
    out.flush()


def exercise_library() -> "Library":
    from hamstrong.library import load_library

    return load_library()


def emit(data: str | bytes, out: Path | None) -> None:
    """Write to --out (atomically, so a failure never leaves half a file) or to stdout."""
    if out is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            echo(data, nl=not data.endswith("\n"))
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


def as_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def parse_date(text: str | None, field: str) -> date:
    if text is None:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput({field: f"{shown(text)} is not a date; use YYYY-MM-DD"}) from None


def member(kind: Any, value: str | None, field: str) -> Any:
    """``kind(value)``, or InvalidInput listing the values allowed."""
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise InvalidInput(
            {field: f"{shown(value)} is not allowed; use one of {allowed}"}
        ) from None
