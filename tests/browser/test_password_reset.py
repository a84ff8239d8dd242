"""Forgot password, end to end: the login page's link, the mail the server sends through a real
SMTP server, its link, a new password; the old one and the other device's session end."""

import time
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.helpers import PASSWORD, Members, check_a11y, log_in_new, screenshot
from tests.mailbox import Mailbox

NEW = "a brand new passphrase"
MAIL_WAIT_SECONDS = 30


def _mailed_link(mailbox: Mailbox, email: str) -> str:
    """Wait for the mail (the server sends it after answering) and return its link."""
    deadline = time.monotonic() + MAIL_WAIT_SECONDS
    while not any(m["To"] == email for m in mailbox.received()):
        assert time.monotonic() < deadline, f"no mail to {email}"
        time.sleep(0.1)
    return mailbox.link(email)


def _log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_forgot_password_by_mail(
    page: Page,
    new_context: Callable[[], BrowserContext],
    mailbox: Mailbox,
    viewport: str,
    members: Members,
) -> None:
    email = log_in_new(page, members, "reset")  # signed in on this device
    other = new_context().new_page()
    other.goto("/login")
    # the log-in page (signed out: the same document for everyone) is checked with axe by
    # test_library.py at both sizes
    expect(other.get_by_role("link", name="Forgot your password?")).to_be_visible()
    other.get_by_role("link", name="Forgot your password?").click()
    expect(other.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    other.get_by_role("button", name="Mail me a link").click()
    expect(other.get_by_text("is required")).to_be_visible()
    check_a11y(other, "forgot password with errors")
    other.get_by_label("Email").fill(email)
    other.get_by_role("button", name="Mail me a link").click()
    expect(other.get_by_role("status")).to_contain_text(f"If {email} has an account")
    check_a11y(other, "forgot password sent")

    link = _mailed_link(mailbox, email)
    other.goto(link)
    expect(other.get_by_role("heading", name="Choose a new password")).to_be_visible()
    check_a11y(other, "choose a new password")
    other.get_by_label("New password (at least 10 characters)").fill(NEW)
    other.get_by_role("button", name="Save the new password").click()
    expect(other.get_by_role("status")).to_contain_text("Password changed")
    screenshot(other, "password-reset", viewport)

    page.goto("/history")  # the first device was signed out
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    _log_in(page, email, PASSWORD)
    expect(page.get_by_text("That email and password do not match an account.")).to_be_visible()
    _log_in(page, email, NEW)
    expect(page.get_by_role("heading", name="Log in")).to_have_count(0)

    other.goto(link)  # used once: it works no more
    expect(other.get_by_role("alert")).to_contain_text("expired or was used already")
    check_a11y(other, "reset link used")
