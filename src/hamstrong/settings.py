"""Settings, built once at the edge (CLI or web factory) and passed down; never at import time."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from hamstrong.errors import InvalidInput

# The schemes the store can open; the store rewrites postgresql:// to the psycopg driver.
_SCHEMES = frozenset({"sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg"})


MIN_SECRET_BYTES = 32
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str  # HAMSTRONG_DATABASE_URL or --db: sqlite:///path or postgresql://...
    secret_key: str | None = None  # HAMSTRONG_SECRET_KEY: signs web sessions
    base_url: str | None = None  # HAMSTRONG_BASE_URL: https://host[:port] the web app is seen at
    allowed_hosts: tuple[str, ...] = ()  # HAMSTRONG_ALLOWED_HOSTS; () means base_url's or loopback

    def web_hosts(self) -> tuple[str, ...]:
        """The Host header values the web app answers: the ones set, else the base URL's host,
        else loopback names only (a forged Host must not make the pages link elsewhere)."""
        if self.allowed_hosts:
            return self.allowed_hosts
        if self.base_url:
            return (urlsplit(self.base_url).hostname or "",)
        return LOOPBACK_HOSTS


def load_settings(environ: Mapping[str, str] = os.environ, *, db: str | None = None) -> Settings:
    """Read ``HAMSTRONG_*``; an explicit ``db`` (the CLI's ``--db``) wins over the environment."""
    raw = db or environ.get("HAMSTRONG_DATABASE_URL") or None
    url = database_url(raw) if raw else default_database_url()
    base = environ.get("HAMSTRONG_BASE_URL", "").strip() or None
    hosts = tuple(
        h.strip() for h in environ.get("HAMSTRONG_ALLOWED_HOSTS", "").split(",") if h.strip()
    )
    return Settings(
        database_url=url,
        secret_key=environ.get("HAMSTRONG_SECRET_KEY") or None,
        base_url=base_url(base) if base else None,
        allowed_hosts=hosts,
    )


def check_web_settings(settings: Settings) -> None:
    """What the web app needs beyond the CLI: a secret key long enough to sign sessions."""
    key = settings.secret_key
    if key is not None and len(key.encode()) < MIN_SECRET_BYTES:
        raise InvalidInput(
            {
                "HAMSTRONG_SECRET_KEY": f"is {len(key.encode())} bytes; it signs sessions, so it "
                f"must be at least {MIN_SECRET_BYTES} random bytes, for example the output of "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
            }
        )


def base_url(raw: str) -> str:
    """An http(s) URL without a path: where the web app is seen, for the links it hands out."""
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise InvalidInput(
            {"HAMSTRONG_BASE_URL": f"{raw!r} is not like https://hamstrong.example.org"}
        )
    return f"{parts.scheme}://{parts.netloc}"


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
