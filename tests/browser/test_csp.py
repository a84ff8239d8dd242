"""The pages live with their Content-Security-Policy: no violation on any page, htmx still works.

The other journeys bypass the policy (axe-core is injected as an inline script); this one keeps
it, as a visitor's browser does.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import TIMEOUT_MS, VIEWPORTS
from tests.browser.helpers import PASSWORD, new_email, onboard

VIOLATIONS = """() => window.__cspViolations || []"""
LISTEN = """window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});"""


@pytest.fixture
def enforcing(browser: Browser, server: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=server, **VIEWPORTS["desktop"])
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(LISTEN)
    yield context
    context.close()


def _no_violations(page: Page, errors: list[str], where: str) -> None:
    assert page.evaluate(VIOLATIONS) == [], where
    assert errors == [], where


def test_every_page_lives_with_the_content_security_policy(enforcing: BrowserContext) -> None:
    page = enforcing.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Security Policy" in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto("/signup")
    assert (
        response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    )
    email = new_email("csp")
    page.get_by_label("Email").fill(email)  # helpers.sign_up injects axe-core
    page.get_by_label("Password (at least 10 characters)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    onboard(page, check=False)
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", name="Your session is due")).to_be_visible()
    _no_violations(page, errors, "today")
    for path, heading in (
        ("/programme", "Your programme"),
        ("/history", "History"),
        ("/progress", "Progress"),
        ("/account", "Your account"),
        ("/learn", "Learn: short answers"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        _no_violations(page, errors, path)
    page.goto("/exercises")
    everything = page.locator("#exercise-list li").count()
    page.get_by_label("Search").press_sequentially("bridge")  # an htmx request and swap
    expect(page.locator("#exercise-list li")).not_to_have_count(everything)
    _no_violations(page, errors, "/exercises, filtered with htmx")
