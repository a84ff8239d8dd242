"""The Store: every read and write of HamStrong's data, in core objects, scoped by user."""

import json
import logging
import sqlite3
from _thread import LockType
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from secrets import randbelow
from threading import Lock
from types import TracebackType
from typing import Any, Self, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    CursorResult,
    Engine,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, aliased, sessionmaker
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.elements import BindParameter

from hamstrong.core.dates import short_day
from hamstrong.core.exports import SetFields, set_fields
from hamstrong.core.training_log import (
    STOP_PAIN,
    Checkin,
    SelfTest,
    SessionEntry,
    SetEntry,
    Symptom,
    TestKind,
    TrainingLog,
    sets_above,
    text_problem,
)
from hamstrong.core.units import Unit, parse_unit, weight_text
from hamstrong.core.vocab import Side
from hamstrong.errors import HamstrongError, InvalidInput, NotFound
from hamstrong.store.quick import INSERT_SET, set_row, stamp
from hamstrong.store.schema import EXERCISE_LEN, KEY_LEN, NAME_LEN, NOTE_LEN, SOURCE_LEN
from hamstrong.store.tables import (
    CheckinRow,
    FormCheckRow,
    KeptRow,
    LoginFailureRow,
    MoveRow,
    PasswordResetRow,
    PreparingRow,
    ProgrammeRow,
    SelfTestRow,
    SessionRow,
    SetRow,
    SwapRow,
    TrainingSessionRow,
    UserRow,
)

# Execution option that makes a SQLite transaction start with BEGIN IMMEDIATE: a writer takes
# the write lock up front (waiting up to busy_timeout) instead of failing when it upgrades from
# a read, which WAL mode refuses without waiting.
WRITE = "hamstrong_write"
WAIT = "hamstrong_wait"  # seconds a write waits for SQLite's lock (default BUSY_SECONDS)
SKIP_WAIT_SECONDS = 0.05  # what a write that may be skipped waits for another process's
MARKER_WAIT_SECONDS = 0.5  # what claiming or leaving the ``preparing`` row waits for a write
# PostgreSQL advisory lock keys (any fixed 64-bit numbers, unique to HamStrong).
LOCAL_USER_LOCK = 0x48616D_0001
MIGRATION_LOCK = 0x48616D_0002
LOGIN_LOCK = 0x48616D_0003
log = logging.getLogger("hamstrong.store")
Logged = TypeVar("Logged", SetRow, CheckinRow, SelfTestRow)
_CHUNK = 5_000  # rows converted and sent per executemany in add_sets
MAX_ID = 2**63 - 1  # the largest id either database stores; a larger one names nothing


@dataclass(frozen=True, slots=True)
class SavedProgramme:
    """The active programme as saved: the profile file's keys, its start, its length, and when
    it was saved (the safety screen was answered then)."""

    profile: dict[str, Any]
    start: date
    weeks: int
    saved_at: datetime
    unit: str = "kg"  # the user's unit for loads (the user's setting, not the profile's)


# Where a set sorts in the log: its day, when it was done (unknown last), its id.
SetKey = tuple[date, datetime | None, int]


@dataclass(frozen=True, slots=True)
class Account:
    """A signed-up web user as the login reads it: the id and the argon2 hash of the password."""

    id: int
    password_hash: str


@dataclass(frozen=True, slots=True)
class SessionUser:
    """The user of a live web session and their unit for loads as stored ("kg" or "lb")."""

    user_id: int
    unit: str


@dataclass(frozen=True, slots=True)
class KeptAnswer:
    """An answer kept for every worker: its key, the data version it was derived at, its body."""

    key: str
    version: int
    body: bytes


@dataclass(frozen=True, slots=True)
class Preparing:
    """A user's ``preparing`` row: the data version being prepared, by which holder, and when
    it was claimed (seconds since the epoch)."""

    version: int
    holder: str
    started_at: float


@dataclass(frozen=True, slots=True)
class FormCheckJob:
    """A form check as stored: the job's state, then its result (``FormCheck.to_dict()``)."""

    id: int
    user_id: int
    day: date  # the session it was filmed for
    exercise: str
    side: str | None
    state: str  # queued, running, done, refused, failed
    done: int  # frames analysed so far, of ``total``
    total: int
    keep_clip: bool
    clip: str | None  # the clip's file name while it is on disk
    reason: str | None  # a Refusal code when refused
    message: str | None  # the sentence that says why it was refused or failed
    result: dict[str, Any] | None
    has_picture: bool
    created_at: datetime
    finished_at: datetime | None


FORM_STATES = ("queued", "running", "done", "refused", "failed")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything re-planning reads about one user, from one transaction so the parts agree."""

    programme: SavedProgramme | None  # the active programme, as ``active_programme`` gives it
    moves: tuple[tuple[date, date], ...]  # its moved sessions, as ``moves`` gives them
    log: TrainingLog
    set_ids: tuple[int, ...]  # the ids of ``log.sets``, in the same order
    swaps: tuple[tuple[date, str, str], ...] = ()  # its swaps, as ``swaps`` gives them
    version: int = 0  # the user's data version it was read at (in the same transaction)
    log_version: int = 0  # the data version of the last edit, delete or undo of a set


@dataclass(frozen=True, slots=True)
class Window:
    """What a kept adaptation needs read afresh (``Store.window``), from one transaction."""

    snapshot: Snapshot  # its log holds only the sets from the last training day before on
    added: tuple[SetEntry, ...] | None  # the sets with ids above ``after``; None: too many
    added_ids: tuple[int, ...] = ()  # their ids, in the same order (ascending)

    def above(self, top: int) -> tuple[SetEntry, ...] | None:
        """The added sets with ids above ``top`` (at least ``after``), or None: too many."""
        if self.added is None:
            return None
        return sets_above(self.added, self.added_ids, top)


class StoreUnavailable(HamstrongError):
    """The database cannot be opened or used now: a bad path, no permission, locked, server down."""

    status = 503
    retry_after = 5  # a lock past the busy timeout is usually gone by then


class Store:
    """Reads and writes core objects; open one with ``hamstrong.store.open_store(url)``."""

    def __init__(self, engine: Engine, *, where: str) -> None:
        self._engine = engine
        self._dialect = engine.dialect.name
        self._where = where  # the file or the password-less URL, for messages
        self._reads = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(
            engine.execution_options(**{WRITE: True}), expire_on_commit=False
        )
        # SQLite takes one writer at a time; threads of this process wait here (the kernel
        # wakes one as soon as the lock is free) rather than polling SQLite for it.
        self._writer: AbstractContextManager[object] = (
            Lock() if self._dialect == "sqlite" else nullcontext()
        )

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # Users

    def local_user(self) -> int:
        """The one user of the command line, created on first use."""
        with self._session(write=True) as session:
            if self._dialect == "postgresql":
                session.execute(select(func.pg_advisory_xact_lock(LOCAL_USER_LOCK)))
            found = session.scalar(select(func.min(UserRow.id)).where(UserRow.email.is_(None)))
            if found is not None:
                return found
            row = UserRow(email=None, password_hash=None, data_version=randbelow(2**62))
            session.add(row)
            session.flush()
            return row.id

    def create_user(self, email: str, password_hash: str) -> int:
        """A web user; callers normalise ``email`` (the store compares it exactly)."""
        try:
            with self._session(write=True) as session:
                # A random first feed version: SQLite may give a deleted user's id to a new
                # user, and the calendar address must not then lead to the newcomer's calendar.
                row = UserRow(
                    email=email,
                    password_hash=password_hash,
                    feed_version=randbelow(2**30),
                    data_version=randbelow(2**62),  # what a process cached for the old user
                )
                session.add(row)
                session.flush()
                return row.id
        except IntegrityError as error:
            raise InvalidInput({"email": f"{email} is already registered"}) from error

    def find_user_by_email(self, email: str) -> Account | None:
        """The web user with that email, if any (the local CLI user has no password)."""
        with self._read() as connection:
            found = connection.execute(_USER_BY_EMAIL, {"email": email}).first()
        return None if found is None or found[1] is None else Account(found[0], found[1])

    def set_password_hash(
        self, user_id: int, password_hash: str, *, keep_session: str | None = None
    ) -> None:
        """Replace a signed-up user's password hash (the caller checked the old password) and,
        in the same transaction, end every session of the user but ``keep_session``."""
        with self._session(write=True) as session:
            _require_user(session, user_id)
            session.execute(
                update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
            )
            session.execute(
                delete(SessionRow).where(
                    SessionRow.user_id == user_id, SessionRow.token_hash != (keep_session or "")
                )
            )

    def password_hash(self, user_id: int) -> str | None:
        """The password hash of a signed-up user; None for the local user or an unknown id."""
        with self._read() as connection:
            return connection.execute(
                select(UserRow.password_hash).where(UserRow.id == user_id)
            ).scalar()

    def feed_version(self, user_id: int) -> int | None:
        """The version the private calendar address must carry; None for an unknown user
        (asked on every programme page: a prepared statement on a plain connection)."""
        with self._read() as connection:
            found = connection.execute(_FEED_VERSION, {"user": user_id}).scalar()
        return None if found is None else int(found)

    def data_version(self, user_id: int) -> int | None:
        """A number that changes whenever the user's log or programme does (None: no such user).

        Every write moves it on in its own transaction, so a process that cached something
        derived from the user's data under this number knows, with this one read, whether any
        process wrote since.
        """
        with self._read() as connection:
            found = connection.execute(_DATA_VERSION, {"user": user_id}).scalar()
        return None if found is None else int(found)

    def revoke_feed(self, user_id: int) -> int:
        """Make the user's calendar address stop working; return the new version."""
        with self._session(write=True) as session:
            _require_user(session, user_id)
            session.execute(
                update(UserRow)
                .where(UserRow.id == user_id)
                .values(feed_version=UserRow.feed_version + 1)
            )
            return int(
                session.scalars(select(UserRow.feed_version).where(UserRow.id == user_id)).one()
            )

    def delete_user(self, user_id: int) -> None:
        """The user and everything they logged or planned, gone from disk too on SQLite.

        SQLite overwrites deleted rows with zeros (``secure_delete``), but the write-ahead log
        still holds earlier copies of the pages until a checkpoint: the deletion ends with one
        that copies the log into the database and truncates it.
        """
        with self._session(write=True) as session:
            for row in (
                SetRow,
                CheckinRow,
                SelfTestRow,
                MoveRow,
                SwapRow,
                ProgrammeRow,
                SessionRow,
                PasswordResetRow,
                FormCheckRow,
                TrainingSessionRow,
                KeptRow,
                PreparingRow,
            ):
                session.execute(delete(row).where(row.user_id == user_id))
            session.execute(delete(UserRow).where(UserRow.id == user_id))
        if self._dialect == "sqlite":
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the write-ahead log into the database file and truncate it to zero bytes."""
        with self._usable(), self._writer, self._engine.connect() as connection:
            raw = cast("sqlite3.Connection", connection.connection.driver_connection)
            busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy and busy[0]:  # a reader in another process held on past the busy timeout
            log.warning("%s: the write-ahead log could not be truncated now", self._where)

    # Login attempts (the web app's throttle) and web sessions

    def record_login_attempt(
        self, keys: Sequence[str], *, at: datetime, since: datetime
    ) -> tuple[list[int], list[int]]:
        """Count one attempt under each key, before its password is checked, and return the new
        rows' ids and each key's attempts at or after ``since``, this one included.

        One transaction, serialised with every other attempt, so concurrent guesses each see
        the ones before them. Attempts older than ``since`` are forgotten on the way.
        """
        ids: list[int] = []
        counts: list[int] = []
        with self._write() as connection:
            if self._dialect == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(LOGIN_LOCK)))
            connection.execute(delete(LoginFailureRow).where(LoginFailureRow.at < since))
            for key in keys:
                added = connection.execute(insert(LoginFailureRow).values(key=key, at=at))
                ids.append(int(cast("tuple[int]", added.inserted_primary_key)[0]))
            for key in keys:
                count = select(func.count()).where(LoginFailureRow.key == key)
                counts.append(int(connection.execute(count).scalar_one()))
        return ids, counts

    def forget_login_attempts(self, ids: Sequence[int], *, key: str | None = None) -> None:
        """Forget the attempts ``ids`` (they succeeded), and every attempt under ``key``."""
        with self._write() as connection:
            connection.execute(delete(LoginFailureRow).where(LoginFailureRow.id.in_(ids)))
            if key is not None:
                connection.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))

    def create_session(
        self, user_id: int, token_hash: str, *, expires: datetime, now: datetime
    ) -> None:
        """Start a web session (and forget the sessions that expired before ``now``)."""
        with self._write() as connection:
            connection.execute(delete(SessionRow).where(SessionRow.expires_at < now))
            connection.execute(
                insert(SessionRow).values(
                    user_id=user_id, token_hash=token_hash, expires_at=expires
                )
            )

    def session_user(self, token_hash: str, *, now: datetime) -> int | None:
        """The user of a live session, or None: unknown, ended or expired."""
        found = self.session_user_unit(token_hash, now=now)
        return None if found is None else found.user_id

    def session_user_unit(self, token_hash: str, *, now: datetime) -> SessionUser | None:
        """The user of a live session and their unit for loads (one query: every page asks)."""
        with self._read() as connection:
            found = connection.execute(_SESSION_USER, {"token": token_hash, "now": now}).first()
        return None if found is None else SessionUser(int(found[0]), str(found[1]))

    def unit(self, user_id: int) -> str:
        """The user's unit for loads, "kg" or "lb" ("kg" for an unknown user)."""
        with self._read() as connection:
            found = connection.execute(select(UserRow.unit).where(UserRow.id == user_id)).scalar()
        return str(found or "kg")

    def set_unit(self, user_id: int, unit: str) -> None:
        """Change the user's unit; what processes cached for the user (in its words) is stale."""
        with self._write() as connection:
            connection.execute(
                update(UserRow)
                .where(UserRow.id == user_id)
                .values(unit=unit, data_version=UserRow.data_version + 1)
            )

    def end_session(self, token_hash: str) -> None:
        with self._write() as connection:
            connection.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))

    # Password resets

    def create_password_reset(
        self, user_id: int, token_hash: str, *, expires: datetime, now: datetime
    ) -> None:
        """Keep a new reset link of the user, which replaces the user's earlier ones (and forget
        every link that expired before ``now``)."""
        with self._write() as connection:
            connection.execute(
                delete(PasswordResetRow).where(
                    (PasswordResetRow.expires_at < now) | (PasswordResetRow.user_id == user_id)
                )
            )
            connection.execute(
                insert(PasswordResetRow).values(
                    user_id=user_id, token_hash=token_hash, expires_at=expires
                )
            )

    def password_reset_user(self, token_hash: str, *, now: datetime) -> int | None:
        """The user a live reset link belongs to; None if unknown, used or expired."""
        with self._read() as connection:
            found = connection.execute(_RESET_USER, {"token": token_hash, "now": now}).first()
        return None if found is None else int(found[0])

    def use_password_reset(
        self, token_hash: str, password_hash: str, *, now: datetime
    ) -> int | None:
        """Set the password of a live reset link's user, delete the user's links and end every
        session of the user, in one transaction; None (nothing changed) if the link is not live.

        The link is deleted first, returning its user: of two concurrent uses only one deletes
        it, so only one sets a password."""
        with self._write() as connection:
            found = connection.execute(
                delete(PasswordResetRow)
                .where(PasswordResetRow.token_hash == token_hash, PasswordResetRow.expires_at > now)
                .returning(PasswordResetRow.user_id)
            ).first()
            if found is None:
                return None
            user_id = int(found[0])
            connection.execute(delete(PasswordResetRow).where(PasswordResetRow.user_id == user_id))
            connection.execute(
                update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
            )
            connection.execute(delete(SessionRow).where(SessionRow.user_id == user_id))
            return user_id

    # Programmes

    def save_programme(
        self, user_id: int, *, profile: dict[str, Any], start: date, weeks: int
    ) -> int:
        """Save a new programme as the active one; earlier ones stay, inactive."""
        text = json.dumps(profile, ensure_ascii=False)
        with self._session(write=True) as session:
            _require_user(session, user_id)
            session.execute(
                update(ProgrammeRow)
                .where(ProgrammeRow.user_id == user_id, ProgrammeRow.active)
                .values(active=False)
            )
            row = ProgrammeRow(user_id=user_id, profile=text, start=start, weeks=weeks, active=True)
            session.add(row)
            session.flush()
            return row.id

    def end_programme(self, user_id: int) -> bool:
        """Make the active programme inactive (kept, as earlier ones are); False: there was none."""
        with self._session(write=True) as session:
            _lock_user(session, user_id)
            result = session.execute(
                update(ProgrammeRow)
                .where(ProgrammeRow.user_id == user_id, ProgrammeRow.active)
                .values(active=False)
            )
            return bool(cast("CursorResult[Any]", result).rowcount)

    def add_move(self, user_id: int, *, from_day: date, to_day: date) -> None:
        """Move a session of the active programme to another day (the caller checked the rules)."""
        with self._session(write=True) as session:
            _require_user(session, user_id)
            programme = _active_id(session, user_id)
            session.add(
                MoveRow(user_id=user_id, programme_id=programme, from_day=from_day, to_day=to_day)
            )
            session.execute(  # the session's swaps go with it
                update(SwapRow)
                .where(SwapRow.programme_id == programme, SwapRow.day == from_day)
                .values(day=to_day)
            )

    def set_swap(self, user_id: int, *, day: date, planned: str, chosen: str) -> None:
        """Do ``planned`` as ``chosen`` in the active programme's session on ``day`` until
        changed back, replacing an earlier swap of it (the caller checked the rules)."""
        for name, value in (("planned", planned), ("chosen", chosen)):
            if not 0 < len(value) <= EXERCISE_LEN:
                raise InvalidInput({name: f"must be 1 to {EXERCISE_LEN} characters"})
        with self._session(write=True) as session:
            _require_user(session, user_id)
            programme = _active_id(session, user_id)
            session.execute(_delete_swap(programme, day, planned))
            session.add(
                SwapRow(
                    user_id=user_id, programme_id=programme, day=day, planned=planned, chosen=chosen
                )
            )

    def clear_swap(self, user_id: int, *, day: date, planned: str) -> bool:
        """Change ``planned`` back in the session on ``day``; False: it was not swapped."""
        with self._session(write=True) as session:
            _require_user(session, user_id)
            programme = _active_id(session, user_id)
            result = session.execute(_delete_swap(programme, day, planned))
            return bool(cast("CursorResult[Any]", result).rowcount)

    def swaps(self, user_id: int) -> list[tuple[date, str, str]]:
        """The active programme's swaps as (session day, planned, chosen), by day."""
        with self._read() as connection:
            return [(r[0], r[1], r[2]) for r in connection.execute(_SWAPS, {"user": user_id})]

    def moves(self, user_id: int) -> list[tuple[date, date]]:
        """The active programme's moves, oldest first: apply them in this order."""
        with self._read() as connection:
            return [(row[0], row[1]) for row in connection.execute(_MOVES, {"user": user_id})]

    def active_programme(self, user_id: int) -> SavedProgramme | None:
        """(profile, start, weeks, saved at) of the active programme, if any.

        Saving a programme follows a fresh safety screen, so "saved at" is when it was answered.
        """
        with self._read() as connection:
            return _saved(connection.execute(_ACTIVE_PROGRAMME, {"user": user_id}).first())

    def snapshot(self, user_id: int, *, kept: Snapshot | None = None) -> Snapshot:
        """The active programme, its moves and the whole log with set ids, in one read.

        ``kept``: an older snapshot of the same user. While no set it holds was changed or
        removed since (``users.log_version``), only the sets added since are read (ids above
        its newest: a user's writes are serialised, so a later set has a larger id) and put
        after it, when they all sort after its last set; otherwise the whole log is read. The
        answer is the same as without ``kept`` (a property test checks it); the rest of the
        snapshot (programme, moves, swaps, check-ins, tests, sessions: short) is read afresh.
        """
        user = {"user": user_id}
        with self._read(agreeing=True) as connection:
            versions = connection.execute(_VERSIONS, user).first()
            version, log_version = (0, 0) if versions is None else (versions[0], versions[1])
            if kept is not None and versions is not None and kept.version == version:
                return kept  # every write moves the version on: nothing changed
            programme = _saved(connection.execute(_ACTIVE_PROGRAMME, user).first())
            moves = tuple((row[0], row[1]) for row in connection.execute(_MOVES, user))
            swaps = tuple((r[0], r[1], r[2]) for r in connection.execute(_SWAPS, user))
            grown = None
            if kept is not None and versions is not None and log_version <= kept.version:
                grown = _grown_sets(connection, user_id, kept)
            if grown is None:
                log, ids = _read_log(connection, user)
            else:
                log, ids = _read_log(connection, user, sets=grown)
        return Snapshot(programme, moves, log, ids, swaps, version, log_version)

    def window(self, user_id: int, *, day: date, after: int, limit: int = 500) -> Window:
        """The snapshot with only the sets from the last training day before ``day`` on, and
        the sets with ids above ``after`` (at most ``limit``, else None): what a worker that
        holds an answer derived from the whole log up to set ``after`` reads to tell whether
        it still holds and to show ``day``, instead of the whole log (two indexed reads)."""
        user = {"user": user_id}
        with self._read(agreeing=True) as connection:
            versions = connection.execute(_VERSIONS, user).first()
            version, log_version = (0, 0) if versions is None else (versions[0], versions[1])
            programme = _saved(connection.execute(_ACTIVE_PROGRAMME, user).first())
            moves = tuple((row[0], row[1]) for row in connection.execute(_MOVES, user))
            swaps = tuple((r[0], r[1], r[2]) for r in connection.execute(_SWAPS, user))
            last = connection.execute(_LAST_DAY, {"user": user_id, "day": day}).scalar()
            log, ids = _read_log(connection, user, since=last or day)
            params = {"user": user_id, "top": after, "limit": limit + 1}
            rows = [pair for chunk in _set_rows(connection, _FIRST_ADDED, params) for pair in chunk]
        snapshot = Snapshot(programme, moves, log, ids, swaps, version, log_version)
        if len(rows) > limit:
            return Window(snapshot, None)
        return Window(snapshot, tuple(e for e, _ in rows), tuple(int(i) for _, i in rows))

    # Answers kept for every worker (services.summaries.Shared)

    def kept_answer(self, user_id: int, name: str) -> KeptAnswer | None:
        """The answer kept under ``name`` for the user, or None."""
        with self._read() as connection:
            row = connection.execute(_KEPT, {"user": user_id, "name": name}).first()
        return None if row is None else KeptAnswer(str(row[0]), int(row[1]), bytes(row[2]))

    def keep_answer(self, user_id: int, name: str, key: str, version: int, body: bytes) -> None:
        """Keep an answer under ``name`` for every worker, unless one derived at a newer data
        version is kept there already (a slow worker never overwrites a newer answer). Nothing
        is kept for a user deleted meanwhile, nor while another write is under way (a page never
        waits behind an import to keep what it worked out). It does not move the data version:
        it is no change of the user's data."""
        values = {"user_id": user_id, "name": name, "key": key, "version": version, "body": body}
        try:
            with self._write_if_free() as connection:
                if connection is not None:
                    connection.execute(_keep_statement(self._dialect), values)
        except IntegrityError:  # the user was deleted meanwhile: nothing to keep
            return
        except StoreUnavailable:  # another process is writing (or the file is read-only)
            return  # best effort: the next worker works the answer out again

    def claim_preparing(
        self,
        user_id: int,
        version: int,
        holder: str,
        *,
        now: float,
        stale_before: float,
        gone: str = "",
    ) -> bool:
        """Claim the user's ``preparing`` row for data ``version`` in one atomic upsert: True
        when it is now ``holder``'s (there was none, or it was claimed for an older version,
        before ``stale_before``, or by the holder ``gone``, known dead), False while another
        holds it. True too when it cannot be written at once (the database busy: the caller
        works alone, as without the row) and when the user is gone (nothing to wait for)."""
        values = {
            "user_id": user_id,
            "version": version,
            "holder": holder,
            "started_at": now,
            "stale_before": stale_before,
            "gone": gone,
        }
        try:
            with self._write_if_free(MARKER_WAIT_SECONDS, MARKER_WAIT_SECONDS) as connection:
                if connection is None:
                    return True
                claimed = connection.execute(_claim_statement(self._dialect), values)
                return claimed.first() is not None
        except (IntegrityError, StoreUnavailable):
            return True

    def preparing(self, user_id: int) -> Preparing | None:
        """The user's ``preparing`` row, or None."""
        with self._read() as connection:
            row = connection.execute(_PREPARING, {"user": user_id}).first()
        return None if row is None else Preparing(int(row[0]), str(row[1]), float(row[2]))

    def done_preparing(self, user_id: int, holder: str) -> None:
        """Remove the user's ``preparing`` row if ``holder`` still holds it (best effort: one
        left behind is taken over once a newer version is prepared, or it grows stale)."""
        try:
            with self._write_if_free(MARKER_WAIT_SECONDS, MARKER_WAIT_SECONDS) as connection:
                if connection is not None:
                    connection.execute(
                        delete(PreparingRow).where(
                            PreparingRow.user_id == user_id, PreparingRow.holder == holder
                        )
                    )
        except StoreUnavailable:
            return

    # Sets

    def add_set(self, user_id: int, entry: SetEntry) -> int:
        """Log one set; it is committed (and survives a crash) once this returns."""
        values = {**_from_set(entry), "user_id": user_id, "created_at": datetime.now(UTC)}
        try:
            with self._write() as connection:
                if not _bump(connection, user_id):
                    raise NotFound("user", str(user_id))
                inserted = connection.execute(_INSERT_SET, values).inserted_primary_key
                return int(cast("Row[int]", inserted)[0])
        except IntegrityError as error:  # the only constraint left is the (user, key) one
            raise InvalidInput(
                {"key": f"a set with key {entry.key!r} is already logged"}
            ) from error

    def replace_set(self, user_id: int, set_id: int, entry: SetEntry) -> bool:
        """Change one of the user's sets in place, in one transaction: it keeps its id (so its
        address stays valid), its key when ``entry`` has none, and its place for undo. False
        (and nothing changed) when the user has no such set."""
        if not 0 < set_id <= MAX_ID:
            return False
        values = _from_set(entry)
        if entry.key is None:
            del values["key"]
        try:
            with self._write() as connection:
                if not _bump(connection, user_id):
                    return False
                changed = connection.execute(
                    update(SetRow)
                    .where(SetRow.id == set_id, SetRow.user_id == user_id)
                    .values(**values)
                )
                connection.execute(_SETS_REWRITTEN, {"user": user_id})
                return bool(changed.rowcount)
        except IntegrityError as error:
            raise InvalidInput(
                {"key": f"a set with key {entry.key!r} is already logged"}
            ) from error

    def add_sets(self, user_id: int, entries: Sequence[SetEntry]) -> int:
        """Log many sets in one transaction; return how many were new.

        A set whose ``key`` the user already has is skipped, so importing a file twice adds
        nothing. Any error leaves the store as it was.
        """
        return self.import_all(user_id, sets=entries)

    def import_all(
        self,
        user_id: int,
        *,
        sets: Sequence[SetEntry],
        checkins: Sequence[Checkin] = (),
        tests: Sequence[SelfTest] = (),
        sessions: Sequence[SessionEntry] = (),
    ) -> int:
        """Store an import in ONE transaction (all or nothing); return how many sets were new.

        Check-ins replace the same day's; a self-test identical to a stored one is skipped; a
        session fills in only what the stored one of its day lacks (start, finish, note), so
        importing an export twice adds nothing and loses nothing.
        """
        with self._session(write=True) as session:
            _require_user(session, user_id)
            connection = session.connection()
            # Counting before and after is exact because the user is locked, and it keeps the
            # drivers' fast executemany: RETURNING made PostgreSQL five times slower.
            before = _count_sets(connection, user_id)
            now = datetime.now(UTC)
            if self._dialect == "sqlite":  # the rows as SQLAlchemy binds them, at a fifth of
                created = stamp(now)  # the cost: 113,000 sets in seconds, not a minute
                fine: set[tuple[str, int]] = set()  # names and sources checked (they repeat)
                stamps: dict[datetime, str] = {}
                with _page_cache(connection, len(sets)):
                    for first in range(0, len(sets), _CHUNK):
                        chunk = sets[first : first + _CHUNK]
                        for i, entry in enumerate(chunk):
                            _check_set(entry, index=first + i, fine=fine)
                        raw = [set_row(user_id, e, created, stamps) for e in chunk]
                        connection.exec_driver_sql(_IMPORT_SET, raw)
            else:
                statement = _on_conflict(self._dialect, SetRow, ["user_id", "key"])
                for first in range(0, len(sets), _CHUNK):
                    rows = [
                        {"user_id": user_id, "created_at": now, **_from_set(e, index=first + i)}
                        for i, e in enumerate(sets[first : first + _CHUNK])
                    ]
                    connection.execute(statement, rows)
            for checkin in checkins:
                upsert = _on_conflict(
                    self._dialect,
                    CheckinRow,
                    ["user_id", "day"],
                    {"pain": checkin.pain, "created_at": now},
                )
                session.execute(
                    upsert.values(user_id=user_id, created_at=now, **_from_checkin(checkin))
                )
            known = {
                (t.day, t.kind, t.value, t.side)
                for t in (_to_test(r) for r in session.execute(_tests_query(user_id)))
            }
            for test in tests:
                if (test.day, test.kind, test.value, test.side) not in known:
                    session.add(SelfTestRow(user_id=user_id, **_from_test(test)))
                    known.add((test.day, test.kind, test.value, test.side))
            _import_sessions(connection, user_id, sessions)
            return _count_sets(connection, user_id) - before

    def sets(self, user_id: int, *, since: date | None = None) -> list[SetEntry]:
        """The user's sets by day, time done (unknown last) and entry order. One of two
        statements built once, on a plain connection: the programme page asks for the sets
        of its weeks on every request (an ORM session and a statement built afresh each time
        were most of that read)."""
        query, params = (
            (_SETS, {"user": user_id})
            if since is None
            else (_SETS_SINCE, {"user": user_id, "since": since})
        )
        with self._read() as connection:
            rows = _set_rows(connection, query, params, stream=False)
            return [entry for chunk in rows for entry, _ in chunk]

    def logged_sets(self, user_id: int, *, since: date | None = None) -> list[tuple[int, SetEntry]]:
        """(id, set) pairs in the order of ``sets``, read in one query."""
        query = _sets_query(user_id, since).add_columns(SetRow.id)
        with self._session() as session:
            return [(row[-1], _to_set(row[:-1])) for row in session.execute(query)]

    def set_ids(self, user_id: int, *, since: date | None = None) -> list[int]:
        """The ids of ``sets(user_id, since=since)``, in the same order."""
        query = _sets_query(user_id, since).with_only_columns(SetRow.id)
        with self._session() as session:
            return list(session.scalars(query))

    def delete_set(self, user_id: int, set_id: int) -> bool:
        """Delete one of the user's sets; False when the user has no such set."""
        if not 0 < set_id <= MAX_ID:
            return False
        with self._session(write=True) as session:
            if not _lock_user(session, user_id):
                return False
            result = session.connection().execute(
                delete(SetRow).where(SetRow.id == set_id, SetRow.user_id == user_id)
            )
            session.connection().execute(_SETS_REWRITTEN, {"user": user_id})
            return bool(result.rowcount)

    # Check-ins and self-tests

    def add_checkin(self, user_id: int, entry: Checkin) -> None:
        """Record next-morning pain; a second check-in for the same day replaces the first."""
        with self._session(write=True) as session:
            _require_user(session, user_id)
            now = datetime.now(UTC)
            replace = {"pain": entry.pain, "created_at": now}  # newest again, for undo
            statement = _on_conflict(self._dialect, CheckinRow, ["user_id", "day"], replace)
            session.execute(
                statement.values(user_id=user_id, created_at=now, **_from_checkin(entry))
            )

    def checkins(self, user_id: int) -> list[Checkin]:
        with self._session() as session:
            return [_to_checkin(row) for row in session.execute(_checkins_query(user_id))]

    def add_test(self, user_id: int, entry: SelfTest) -> int:
        with self._session(write=True) as session:
            _require_user(session, user_id)
            row = SelfTestRow(user_id=user_id, **_from_test(entry))
            session.add(row)
            session.flush()
            return row.id

    def tests(self, user_id: int) -> list[SelfTest]:
        with self._session() as session:
            return [_to_test(row) for row in session.execute(_tests_query(user_id))]

    # Training sessions: start, finish and note (a day's sets are the session itself)

    def start_session(self, user_id: int, day: date, *, at: datetime) -> SessionEntry:
        """Note when the session of ``day`` started, unless it already has a start."""
        with self._write() as connection:
            if not _bump(connection, user_id):  # caches of this user's data see the change
                raise NotFound("user", str(user_id))
            found = _session_entry(connection, user_id, day)
            if found is None:
                connection.execute(
                    insert(TrainingSessionRow).values(user_id=user_id, day=day, started_at=at)
                )
            elif found.started is None:
                connection.execute(_update_session(user_id, day).values(started_at=at))
            return _session_entry(connection, user_id, day) or SessionEntry(day, started=at)

    def finish_session(
        self, user_id: int, day: date, *, at: datetime | None, note: str | None
    ) -> SessionEntry:
        """Keep the session's note (None clears it) and, when ``at`` is given, when it finished
        (a later finish replaces an earlier one: the session was taken up again)."""
        _check_note(note)
        with self._write() as connection:
            if not _bump(connection, user_id):  # caches of this user's data see the change
                raise NotFound("user", str(user_id))
            found = _session_entry(connection, user_id, day)
            values: dict[str, Any] = {"note": note}
            if at is not None:
                values["finished_at"] = at
            if found is None:
                connection.execute(
                    insert(TrainingSessionRow).values(user_id=user_id, day=day, **values)
                )
            else:
                connection.execute(_update_session(user_id, day).values(**values))
            return _session_entry(connection, user_id, day) or SessionEntry(day)

    def sessions(self, user_id: int) -> list[SessionEntry]:
        """What was recorded about each session beyond its sets, by day."""
        with self._read() as connection:
            return [SessionEntry(*row) for row in connection.execute(_SESSIONS, {"user": user_id})]

    def session_entry(self, user_id: int, day: date) -> SessionEntry | None:
        """What was recorded about the session of ``day`` beyond its sets, if anything."""
        with self._read() as connection:
            return _session_entry(connection, user_id, day)

    def stop_candidates(self, user_id: int) -> tuple[datetime | None, tuple[SetEntry, ...]]:
        """When the active programme's safety screen was answered (None without one) and, in
        log order, the sets that hit a stop rule from a day before it on: all the sets
        ``rules.stopped`` can pick, read in one indexed pass instead of the whole log."""
        user = {"user": user_id}
        with self._read(agreeing=True) as connection:
            programme = _saved(connection.execute(_ACTIVE_PROGRAMME, user).first())
            query = _SETS.where(
                or_(SetRow.pain > STOP_PAIN, func.coalesce(SetRow.symptoms, "") != "")
            )
            screened = None if programme is None else programme.saved_at
            if screened is not None:  # a day of slack: stopped() compares the exact time
                early = screened - timedelta(days=1)
                query = query.where(or_(SetRow.at >= early, SetRow.day >= early.date()))
            found = [e for chunk in _set_rows(connection, query, user) for e, _ in chunk]
        return screened, tuple(found)

    def training_log(self, user_id: int, *, since: date | None = None) -> TrainingLog:
        """Everything the user logged (the sets from ``since`` on, when given), read in one
        transaction so the parts agree."""
        with self._read(agreeing=True) as connection:
            return _read_log(connection, {"user": user_id}, since)[0]

    def set_page(
        self,
        user_id: int,
        *,
        before: SetKey | None = None,
        after: SetKey | None = None,
        limit: int,
    ) -> tuple[list[tuple[int, SetEntry]], bool]:
        """Up to ``limit`` (id, set) pairs, newest first: the newest sets, the ones just older
        than ``before`` or the ones just newer than ``after`` (keys from earlier pages, so a set
        logged meanwhile never shifts a page); and whether more lie beyond them that way."""
        key = after if before is None else before
        params: dict[str, Any] = {"user": user_id, "limit": limit + 1}
        if key is None:
            query = _NEWEST_PAGE
        elif before is not None and after is not None:  # no link carries both: built afresh
            query = _page_query(newest_first=False).where(_older_than(before), _newer_than(after))
        else:
            query = _PAGES[before is not None, key[1] is not None]
            params.update(day=key[0], at=key[1], id=key[2])
        with self._read() as connection:
            rows = [
                row for rows in _set_rows(connection, query, params, stream=False) for row in rows
            ]
        found = [(set_id, entry) for entry, set_id in rows[:limit]]
        return (found if after is None else found[::-1]), len(rows) > limit

    def recent_days(
        self, user_id: int, *, days: int, before: date | None = None
    ) -> list[tuple[int, SetEntry]]:
        """(id, set) pairs of the ``days`` most recent days with a set (before ``before``), in
        log order."""
        newest = select(SetRow.day).where(SetRow.user_id == user_id)
        if before is not None:
            newest = newest.where(SetRow.day < before)
        newest = newest.group_by(SetRow.day).order_by(SetRow.day.desc()).limit(days)
        with self._read(agreeing=True) as connection:
            found = list(connection.execute(newest).scalars())
            if not found:
                return []
            query = _sets_query(user_id, found[-1]).add_columns(SetRow.id)
            if before is not None:
                query = query.where(SetRow.day < before)
            return [(row[-1], _to_set(row[:-1])) for row in connection.execute(query)]

    def logged_set(self, user_id: int, set_id: int) -> SetEntry | None:
        """One of the user's sets; None when the user has no such set."""
        if not 0 < set_id <= MAX_ID:
            return None
        query = _sets_query(user_id, None).where(SetRow.id == set_id)
        with self._read() as connection:
            row = connection.execute(query).first()
        return None if row is None else _to_set(row)

    def stream_sets(self, user_id: int, *, chunk: int = 2_000) -> Iterator[list[SetEntry]]:
        """The user's sets in log order, in lists of at most ``chunk``, from one read
        transaction: memory stays the same however long the log. Close the iterator (or run it
        out) to end the transaction."""
        with self._read(agreeing=True) as connection:
            for rows in _set_rows(connection, _SETS, {"user": user_id}, chunk=chunk):
                yield [entry for entry, _ in rows]

    def stream_set_fields(self, user_id: int, *, chunk: int = 2_000) -> Iterator[list[SetFields]]:
        """``stream_sets`` as the exports write each set (``core.exports.SetFields``), from one
        read transaction. On SQLite, when every stored day and time has the form the store
        writes (one indexed count finds any other), the database gives each row in that form
        (the day as it is, the time's ISO text made by SQL): no SetEntry or aware datetime is
        made for any set, which was most of an export's CPU. Elsewhere the sets are read as
        ``stream_sets`` reads them (tests compare the two)."""
        user = {"user": user_id}
        with self._read(agreeing=True) as connection:
            if (
                connection.dialect.name == "sqlite"
                and not connection.execute(_ODD_TIMES, user).scalar()
            ):
                yield from _sqlite_rows(connection, _SET_FIELDS, user, chunk=chunk)
            else:
                for rows in _set_rows(connection, _SETS, user, chunk=chunk):
                    yield [set_fields(entry) for entry, _ in rows]

    def set_keys(self, user_id: int, *, prefix: str = "") -> set[str]:
        """Every key the user's sets carry that starts with ``prefix`` (and, on SQLite, whose
        LIKE ignores ASCII case, a few that start with it in other case: never fewer)."""
        query = select(SetRow.key).where(SetRow.user_id == user_id, SetRow.key.is_not(None))
        if prefix:
            query = query.where(SetRow.key.startswith(prefix, autoescape=True))
        with self._read() as connection:
            return {key for key in connection.execute(query).scalars().all() if key is not None}

    def undo(self, user_id: int) -> str | None:
        """Remove the user's newest set, check-in or self-test; say what went (None: nothing)."""
        with self._session(write=True) as session:
            if not _lock_user(session, user_id):
                return None
            newest = [
                row
                for row in (
                    _newest(session, SetRow, user_id),
                    _newest(session, CheckinRow, user_id),
                    _newest(session, SelfTestRow, user_id),
                )
                if row is not None
            ]
            if not newest:
                return None
            last = max(newest, key=lambda row: row.created_at)
            session.delete(last)
            if isinstance(last, SetRow):
                session.connection().execute(_SETS_REWRITTEN, {"user": user_id})
            unit = session.execute(select(UserRow.unit).where(UserRow.id == user_id)).scalar()
            return _describe(last, parse_unit(unit or "") or Unit.KG)

    # Form checks: the web's background jobs and their results (the CLI saves results directly)

    def add_form_check(
        self,
        user_id: int,
        *,
        day: date,
        exercise: str,
        side: str | None,
        keep_clip: bool,
        clip: str | None,
        state: str = "queued",
        result: dict[str, Any] | None = None,
        picture: bytes | None = None,
        now: datetime | None = None,
    ) -> int:
        """File a form check: a job waiting for its clip to be analysed, or (CLI) a result."""
        if len(exercise) > EXERCISE_LEN:
            raise InvalidInput({"exercise": f"is over {EXERCISE_LEN} characters"})
        with self._session(write=True) as session:
            _require_user(session, user_id)
            row = FormCheckRow(
                user_id=user_id,
                day=day,
                exercise=exercise,
                side=side,
                state=state,
                done=0,
                total=0,
                keep_clip=keep_clip,
                clip=clip,
                result=None if result is None else json.dumps(result),
                picture=picture,
                finished_at=now if state in ("done", "refused", "failed") else None,
            )
            session.add(row)
            session.flush()
            return row.id

    def form_check(self, job_id: int, *, user_id: int | None) -> FormCheckJob | None:
        """One form check; with ``user_id``, only when it is that user's (None: the worker's
        look-up, which serves every user)."""
        if not 0 < job_id <= MAX_ID:
            return None
        query = select(*_FORM_COLUMNS).where(FormCheckRow.id == job_id)
        if user_id is not None:
            query = query.where(FormCheckRow.user_id == user_id)
        with self._read() as connection:
            row = connection.execute(query).first()
        return None if row is None else _to_form_check(row)

    def form_checks(
        self, user_id: int, *, state: str | None = None, day: date | None = None
    ) -> list[FormCheckJob]:
        """The user's form checks, oldest first (``state``: only those in that state; ``day``:
        only those filmed for that day's session)."""
        query = select(*_FORM_COLUMNS).where(FormCheckRow.user_id == user_id)
        if state is not None:
            query = query.where(FormCheckRow.state == state)
        if day is not None:
            query = query.where(FormCheckRow.day == day)
        with self._read() as connection:
            rows = connection.execute(query.order_by(FormCheckRow.day, FormCheckRow.id))
            return [_to_form_check(row) for row in rows]

    def form_check_picture(self, job_id: int, *, user_id: int) -> bytes | None:
        if not 0 < job_id <= MAX_ID:
            return None
        query = select(FormCheckRow.picture).where(
            FormCheckRow.id == job_id, FormCheckRow.user_id == user_id
        )
        with self._read() as connection:
            picture: bytes | None = connection.scalar(query)
            return picture

    def update_form_check(
        self,
        job_id: int,
        *,
        state: str | None = None,
        done: int | None = None,
        total: int | None = None,
        clip: str | None = None,
        forget_clip: bool = False,
        reason: str | None = None,
        message: str | None = None,
        result: dict[str, Any] | None = None,
        picture: bytes | None = None,
        now: datetime | None = None,
    ) -> None:
        """Move a job along: its state, progress, clip, and at the end its outcome."""
        values: dict[str, Any] = {}
        if state is not None:
            if state not in FORM_STATES:
                raise ValueError(f"unknown form-check state {state!r}")
            values["state"] = state
        for key, value in (("done", done), ("total", total), ("clip", clip)):
            if value is not None:
                values[key] = value
        if forget_clip:
            values["clip"] = None
        for key, text in (("reason", reason), ("message", message)):
            if text is not None:
                values[key] = text
        if picture is not None:
            values["picture"] = picture
        if result is not None:
            values["result"] = json.dumps(result)
        if now is not None:
            values["finished_at"] = now
        if not values:
            return
        with self._write() as connection:
            connection.execute(
                update(FormCheckRow).where(FormCheckRow.id == job_id).values(**values)
            )

    def delete_form_check(self, job_id: int, *, user_id: int) -> bool:
        """Forget one of the user's form checks; False when there was none."""
        with self._write() as connection:
            gone = connection.execute(
                delete(FormCheckRow).where(
                    FormCheckRow.id == job_id, FormCheckRow.user_id == user_id
                )
            )
            return bool(cast("CursorResult[Any]", gone).rowcount)

    def kept_clips(self, user_id: int | None = None) -> list[str]:
        """The clip files the store still points at (one user's, or everyone's)."""
        query = select(FormCheckRow.clip).where(FormCheckRow.clip.is_not(None))
        if user_id is not None:
            query = query.where(FormCheckRow.user_id == user_id)
        with self._read() as connection:
            return [str(name) for name in connection.scalars(query)]

    @contextmanager
    def _usable(self) -> Iterator[None]:
        """A database that cannot be reached or used becomes StoreUnavailable, saying why."""
        try:
            yield
        except OperationalError as error:
            raise StoreUnavailable(
                f"The database {self._where} cannot be used: {reason(error)}."
            ) from error

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        """One ORM transaction, committed when the block ends."""
        with (
            self._usable(),
            self._writer if write else nullcontext(),
            (self._writes if write else self._reads).begin() as session,
        ):
            yield session

    # The web app's hot paths (sign-in check, re-planning, logging a set) use a Core connection
    # and the prepared statements below: an ORM session costs about 0.25 ms each time.

    @contextmanager
    def _read(self, *, agreeing: bool = False) -> Iterator[Connection]:
        """One read transaction on a plain connection (rolled back: it only reads).

        ``agreeing``: several queries that must see the same moment. A SQLite transaction
        always does; PostgreSQL needs REPEATABLE READ for it (its default reads each statement
        afresh).
        """
        with self._usable(), self._engine.connect() as connection:
            if agreeing and self._dialect == "postgresql":
                connection.execution_options(isolation_level="REPEATABLE READ")
            yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction on a plain connection, committed when the block ends."""
        with (
            self._usable(),
            self._writer,
            self._engine.connect().execution_options(**{WRITE: True}) as connection,
            connection.begin(),
        ):
            yield connection

    @contextmanager
    def _write_if_free(
        self, here: float = 0, there: float = SKIP_WAIT_SECONDS
    ) -> Iterator[Connection | None]:
        """``_write`` for a write that may be skipped (a kept answer): None rather than wait
        more than ``here`` seconds for another write of this process, and ``there`` (a
        moment) for another process's."""
        lock = self._writer
        if isinstance(lock, LockType) and not (
            lock.acquire(timeout=here) if here > 0 else lock.acquire(blocking=False)
        ):
            yield None  # a page never waits behind an import to keep what it worked out
            return
        try:
            with (
                self._usable(),
                self._engine.connect().execution_options(**{WRITE: True, WAIT: there}) as link,
                link.begin(),
            ):
                yield link
        finally:
            if isinstance(lock, LockType):
                lock.release()


def reason(error: DBAPIError) -> str:
    """The driver's first line, which names the actual problem."""
    lines = str(error.orig).strip().splitlines()
    return lines[0] if lines else type(error.orig).__name__


def _newest(session: Session, kind: type[Logged], user_id: int) -> Logged | None:
    query = select(kind).where(kind.user_id == user_id)
    return session.scalars(query.order_by(kind.created_at.desc(), kind.id.desc()).limit(1)).first()


def _lock_user(session: Session, user_id: int) -> bool:
    """Serialise one user's writes (SQLite's BEGIN IMMEDIATE already serialises all writes) and
    move the user's data version on in the same transaction.

    So add_sets counts exactly, two undos never pick the same entry, and every process sees
    that what it cached for the user is stale once this commits. False: no such user.
    """
    return _bump(session.connection(), user_id)


def _bump(connection: Connection, user_id: int) -> bool:
    """UPDATE the user's row (which locks it, as SELECT … FOR UPDATE would): its data version
    moves on. False: no such user."""
    return bool(connection.execute(_BUMP, {"user": user_id}).rowcount)


def _active_id(session: Session, user_id: int) -> int:
    """The id of the user's active programme; NotFound without one."""
    programme = session.scalars(
        select(ProgrammeRow.id).where(ProgrammeRow.user_id == user_id, ProgrammeRow.active)
    ).first()
    if programme is None:
        raise NotFound("programme", "active")
    return programme


def _delete_swap(programme: int, day: date, planned: str) -> Any:
    return delete(SwapRow).where(
        SwapRow.programme_id == programme, SwapRow.day == day, SwapRow.planned == planned
    )


def _require_user(session: Session, user_id: int) -> None:
    if not _lock_user(session, user_id):
        raise NotFound("user", str(user_id))


def _count_sets(connection: Connection, user_id: int) -> int:
    return connection.scalar(select(func.count()).where(SetRow.user_id == user_id)) or 0


def _on_conflict(
    dialect: str,
    row: type[SetRow] | type[CheckinRow],
    columns: list[str],
    update: dict[str, Any] | None = None,
) -> Insert:
    """INSERT … ON CONFLICT (columns) DO NOTHING, or DO UPDATE SET ``update``."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        postgresql = postgresql_insert(row)
        if update is None:
            return postgresql.on_conflict_do_nothing(index_elements=columns)
        return postgresql.on_conflict_do_update(index_elements=columns, set_=update)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    sqlite = sqlite_insert(row)
    if update is None:
        return sqlite.on_conflict_do_nothing(index_elements=columns)
    return sqlite.on_conflict_do_update(index_elements=columns, set_=update)


@lru_cache(maxsize=2)
def _upsert(dialect: str, table: type[Any]) -> Any:
    """The dialect's INSERT with ON CONFLICT (SQLite and PostgreSQL spell it alike)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
    return upsert(table)


def _keep_statement(dialect: str) -> Insert:
    """INSERT a kept answer, or replace the one under its name unless that one is newer."""
    statement = _upsert(dialect, KeptRow)
    return cast(
        Insert,
        statement.on_conflict_do_update(
            index_elements=["user_id", "name"],
            set_={
                "key": statement.excluded.key,
                "version": statement.excluded.version,
                "body": statement.excluded.body,
            },
            where=KeptRow.version <= statement.excluded.version,
        ),
    )


def _claim_statement(dialect: str) -> Insert:
    """INSERT the user's ``preparing`` row, or take it over when it is for an older data
    version, stale, or its holder is known gone (else nothing changes, and no row returns:
    PostgreSQL's driver gives no rowcount for it)."""
    statement = _upsert(dialect, PreparingRow)
    return cast(
        Insert,
        statement.on_conflict_do_update(
            index_elements=["user_id"],
            set_={
                "version": statement.excluded.version,
                "holder": statement.excluded.holder,
                "started_at": statement.excluded.started_at,
            },
            where=or_(
                PreparingRow.version < statement.excluded.version,
                PreparingRow.started_at < bindparam("stale_before"),
                PreparingRow.holder == bindparam("gone"),
            ),
        ).returning(PreparingRow.holder),
    )


# Reads select plain columns: loading ORM objects would take about three times as long for a
# long import history, and the rows are converted and dropped at once anyway.


_SESSION_COLUMNS = (
    TrainingSessionRow.day,
    TrainingSessionRow.started_at,
    TrainingSessionRow.finished_at,
    TrainingSessionRow.note,
)
_SET_COLUMNS = (
    SetRow.day,
    SetRow.exercise,
    SetRow.reps,
    SetRow.kg,
    SetRow.rpe,
    SetRow.pain,
    SetRow.side,
    SetRow.warmup,
    SetRow.source,
    SetRow.set_order,
    SetRow.at,
    SetRow.symptoms,
    SetRow.key,
    SetRow.name,
    SetRow.note,
)
_SIDES = {side.value: side for side in Side}
_SYMPTOMS = {symptom.value: symptom for symptom in Symptom}


def _sets_query(
    user_id: "int | BindParameter[int]", since: date | None, *, newest_first: bool = False
) -> Select[Any]:
    """The columns ``_to_set`` unpacks, in its order (40k rows a second matter: see bench/)."""
    query = cast("Select[Any]", select(*_SET_COLUMNS)).where(SetRow.user_id == user_id)
    if since is not None:
        query = query.where(SetRow.day >= since)
    if newest_first:
        return query.order_by(SetRow.day.desc(), SetRow.at.desc().nulls_first(), SetRow.id.desc())
    return query.order_by(SetRow.day, SetRow.at.nulls_last(), SetRow.id)


# A cursor's parts as bound parameters: each page of the history is one of five statements
# built once (compiled once on SQLite), not a query built for each request.
_KeyPart = Any  # a value of a SetKey, or the bound parameter standing for it


def _older_than(key: tuple[_KeyPart, _KeyPart, _KeyPart]) -> ColumnElement[bool]:
    """Sets before ``key`` in log order (day, time done with unknown last, id)."""
    day, at, set_id = key
    if at is None:  # unknown times sort last: every known time of that day comes first
        same_day = or_(SetRow.at.is_not(None), SetRow.id < set_id)
        return and_(SetRow.day <= day, or_(SetRow.day < day, same_day))
    same_day = and_(
        SetRow.at.is_not(None), or_(SetRow.at < at, and_(SetRow.at == at, SetRow.id < set_id))
    )
    return and_(SetRow.day <= day, or_(SetRow.day < day, same_day))


def _newer_than(key: tuple[_KeyPart, _KeyPart, _KeyPart]) -> ColumnElement[bool]:
    """Sets after ``key`` in log order."""
    day, at, set_id = key
    if at is None:
        same_day = and_(SetRow.at.is_(None), SetRow.id > set_id)
        return and_(SetRow.day >= day, or_(SetRow.day > day, same_day))
    same_day = or_(SetRow.at.is_(None), SetRow.at > at, and_(SetRow.at == at, SetRow.id > set_id))
    return and_(SetRow.day >= day, or_(SetRow.day > day, same_day))


def _checkins_query(user_id: "int | BindParameter[int]") -> Select[Any]:
    return (
        select(CheckinRow.__table__).where(CheckinRow.user_id == user_id).order_by(CheckinRow.day)
    )


def _tests_query(user_id: "int | BindParameter[int]") -> Select[Any]:
    return (
        select(SelfTestRow.__table__)
        .where(SelfTestRow.user_id == user_id)
        .order_by(SelfTestRow.day, SelfTestRow.id)
    )


def _read_log(
    connection: Connection,
    user: dict[str, int],
    since: date | None = None,
    *,
    sets: tuple[tuple[SetEntry, ...], tuple[int, ...]] | None = None,
) -> tuple[TrainingLog, tuple[int, ...]]:
    """The log of ``user`` (its sets from ``since`` on, else all) and the ids of its sets, in
    set order; ``sets`` (with their ids) when the caller has them already."""
    if sets is None:
        query = _SETS_WITH_IDS if since is None else _SETS_WITH_IDS.where(SetRow.day >= since)
        rows = [pair for chunk in _set_rows(connection, query, user) for pair in chunk]
        sets = tuple(entry for entry, _ in rows), tuple(row[-1] for row in rows)
    log = TrainingLog(
        sets=sets[0],
        checkins=tuple(_to_checkin(row) for row in connection.execute(_CHECKINS, user)),
        tests=tuple(_to_test(row) for row in connection.execute(_TESTS, user)),
        sessions=tuple(SessionEntry(*row) for row in connection.execute(_SESSIONS, user)),
    )
    return log, sets[1]


def _grown_sets(
    connection: Connection, user_id: int, kept: Snapshot
) -> tuple[tuple[SetEntry, ...], tuple[int, ...]] | None:
    """The sets of ``kept`` followed by the ones added since (ids above its newest, in log
    order); None when one of those sorts before its last set (then the whole log is read)."""
    top = max(kept.set_ids, default=0)
    user = {"user": user_id, "top": top}
    rows = [pair for chunk in _set_rows(connection, _SETS_ADDED, user) for pair in chunk]
    if not rows:
        return kept.log.sets, kept.set_ids
    if kept.set_ids:
        last = {"user": user_id, "top": top, "last": kept.set_ids[-1]}
        if connection.execute(_ADDED_AFTER, last).scalar() != len(rows):
            return None  # e.g. an import of older sets: it goes somewhere in the middle
    return kept.log.sets + tuple(e for e, _ in rows), kept.set_ids + tuple(i for _, i in rows)


def _set_rows(
    connection: Connection,
    query: Select[Any],
    params: dict[str, Any],
    *,
    chunk: int = 2_000,
    stream: bool = True,
) -> Iterator[list[tuple[SetEntry, Any]]]:
    """(set, the next column or None) for each row of a ``_sets_query`` (``_SETS_WITH_IDS``
    adds the id), a chunk at a time. On SQLite the rows come straight from the driver:
    SQLAlchemy's per-value result processing took half the time of reading a long log (a
    property test compares the two readers). ``stream=False`` for a short read (a page of
    the history): elsewhere it is one plain query, not a server-side cursor."""
    if connection.dialect.name == "sqlite":
        return _sqlite_set_rows(connection, query, params, chunk=chunk)
    return _engine_set_rows(connection, query, params, chunk=chunk, stream=stream)


def _engine_set_rows(
    connection: Connection,
    query: Select[Any],
    params: dict[str, Any],
    *,
    chunk: int = 2_000,
    stream: bool = True,
) -> Iterator[list[tuple[SetEntry, Any]]]:
    if stream:
        connection = connection.execution_options(stream_results=True, yield_per=chunk)
    result = connection.execute(query, params)
    for rows in result.partitions(chunk):
        yield [(_to_set(row[:15]), row[15] if len(row) > 15 else None) for row in rows]


def _sqlite_set_rows(
    connection: Connection, query: Select[Any], params: dict[str, Any], *, chunk: int = 2_000
) -> Iterator[list[tuple[SetEntry, Any]]]:
    for rows in _sqlite_rows(connection, query, params, chunk=chunk):
        times: dict[str, datetime] = {}  # a workout's sets share their time: parsed once
        yield [_sqlite_set(row, times) for row in rows]


def _sqlite_rows(
    connection: Connection, query: Select[Any], params: dict[str, Any], *, chunk: int = 2_000
) -> Iterator[list[Any]]:
    """The rows of ``query`` as the SQLite driver gives them, a chunk at a time."""
    compiled = _COMPILED.get(id(query)) or query.compile(dialect=sqlite_dialect())
    values = compiled.construct_params(params)
    if not connection.in_transaction():
        connection.begin()  # BEGIN through the engine's hook: the reads after this one agree
    raw = cast("sqlite3.Connection", connection.connection.driver_connection)
    cursor = raw.execute(
        str(compiled), [_sqlite_value(values[name]) for name in compiled.positiontup or ()]
    )
    try:
        while rows := cursor.fetchmany(chunk):
            yield rows
    finally:
        cursor.close()


@contextmanager
def _page_cache(connection: Connection, sets: int) -> Iterator[None]:
    """A SQLite page cache big enough for an import of ``sets`` sets while it is written (its
    table and index pages, the unique keys' scattered all over, stay in memory instead of
    spilling to the WAL mid-transaction: about a fifth of the time at 113,000 sets), then the
    connection's own again (SQLite frees the pages beyond it)."""
    if sets < _BIG_IMPORT:
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = {-_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before or 0)}")


_BIG_IMPORT = 10_000  # sets: a smaller import fits SQLite's default cache (2 MB)
_IMPORT_CACHE_KIB = 64 * 1024  # about 250 bytes a set: 113,000 sets take some 28 MB


def _sqlite_value(value: object) -> object:
    """A parameter as SQLAlchemy binds it on SQLite (dates and times as its ISO text)."""
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sqlite_set(row: tuple[Any, ...], times: dict[str, datetime]) -> tuple[SetEntry, Any]:
    """A raw SQLite row of a ``_sets_query`` as ``_to_set`` would read it through SQLAlchemy
    (DATE and DATETIME are ISO text, booleans 0 or 1; stored times are UTC); ``times``: the
    stored times read so far, each as its aware datetime (reading one is a fifth of a row's
    cost at 113,000 sets, and a workout's sets share it)."""
    at = row[10]
    moment = None if at is None else times.get(at)
    if moment is None and at is not None:
        moment = times[at] = _utc(at)
    return (
        SetEntry(
            _iso_day(row[0]),
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            _SIDES[row[6]],
            bool(row[7]),
            row[8],
            row[9],
            moment,
            tuple(_SYMPTOMS[value] for value in row[11].split(",")) if row[11] else (),
            row[12],
            row[13],
            row[14],
        ),
        row[15] if len(row) > 15 else None,
    )


def _utc(text: str) -> datetime:
    """A stored time (naive UTC text) as an aware datetime; naming the zone in the text is
    several times faster than ``replace(tzinfo=UTC)``."""
    if len(text) <= len("2000-01-01 00:00:00.000000"):
        return datetime.fromisoformat(text + "+00:00")
    return datetime.fromisoformat(text).astimezone(UTC)  # a time written with its offset


_iso_day = lru_cache(maxsize=4096)(date.fromisoformat)  # a log repeats each day many times


def _saved(row: "Row[str, date, int, datetime, str] | None") -> SavedProgramme | None:
    if row is None:
        return None
    profile: dict[str, Any] = json.loads(row[0])
    return SavedProgramme(profile, row[1], row[2], row[3], row[4])


# Prepared once: building a statement costs about as much as running it on SQLite.
_USER: BindParameter[int] = bindparam("user")
_SESSION_USER = (
    select(SessionRow.user_id, UserRow.unit)
    .join(UserRow, UserRow.id == SessionRow.user_id)
    .where(SessionRow.token_hash == bindparam("token"), SessionRow.expires_at > bindparam("now"))
)
_RESET_USER = select(PasswordResetRow.user_id).where(
    PasswordResetRow.token_hash == bindparam("token"),
    PasswordResetRow.expires_at > bindparam("now"),
)
_USER_BY_EMAIL = select(UserRow.id, UserRow.password_hash).where(
    UserRow.email == bindparam("email"), UserRow.password_hash.is_not(None)
)
_BUMP = (
    update(UserRow)
    .where(UserRow.id == _USER)
    .values(data_version=UserRow.data_version + 1)
    .execution_options(synchronize_session=False)
)
_DATA_VERSION = select(UserRow.data_version).where(UserRow.id == _USER)
_FEED_VERSION = select(UserRow.feed_version).where(UserRow.id == _USER)
_VERSIONS = select(UserRow.data_version, UserRow.log_version).where(UserRow.id == _USER)
# an edit, a delete or an undo of a set: a kept log is read whole again (Store.snapshot)
_SETS_REWRITTEN = (
    update(UserRow)
    .where(UserRow.id == _USER)
    .values(log_version=UserRow.data_version)
    .execution_options(synchronize_session=False)
)
_ACTIVE_PROGRAMME = (
    select(
        ProgrammeRow.profile,
        ProgrammeRow.start,
        ProgrammeRow.weeks,
        ProgrammeRow.created_at,
        UserRow.unit,
    )
    .join(UserRow, UserRow.id == ProgrammeRow.user_id)
    .where(ProgrammeRow.user_id == _USER, ProgrammeRow.active)
    .order_by(ProgrammeRow.id.desc())
    .limit(1)
)
_MOVES = (
    select(MoveRow.from_day, MoveRow.to_day)
    .join(ProgrammeRow, ProgrammeRow.id == MoveRow.programme_id)
    .where(MoveRow.user_id == _USER, ProgrammeRow.active)
    .order_by(MoveRow.id)
)
_SWAPS = (
    select(SwapRow.day, SwapRow.planned, SwapRow.chosen)
    .join(ProgrammeRow, ProgrammeRow.id == SwapRow.programme_id)
    .where(SwapRow.user_id == _USER, ProgrammeRow.active)
    .order_by(SwapRow.day, SwapRow.id)
)
_SETS = _sets_query(_USER, None)
_SETS_WITH_IDS = _SETS.add_columns(SetRow.id)
_SETS_SINCE = _SETS.where(SetRow.day >= bindparam("since"))
_TOP: BindParameter[int] = bindparam("top")
# Sets above id ``top`` of the user: read along the primary key from ``top`` (``user_id + 0``
# keeps SQLite from walking all the user's sets on the (user_id, day) index instead).
_ADDED = and_((SetRow.user_id + 0) == _USER, SetRow.id > _TOP)
_SETS_ADDED = (
    cast("Select[Any]", select(*_SET_COLUMNS, SetRow.id))
    .where(_ADDED)
    .order_by(SetRow.day, SetRow.at.nulls_last(), SetRow.id)
)
_LAST = aliased(SetRow)
# the sets above ``top`` that sort after the set ``last`` in log order (day, time done with
# unknown last, id), compared in the database on the stored values, as ORDER BY compares them
_ADDED_AFTER = (
    select(func.count())
    .select_from(SetRow)
    .join(_LAST, _LAST.id == bindparam("last"))
    .where(
        _ADDED,
        or_(
            SetRow.day > _LAST.day,
            and_(
                SetRow.day == _LAST.day,
                or_(
                    and_(_LAST.at.is_(None), SetRow.at.is_(None), SetRow.id > _LAST.id),
                    and_(
                        _LAST.at.is_not(None),
                        or_(
                            SetRow.at.is_(None),
                            SetRow.at > _LAST.at,
                            and_(SetRow.at == _LAST.at, SetRow.id > _LAST.id),
                        ),
                    ),
                ),
            ),
        ),
    )
)
# The first sets above id ``top`` along the primary key (Store.window: a few sets logged
# since a kept answer; more than ``limit`` and the answer is derived afresh anyway).
_FIRST_ADDED = (
    cast("Select[Any]", select(*_SET_COLUMNS, SetRow.id))
    .where(_ADDED)
    .order_by(SetRow.id)
    .limit(bindparam("limit"))
)
# the last day with a working set before ``day`` (on the (user_id, day) index)
_LAST_DAY = select(func.max(SetRow.day)).where(
    SetRow.user_id == _USER, SetRow.day < bindparam("day"), SetRow.warmup.is_(False)
)
_PREPARING = select(PreparingRow.version, PreparingRow.holder, PreparingRow.started_at).where(
    PreparingRow.user_id == _USER
)
_KEPT = select(KeptRow.key, KeptRow.version, KeptRow.body).where(
    KeptRow.user_id == _USER, KeptRow.name == bindparam("name")
)


def _page_query(*, newest_first: bool) -> Select[Any]:
    """A page of the history: the sets and their ids, ``limit`` of them."""
    query = _sets_query(_USER, None, newest_first=newest_first).add_columns(SetRow.id)
    return query.limit(bindparam("limit", type_=Integer))


_NEWEST_PAGE = _page_query(newest_first=True)
_PAGE_KEY: tuple[BindParameter[date], BindParameter[datetime], BindParameter[int]] = (
    bindparam("day"),
    bindparam("at"),
    bindparam("id"),
)
# (older than the cursor, the cursor's set has a time): the page just older or just newer
_PAGES = {
    (older, timed): _page_query(newest_first=older).where(
        (_older_than if older else _newer_than)(
            _PAGE_KEY if timed else (_PAGE_KEY[0], None, _PAGE_KEY[2])
        )
    )
    for older in (True, False)
    for timed in (True, False)
}
# The sets as the exports write them (``Store.stream_set_fields``), on SQLite: a stored time
# is the naive UTC text SQLAlchemy and ``quick.stamp`` write ('2024-05-01 18:30:00.000000'),
# and its aware datetime's ``isoformat`` is '2024-05-01T18:30:00+00:00' (the microseconds only
# when not 0); a stored day is its ``isoformat`` already.
_ISO_AT = (
    "substr(sets.at, 1, 10) || 'T' || substr(sets.at, 12, 8) || "
    "CASE substr(sets.at, 20) WHEN '.000000' THEN '' ELSE substr(sets.at, 20) END || '+00:00'"
)
_SET_FIELDS = _SETS.with_only_columns(
    *_SET_COLUMNS[:10],
    literal_column(_ISO_AT),
    func.coalesce(SetRow.symptoms, literal_column("''")),
    *_SET_COLUMNS[12:],
)
# a set whose day or time has another shape: then the sets are read as ``stream_sets`` does
# (LIKE's _ is any one character: a pattern of digits, GLOB's, made the count 5 times slower)
_ODD_TIMES = (
    select(func.count())
    .select_from(SetRow)
    .where(
        SetRow.user_id == _USER,
        or_(
            literal_column("sets.day NOT LIKE '____-__-__'"),
            literal_column("sets.at NOT LIKE '____-__-__ __:__:__.______'"),
        ),
    )
)
# compiling costs about a millisecond: the SQLite text of the long reads and pages, kept
_COMPILED = {
    id(q): q.compile(dialect=sqlite_dialect())
    for q in (
        _SETS,
        _SETS_SINCE,
        _SETS_WITH_IDS,
        _SETS_ADDED,
        _FIRST_ADDED,
        _NEWEST_PAGE,
        *_PAGES.values(),
        _SET_FIELDS,
    )
}
_CHECKINS = _checkins_query(_USER)
_TESTS = _tests_query(_USER)
_IMPORT_SET = INSERT_SET + " ON CONFLICT (user_id, key) DO NOTHING"
_SESSIONS = (
    select(*_SESSION_COLUMNS)
    .where(TrainingSessionRow.user_id == _USER)
    .order_by(TrainingSessionRow.day)
)
_INSERT_SET = insert(SetRow)  # the new id: RETURNING where the database has it, else lastrowid


# Converters: rows never leave this module, core objects never enter the tables.


def _from_set(entry: SetEntry, *, index: int | None = None) -> dict[str, Any]:
    """The SetRow columns of an entry (all but user_id and created_at), checked to fit."""
    _check_set(entry, index=index)
    return {
        "day": entry.day,
        "exercise": entry.exercise,
        "reps": entry.reps,
        "kg": entry.kg,
        "rpe": entry.rpe,
        "pain": entry.pain,
        "side": entry.side.value,
        "warmup": entry.warmup,
        "source": entry.source,
        "set_order": entry.order,
        "at": entry.at,
        "symptoms": ",".join(symptom.value for symptom in entry.symptoms),
        "key": entry.key,
        "name": entry.name,
        "note": entry.note,
    }


def _check_set(
    entry: SetEntry, *, index: int | None = None, fine: set[tuple[str, int]] | None = None
) -> None:
    """InvalidInput unless every column of the entry fits (SQLite would store what does not).
    ``fine``: the texts (exercise ids, sources, names, notes) already found to fit (an
    import repeats them: each is checked once; a key is one set's own, so never kept)."""
    problems: dict[str, str] = {}
    for field, value, limit in (
        ("exercise", entry.exercise, EXERCISE_LEN),
        ("source", entry.source, SOURCE_LEN),
        ("key", entry.key, KEY_LEN),
        ("name", entry.name, NAME_LEN),
        ("note", entry.note, NOTE_LEN),
    ):
        if value is None or (fine is not None and (value, limit) in fine):
            continue
        # SQLite ignores a column's length and PostgreSQL refuses past it, and a NUL: refuse alike
        if problem := text_problem(value, limit):
            problems[field] = problem
        elif fine is not None and field != "key":
            fine.add((value, limit))
    if entry.at is not None and entry.at.tzinfo is None:
        problems["at"] = f"{entry.at.isoformat()} needs a time zone, e.g. 2024-05-01T18:30+02:00"
    if problems:
        prefix = "" if index is None else f"set {index + 1}: "
        raise InvalidInput({f"{prefix}{field}": text for field, text in problems.items()})


def _to_set(row: "Row[Any] | tuple[Any, ...]") -> SetEntry:
    (
        day,
        exercise,
        reps,
        kg,
        rpe,
        pain,
        side,
        warmup,
        source,
        order,
        at,
        symptoms,
        key,
        name,
        note,
    ) = tuple(row)
    return SetEntry(
        day,
        exercise,
        reps,
        kg,
        rpe,
        pain,
        _SIDES[side],
        warmup,
        source,
        order,
        at,
        tuple(_SYMPTOMS[value] for value in symptoms.split(",")) if symptoms else (),
        key,
        name,
        note,
    )


def _session_entry(connection: Connection, user_id: int, day: date) -> SessionEntry | None:
    found = connection.execute(
        select(*_SESSION_COLUMNS).where(
            TrainingSessionRow.user_id == user_id, TrainingSessionRow.day == day
        )
    ).first()
    return None if found is None else SessionEntry(*found)


def _import_sessions(
    connection: Connection, user_id: int, sessions: Sequence[SessionEntry]
) -> None:
    """Each imported session: a new row, or the stored row's missing parts filled in."""
    rows = connection.execute(_SESSIONS, {"user": user_id})
    stored = {entry.day: entry for entry in (SessionEntry(*row) for row in rows)}
    for entry in sessions:
        _check_note(entry.note)
        values = {"started_at": entry.started, "finished_at": entry.finished, "note": entry.note}
        found = stored.get(entry.day)
        if found is None:
            connection.execute(
                insert(TrainingSessionRow).values(user_id=user_id, day=entry.day, **values)
            )
            stored[entry.day] = entry
            continue
        have = {"started_at": found.started, "finished_at": found.finished, "note": found.note}
        missing = {k: v for k, v in values.items() if v is not None and have[k] is None}
        if missing:
            connection.execute(_update_session(user_id, entry.day).values(**missing))


def _update_session(user_id: int, day: date) -> Any:
    return update(TrainingSessionRow).where(
        TrainingSessionRow.user_id == user_id, TrainingSessionRow.day == day
    )


def _check_note(note: str | None) -> None:
    """SQLite ignores a column's length and PostgreSQL refuses past it: check it here alike."""
    if note is not None and (problem := text_problem(note, NOTE_LEN)):
        raise InvalidInput({"note": problem})


def _from_checkin(entry: Checkin) -> dict[str, Any]:
    return {"day": entry.day, "pain": entry.pain}


def _to_checkin(row: Row[Any]) -> Checkin:
    return Checkin(day=row.day, pain=row.pain)


def _from_test(entry: SelfTest) -> dict[str, Any]:
    return {
        "day": entry.day,
        "kind": entry.kind.value,
        "value": entry.value,
        "side": entry.side.value,
    }


def _to_test(row: Row[Any]) -> SelfTest:
    return SelfTest(day=row.day, kind=TestKind(row.kind), value=row.value, side=Side(row.side))


def _describe(row: SetRow | CheckinRow | SelfTestRow, unit: Unit) -> str:
    """One line naming what undo removed, its load in the user's ``unit``."""
    if isinstance(row, CheckinRow):
        return f"check-in for {short_day(row.day)}: pain {row.pain}/10"
    side = "" if row.side == Side.BOTH else f" ({row.side})"
    if isinstance(row, SelfTestRow):
        return f"self-test {row.kind} on {short_day(row.day)}: {row.value:g}{side}"
    load = "" if row.kg is None else f" × {weight_text(row.kg, unit)}"
    reps = f"{row.reps} rep" if row.reps == 1 else f"{row.reps} reps"
    return f"set of {row.exercise} on {short_day(row.day)}: {reps}{load}{side}"


_FORM_COLUMNS = (
    FormCheckRow.id,
    FormCheckRow.user_id,
    FormCheckRow.day,
    FormCheckRow.exercise,
    FormCheckRow.side,
    FormCheckRow.state,
    FormCheckRow.done,
    FormCheckRow.total,
    FormCheckRow.keep_clip,
    FormCheckRow.clip,
    FormCheckRow.reason,
    FormCheckRow.message,
    FormCheckRow.result,
    FormCheckRow.picture.is_not(None).label("has_picture"),
    FormCheckRow.created_at,
    FormCheckRow.finished_at,
)


def _to_form_check(row: Any) -> FormCheckJob:  # a Row of _FORM_COLUMNS
    values = row._asdict()
    values["result"] = None if values["result"] is None else json.loads(values["result"])
    values["has_picture"] = bool(values["has_picture"])
    return FormCheckJob(**values)
