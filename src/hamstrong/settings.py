"""Settings, built once at the edge (CLI or web factory) and passed down; never at import time."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from hamstrong.errors import InvalidInput

Number = TypeVar("Number", int, float)

# The schemes the store can open; the store rewrites postgresql:// to the psycopg driver.
_SCHEMES = frozenset({"sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg"})


MIN_SECRET_BYTES = 32
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
CLIP_MAX_MB = 200  # a phone's 2-minute 1080p clip is 100-250 MB; past this, film shorter
CLIP_MAX_SECONDS = 120.0  # one set; the check refuses longer clips whatever this says
DEFAULT_MAIL_FROM = "HamStrong <hamstrong@localhost>"
_YES, _NO = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off"})


def queue_url(raw: str) -> str:
    """Check a queue URL: ``sqlite:///path``, a bare file path, or ``redis://host:port/db``."""
    raw = raw.strip()
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser().absolute().as_posix()}"
    scheme = raw.split("://", 1)[0].lower()
    if scheme not in ("sqlite", "redis", "rediss"):
        raise InvalidInput(
            {
                "HAMSTRONG_QUEUE_URL": f"{scheme}:// is not a queue this app can use; say "
                "sqlite:///path/to/jobs.db or redis://host:6379/0"
            }
        )
    return raw


def sqlite_path(url: str) -> Path:
    """The file of a ``sqlite:///path`` URL, as SQLAlchemy reads it (four slashes: absolute)."""
    return Path(url.split(":///", 1)[1].split("?", 1)[0])


@dataclass(frozen=True, slots=True)
class Smtp:
    """The mail server that sends password-reset links (HAMSTRONG_SMTP_*).

    ``starttls`` upgrades a plain connection (port 587); port 465 speaks TLS from the start.
    """

    host: str
    port: int = 587
    user: str | None = None
    password: str | None = None
    starttls: bool = True


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str  # HAMSTRONG_DATABASE_URL or --db: sqlite:///path or postgresql://...
    secret_key: str | None = None  # HAMSTRONG_SECRET_KEY: signs web sessions
    base_url: str | None = None  # HAMSTRONG_BASE_URL: https://host[:port] the web app is seen at
    allowed_hosts: tuple[str, ...] = ()  # HAMSTRONG_ALLOWED_HOSTS; () means base_url's or loopback
    smtp: Smtp | None = None  # HAMSTRONG_SMTP_HOST etc.; None: mail is written to the log
    mail_from: str = DEFAULT_MAIL_FROM  # HAMSTRONG_MAIL_FROM
    queue_url: str | None = None  # HAMSTRONG_QUEUE_URL: sqlite:///jobs.db or redis://host/0
    clip_dir: Path | None = None  # HAMSTRONG_CLIP_DIR: uploaded clips wait here for a worker
    clip_max_mb: int = CLIP_MAX_MB  # HAMSTRONG_CLIP_MAX_MB: the largest upload
    clip_max_seconds: float = CLIP_MAX_SECONDS  # HAMSTRONG_CLIP_MAX_SECONDS: the longest clip
    server_timing: bool = False  # HAMSTRONG_SERVER_TIMING: a Server-Timing header on responses

    def jobs_url(self) -> str:
        """The job queue: the one set, else a SQLite file beside a SQLite database (or in the
        user data folder), so the embedded default needs no server."""
        if self.queue_url:
            return self.queue_url
        return f"sqlite:///{(self._data_folder() / 'hamstrong-jobs.db').as_posix()}"

    def clips_folder(self) -> Path:
        """Where uploaded clips wait: the one set, else ``clips`` beside the data."""
        return self.clip_dir or self._data_folder() / "clips"

    def _data_folder(self) -> Path:
        if self.database_url.startswith("sqlite") and ":memory:" not in self.database_url:
            return sqlite_path(self.database_url).absolute().parent
        from platformdirs import user_data_dir

        return Path(user_data_dir("hamstrong"))

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
    queue = environ.get("HAMSTRONG_QUEUE_URL", "").strip()
    clips = environ.get("HAMSTRONG_CLIP_DIR", "").strip()
    return Settings(
        database_url=url,
        secret_key=environ.get("HAMSTRONG_SECRET_KEY") or None,
        base_url=base_url(base) if base else None,
        allowed_hosts=hosts,
        queue_url=queue_url(queue) if queue else None,
        clip_dir=Path(clips).expanduser().absolute() if clips else None,
        clip_max_mb=_number(environ, "HAMSTRONG_CLIP_MAX_MB", CLIP_MAX_MB, 1, 4096),
        clip_max_seconds=_number(
            environ, "HAMSTRONG_CLIP_MAX_SECONDS", CLIP_MAX_SECONDS, 2, CLIP_MAX_SECONDS
        ),
        smtp=smtp_settings(environ),
        mail_from=environ.get("HAMSTRONG_MAIL_FROM", "").strip() or DEFAULT_MAIL_FROM,
        server_timing=_switch(environ, "HAMSTRONG_SERVER_TIMING"),
    )


def smtp_settings(environ: Mapping[str, str]) -> Smtp | None:
    """The mail server from HAMSTRONG_SMTP_*; None without a host (development: mail is logged)."""
    host = environ.get("HAMSTRONG_SMTP_HOST", "").strip()
    if not host:
        return None
    raw_port = environ.get("HAMSTRONG_SMTP_PORT", "").strip() or "587"
    problems: dict[str, str] = {}
    if not raw_port.isdigit() or not 0 < int(raw_port) < 65536:
        problems["HAMSTRONG_SMTP_PORT"] = f"{raw_port!r} is not a port number (1 to 65535)"
    try:
        starttls = _switch(environ, "HAMSTRONG_SMTP_STARTTLS", default=True)
    except InvalidInput as error:
        problems.update(error.problems)
    if problems:
        raise InvalidInput(problems)
    return Smtp(
        host=host,
        port=int(raw_port),
        user=environ.get("HAMSTRONG_SMTP_USER") or None,
        password=environ.get("HAMSTRONG_SMTP_PASSWORD") or None,
        starttls=starttls,
    )


def _switch(environ: Mapping[str, str], name: str, *, default: bool = False) -> bool:
    """A true/false setting (1/0, yes/no, on/off too); unset or empty: ``default``."""
    raw = environ.get(name, "").strip().lower()
    if raw and raw not in _YES | _NO:
        raise InvalidInput({name: f"{raw!r} is not true or false"})
    return raw in _YES if raw else default


def _number(
    environ: Mapping[str, str], name: str, default: Number, low: int, high: float
) -> Number:
    """A whole number setting within [low, high] (of the default's type)."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidInput({name: f"{raw!r} is not a whole number from {low} to {high:g}"})
    return type(default)(int(raw))


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
