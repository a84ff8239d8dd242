"""Web fixtures: a fresh app on a temporary SQLite file per test, a fixed day, a fake clock.

Three things keep the web tests quick without changing what they check: every app hashes
passwords with argon2's cheapest parameters and compiles each template only once per worker
process (``make_app``), and each test's database is a copy of one file migrated once per
worker, instead of running the migrations again for every test.
"""

import warnings
from datetime import date
from pathlib import Path
from typing import Any

import argon2
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from httpx import CookieConflict
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from starlette.exceptions import StarletteDeprecationWarning

from hamstrong.settings import Settings
from hamstrong.web.app import create_app
from hamstrong.web.security import CSRF_COOKIE
from tests.databases import copy_database
from tests.web.soup import csrf_token
from tests.wizard import wizard_steps

# Starlette 1.10's TestClient warns, once at import, that using httpx with it is deprecated (it
# suggests httpx2, which the project does not pin). pyproject.toml turns warnings into errors and
# is not the web's to edit, so exactly this warning is silenced, here, for this one import.
with warnings.catch_warnings():
    warnings.filterwarnings(
        "ignore",
        message="Using `httpx` with `starlette.testclient`",
        category=StarletteDeprecationWarning,
    )
    from starlette.testclient import TestClient

TODAY = date(2026, 12, 7)  # a Monday
PASSWORD = "correct horse battery"
ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
CHEAP_HASHER = PasswordHasher.from_parameters(argon2.profiles.CHEAPEST)


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in memory for the whole test process.

    Each app has its own Jinja environment, so without this every test compiled again each
    template it rendered (a sixth of the web tests' time). A template is still loaded, with the
    app's own filters and globals, from its compiled code; Jinja compiles it again when its
    source changes (the bucket's checksum).
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def make_app(settings: Settings, **kwargs: Any) -> FastAPI:
    """``create_app`` with the cheap password hasher (a real argon2 hash costs ~100 ms a
    sign-up) and the templates compiled once per process."""
    app = create_app(settings, password_hasher=CHEAP_HASHER, **kwargs)
    app.state.templates.env.bytecode_cache = COMPILED_TEMPLATES
    return app


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _settings(database: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{database}",
        secret_key="test-secret-not-real-but-32-bytes-long",
        allowed_hosts=("testserver",),  # the TestClient's host
    )


@pytest.fixture
def settings(request, tmp_path, migrated_database) -> Settings:
    """A fresh database for the test: the migrated one, or, for a test that uses ``member``,
    the one where the member has already signed up, onboarded and started."""
    database = tmp_path / "w.db"
    uses_member = "member" in request.fixturenames
    copy_database(
        request.getfixturevalue("member_database")[0] if uses_member else migrated_database,
        database,
    )
    return _settings(database)


@pytest.fixture
def app(settings, clock):
    return make_app(settings, today=lambda: TODAY, clock=clock)


@pytest.fixture
def client(app):
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def token(client: TestClient, path: str = "/login") -> str:
    """The CSRF token the page at ``path`` puts in its forms."""
    return csrf_token(client.get(path).text)


def held_token(client: TestClient) -> str | None:
    """The CSRF token the client's browser holds: its ``csrftoken`` cookie, which is exactly
    what the app puts in every form it serves (``web.security.csrf_token``), or None."""
    try:
        return client.cookies.get(CSRF_COOKIE)
    except CookieConflict:  # several (another path or domain): let the page say which
        return None


def post(client: TestClient, path: str, data=None, *, page: str | None = None, **kwargs):
    """POST a form with the CSRF token its page carries.

    With ``page``, that page is fetched and the token read from its forms, as a browser does.
    Without it, the token is the one the client already holds (the cookie every page echoes in
    its forms), and ``/login`` is fetched for one only when it holds none: most posts are not
    about the page the form is on, and fetching and parsing a page for each cost more CPU than
    the post itself.
    """
    form = dict(data or {})
    form["csrftoken"] = (None if page else held_token(client)) or token(client, page or "/login")
    return client.post(path, data=form, **kwargs)


def sign_up(client: TestClient, email: str = "ria@example.com", password: str = PASSWORD):
    """Sign up, then log in (sign-up answers alike for a free and a taken email, so it never
    signs anyone in itself); returns the login's 303."""
    created = post(client, "/signup", {"email": email, "password": password})
    assert created.status_code == 200 and "log in with it to start" in created.text, created.text
    response = post(
        client, "/login", {"email": email, "password": password}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return response


def onboard(client: TestClient, *, screen_yes: tuple[str, ...] = (), **about) -> None:
    """Walk the wizard with answers that give a session every day from TODAY."""
    answers = {"age": "34"} | about
    steps = wizard_steps(
        TODAY, ALL_DAYS, equipment=["mat", "chair"], screen_yes=screen_yes, **answers
    )
    for step, data in steps:
        response = post(client, f"/onboarding/{step}", data, follow_redirects=False)
        assert response.status_code == 303, (step, response.text)


def start_member(client: TestClient) -> None:
    """Sign up, walk the wizard and start the programme, as ``member`` has done."""
    sign_up(client)
    onboard(client)
    response = post(client, "/onboarding/start", follow_redirects=False)
    assert response.status_code == 303


@pytest.fixture(scope="session")
def member_database(
    tmp_path_factory: pytest.TempPathFactory, migrated_database: Path
) -> tuple[Path, dict[str, str]]:
    """A database where the member signed up, onboarded and started, and the cookies of the
    member's signed-in browser: made through the app once per worker, then copied per test
    (the same pages answered the same way for every test, at about half a second each)."""
    database = tmp_path_factory.mktemp("member") / "w.db"
    copy_database(migrated_database, database)
    app = make_app(_settings(database), today=lambda: TODAY, clock=Clock())
    with TestClient(app, base_url="http://testserver") as client:
        start_member(client)
        cookies = dict(client.cookies)
    app.state.store.close()
    return database, cookies


@pytest.fixture
def member(client, member_database):
    """A signed-in user who finished onboarding and started a programme (on a copy of
    ``member_database``, which ``settings`` gives a test that uses this fixture)."""
    client.cookies.update(member_database[1])
    return client
