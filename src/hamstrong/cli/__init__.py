"""The `hamstrong` command line: thin commands over the services, imported lazily for speed."""

from hamstrong.cli import library, planning, training  # noqa: F401  (registers the commands)
from hamstrong.cli.app import app, main

__all__ = ["app", "main"]
