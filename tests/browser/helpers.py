"""What the journeys share: the accessibility check, screenshots, and the sign-up and wizard."""

import functools
import itertools
import os
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from playwright.sync_api import APIResponse, FormData, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from hamstrong.core.screen import QUESTIONS
from hamstrong.passwords import Passwords
from hamstrong.services import accounts
from tests.wizard import wizard_steps

if TYPE_CHECKING:
    from hamstrong.store import Store

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
README_SCREENSHOT = ROOT / "docs" / "screenshots" / "today.png"
PASSWORD = "correct horse battery"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
BLOCKING = ("serious", "critical")
NOT_BLOCKING = ("minor", "moderate")
DRAFTS = "Object.keys(localStorage).filter(k => k.startsWith('hamstrong:draft:'))"
_users = itertools.count(1)

# axe-core gives every result of a rule that rule's impact (its _finalizeRuleResult), so a rule
# whose impact is minor or moderate can never fail the check: it is not run (a quarter of the time
# axe takes on the session page). A rule without an impact still runs.
AXE_RUN = """async (notBlocking) => {
  const rules = {};
  for (const rule of axe._audit.rules) {
    if (notBlocking.includes(rule.impact)) rules[rule.id] = {enabled: false};
  }
  const result = await axe.run(document, {resultTypes: ["violations"], rules});
  const ran = [result.violations, result.passes, result.incomplete, result.inapplicable];
  return {
    violations: result.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map(n => n.target.join(" ")),
    })),
    ran: ran.flat().map(r => r.id),
  };
}"""


class _AxeScript(BaseHTTPRequestHandler):
    """Answers every GET with axe-core, cacheable for a day."""

    def do_GET(self) -> None:
        body = AXE_JS.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=86400")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: no line on standard error for each script loaded."""


@functools.cache
def axe_url() -> str:
    """axe-core's address on a loopback HTTP server in this test process (a daemon thread, gone
    with the process). A check loads the script by URL, from the browser's cache after the first
    time in a context, instead of Playwright sending its 650 KB through the driver for every
    check: 0.1 s instead of 0.4 s a check on the shared machine, for the same script."""
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: run scripts/browser-deps.sh"
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AxeScript)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/axe.min.js"


def run_axe(page: Page) -> dict[str, Any]:
    """axe-core's violations on the page as it is now (``violations``) and the ids of the rules
    it ran (``ran``), loading axe-core unless this document has it already (a page checked
    again after an htmx swap)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(url=axe_url())
    result: dict[str, Any] = page.evaluate(AXE_RUN, list(NOT_BLOCKING))
    return result


def check_a11y(page: Page, name: str) -> None:
    """Load axe-core into the page (unless this document has it already: a page checked again
    after an htmx swap) and fail on any serious or critical violation on the page as it is
    now (axe's rules that can only find minor or moderate ones are not run)."""
    violations: list[dict[str, Any]] = run_axe(page)["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    report = "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'][:5])}"
        for v in blocking
    )
    assert not blocking, f"axe on {name} ({page.url}):\n{report}"


def screenshot(page: Page, journey: str, viewport: str) -> None:
    """With HAMSTRONG_SCREENSHOTS=1, save tests/browser/screenshots/<journey>-<viewport>.png
    (git-ignored), the whole page, for a person to look at. No test reads them, and a full-page
    PNG costs Chromium ~0.5 s of CPU, so a plain run takes none."""
    if os.environ.get("HAMSTRONG_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{journey}-{viewport}.png"), full_page=True)


def save_readme_screenshot(page: Page) -> None:
    """The desktop today page, as the README shows it: written when missing, or on request with
    HAMSTRONG_UPDATE_SCREENSHOTS=1, so a test run does not change a committed file every day."""
    if README_SCREENSHOT.exists() and os.environ.get("HAMSTRONG_UPDATE_SCREENSHOTS") != "1":
        return
    README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(README_SCREENSHOT))


def one_viewport(name: str) -> pytest.MarkDecorator:
    """Run a journey at one viewport (``name``) instead of both: for journeys about what the
    server does (404s to another user, downloads, a referral's refusals), whose pages another
    journey checks with axe at the other viewport. docs/testing.md keeps the table of which
    journey covers which page at which viewport."""
    return pytest.mark.parametrize("viewport", [name])


def new_email(prefix: str) -> str:
    return f"{prefix}-{os.getpid()}-{next(_users)}@example.com"


def server_today() -> date:
    """The server runs on this machine and reads the same local clock."""
    return date.today()


def sign_up(page: Page, email: str) -> None:
    page.goto("/signup")
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    check_a11y(page, "sign up")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password (at least 10 characters)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    # Sign-up answers alike whether the email was free (it never says), then the person logs in.
    expect(page.get_by_role("status")).to_contain_text("log in with it to start")
    expect(page.get_by_label("Email")).to_have_value(email)
    check_a11y(page, "log in after sign up")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="About you")).to_be_visible()


def _next(page: Page, heading: str) -> None:
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()


def onboard(page: Page, *, red_flag: str | None = None, check: bool = True) -> None:
    """Answer the six wizard steps, from "About you" to "See my plan".

    Training days are today and three days later, starting today, so a session is due today.
    ``red_flag`` names a safety-screen question to answer "yes"; every other answer is "no".
    """
    today = server_today()
    days = training_days(today)

    def audit(name: str) -> None:
        if check:
            check_a11y(page, f"onboarding: {name}")

    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    audit("about")
    page.get_by_label("Your first name (optional)").fill("Sam")
    page.get_by_role("radio", name="Beginner").check()
    _next(page, "What do you have?")
    audit("equipment")
    _next(page, "What are you training for?")
    audit("goals")
    page.get_by_role("checkbox", name="Strength").check()
    _next(page, "When can you train?")
    audit("schedule")
    page.get_by_role("radio", name="2", exact=True).check()
    for day in days:
        page.get_by_role("checkbox", name=day, exact=True).check()
    page.get_by_label("Minutes per session (15 to 90)").fill("30")
    page.get_by_label("First day").fill(today.isoformat())
    _next(page, "Past injuries and pain")
    audit("injuries")
    _next(page, "Safety screen")
    audit("screen")
    answer_the_screen(page, red_flag=red_flag)


def answer_the_screen(page: Page, *, red_flag: str | None = None) -> None:
    """On the safety screen: "no" to every question but ``red_flag`` ("yes"), then See my
    plan."""
    for question in QUESTIONS:
        answer = "Yes" if question.key == red_flag else "No"
        group = page.get_by_role("group", name=question.text, exact=True)
        group.get_by_role("radio", name=answer, exact=True).check()
    page.get_by_role("button", name="See my plan").click()


def training_days(today: date) -> list[str]:
    """Today and three days later: a session is due today, and the next one keeps 48 hours."""
    return [WEEKDAYS[today.weekday()], WEEKDAYS[(today + timedelta(days=3)).weekday()]]


def _posted(page: Page, path: str, fields: dict[str, str | list[str]]) -> APIResponse:
    form = FormData()
    for name, value in fields.items():
        for one in [value] if isinstance(value, str) else value:
            form.append(name, one)
    response = page.request.post(path, form=form, headers=csrf_headers(page), max_redirects=0)
    assert response.status == 303, f"POST {path}: {response.status}\n{response.text()[:500]}"
    return response


class Members:
    """Signs people up through the services, straight into the server's store, with argon2's
    cheapest parameters: argon2 reads its parameters from the stored hash, so the server's login
    then checks the password in microseconds instead of the ~0.2 s of CPU a real hash takes
    (twice a journey: the hash, then the login). The journeys through the sign-up page
    (``sign_up``) still hash with the server's own parameters."""

    def __init__(self, store: "Store") -> None:
        self.store = store
        self.passwords = Passwords(PasswordHasher.from_parameters(CHEAPEST))

    def sign_up(self, prefix: str) -> str:
        """A new account (``new_email(prefix)``, ``PASSWORD``); returns its email."""
        email = new_email(prefix)
        accounts.sign_up(self.store, self.passwords, email=email, password=PASSWORD)
        return email


def log_in_new(page: Page, members: Members, prefix: str) -> str:
    """A new account (``members``), logged in on the login page: the page ends on the wizard's
    first step. For journeys whose subject is not the sign-up page, which ``sign_up`` walks (and
    checks with axe) in test_first_session at both sizes. Returns the email."""
    email = members.sign_up(prefix)
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    return email


def log_in_by_request(page: Page, email: str) -> None:
    """Sign ``email`` in (``PASSWORD``) in the page's browser context by a plain request: a
    second device of the same person, without drawing the log-in page again."""
    page.request.get("/login")  # the CSRF cookie
    _posted(page, "/login", {"email": email, "password": PASSWORD})


def wizard_by_request(
    page: Page, members: Members, prefix: str, *, rest_today: bool = False, until: str = ""
) -> str:
    """A new user signed up (``members``), logged in and the wizard's steps answered by plain
    requests in the page's browser context (so it is signed in), without drawing the pages
    test_first_session walks through and checks with axe: every step, or the steps before
    ``until`` (a step's name), so a journey about that step draws it itself. Training days
    are today and three days later (from tomorrow with ``rest_today``). Returns the email."""
    email = members.sign_up(prefix)
    log_in_by_request(page, email)
    first = server_today() + timedelta(days=1 if rest_today else 0)
    days = [day.lower() for day in training_days(first)]
    for step, fields in wizard_steps(server_today(), days, name="Sam"):
        if step == until:
            break
        _posted(page, f"/onboarding/{step}", fields)
    return email


def start_by_request(
    page: Page, members: Members, prefix: str, *, rest_today: bool = False, land: bool = True
) -> str:
    """A new user signed up, onboarded (``wizard_by_request``) and started by plain requests;
    the page ends on today's page. ``rest_today``: training days from tomorrow, so today has
    no session. ``land=False``: the page is not drawn (still blank), for a journey whose first
    step opens another page by its address (today's page is drawn and checked by
    test_first_session and test_training_screen). Returns the email."""
    email = wizard_by_request(page, members, prefix, rest_today=rest_today)
    _posted(page, "/onboarding/start", {})
    if not land:
        return email
    page.goto("/")
    heading = "No session today" if rest_today else "Your session is due"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    return email


def start_programme(page: Page) -> None:
    """From the preview page: Start, and land on today's page."""
    expect(page.get_by_role("heading", name="Your first two weeks")).to_be_visible()
    check_a11y(page, "preview")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", name="Your session is due")).to_be_visible()


def csrf_headers(page: Page) -> dict[str, str]:
    """The CSRF header a page's own htmx requests carry (the cookie is HttpOnly)."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return {"x-csrftoken": cookies["csrftoken"]}


def open_session(page: Page) -> None:
    """From today's page: Start the session, and wait until its scripts run (session.js is
    deferred, so a field typed in before DOMContentLoaded would be kept by nothing)."""
    page.get_by_role("button", name="Start the session").click()
    expect(page.get_by_role("heading", name="Session,")).to_be_visible()
    page.wait_for_load_state("domcontentloaded")


def expect_drafts(page: Page, count: int) -> None:
    """Wait until this device keeps ``count`` unsaved set drafts: session.js writes them on the
    input event, so reading localStorage right after typing could run before it has."""
    try:
        page.wait_for_function(f"{DRAFTS}.length === {count}")
    except PlaywrightTimeout:
        found = page.evaluate(DRAFTS)
        raise AssertionError(f"expected {count} unsaved drafts, found {found}") from None
