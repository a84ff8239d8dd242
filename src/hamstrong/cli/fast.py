"""The quick path: `hamstrong plan`, `log`, `today`, `checkin`, `exercises` and `exercise`
parsed and run without typer.

Importing typer costs a start about 60 ms and its parameter checks build pydantic adapters
(70 ms more), while a bare Python start is 14 ms. So for the commands scripts call most, ``run``
reads the command line itself when every word is plainly right: known options, values of the
right form, nothing missing. Anything else (--help, a mistake, an option it does not know, every
other command) returns None and the typer app parses it all again, with its own messages and
help; a value the quick path accepts is one typer reads the same way. ``COMMANDS`` mirrors the
typer commands' parameters; tests/test_cli_fast.py holds it equal to them, option by option.
"""

import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from hamstrong.cli import commands
from hamstrong.cli.base import Exit, PlanFormat, Run, TableOrJson, TextOrJson, report, stderr
from hamstrong.errors import HamstrongError

_WHOLE = re.compile(r"[0-9]{1,9}")  # longer ones: typer says what it makes of them
_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True)
class Param:
    """One parameter as typer declares it: ``kind`` is str, int, float, path, choice, flag
    (``names`` set it true, ``off`` false) or list (an option given again adds a value);
    ``names`` empty: a positional argument."""

    dest: str
    kind: str = "str"
    names: tuple[str, ...] = ()
    off: tuple[str, ...] = ()
    choices: type[StrEnum] | None = None
    required: bool = False


@dataclass(frozen=True)
class Command:
    params: tuple[Param, ...]
    body: Callable[[Run, dict[str, Any]], None]


ROOT = (Param("db", names=("--db",)),)

COMMANDS: dict[str, Command] = {
    "plan": Command(
        (
            Param("profile", "path", ("--profile",)),
            Param("sample", "flag", ("--sample",), ("--no-sample",)),
            Param("start", names=("--start",)),
            Param("weeks", "int", ("--weeks",)),
            Param("format", "choice", ("--format", "-f"), choices=PlanFormat),
            Param("out", "path", ("--out",)),
            Param("ask", "flag", ("--ask",), ("--no-ask",)),
        ),
        lambda run, values: commands.plan(**values),
    ),
    "log": Command(
        (
            Param("exercise", required=True),
            Param("reps", names=("--reps",), required=True),
            Param("kg", "float", ("--kg",)),
            Param("lb", "float", ("--lb",)),
            Param("rpe", "float", ("--rpe",)),
            Param("pain", "int", ("--pain",)),
            Param("side", names=("--side",)),
            Param("on", names=("--date",)),
            Param("symptom", "list", ("--symptom",)),
            Param("note", names=("--note",)),
        ),
        lambda run, values: commands.log(run, **values),
    ),
    "today": Command(
        (
            Param("on", names=("--date",)),
            Param("format", "choice", ("--format", "-f"), choices=TableOrJson),
        ),
        lambda run, values: commands.today_command(run, **values),
    ),
    "checkin": Command(
        (Param("pain", "int", ("--pain",), required=True), Param("on", names=("--date",))),
        lambda run, values: commands.checkin(run, **values),
    ),
    "exercises": Command(
        (
            Param("pattern", names=("--pattern",)),
            Param("equipment", "list", ("--equipment",)),
            Param("level", names=("--level",)),
            Param("search", names=("--search",)),
            Param("format", "choice", ("--format", "-f"), choices=TableOrJson),
        ),
        lambda run, values: commands.exercises(**values),
    ),
    "exercise": Command(
        (
            Param("exercise_id", required=True),
            Param("format", "choice", ("--format", "-f"), choices=TextOrJson),
        ),
        lambda run, values: commands.exercise(**values),
    ),
}


class _Unsure(Exception):
    """A word the quick path does not vouch for: typer reads the whole line instead."""


def run(argv: Sequence[str]) -> int | None:
    """Run the command line ``argv`` (without the program name) and return its exit code, or
    None, having done nothing, when typer should parse it."""
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return None  # click's shell completion
    try:
        root, rest = _parse(ROOT, argv, until_command=True)
        if not rest or rest[0] not in COMMANDS:
            return None
        command = COMMANDS[rest[0]]
        values, _ = _parse(command.params, rest[1:], until_command=False)
    except _Unsure:
        return None
    return _invoke(command, Run(root.get("db")), values)


def _invoke(command: Command, run: Run, values: dict[str, Any]) -> int:
    """The typer app's error boundary, for one body."""
    try:
        command.body(run, values)
    except Exit as done:
        return done.code
    except HamstrongError as error:
        return report(error)
    except (EOFError, KeyboardInterrupt):
        _aborted()
        return 1
    except BrokenPipeError:  # the reader stopped early (`| head`): exit 1 quietly, as click does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        run.close()
    return 0


def _aborted() -> None:
    """What click and the typer app print when input ends or Ctrl-C stops a prompt."""
    sys.stderr.write("\n")
    sys.stderr.flush()
    stderr().print("Aborted.")


def _parse(
    params: tuple[Param, ...], argv: Sequence[str], *, until_command: bool
) -> tuple[dict[str, Any], list[str]]:
    """The values given (those left out are not in the dict: the body's defaults apply) and,
    with ``until_command``, the words from the first positional one on."""
    by_name = {name: p for p in params for name in (*p.names, *p.off)}
    positional = [p for p in params if not p.names]
    values: dict[str, Any] = {}
    words = list(argv)
    while words:
        word = words.pop(0)
        if word.startswith("-") and word != "-":
            # --name=value; a short option's "=" would be part of its value
            name, equals, attached = word.partition("=") if word[1] == "-" else (word, "", "")
            param = by_name.get(name)
            if param is None or (param.dest in values and param.kind != "list"):
                raise _Unsure  # unknown, --help, "--", or given twice
            if param.kind == "flag":
                if equals:
                    raise _Unsure
                values[param.dest] = name in param.names
                continue
            if equals:
                text = attached
            elif words and not words[0].startswith("-"):
                text = words.pop(0)
            else:
                raise _Unsure
            value = _value(param, text)
            if param.kind == "list":
                values.setdefault(param.dest, []).append(value)
            else:
                values[param.dest] = value
        elif until_command:
            return values, [word, *words]
        elif positional:
            param = positional.pop(0)
            values[param.dest] = _value(param, word)
        else:
            raise _Unsure  # one word too many
    if any(p.required and p.dest not in values for p in params):
        raise _Unsure
    return values, []


def _value(param: Param, text: str) -> Any:
    """``text`` as typer would read it, when it is plainly of the parameter's kind."""
    if param.kind in ("str", "list"):
        return text
    if param.kind == "int" and _WHOLE.fullmatch(text):
        return int(text)
    if param.kind == "float" and _DECIMAL.fullmatch(text):
        return float(text)
    if param.kind == "choice" and param.choices is not None:
        for choice in param.choices:
            if choice.value == text:
                return choice
    if param.kind == "path" and text and (not os.path.exists(text) or os.access(text, os.R_OK)):
        return Path(text)  # typer refuses a path that exists but cannot be read
    raise _Unsure
