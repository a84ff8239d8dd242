"""Opening a store: the engine, its SQLite pragmas, and migrations to the newest schema."""

import sqlite3
import time
from contextlib import suppress
from pathlib import Path
from typing import cast

from sqlalchemy import Connection, Engine, create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.pool import StaticPool

from hamstrong.errors import InvalidInput
from hamstrong.store.repository import (
    MIGRATION_LOCK,
    WAIT,
    WRITE,
    Store,
    StoreUnavailable,
    reason,
)
from hamstrong.store.schema import BUSY_SECONDS, HEAD
from hamstrong.store.schema import PRAGMAS as _PRAGMAS

MIGRATIONS = Path(__file__).parent / "migrations"


def open_store(url: str) -> Store:
    """Connect to ``sqlite:///path``, ``sqlite://`` (memory) or ``postgresql://…``, migrated."""
    engine, where = _create_engine(url)
    try:
        _migrate(engine, where)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, where=where)


def _create_engine(url: str) -> tuple[Engine, str]:
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    if parsed is None or parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InvalidInput({"db": f"{url!r}: say sqlite:///path/to/hamstrong.db or postgresql://…"})
    if parsed.get_backend_name() == "postgresql":
        engine = create_engine(parsed.set(drivername="postgresql+psycopg"), pool_pre_ping=True)
        return engine, parsed.render_as_string(hide_password=True)
    database = parsed.database or ""
    if database in ("", ":memory:"):
        # One connection shared by every thread, so the app and its tests see one database.
        engine = create_engine(
            parsed, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
        where = "in memory"
    else:
        where = database
        if not parsed.query.get("uri"):
            try:  # the default lives in a per-user folder that may not exist yet
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreUnavailable(
                    f"Cannot create the folder for the database {database}: {error.strerror}."
                ) from error
        engine = create_engine(parsed, connect_args={"timeout": BUSY_SECONDS})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine, where


def _sqlite_connect(connection: sqlite3.Connection, _record: object) -> None:
    # Take over transaction control from the sqlite3 module (SQLAlchemy's documented recipe),
    # so that _sqlite_begin decides how each transaction starts.
    connection.isolation_level = None
    for pragma in _PRAGMAS:
        _pragma(connection, pragma)


def _pragma(connection: sqlite3.Connection, pragma: str, attempts: int = 50) -> None:
    """Run a pragma, waiting out "database is locked": switching a new file to WAL while another
    process migrates it can fail at once, without SQLite's busy handler."""
    for attempt in range(attempts):
        try:
            connection.execute(f"PRAGMA {pragma}").close()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.1)


def _sqlite_begin(connection: Connection) -> None:
    options = connection.get_execution_options()
    if options.get(WRITE, False):
        _begin_immediate(connection, options.get(WAIT, BUSY_SECONDS))
    else:
        connection.exec_driver_sql("BEGIN")


def _begin_immediate(connection: Connection, wait: float = BUSY_SECONDS) -> None:
    """Take the write lock, polling every few milliseconds for up to BUSY_SECONDS.

    SQLite's own busy handler sleeps 1, 2, 5, 10 … 100 ms between tries, so a writer that lost a
    few rounds to another process slept far longer than the lock was held (about a millisecond
    for one set): under load that made a long tail of waits. Short polls hand the lock on
    almost as soon as it is free.
    """
    raw = cast(sqlite3.Connection, connection.connection.driver_connection)
    deadline = time.monotonic() + wait
    pause = 0.0005
    raw.execute("PRAGMA busy_timeout=0").close()
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE").close()
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise OperationalError("BEGIN IMMEDIATE", None, error) from error
            time.sleep(pause)
            pause = min(pause * 2, 0.004)
    finally:
        with suppress(sqlite3.Error):  # a broken connection: keep the error that broke it
            raw.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}").close()


def _migrate(engine: Engine, where: str) -> None:
    """Bring the schema to HEAD; cheap when it is there already, safe when two processes race."""
    try:
        with engine.connect() as connection:
            if _revision(connection) == HEAD:
                return
    except DBAPIError as error:
        raise StoreUnavailable(f"Cannot open the database {where}: {reason(error)}.") from error
    # Serialise migrators: BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL. The
    # loser waits, then finds the schema at head and Alembic does nothing.
    try:
        with (
            engine.connect().execution_options(**{WRITE: True}) as connection,
            connection.begin(),
        ):
            if connection.dialect.name == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
            _upgrade(connection, where)
    except OperationalError as error:
        raise StoreUnavailable(f"Cannot update the database {where}: {reason(error)}.") from error


def _revision(connection: Connection) -> str | None:
    try:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError):  # no such table: a new database
        connection.rollback()
        return None


def _upgrade(connection: Connection, where: str) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    try:
        command.upgrade(config, "head")
    except CommandError as error:  # a revision this version does not know: a newer HamStrong
        raise StoreUnavailable(
            f"The database {where} was written by a newer HamStrong ({error}); upgrade HamStrong."
        ) from error
