"""The store fixture: every test in tests/store runs on SQLite and on PostgreSQL.

PostgreSQL comes from HAMSTRONG_TEST_POSTGRES_URL (``eval "$(scripts/pg-cluster.sh start)"``).
Without it the postgres half fails rather than skips, so a run that silently tested only SQLite
cannot pass for a full one. Under pytest-xdist each worker gets a database of its own in that
cluster (``hamstrong_test_gw0``, ...), so one worker's schema reset never drops another's tables.
"""

import functools
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from hamstrong.store import Store, open_store
from tests.databases import copy_database

POSTGRES_ENV = "HAMSTRONG_TEST_POSTGRES_URL"
NO_POSTGRES = (
    f"{POSTGRES_ENV} is not set, so the PostgreSQL half of tests/store cannot run. Start a "
    'throwaway cluster first: eval "$(scripts/pg-cluster.sh start)", run the tests, then '
    "scripts/pg-cluster.sh stop."
)


@functools.cache
def worker_database(url: str, worker: str | None) -> str:
    """The URL of this pytest-xdist worker's own database in the cluster at ``url``, created on
    first use; ``url`` itself when the tests run in one process."""
    if worker is None:
        return url
    name = f"{make_url(url).database}_{worker}"
    with psycopg.connect(url, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if found.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _worker_postgres() -> str:
    cluster = os.environ.get(POSTGRES_ENV)
    if not cluster:
        pytest.fail(NO_POSTGRES, pytrace=False)
    return worker_database(cluster, os.environ.get("PYTEST_XDIST_WORKER"))


_AT_HEAD: set[str] = set()  # worker databases the migrations built, emptied since by TRUNCATE


def fresh_postgres() -> str:
    """This worker's test database with an empty schema: each test starts with no tables."""
    url = _worker_postgres()
    _AT_HEAD.discard(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    return url


def migrated_postgres() -> str:
    """This worker's test database at head with every table empty, as migrating an empty one
    leaves it (the migrations insert no rows): migrated by the first test that asks, then
    emptied with one TRUNCATE (identities restarted) for each later one. Running the
    migrations again cost ~0.3 s of CPU a test; a test that needs an empty schema (it migrates
    itself) asks for ``fresh_postgres``, which drops the tables."""
    url = _worker_postgres()
    if url not in _AT_HEAD:
        open_store(fresh_postgres()).close()
        _AT_HEAD.add(url)
        return url
    with psycopg.connect(url, autocommit=True) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'"
        ).fetchall()
        names = sql.SQL(", ").join(sql.Identifier("public", name) for (name,) in tables)
        connection.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(names))
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL to a database with no tables yet (a real file for SQLite, so WAL is real).

    For a test that uses ``store``, the SQLite file is a copy of ``migrated_database`` instead
    (migrated once per worker: a tenth of the time of migrating it again), and the PostgreSQL
    database is ``migrated_postgres`` (migrated once, emptied per test), so ``store`` opens a
    database at head, the one migrating a new file gives; tests that migrate a new database
    themselves ask only for ``database_url``."""
    path = tmp_path / "hamstrong.db"
    migrated = "store" in request.fixturenames
    if request.param == "sqlite" and migrated:
        return copy_database(request.getfixturevalue("migrated_database"), path)
    if request.param == "sqlite":
        return f"sqlite:///{path}"
    return migrated_postgres() if migrated else fresh_postgres()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened


@pytest.fixture
def user(store: Store) -> int:
    return store.local_user()
