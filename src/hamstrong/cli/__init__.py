"""The `hamstrong` command line: thin commands over the services.

``main`` starts light: the common commands (``cli.fast``) run without typer, pydantic or
SQLAlchemy; anything else (help, a mistake, every other command) goes to the typer app, which
is built on first use: ``from hamstrong.cli import app`` imports it and every command module.
"""

import sys
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typer import Typer

# Importing a module registers its commands; --help lists the panels in this order.
COMMAND_MODULES = (
    "library",
    "planning",
    "training",
    "insight",
    "formcheck",
    "transfer",
    "serve",
    "worker",
)


def build_app() -> "Typer":
    """The typer app with every command registered (``cli.typer_app`` holds its options)."""
    from hamstrong.cli.typer_app import app

    for module in COMMAND_MODULES:
        import_module(f"hamstrong.cli.{module}")
    return app


def main() -> None:
    """Console-script entry point."""
    from hamstrong.cli.fast import run

    code = run(sys.argv[1:])
    if code is None:  # not one the quick path takes: typer parses it, with its messages
        build_app()()
    sys.exit(code)


def __getattr__(name: str) -> "Typer":
    if name == "app":
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "build_app", "main"]
