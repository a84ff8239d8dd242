"""The PDF, the calendar feed and the data exports open."""

import json

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    Members,
    check_a11y,
    one_viewport,
    screenshot,
    start_by_request,
)


def _download(page: Page, link: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    path = info.value.path()
    return path.read_bytes()


@one_viewport("desktop")
def test_pdf_calendar_and_exports_open(page: Page, viewport: str, members: Members) -> None:
    start_by_request(page, members, "files", land=False)

    page.goto("/programme")
    expect(page.get_by_role("heading", name="Your programme")).to_be_visible()
    check_a11y(page, "programme")
    screenshot(page, "downloads", viewport)
    assert _download(page, "Print it (PDF)").startswith(b"%PDF-")

    page.get_by_text("Add it to your calendar").click()
    feed = page.get_by_role("textbox", name="Private calendar address").input_value()
    calendar = page.context.request.get(feed)
    assert calendar.status == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert calendar.text().startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in calendar.text()

    page.goto("/account")
    # the same account page as test_layout.py's at desktop, which checks it with axe
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    assert _download(page, "Download your log as CSV").decode().count("\n") >= 1
    assert isinstance(json.loads(_download(page, "Download everything as JSON")), dict | list)
