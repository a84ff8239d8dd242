"""Appending sets and a check-in to a SQLite store with the standard library alone, behind
`add_local_sets` and `add_local_checkin`.

`hamstrong log` must answer in under 300 ms, and importing SQLAlchemy alone takes about 200 ms
on a 2-core machine. This path writes the rows the repository would write (tests compare the
two) and declines, so that the caller uses the full store, whenever it is not sure: not SQLite,
no such file, not at the newest schema, no local user yet, a value the repository would
refuse, or a stop-rule set that may have stopped training.
"""

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from hamstrong.core.training_log import STOP_PAIN, Checkin, SetEntry, text_problem
from hamstrong.store.schema import (
    BUSY_SECONDS,
    EXERCISE_LEN,
    HEAD,
    KEY_LEN,
    NAME_LEN,
    NOTE_LEN,
    PRAGMAS,
    SOURCE_LEN,
)

_LIMITS = {
    "exercise": EXERCISE_LEN,
    "source": SOURCE_LEN,
    "key": KEY_LEN,
    "name": NAME_LEN,
    "note": NOTE_LEN,
}
_COLUMNS = (
    "user_id, day, exercise, reps, kg, rpe, pain, side, warmup, source, set_order, at, symptoms, "
    "key, name, note, created_at"
)


def sqlite_file(url: str) -> Path | None:
    """The file of a ``sqlite:///path`` URL or a bare path; None for anything else."""
    if "://" not in url:
        return Path(url)
    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        return Path(url.removeprefix("sqlite:///"))
    return None


def stamp(moment: datetime) -> str:
    """SQLAlchemy's SQLite DATETIME text for the UTC instant (as UtcDateTime stores it)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def set_row(
    user: int, e: SetEntry, created: str, stamps: dict[datetime, str] | None = None
) -> tuple[object, ...]:
    """The row of ``INSERT_SET`` for a set that fits (``_fits``): the values SQLAlchemy would
    bind on SQLite (tests compare the stored rows). ``stamps``: the time texts made so far (an
    import's sets share their workout's time: each is formatted once)."""
    at = e.at
    if at is None:
        when = None
    elif stamps is None:
        when = stamp(at)
    else:
        when = stamps.get(at)
        if when is None:
            when = stamps[at] = stamp(at)
    return (
        user,
        e.day.isoformat(),
        e.exercise,
        e.reps,
        e.kg,
        e.rpe,
        e.pain,
        e.side.value,
        int(e.warmup),
        e.source,
        e.order,
        when,
        ",".join(s.value for s in e.symptoms),
        e.key,
        e.name,
        e.note,
        created,
    )


INSERT_SET = f"INSERT INTO sets ({_COLUMNS}) VALUES ({', '.join('?' * 17)})"


def _fits(entry: SetEntry) -> bool:
    if entry.at is not None and entry.at.tzinfo is None:
        return False
    return all(
        value is None or text_problem(value, _LIMITS[field]) is None
        for field, value in (
            ("exercise", entry.exercise),
            ("source", entry.source),
            ("key", entry.key),
            ("name", entry.name),
            ("note", entry.note),
        )
    )


def _may_be_stopped(connection: sqlite3.Connection, user: int) -> bool:
    """A stop-rule set since (about) the last safety screen: the full path decides whether
    training is stopped (``rules.stopped``), so this only has to be sure when it is not."""
    screened = connection.execute(
        "SELECT created_at FROM programmes WHERE user_id = ? AND active ORDER BY id DESC LIMIT 1",
        (user,),
    ).fetchone()
    since = screened[0] if screened else "0001-01-01"
    found = connection.execute(
        "SELECT 1 FROM sets WHERE user_id = ? AND (pain > ? OR symptoms != '') "
        "AND (at >= ? OR day >= date(?, '-1 day')) LIMIT 1",
        (user, STOP_PAIN, since, since),
    ).fetchone()
    return found is not None


def quick_add_sets(url: str, entries: Sequence[SetEntry], *, now: datetime) -> bool:
    """Append the local user's sets in one committed transaction; False means use the store."""
    if not all(_fits(e) for e in entries):
        return False
    created = stamp(now)

    def add(connection: sqlite3.Connection, user: int) -> bool:
        if _may_be_stopped(connection, user):
            return False
        connection.executemany(INSERT_SET, [set_row(user, e, created) for e in entries])
        return True

    return _local_write(url, add)


# Store.add_checkin: a second check-in for the same day replaces the first, newest again (undo)
UPSERT_CHECKIN = (
    "INSERT INTO checkins (user_id, day, pain, created_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (user_id, day) DO UPDATE SET pain = excluded.pain, "
    "created_at = excluded.created_at"
)


def quick_add_checkin(url: str, entry: Checkin, *, now: datetime) -> bool:
    """Record the local user's morning pain (already checked); False means use the store."""

    def add(connection: sqlite3.Connection, user: int) -> bool:
        row = (user, entry.day.isoformat(), entry.pain, stamp(now))
        connection.execute(UPSERT_CHECKIN, row)
        return True

    return _local_write(url, add)


def _local_write(url: str, write: Callable[[sqlite3.Connection, int], bool]) -> bool:
    """Run ``write(connection, local user)`` in one committed transaction on a SQLite file at
    the newest schema, moving the user's data version on as every store write does; False (and
    nothing written) when it is not such a file, has no local user, or ``write`` declines."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return False
    connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        for pragma in PRAGMAS:
            connection.execute(f"PRAGMA {pragma}")
        connection.execute("BEGIN IMMEDIATE")
        version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        user = connection.execute(
            "SELECT id FROM users WHERE email IS NULL ORDER BY id LIMIT 1"
        ).fetchone()
        if version != [(HEAD,)] or user is None or not write(connection, user[0]):
            connection.execute("ROLLBACK")
            return False
        # as every write through the store does: caches of other processes see the change
        connection.execute(
            "UPDATE users SET data_version = data_version + 1 WHERE id = ?", (user[0],)
        )
        connection.execute("COMMIT")
        return True
    except sqlite3.Error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        return False
    finally:
        connection.close()
