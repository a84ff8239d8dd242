"""Browser journeys: the real server in a subprocess, Debian's Chromium driven by Playwright.

Every journey runs twice, at a desktop and a phone viewport (or walks both itself,
with ``context_at``). ``make test`` runs them every time
(scripts/browser-deps.sh installs Chromium's headless shell and axe-core first). The
accessibility check, the screenshots and the sign-up and onboarding steps the journeys share are
in helpers.py.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from hamstrong.store import open_store
from tests.browser.helpers import Members
from tests.mailbox import Mailbox, free_port, smtp_server

# Debian's chromium-headless-shell: the same Blink, V8 and accessibility tree as /usr/bin/chromium,
# without the browser's own window around each context (the full browser's headless mode builds
# one per context, with WebUI renderers for its address bar's popups: ~0.4 s of CPU a context).
# It is what Playwright itself runs for headless Chromium.
CHROMIUM = "/usr/lib/chromium/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
SECRET = "browser-tests-only-not-a-real-secret"
STARTUP_SECONDS = 120  # generous: on the shared machine at load 15 a start took 18 s
TIMEOUT_MS = 15_000


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """The SMTP server the web server sends its mail to (password-reset links)."""
    with smtp_server() as box:
        yield box


@pytest.fixture(scope="session")
def web_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the server keeps its SQLite store and writes its log."""
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="session")
def server(web_folder: Path, mailbox: Mailbox) -> Iterator[str]:
    """The base URL of `hamstrong serve` on a free loopback port, with a fresh SQLite store,
    sending its mail to ``mailbox``.

    Session-scoped, so each pytest-xdist worker starts one server of its own, with one uvicorn
    process (``--workers 1``: the default of one per core would start three processes a worker).
    """
    folder = web_folder
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "hamstrong"),
        "--db",
        f"sqlite:///{folder / 'web.db'}",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    env = {
        **os.environ,
        "HAMSTRONG_SECRET_KEY": SECRET,
        "HAMSTRONG_SMTP_HOST": "127.0.0.1",
        "HAMSTRONG_SMTP_PORT": str(mailbox.port),
        "HAMSTRONG_SMTP_STARTTLS": "false",
    }
    env.pop("HAMSTRONG_DATABASE_URL", None)
    log_path = folder / "server.log"
    base = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _answers(f"{base}/login"):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"`{' '.join(command)}` did not answer on {base}:\n"
                        + log_path.read_text(errors="replace")
                    )
                time.sleep(0.1)
            yield base
            # Still ours at the end: a server that died (say, its port was taken after
            # free_port chose it) would have left these tests talking to another one.
            if process.poll() is not None:
                raise RuntimeError(
                    f"`{' '.join(command)}` stopped during the tests:\n"
                    + log_path.read_text(errors="replace")
                )
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def members(server: str, web_folder: Path) -> Iterator[Members]:
    """Signs people up in the server's own store through the services, with argon2's cheapest
    parameters (after the server has migrated it: hence ``server``)."""
    with open_store(f"sqlite:///{web_folder / 'web.db'}") as store:
        yield Members(store)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    """The viewport's name: every journey runs once per viewport."""
    name: str = request.param
    return name


@pytest.fixture
def context_at(browser: Browser, server: str) -> Iterator[Callable[[str], BrowserContext]]:
    """A factory of fresh browser contexts at a named viewport (one per user or device), all
    closed at the end of the test: for a journey that walks both viewports itself."""
    contexts: list[BrowserContext] = []

    def make(viewport: str) -> BrowserContext:
        context = browser.new_context(
            base_url=server,
            accept_downloads=True,
            bypass_csp=True,  # lets check_a11y load axe-core from its own loopback address
            **VIEWPORTS[viewport],
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_context(
    context_at: Callable[[str], BrowserContext], viewport: str
) -> Callable[[], BrowserContext]:
    """A factory of fresh browser contexts at the test's viewport (one per user)."""
    return lambda: context_at(viewport)


@pytest.fixture
def context(new_context: Callable[[], BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
