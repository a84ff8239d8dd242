"""Settings, built once at the edge (CLI or web factory) and passed down; never at import time."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hamstrong.errors import InvalidInput

# The schemes the store can open; the store rewrites postgresql:// to the psycopg driver.
_SCHEMES = frozenset({"sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg"})


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str  # HAMSTRONG_DATABASE_URL or --db: sqlite:///path or postgresql://...
    secret_key: str | None = None  # HAMSTRONG_SECRET_KEY: signs web sessions


def load_settings(environ: Mapping[str, str] = os.environ, *, db: str | None = None) -> Settings:
    """Read ``HAMSTRONG_*``; an explicit ``db`` (the CLI's ``--db``) wins over the environment."""
    raw = db or environ.get("HAMSTRONG_DATABASE_URL") or None
    url = database_url(raw) if raw else default_database_url()
    return Settings(database_url=url, secret_key=environ.get("HAMSTRONG_SECRET_KEY") or None)


def database_url(raw: str) -> str:
    """Check a URL's scheme; a bare path (no ``://``) names a SQLite file."""
    raw = raw.strip()
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser().absolute().as_posix()}"
    scheme = raw.split("://", 1)[0].lower()
    if scheme == "postgres":  # what Heroku-style providers hand out; SQLAlchemy wants postgresql
        return "postgresql" + raw[len(scheme) :]
    if scheme not in _SCHEMES:
        raise InvalidInput(
            {
                "db": f"{scheme}:// is not supported; "
                "say sqlite:///path/to/hamstrong.db, a file path, or postgresql://user@host/db"
            }
        )
    return raw


def default_database_url() -> str:
    """A SQLite file in the user's data folder; the store creates the folder when it opens."""
    from platformdirs import user_data_dir  # only needed when no URL is given

    return f"sqlite:///{(Path(user_data_dir('hamstrong')) / 'hamstrong.db').as_posix()}"
