"""What the app derives from a user's data (progress, charts, today's plan, the PDF), kept per
process until that user's data changes.

Every write of a user's log or programme moves the user's data version on in the store, in the
write's own transaction, whichever process (or the command line) made it. Each entry here is
kept under the version it was computed at, and is served only while a read of the version (one
indexed row) still gives that number: a cache in one ``serve`` worker never shows what another
worker's write made stale. The version is read before the data, so an entry can only ever hold
data as new as its version or newer, never older.

What one worker derived from a user's whole history is also kept in the database for the
other workers and the next start (``Shared``, the ``kept_answers`` table): under the data
version it was derived at, signed with the app's secret, and keyed by the format and the code
that computed it, so an answer is only ever read back by the code that wrote it.

Nothing here is module state: ``create_app`` builds one ``Summaries`` for the web app (its
routes run on several threads); the command line, which computes each thing once, passes none.
"""

import hashlib
import logging
import os
import pickle
import secrets
import socket
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING, Generic, TypeVar

from itsdangerous import Signer

from hamstrong.errors import HamstrongError

if TYPE_CHECKING:
    from hamstrong.store import Store

T = TypeVar("T")
logger = logging.getLogger(__name__)

# Bump when what ``Shared`` keeps changes shape in a way the code fingerprint would not see.
FORMAT = 1
# Another worker working today's pages out from the whole log: how long a page waits for what
# it keeps (it then works the page out itself), and how old a claim is taken over (its holder
# stalled, or died on another machine; one that died here is taken over at once).
WAIT_SECONDS = 20.0
STALE_SECONDS = 60.0
FIRST_POLL, LAST_POLL = 0.02, 0.25  # seconds between looks at what the other worker kept


@cache
def code_mark() -> str | None:
    """A digest of the code and the shipped data that derive what ``Shared`` keeps: every
    Python file and page template of the package (kept panels are rendered HTML), the
    catalogue and the aliases. A worker running other code
    (an upgrade, a fix) finds other keys, so it never reads an answer in another shape or
    worked out by other rules; it derives its own. None when a file cannot be read (or an
    install ships no sources): then nothing is shared, as nothing could tell the code apart."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    data = root / "data"
    sources = sorted([*root.rglob("*.py"), *root.rglob("*.html")])
    try:
        for path in [*sources, data / "catalogue.toml", data / "aliases.toml"]:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    except OSError as error:
        logger.warning("answers are not shared between workers: %s", error)
        return None
    return digest.hexdigest()[:16] if sources else None


class Shared:
    """Answers kept in the database (``Store.keep_answer``) for every worker and the next
    start, each under one name per user, with the data version it was derived at.

    A body is ``pickle`` of our own frozen dataclasses, compressed and signed with the app's
    secret (itsdangerous, HMAC-SHA256): the signature is checked before anything is
    unpickled, so a row someone wrote into the database without the secret is never loaded,
    only derived afresh. So is an entry of another format or code (``code_mark`` in its key),
    one that does not unpickle, or one of another type: never an error for the user.
    """

    def __init__(self, secret: str, kept: int = 64) -> None:
        self._signer = Signer(secret, salt="hamstrong.kept-answer", digest_method=hashlib.sha256)
        code_mark()  # now, at start, from the files of the code this process has just loaded
        # the answers last read, by signature: a row read again (the next request of a worker
        # without the log) is not unpickled again
        self._read: OrderedDict[bytes, object] = OrderedDict()
        self._kept = kept
        self._lock = Lock()

    @staticmethod
    def key(what: str) -> str | None:
        """The stored key of ``what``: the format and the code's mark before it (None: the
        code cannot be told apart, so nothing is shared)."""
        mark = code_mark()
        return None if mark is None else f"{FORMAT}.{mark}.{what}"

    @staticmethod
    def _bound(user_id: int, name: str, key: str, version: int, data: bytes) -> bytes:
        """What the signature covers: the body and where it is kept, so a signed body copied
        to another user, name or key, or given another data version, is never read."""
        return f"{user_id}\x00{name}\x00{key}\x00{version}\x00".encode() + data

    def read(
        self, store: "Store", user_id: int, name: str, what: str, kind: type[T]
    ) -> tuple[int, T] | None:
        """(the data version it was derived at, the answer) kept under ``name`` when it
        answers ``what`` and is a ``kind`` signed by this app for this place, else None."""
        key = self.key(what)
        try:
            found = None if key is None else store.kept_answer(user_id, name)
        except HamstrongError:  # e.g. the database busy: worked out afresh, as when none is kept
            return None
        if key is None or found is None or found.key != key:
            return None
        data, _, signature = found.body.rpartition(b".")
        if not self._signer.verify_signature(
            self._bound(user_id, name, key, found.version, data), signature
        ):  # not written by this app, for this user, name and version: never unpickled
            return None
        with self._lock:
            value = self._read.get(signature)
        if value is None:
            try:
                value = pickle.loads(zlib.decompress(data))
            except Exception:  # ours, but unreadable now (a class gone): derived afresh
                return None
            self._remember(signature, value)
        return (found.version, value) if isinstance(value, kind) else None

    def _remember(self, signature: bytes, value: object) -> None:
        """Keep ``value`` read (or written) under ``signature``: the same row read again
        is not unpickled again (unpickling thousands of objects in a worker that holds a
        long log also pays the garbage collector's passes over that log)."""
        with self._lock:
            self._read[signature] = value
            while len(self._read) > self._kept:
                self._read.popitem(last=False)

    def write(
        self, store: "Store", user_id: int, name: str, what: str, version: int, value: object
    ) -> None:
        """Keep ``value`` (derived at data ``version``) under ``name`` for every worker."""
        key = self.key(what)
        if key is None:
            return
        data = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)
        signature = self._signer.get_signature(self._bound(user_id, name, key, version, data))
        try:
            store.keep_answer(user_id, name, key, version, data + b"." + signature)
        except HamstrongError:  # e.g. the database busy or read-only: the answer still stands
            return
        self._remember(signature, value)


@dataclass(frozen=True, slots=True)
class KeptRow(Generic[T]):
    """One user's row ``name`` of ``Shared``, answering ``what`` with a ``kind``: what a
    service reads and writes for one page."""

    shared: Shared
    store: "Store"
    user_id: int
    name: str
    what: str
    kind: type[T]

    def read(self) -> tuple[int, T] | None:
        return self.shared.read(self.store, self.user_id, self.name, self.what, self.kind)

    def write(self, version: int, value: T) -> None:
        self.shared.write(self.store, self.user_id, self.name, self.what, version, value)


class Summaries:
    """The ``kept`` most recently used entries, each a (user, key) → (version, value), and
    the answers ``shared`` with the other workers through the database (the web app's).

    Values must be immutable (frozen dataclasses, bytes): every caller shares them.
    """

    def __init__(self, kept: int = 512, *, shared: Shared | None = None) -> None:
        self.kept = kept
        self.shared = shared
        self._entries: OrderedDict[tuple[int, Hashable], tuple[int, object]] = OrderedDict()
        # one gate per slot being worked out, with how many threads are at it: removed when
        # the last leaves (found or not, raised or not), so gates never pile up
        self._computing: dict[tuple[int, Hashable], tuple[Lock, list[int]]] = {}
        self._busy: set[int] = set()  # users with background work under way (``alone``)
        self._lock = Lock()
        self.wait, self.stale = WAIT_SECONDS, STALE_SECONDS
        self._holding = threading.local()  # users whose ``preparing`` row this thread holds

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
        with self._gate(slot):
            found = self._found(slot, version)  # another thread may have just computed it
            if found is not None:
                return found[0]  # type: ignore[return-value]
            with self._lock:
                entry = self._entries.get(slot)
            value = read(None if entry is None else entry[1])  # type: ignore[arg-type]
            self._keep(slot, version if version_of is None else version_of(value), value)
            return value

    def everywhere(
        self,
        store: "Store",
        user_id: int,
        name: str,
        what: str,
        kind: type[T],
        compute: Callable[[], T],
    ) -> T:
        """``get``, and kept in the database for every worker and the next start too (when
        this app shares): a worker without it in memory takes the row another one kept at the
        current data version instead of computing it. ``name`` is the row (one per user and
        name, at most 40 characters), ``what`` all the value depends on besides the user's data
        (the day, the range, the unit), ``kind`` its type (e.g. ``bytes``). Concurrent callers
        in one worker wait for the first (``renew``)."""
        shared = self.shared

        def read(_stale: T | None) -> T:
            version = store.data_version(user_id)  # before the data: never older than it
            if shared is None or version is None:
                return compute()
            found = shared.read(store, user_id, name, what, kind)
            if found is not None and found[0] == version:
                return found[1]
            value = compute()
            shared.write(store, user_id, name, what, version, value)
            return value

        return self.renew(store, user_id, ("everywhere", name, what), read)

    @contextmanager
    def alone(self, user_id: int) -> Iterator[bool]:
        """True for the one caller at a time per user (background work after a write): a
        second caller for the same user meanwhile gets False and does nothing."""
        with self._lock:
            mine = user_id not in self._busy
            self._busy.add(user_id)
        try:
            yield mine
        finally:
            if mine:
                with self._lock:
                    self._busy.discard(user_id)

    def first(
        self,
        store: "Store",
        user_id: int,
        held: Hashable,
        find: Callable[[], T | None],
        work: Callable[[], T],
    ) -> T:
        """A page worked out from the user's whole log (``work``), unless what any worker
        kept in the database answers it (``find``) or this worker holds the answer (``held``
        is kept at the current data version: ``work`` is a lookup then).

        Workers are processes: when another one is reading the user's whole log to work the
        pages out now (its ``preparing`` row, e.g. the preparation after an import), this
        waits for what it keeps (looking with ``find`` every few tens of milliseconds, up to
        ``wait`` seconds) instead of reading the log too; else it claims the row while it
        works, so the others wait for it. A claim of a process gone from this machine, one
        older than ``stale`` seconds, or one for an older data version is taken over."""
        version = store.data_version(user_id)
        if version is None or self.shared is None or self.held(user_id, held, version):
            return work()
        found = find()
        if found is not None:
            return found
        if self._holds(user_id):  # this thread claimed it (the preparation): work it out
            return work()
        holder, found = self._claim(store, user_id, version, held, find)
        if found is not None:
            return found
        with self._holding_row(store, user_id, holder):
            return work()

    @contextmanager
    def preparing(self, store: "Store", user_id: int) -> Iterator[None]:
        """Hold the user's ``preparing`` row while the pages are worked out in the
        background (``services.sessions.prepare_today``): other workers' pages wait for it.
        When another worker holds it, wait for that one first (bounded)."""
        version = store.data_version(user_id)
        holder = None
        if version is not None and self.shared is not None and not self._holds(user_id):
            holder = self._claim(store, user_id, version, None, lambda: None)[0]
        with self._holding_row(store, user_id, holder):
            yield

    def _claim(
        self,
        store: "Store",
        user_id: int,
        version: int,
        held: Hashable | None,
        find: Callable[[], T | None],
    ) -> tuple[str | None, T | None]:
        """(the holder this caller claimed the row as, None) or (None, what another worker
        kept, found while waiting); (None, None): work it out without the row (waited long
        enough, or this worker came to hold the answer meanwhile)."""
        holder = f"{_HOST}:{os.getpid()}:{secrets.token_hex(4)}"
        deadline = time.monotonic() + self.wait
        pause = FIRST_POLL
        while True:
            now = time.time()
            row = store.preparing(user_id)  # a read: no write while another holds it
            gone = row.holder if row is not None and _gone(row.holder) else ""
            if row is None or row.version < version or row.started_at < now - self.stale or gone:
                stale_before = now - self.stale
                if store.claim_preparing(
                    user_id, version, holder, now=now, stale_before=stale_before, gone=gone
                ):
                    return holder, None
            if time.monotonic() + pause > deadline:
                logger.warning("worked today's pages out while another worker still was")
                return None, None
            time.sleep(pause)
            pause = min(pause * 1.5, LAST_POLL)
            found = find()
            if found is not None:
                return None, found
            if held is not None and self.held(user_id, held, store.data_version(user_id)):
                return None, None  # worked out in this worker meanwhile: a lookup

    @contextmanager
    def _holding_row(self, store: "Store", user_id: int, holder: str | None) -> Iterator[None]:
        """This thread holds the user's row as ``holder`` (None: works without it)."""
        users: set[int] = self._holding.__dict__.setdefault("users", set())
        mine = holder is not None and user_id not in users
        if mine:
            users.add(user_id)
        try:
            yield
        finally:
            if mine:
                users.discard(user_id)
            if holder is not None:
                store.done_preparing(user_id, holder)

    def _holds(self, user_id: int) -> bool:
        return user_id in self._holding.__dict__.get("users", ())

    def found(
        self, store: "Store", user_id: int, key: Hashable, find: Callable[[], T | None]
    ) -> T | None:
        """``find()``, kept under the user's data version as read before it, when it finds
        something (a None is not kept: the next request looks again). One thread at a time
        looks for the same key (the first requests of a new worker come together): the
        others wait for what it finds."""
        version = store.data_version(user_id)
        if version is None:
            return find()
        slot = (user_id, key)
        kept = self._found(slot, version)
        if kept is not None:
            return kept[0]  # type: ignore[return-value]
        with self._gate(slot):
            kept = self._found(slot, version)
            if kept is not None:
                return kept[0]  # type: ignore[return-value]
            value = find()
            if value is not None:
                self._keep(slot, version, value)
            return value

    def held(self, user_id: int, key: Hashable, version: int | None) -> bool:
        """Whether ``key`` is kept for the user at data ``version`` (nothing to work out)."""
        return version is not None and self._found((user_id, key), version) is not None

    def _keep(self, slot: tuple[int, Hashable], version: int, value: object) -> None:
        with self._lock:
            self._entries[slot] = (version, value)
            self._entries.move_to_end(slot)
            while len(self._entries) > self.kept:
                self._entries.popitem(last=False)

    @contextmanager
    def _gate(self, slot: tuple[int, Hashable]) -> Iterator[None]:
        """One thread at a time works ``slot`` out; the others wait for it. The gate lives
        while a thread is at it, so a user's day-keyed slots leave nothing behind."""
        with self._lock:
            gate, users = self._computing.setdefault(slot, (Lock(), [0]))
            users[0] += 1
        try:
            with gate:
                yield
        finally:
            with self._lock:
                users[0] -= 1
                if not users[0]:
                    del self._computing[slot]

    def gates(self) -> int:
        """How many slots are being worked out now (none once every caller has left)."""
        with self._lock:
            return len(self._computing)

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


_HOST = socket.gethostname()


def _gone(holder: str) -> bool:
    """Whether ``holder`` (host:process:token) was a process of this machine that is gone."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != _HOST or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether it exists
    except ProcessLookupError:
        return True
    except OSError:  # exists, another user's
        return False
    return False


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
