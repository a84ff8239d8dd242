"""Where the interfaces get a store: they hand it to the services and never call it themselves."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamstrong.store import Store

__all__ = ["Store", "migrate", "open_local"]


def open_local(database_url: str) -> "tuple[Store, int]":
    """The store at ``database_url``, at the newest schema, and its local user (the command
    line's one user, created on first use)."""
    from hamstrong.store import open_store

    store = open_store(database_url)
    try:
        return store, store.local_user()
    except BaseException:
        store.close()
        raise


def migrate(database_url: str) -> None:
    """Bring the store at ``database_url`` to the newest schema (before web workers start)."""
    from hamstrong.store import open_store

    open_store(database_url).close()
