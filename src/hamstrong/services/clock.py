"""The one clock of the app, at the edge: the core never reads it."""

from datetime import UTC, datetime


def now_utc() -> datetime:
    """The one clock of the app, at the edge (the core never reads it)."""
    return datetime.now(UTC)
