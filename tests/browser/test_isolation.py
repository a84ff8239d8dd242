"""A second user cannot open the first user's sets, pages or files by URL."""

import re
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.helpers import (
    Members,
    check_a11y,
    csrf_headers,
    one_viewport,
    open_session,
    screenshot,
    start_by_request,
)


def _first_user_logs_one_set(page: Page, members: Members) -> tuple[str, str, str]:
    """(the set's edit URL, the session URL, the private calendar URL) of a fresh user."""
    start_by_request(page, members, "owner")
    open_session(page)
    session_url = page.url
    page.locator("form.set-row").first.get_by_role("button", name="Save set").click()
    expect(page.get_by_role("status").filter(has_text="Saved:")).to_have_count(1)
    page.goto("/history")
    edit_url = page.get_by_role("link", name="Edit").get_attribute("href")
    assert edit_url is not None and re.fullmatch(r"/sets/\d+/edit", edit_url)
    page.goto("/programme")
    page.get_by_text("Add it to your calendar").click()
    feed = page.get_by_role("textbox", name="Private calendar address").input_value()
    return edit_url, session_url, feed


def _data_rows(csv_text: str) -> int:
    return len([line for line in csv_text.splitlines()[1:] if line.strip()])


@one_viewport("desktop")
def test_a_second_user_gets_404_for_the_first_users_things(
    new_context: Callable[[], BrowserContext], viewport: str, members: Members
) -> None:
    owner = new_context().new_page()
    edit_url, session_url, feed = _first_user_logs_one_set(owner, members)
    set_url = edit_url.removesuffix("/edit")
    assert _data_rows(owner.request.get("/export.csv").text()) == 1
    assert len(owner.request.get("/export.json").json()["sets"]) == 1

    other = new_context().new_page()
    start_by_request(other, members, "other", land=False)

    other.goto(edit_url)
    expect(other.get_by_role("heading", name="Not found")).to_be_visible()
    check_a11y(other, "not found")
    screenshot(other, "not-found", viewport)
    assert other.request.get(edit_url).status == 404
    headers = csrf_headers(other)
    form = {"day": "2026-01-01", "exercise": "x", "reps": "1"}
    assert other.request.post(set_url, headers=headers, form=form).status == 404
    assert other.request.post(f"{set_url}/delete", headers=headers).status == 404

    # The same URLs show the second user's own (empty) things, never the first user's.
    other.goto(session_url)
    expect(other.get_by_role("heading", name="Session,")).to_be_visible()
    expect(other.get_by_role("status").filter(has_text="Saved:")).to_have_count(0)
    other.goto("/history")
    expect(other.get_by_text("Nothing logged yet.")).to_be_visible()
    assert _data_rows(other.request.get("/export.csv").text()) == 0
    assert other.request.get("/export.json").json()["sets"] == []

    # A calendar address is a signed token: an altered one opens nothing.
    token = feed.rsplit("/", 1)[1].removesuffix(".ics")
    forged = feed.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert other.request.get(forged).status == 404

    # Nobody signed out gets in either; the owner's set is still there.
    stranger = new_context().new_page()
    for url in (edit_url, "/history", "/export.csv", "/programme.pdf", "/progress.png"):
        stranger.goto(url)
        expect(stranger).to_have_url("/login")
    owner.goto(edit_url)
    expect(owner.get_by_role("heading", name="Edit a set of")).to_be_visible()
    check_a11y(owner, "edit a set")
