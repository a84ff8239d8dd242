"""The store fixture: every test in tests/store runs on SQLite and on PostgreSQL.

PostgreSQL comes from HAMSTRONG_TEST_POSTGRES_URL (``eval "$(scripts/pg-cluster.sh start)"``).
Without it the postgres half fails rather than skips, so a run that silently tested only SQLite
cannot pass for a full one.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from hamstrong.store import Store, open_store

POSTGRES_ENV = "HAMSTRONG_TEST_POSTGRES_URL"
NO_POSTGRES = (
    f"{POSTGRES_ENV} is not set, so the PostgreSQL half of tests/store cannot run. Start a "
    'throwaway cluster first: eval "$(scripts/pg-cluster.sh start)", run the tests, then '
    "scripts/pg-cluster.sh stop."
)


def fresh_postgres() -> str:
    """The test database with an empty schema: each test starts with no tables at all."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.fail(NO_POSTGRES, pytrace=False)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL to a database with no tables yet (a real file for SQLite, so WAL is real)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hamstrong.db'}"
    return fresh_postgres()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened


@pytest.fixture
def user(store: Store) -> int:
    return store.local_user()
