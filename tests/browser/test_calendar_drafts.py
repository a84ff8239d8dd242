"""The programme calendar at desktop, phone and 360 px widths, and set drafts that survive a
reload or a closed tab until the set is saved."""

import re

from playwright.sync_api import BrowserContext, Page, expect

from hamstrong.core.dates import long_day, short_day
from tests.browser.helpers import (
    Members,
    check_a11y,
    expect_drafts,
    open_session,
    screenshot,
    server_today,
    start_by_request,
)

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def test_the_programme_calendar_reads_at_every_width(
    page: Page, viewport: str, members: Members
) -> None:
    today = server_today()
    start_by_request(page, members, "calendar")

    page.get_by_role("link", name="Programme", exact=True).click()
    expect(page.get_by_role("heading", name="Your programme")).to_be_visible()
    expect(page.get_by_role("table", name="Week 1")).to_be_visible()
    marked = page.locator('td[aria-current="date"]')
    expect(marked).to_have_count(1)
    expect(marked.get_by_role("link", name=short_day(today), exact=True)).to_be_visible()
    expect(marked.get_by_text("(today)")).to_be_visible()
    expect(page.get_by_text("Rest", exact=True).first).to_be_visible()
    # a grid of days on a wide screen, a list of them on a phone
    display = marked.evaluate("cell => getComputedStyle(cell).display")
    assert display == ("table-cell" if viewport == "desktop" else "block")
    page.wait_for_function(FITS)  # no sideways scrolling
    check_a11y(page, "programme calendar")
    screenshot(page, "programme", viewport)
    if viewport == "phone":
        page.set_viewport_size({"width": 360, "height": 740})
        page.wait_for_function(FITS)
        check_a11y(page, "programme calendar at 360 px")
        screenshot(page, "programme-360", viewport)

    name = f"Swap exercises in the session of {long_day(today)}"
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name="Session,")).to_be_visible()
    expect(page.get_by_text("Swap options are open")).to_be_visible()
    options = page.locator("details.swap").first
    expect(options).to_have_attribute("open", "")
    expect(options.get_by_role("button").first).to_be_visible()
    check_a11y(page, "session opened from the programme to swap")


def test_a_typed_set_survives_a_reload_and_a_closed_tab_until_saved(
    context: BrowserContext, page: Page, viewport: str, members: Members
) -> None:
    start_by_request(page, members, "drafts")
    open_session(page)
    session_url = page.url
    first = page.locator("form.set-row").filter(has=page.get_by_role("button", name="Save set"))
    form_id = first.first.get_attribute("id")
    assert form_id is not None
    row = page.locator(f"#{form_id}")
    planned = row.locator("input[name=reps]").input_value()
    typed = "3" if planned != "3" else "4"
    row.locator("input[name=reps]").fill(typed)
    row.locator("input[name=rpe]").fill("7")
    expect_drafts(page, 1)

    page.reload()
    row = page.locator(f"#{form_id}")
    expect(row.locator("input[name=reps]")).to_have_value(typed)
    expect(row.locator("input[name=rpe]")).to_have_value("7")

    page.close()  # the tab is closed: a new one has nothing but what the browser kept
    page = context.new_page()
    page.goto(session_url)
    row = page.locator(f"#{form_id}")
    expect(row.locator("input[name=reps]")).to_have_value(typed)
    expect(row.locator("input[name=rpe]")).to_have_value("7")
    expect(row.get_by_text("not saved yet")).to_be_visible()
    check_a11y(page, "session with a restored draft")

    # A refused set (422) comes back with its message, and the draft stays.
    row.locator("input[name=pain]").fill("11")
    row.get_by_role("button", name="Save set").click()
    expect(row.locator(".error").first).to_be_visible()
    expect_drafts(page, 1)
    row.locator("input[name=pain]").fill("1")
    row.get_by_role("button", name="Save set").click()
    expect(row.get_by_role("status")).to_contain_text(f"Saved: {typed}, RPE 7, pain 1")
    expect_drafts(page, 0)

    page.reload()
    row = page.locator(f"#{form_id}")
    expect(row.get_by_role("status")).to_contain_text(f"Saved: {typed}, RPE 7, pain 1")
    expect(row.get_by_role("button", name="Save set")).to_have_count(0)
    expect_drafts(page, 0)
    screenshot(page, "session-draft-saved", viewport)


def test_logging_out_forgets_unsaved_drafts_on_this_device(
    page: Page, viewport: str, members: Members
) -> None:
    start_by_request(page, members, "shared")
    open_session(page)
    row = page.locator("form.set-row").filter(has=page.get_by_role("button", name="Save set"))
    row.first.locator("input[name=rpe]").fill("6")
    expect_drafts(page, 1)
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect_drafts(page, 0)
