"""`hamstrong serve` and the secret key: built from settings, a random key warns once."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from hamstrong.cli import app as cli
from hamstrong.settings import Settings
from hamstrong.web import app as web_app
from hamstrong.web.app import create_app

KEY = "test-secret-not-real-but-32-bytes-long"


def test_serve_runs_uvicorn_on_the_app_for_the_given_db(monkeypatch, tmp_path):
    import uvicorn

    calls = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(app=app, **kw))
    monkeypatch.setenv("HAMSTRONG_SECRET_KEY", KEY)
    db = f"sqlite:///{tmp_path}/s.db"
    monkeypatch.delenv("HAMSTRONG_DATABASE_URL", raising=False)
    result = CliRunner().invoke(cli, ["--db", db, "serve", "--port", "8123", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert calls["host"] == "127.0.0.1" and calls["port"] == 8123 and calls["workers"] == 2
    assert calls["factory"] is True
    assert (tmp_path / "s.db").exists()  # migrated before the workers start
    import os

    assert os.environ["HAMSTRONG_DATABASE_URL"] == db  # what the workers read
    made = web_app.app_from_environment()
    assert made.state.store is not None and made.state.ical_secret == KEY


def test_serve_shares_one_random_secret_with_its_workers(monkeypatch, tmp_path):
    import os

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    monkeypatch.delenv("HAMSTRONG_SECRET_KEY", raising=False)
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/r.db", "serve"])
    assert result.exit_code == 0
    assert len(os.environ["HAMSTRONG_SECRET_KEY"]) >= 32
    assert result.stderr.splitlines() == [
        "HAMSTRONG_SECRET_KEY is not set: a random key is used for this run, so everyone is signed "
        "out when the server restarts."
    ]


def test_without_a_secret_key_a_random_one_is_used_with_one_warning(monkeypatch, caplog, tmp_path):
    monkeypatch.setattr(web_app, "_warned", False)
    caplog.set_level(logging.WARNING, logger="hamstrong.web")
    settings = Settings(database_url=f"sqlite:///{tmp_path}/k.db")
    first = create_app(settings)
    second = create_app(settings)
    warnings = [r for r in caplog.records if "HAMSTRONG_SECRET_KEY is not set" in r.getMessage()]
    assert len(warnings) == 1
    assert first.state.ical_secret != second.state.ical_secret  # random per start


def test_serve_passes_the_proxy_and_limit_options_to_uvicorn(monkeypatch, tmp_path):
    import uvicorn

    calls = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(kw))
    monkeypatch.setenv("HAMSTRONG_SECRET_KEY", KEY)
    monkeypatch.setenv("HAMSTRONG_BASE_URL", "https://ham.example.org")
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            f"sqlite:///{tmp_path}/o.db",
            "serve",
            "--host",
            "0.0.0.0",
            "--forwarded-allow-ips",
            "10.0.0.1",
            "--limit-concurrency",
            "50",
            "--access-log",
        ],
    )
    assert result.exit_code == 0, result.output
    assert calls["forwarded_allow_ips"] == "10.0.0.1" and calls["proxy_headers"] is True
    assert calls["limit_concurrency"] == 50 and calls["timeout_keep_alive"] == 5
    assert calls["log_level"] is None and calls["access_log"] is True
    assert calls["log_config"]["loggers"]["uvicorn.access"]["level"] == "INFO"


def test_serve_on_a_public_address_needs_the_name_it_is_reached_by(monkeypatch, tmp_path):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    monkeypatch.setenv("HAMSTRONG_SECRET_KEY", KEY)
    for name in ("HAMSTRONG_BASE_URL", "HAMSTRONG_ALLOWED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    db = f"sqlite:///{tmp_path}/p.db"
    result = CliRunner().invoke(cli, ["--db", db, "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: host: 0.0.0.0 is reachable from other machines, so set HAMSTRONG_BASE_URL to the "
        "address people use (e.g. https://hamstrong.example.org) or HAMSTRONG_ALLOWED_HOSTS to the "
        "host names it answers; any other Host is refused"
    ]


def test_serve_refuses_a_secret_key_shorter_than_32_bytes(monkeypatch, tmp_path):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    monkeypatch.setenv("HAMSTRONG_SECRET_KEY", "short-secret")
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/q.db", "serve"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: HAMSTRONG_SECRET_KEY: is 12 bytes; it signs sessions, so it must be at least 32 "
        "random bytes, for example the output of python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(32))'"
    ]
    assert "Traceback" not in result.output


def test_serve_with_access_log_logs_each_request(tmp_path):
    """Starts one `hamstrong serve` process: --access-log printed nothing while the log level
    was "warning" for every uvicorn logger."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [
        str(Path(sys.executable).parent / "hamstrong"),
        "--db",
        f"sqlite:///{tmp_path / 'a.db'}",
        "serve",
        "--port",
        str(port),
        "--workers",
        "1",
        "--access-log",
    ]
    env = {**os.environ, "HAMSTRONG_SECRET_KEY": KEY}
    out = tmp_path / "out.log"
    with out.open("wb") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while '"GET /login HTTP/1.1" 200' not in out.read_text(errors="replace"):
                assert server.poll() is None and time.monotonic() < deadline, out.read_text()
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).close()
                except OSError:
                    time.sleep(0.2)  # not listening yet
        finally:
            server.terminate()
            server.wait(timeout=30)
