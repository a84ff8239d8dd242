"""`hamstrong serve` and the secret key: built from settings, a random key warns once."""

import logging

from typer.testing import CliRunner

from hamstrong.cli import app as cli
from hamstrong.settings import Settings
from hamstrong.web import app as web_app
from hamstrong.web.app import create_app


def test_serve_runs_uvicorn_on_the_app_for_the_given_db(monkeypatch, tmp_path):
    import uvicorn

    calls = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(app=app, **kw))
    monkeypatch.setenv("HAMSTRONG_SECRET_KEY", "test-secret-not-real")
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
    assert made.state.store is not None and made.state.ical_secret == "test-secret-not-real"


def test_serve_shares_one_random_secret_with_its_workers(monkeypatch, tmp_path):
    import os

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    monkeypatch.delenv("HAMSTRONG_SECRET_KEY", raising=False)
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/r.db", "serve"])
    assert result.exit_code == 0
    assert len(os.environ["HAMSTRONG_SECRET_KEY"]) >= 32
    assert "HAMSTRONG_SECRET_KEY is not set" in result.stderr


def test_without_a_secret_key_a_random_one_is_used_with_one_warning(monkeypatch, caplog, tmp_path):
    monkeypatch.setattr(web_app, "_warned", False)
    caplog.set_level(logging.WARNING, logger="hamstrong.web")
    settings = Settings(database_url=f"sqlite:///{tmp_path}/k.db")
    first = create_app(settings)
    second = create_app(settings)
    warnings = [r for r in caplog.records if "HAMSTRONG_SECRET_KEY is not set" in r.getMessage()]
    assert len(warnings) == 1
    assert first.state.ical_secret != second.state.ical_secret  # random per start
