"""A red flag on the safety screen leads to the referral page and no plan; a stop sign ends a session."""

import re

from playwright.sync_api import Page, expect

from hamstrong.core.screen import QUESTIONS
from tests.browser.helpers import (
    Members,
    answer_the_screen,
    check_a11y,
    csrf_headers,
    one_viewport,
    open_session,
    screenshot,
    start_by_request,
    wizard_by_request,
)


@one_viewport("phone")
def test_a_red_flag_refers_and_saves_no_plan(page: Page, viewport: str, members: Members) -> None:
    # The steps before the screen by requests (their pages: test_first_session, with axe)
    wizard_by_request(page, members, "flag", until="screen")
    page.goto("/onboarding/screen")
    expect(page.get_by_role("heading", name="Safety screen")).to_be_visible()
    answer_the_screen(page, red_flag="chest_pain")
    expect(
        page.get_by_role("heading", name="Please see a professional before training")
    ).to_be_visible()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("No programme has been saved, and any programme")).to_be_visible()
    expect(page.get_by_role("button", name="Start")).to_have_count(0)
    # the same referral page as a yes on a half-answered screen shows (checked with axe at
    # both sizes by test_a_yes_on_a_half_answered_screen_refers_at_once)
    screenshot(page, "referral", viewport)

    # Even a hand-made POST to Start (the page offers none) saves nothing.
    forged = page.request.post("/onboarding/start", headers=csrf_headers(page))
    assert forged.status == 200
    assert "Please see a professional before training" in forged.text()

    for url in ("/", "/programme"):
        page.goto(url)
        expect(page).to_have_url("/onboarding/about")
        expect(page.get_by_role("heading", name="About you")).to_be_visible()
    assert page.request.get("/programme.pdf").status == 404


def test_a_stop_sign_during_a_set_ends_the_session(
    page: Page, viewport: str, members: Members
) -> None:
    start_by_request(page, members, "stop")
    open_session(page)
    row = page.locator("form.set-row").first
    row.get_by_label("Pain 0-10").fill("7")
    row.get_by_role("checkbox", name="Sharp pain").check()
    row.get_by_role("button", name="Save set").click()
    expect(page.get_by_role("heading", name="Stop here for today")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/session/\d{4}-\d{2}-\d{2}/stopped$"))
    check_a11y(page, "stopped")
    screenshot(page, "stopped", viewport)


def test_a_yes_on_a_half_answered_screen_refers_at_once(
    page: Page, viewport: str, members: Members
) -> None:
    """Issue 10: a "yes" with other questions blank gave a 422 form although training had
    already stopped; the referral now shows at once and the answers given are kept."""
    start_by_request(page, members, "rescreen", land=False)
    page.goto("/onboarding/rescreen")
    expect(page.get_by_role("heading", name="Safety screen")).to_be_visible()
    first = page.get_by_role("group", name=QUESTIONS[0].text, exact=True)
    first.get_by_role("radio", name="Yes", exact=True).check()
    page.get_by_role("button", name="See my plan").click()
    expect(
        page.get_by_role("heading", name="Please see a professional before training")
    ).to_be_visible()
    expect(page.get_by_role("alert")).to_be_visible()
    check_a11y(page, "referral after a half-answered screen")
    page.get_by_role("link", name="answer the safety screen again").click()
    expect(page.get_by_role("heading", name="Safety screen")).to_be_visible()
    expect(first.get_by_role("radio", name="Yes", exact=True)).to_be_checked()
