"""Issue 10 §1-§2 in a real browser, both viewports, axe clean: a logged session stays where it
happened and no move lands within 48 hours of logged work (the reason shown), and the wizard
reports every problem of a step in one round. (The doses' notation explained where it is shown:
test_first_session, which walks the same preview and session page.)"""

from datetime import timedelta

from playwright.sync_api import Page, expect

from hamstrong.core.dates import long_day, short_day
from tests.browser.helpers import (
    Members,
    check_a11y,
    csrf_headers,
    log_in_new,
    open_session,
    screenshot,
    server_today,
    start_by_request,
)


def test_a_logged_session_stays_and_no_move_lands_within_48_hours_of_it(
    page: Page, viewport: str, members: Members
) -> None:
    """Sessions today (T) and on T+3; a set is logged today."""
    today = server_today()
    second = today + timedelta(days=3)
    start_by_request(page, members, "movelogged")
    open_session(page)
    page.get_by_role("button", name="Save set").first.click()
    expect(page.get_by_role("status").filter(has_text="Saved:")).to_have_count(1)

    page.goto("/programme")
    expect(page.get_by_role("link", name=f"Move the session of {long_day(second)}")).to_be_visible()
    expect(page.get_by_role("link", name=f"Move the session of {long_day(today)}")).to_have_count(0)

    # The logged session's own move page: every day refused, with the reason beside it.
    page.goto(f"/programme/move/{today.isoformat()}")
    stays = "a logged session stays where it happened"
    expect(page.get_by_role("radio")).to_have_count(6)
    for radio in page.get_by_role("radio").all():
        expect(radio).to_be_disabled()
    expect(page.get_by_text(stays)).to_have_count(6)
    check_a11y(page, "move page of a logged session")
    refused = page.request.post(
        f"/programme/move/{today.isoformat()}",
        headers=csrf_headers(page),
        form={"to": (today + timedelta(days=2)).isoformat()},
    )
    assert refused.status == 422 and stays in refused.text()

    # The next session cannot come within 48 hours of what was logged today, and says so.
    page.goto("/programme")
    page.get_by_role("link", name=f"Move the session of {long_day(second)}").click()
    tomorrow = today + timedelta(days=1)
    expect(page.get_by_role("radio", name=long_day(tomorrow))).to_be_disabled()
    close = f"you trained on {short_day(today)}, too close: sessions stay at least 48 hours apart"
    row = page.locator(".choice-row").filter(has=page.get_by_role("radio", name=long_day(tomorrow)))
    expect(row).to_contain_text(f"Not possible: {close}.")
    screenshot(page, "move-after-logging", viewport)
    check_a11y(page, "move page after a logged session")
    by_hand = page.request.post(
        f"/programme/move/{second.isoformat()}",
        headers=csrf_headers(page),
        form={"to": tomorrow.isoformat()},
    )
    assert by_hand.status == 422 and close in by_hand.text()


def test_the_wizard_shows_every_problem_of_a_step_at_once(
    page: Page, viewport: str, members: Members
) -> None:
    today = server_today()
    log_in_new(page, members, "oneround")
    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    page.get_by_role("radio", name="Beginner").check()
    for heading in ("What do you have?", "What are you training for?", "When can you train?"):
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()

    # Three problems on one step: no day ticked, too few minutes, a first day in the past.
    page.get_by_role("radio", name="2", exact=True).check()
    page.get_by_label("Minutes per session (15 to 90)").fill("5")
    page.get_by_label("First day").fill((today - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="When can you train?")).to_be_visible()
    expect(page.locator("p.error[id^='e-']")).to_have_count(3)  # one per field, all at once
    expect(page.get_by_text("Please check the fields marked below.")).to_be_visible()
    expect(page.locator("#e-minutes")).to_have_text("must be 15 or more")
    expect(page.locator("#e-start")).to_have_text("must be today or later")
    expect(page.locator("#e-days")).to_have_text("must have at least 1 entry")
    expect(page.get_by_label("Minutes per session (15 to 90)")).to_have_attribute(
        "aria-invalid", "true"
    )
    screenshot(page, "wizard-one-round", viewport)
    check_a11y(page, "wizard step with three problems")

    # One round of fixes is enough: the next step opens.
    page.get_by_role("checkbox", name=f"{today:%a}", exact=True).check()
    page.get_by_role("checkbox", name=f"{today + timedelta(days=3):%a}", exact=True).check()
    page.get_by_label("Minutes per session (15 to 90)").fill("30")
    page.get_by_label("First day").fill(today.isoformat())
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Past injuries and pain")).to_be_visible()
    expect(page.locator("p.error")).to_have_count(0)
