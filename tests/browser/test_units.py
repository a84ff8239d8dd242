"""Units in the browser: switch to pounds on the account page, log a set in pounds, and read it
back in pounds on the session page, in history and on the edit form."""

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    Members,
    check_a11y,
    one_viewport,
    open_session,
    screenshot,
    start_by_request,
)


def _log_45_lb(page: Page, who: str, members: Members, *, check: bool = True) -> None:
    """A new user switches to pounds on the account page and saves a first set of 45 lb.
    ``check``: axe on the account page once switched (the same document for every user at a
    viewport; the desktop's is checked once)."""
    start_by_request(page, members, who, land=False)
    page.goto("/account")
    page.get_by_label("lb (pounds)").check()
    page.get_by_role("button", name="Save units").click()
    expect(page.get_by_role("status")).to_contain_text("now entered and shown in lb")
    if check:
        check_a11y(page, "account units")

    page.goto("/")
    open_session(page)
    save = page.get_by_role("button", name="Save set")
    row = page.locator("form.set-row").filter(has=save).first
    load = row.get_by_label("lb", exact=True)
    expect(load).to_be_visible()
    load.fill("45")
    row.get_by_label("Effort (RPE 1-10)").fill("8")
    row.get_by_role("button", name="Save set").click()
    expect(page.get_by_role("status").filter(has_text="× 45 lb")).to_have_count(1)


def test_log_in_pounds_and_read_pounds_back(page: Page, viewport: str, members: Members) -> None:
    _log_45_lb(page, "units", members)
    check_a11y(page, "session in pounds")

    page.goto("/history")
    expect(page.get_by_role("columnheader", name="Reps × lb")).to_be_visible()
    expect(page.get_by_role("cell", name="× 45")).to_have_count(1)
    screenshot(page, "history-pounds", viewport)
    page.get_by_role("link", name="Edit").first.click()
    expect(page.get_by_label("lb (empty for bodyweight)")).to_have_value("45")
    check_a11y(page, "edit in pounds")


@one_viewport("desktop")
def test_progress_in_pounds(page: Page, viewport: str, members: Members) -> None:
    """Progress reads the user's unit: the strength table, its reading and the chart."""
    # its account page is the one test_log_in_pounds_and_read_pounds_back checks at desktop
    _log_45_lb(page, "units-progress", members, check=False)
    page.goto("/progress")
    strength = page.locator("#strength")
    latest = strength.get_by_role("table").get_by_role("cell").filter(has_text="estimated max")
    expect(latest.first).to_contain_text("lb estimated max (lifted 45 lb ×")
    expect(strength.locator("p").first).to_contain_text("lb estimated max (lifted 45 lb ×")
    expect(strength).not_to_contain_text(" kg")
    chart = strength.get_by_role("img")
    expect(chart).to_have_attribute("src", "/progress/strength.png")
    drawn = page.request.get("/progress/strength.png")  # the page's own session
    assert drawn.ok and drawn.headers["content-type"] == "image/png"
    screenshot(page, "progress-pounds", viewport)
    check_a11y(page, "progress in pounds")
