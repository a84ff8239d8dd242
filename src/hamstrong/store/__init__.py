"""Persistence: ``open_store(url)`` gives a Store at the current schema; nothing else imports
sqlalchemy or alembic.

The package itself imports SQLAlchemy only when a store is opened, so that ``store.quick``, the
standard-library path that logs a set from the command line, stays fast.
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from hamstrong.core.training_log import Checkin, SetEntry
from hamstrong.store.schema import HEAD

if TYPE_CHECKING:
    from hamstrong.store.engine import MIGRATIONS, open_store
    from hamstrong.store.repository import Store, StoreUnavailable

__all__ = [
    "HEAD",
    "MIGRATIONS",
    "Store",
    "StoreUnavailable",
    "add_local_checkin",
    "add_local_sets",
    "open_store",
]


def add_local_sets(
    url: str,
    entries: Sequence[SetEntry],
    *,
    now: datetime,
    guard: "Callable[[Store, int], None] | None" = None,
) -> None:
    """Append the local user's sets in one committed transaction: through the standard-library
    path when it can (a SQLite file at head), else through a Store (which imports SQLAlchemy).

    ``guard(store, user)`` may refuse before anything is added; the quick path declines whenever
    training may have been stopped, so the guard always sees those cases.
    """
    from hamstrong.store.quick import quick_add_sets

    if quick_add_sets(url, entries, now=now):
        return
    from hamstrong.store.engine import open_store

    with open_store(url) as store:
        user = store.local_user()
        if guard is not None:
            guard(store, user)
        store.add_sets(user, entries)


def add_local_checkin(url: str, entry: Checkin, *, now: datetime) -> None:
    """Record the local user's morning pain: through the standard-library path when it can,
    else through a Store (which imports SQLAlchemy, migrates and creates the local user)."""
    from hamstrong.store.quick import quick_add_checkin

    if quick_add_checkin(url, entry, now=now):
        return
    from hamstrong.store.engine import open_store

    with open_store(url) as store:
        store.add_checkin(store.local_user(), entry)


def __getattr__(name: str) -> Any:
    if name in ("open_store", "MIGRATIONS"):
        from hamstrong.store import engine

        return getattr(engine, name)
    if name in ("Store", "StoreUnavailable"):
        from hamstrong.store import repository

        return getattr(repository, name)
    raise AttributeError(name)
