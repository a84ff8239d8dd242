"""A new user signs up, finishes onboarding, logs every set of today's session, sees progress move;
the doses' notation is explained where it is shown (issue 10 §2)."""

import re

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


def _notation_on_the_preview(page: Page) -> None:
    """A tempo like 3-1-1-0 and "per side" explained on the preview."""
    preview = page.locator(".notation")
    expect(preview.get_by_text("How to read the doses")).to_be_visible()
    expect(preview.get_by_text(re.compile(r"^Tempo \d-\d-\d-\d: \d s lowering"))).to_be_visible()
    expect(preview.get_by_text("Per side: do the sets with each leg")).to_be_visible()


def _notation_on_the_session(page: Page) -> tuple[str, str]:
    """The session page explains the tempo and "per side" its doses show, in words that match
    them. Returns the tempo and the address of the first exercise dosed with it (its name's
    link in its heading)."""
    notes = page.locator(".notation")
    expect(notes.get_by_text("How to read the doses")).to_be_visible()
    tempo_line = notes.get_by_text(re.compile(r"^Tempo \d-\d-\d-\d: "))
    tempo = re.match(r"Tempo (\d-\d-\d-\d)", tempo_line.inner_text())
    assert tempo is not None
    expect(page.locator("section.station").get_by_text(f"tempo {tempo[1]}").first).to_be_visible()
    per_side = page.locator("section.station").get_by_text(re.compile(r"× \d+( s)? per side"))
    expect(per_side.first).to_be_visible()
    expect(notes.get_by_text("Per side: do the sets with each leg")).to_be_visible()
    station = page.locator("section.station").filter(has_text=f"tempo {tempo[1]}").first
    link = station.get_by_role("heading", level=2).get_by_role("link").get_attribute("href")
    assert link is not None
    return tempo[1], link


def test_sign_up_onboard_and_log_a_whole_session(page: Page, viewport: str) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # the welcome page (signed out: the same document for everyone) is checked with axe by
    # test_library.py at both sizes
    page.get_by_role("link", name="Get started").click()
    sign_up(page, new_email("first"))
    onboard(page)
    _notation_on_the_preview(page)
    start_programme(page)  # checks the preview with axe
    check_a11y(page, "today")
    screenshot(page, "today", viewport)
    if viewport == "desktop":
        save_readme_screenshot(page)

    reading_before, weekly_before = _progress_summary(page)

    page.goto("/")
    open_session(page)
    tempo, exercise = _notation_on_the_session(page)
    screenshot(page, "notation", viewport)
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

    # The exercise page (the link in its name on the session page) says what its tempo means.
    page.goto(exercise)
    expect(page.get_by_text(re.compile(rf"tempo {tempo} \(\d s lowering"))).to_be_visible()
    check_a11y(page, "exercise page with its tempo in words")
