"""Persistence: ``open_store(url)`` gives a Store at the current schema; nothing else imports
sqlalchemy or alembic.

The package itself imports SQLAlchemy only when a store is opened, so that ``store.quick``, the
standard-library path that logs a set from the command line, stays fast.
"""

from typing import TYPE_CHECKING, Any

from hamstrong.store.schema import HEAD

if TYPE_CHECKING:
    from hamstrong.store.engine import MIGRATIONS, open_store
    from hamstrong.store.repository import Store, StoreUnavailable

__all__ = ["HEAD", "MIGRATIONS", "Store", "StoreUnavailable", "open_store"]


def __getattr__(name: str) -> Any:
    if name in ("open_store", "MIGRATIONS"):
        from hamstrong.store import engine

        return getattr(engine, name)
    if name in ("Store", "StoreUnavailable"):
        from hamstrong.store import repository

        return getattr(repository, name)
    raise AttributeError(name)
