"""A new user signs up, finishes onboarding, logs every set of today's session, sees progress move."""

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    check_a11y,
    new_email,
    onboard,
    open_session,
    save_readme_screenshot,
    screenshot,
    sign_up,
    start_programme,
)


def _progress_summary(page: Page) -> tuple[str, str]:
    """The sessions section's reading and the weekly hard-sets table, as text."""
    page.goto("/progress")
    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    check_a11y(page, "progress")
    reading = page.locator("#sessions .reading").inner_text()
    weekly = page.get_by_role("table", name="Weekly hard sets", exact=True).inner_text()
    return reading, weekly


def test_sign_up_onboard_and_log_a_whole_session(page: Page, viewport: str) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_a11y(page, "welcome")
    page.get_by_role("link", name="Get started").click()
    sign_up(page, new_email("first"))
    onboard(page)
    start_programme(page)
    check_a11y(page, "today")
    screenshot(page, "today", viewport)
    if viewport == "desktop":
        save_readme_screenshot(page)

    reading_before, weekly_before = _progress_summary(page)

    page.goto("/")
    open_session(page)
    check_a11y(page, "session")
    save = page.get_by_role("button", name="Save set")
    to_log = save.count()
    assert to_log > 0
    for remaining in range(to_log, 0, -1):
        row = page.locator("form.set-row").filter(has=save).first
        row.get_by_label("Effort (RPE 1-10)").fill("8")
        row.get_by_role("button", name="Save set").click()
        expect(save).to_have_count(remaining - 1)
    expect(page.get_by_role("status").filter(has_text="Saved:")).to_have_count(to_log)
    check_a11y(page, "session, every set saved")
    screenshot(page, "session-logged", viewport)

    page.get_by_role("button", name="Finish and see what changes next time").click()
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()
    check_a11y(page, "session summary")

    page.goto("/history")
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    check_a11y(page, "history")
    expect(page.get_by_role("link", name="Edit")).to_have_count(to_log)

    reading_after, weekly_after = _progress_summary(page)
    screenshot(page, "progress", viewport)
    assert "Nothing logged yet." in weekly_before and "(0%)" in reading_before
    # Every set was logged at RPE 8, so each one counts as a hard set this week.
    assert weekly_after.splitlines()[1].split("\t")[1] == str(to_log)
    assert "You did 1 of 1 planned sessions (100%)" in reading_after
