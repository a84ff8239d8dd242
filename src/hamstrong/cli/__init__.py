"""The `hamstrong` command line: thin commands over the services, imported lazily for speed."""

from hamstrong.cli import insight, library, planning, training, transfer  # noqa: F401
from hamstrong.cli.app import app, main

__all__ = ["app", "main"]
