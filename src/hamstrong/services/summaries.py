"""What the app derives from a user's data (progress, charts, today's plan, the PDF), kept per
process until that user's data changes.

Every write of a user's log or programme moves the user's data version on in the store, in the
write's own transaction, whichever process (or the command line) made it. Each entry here is
kept under the version it was computed at, and is served only while a read of the version (one
indexed row) still gives that number: a cache in one ``serve`` worker never shows what another
worker's write made stale. The version is read before the data, so an entry can only ever hold
data as new as its version or newer, never older.

Nothing here is module state: ``create_app`` builds one ``Summaries`` for the web app (its
routes run on several threads); the command line, which computes each thing once, passes none.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from hamstrong.store import Store

T = TypeVar("T")


class Summaries:
    """The ``kept`` most recently used entries, each a (user, key) → (version, value).

    Values must be immutable (frozen dataclasses, bytes): every caller shares them.
    """

    def __init__(self, kept: int = 512) -> None:
        self.kept = kept
        self._entries: OrderedDict[tuple[int, Hashable], tuple[int, object]] = OrderedDict()
        self._computing: dict[tuple[int, Hashable], Lock] = {}
        self._lock = Lock()

    def get(self, store: "Store", user_id: int, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of ``key`` for the user: kept, or computed now (once, however many threads
        ask at the same time) and kept under the user's current data version."""
        return self.renew(store, user_id, key, lambda _stale: compute())

    def renew(
        self,
        store: "Store",
        user_id: int,
        key: Hashable,
        read: Callable[[T | None], T],
        version_of: Callable[[T], int] | None = None,
    ) -> T:
        """As ``get``, but once the data version has moved, ``read(the stale value or None)``
        may bring the kept value up to date (e.g. read only what was added since); with
        ``version_of`` the answer is kept under the version it says it was read at."""
        version = store.data_version(user_id)
        if version is None:  # no such user: nothing to keep (read says what is wrong)
            return read(None)
        slot = (user_id, key)
        found = self._found(slot, version)
        if found is not None:
            return found[0]  # type: ignore[return-value]
        with self._lock:
            gate = self._computing.setdefault(slot, Lock())
        with gate:
            found = self._found(slot, version)  # another thread may have just computed it
            if found is not None:
                return found[0]  # type: ignore[return-value]
            with self._lock:
                entry = self._entries.get(slot)
            value = read(None if entry is None else entry[1])  # type: ignore[arg-type]
            self._keep(slot, version if version_of is None else version_of(value), value)
            return value

    def _keep(self, slot: tuple[int, Hashable], version: int, value: object) -> None:
        with self._lock:
            self._entries[slot] = (version, value)
            self._entries.move_to_end(slot)
            while len(self._entries) > self.kept:
                self._entries.popitem(last=False)
            self._computing.pop(slot, None)

    def _found(self, slot: tuple[int, Hashable], version: int) -> tuple[object] | None:
        with self._lock:
            entry = self._entries.get(slot)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(slot)
            return (entry[1],)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def cached(
    summaries: Summaries | None,
    store: "Store",
    user_id: int,
    key: Hashable,
    compute: Callable[[], T],
) -> T:
    """``compute()`` through ``summaries`` when there is one (the web app), else directly."""
    if summaries is None:
        return compute()
    return summaries.get(store, user_id, key, compute)
