"""A visitor reads the welcome, learn and exercise pages; the app installs on a phone."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import check_a11y, one_viewport, screenshot


def test_a_visitor_browses_the_library_and_learn_pages(page: Page, viewport: str) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="A coach for your hamstrings")).to_be_visible()
    check_a11y(page, "welcome")
    page.get_by_role("link", name="Learn why hamstrings matter").click()
    expect(page.get_by_role("heading", name="Learn: short answers")).to_be_visible()
    check_a11y(page, "learn")

    page.goto("/exercises")
    expect(page.get_by_role("heading", name="Exercises", exact=True)).to_be_visible()
    check_a11y(page, "exercises")
    # the first results show on the first screen, phone included
    results = page.locator("#exercise-list li")
    expect(results.first).to_be_in_viewport()
    everything = results.count()
    page.get_by_label("Search").press_sequentially("nordik")
    # htmx may ask for "n", "no", ... on a slow machine: the address says when the last answer,
    # for the whole word, is the one on the page.
    expect(page).to_have_url(re.compile(r"[?&]q=nordik(&|$)"))
    expect(results).to_have_count(4)
    expect(results.first.get_by_role("link")).to_have_text(re.compile("Nordic"))
    expect(page.get_by_role("status")).to_have_text("4 of 64 exercises, best match first Show all")
    check_a11y(page, "exercises, searched")
    # ticking equipment narrows the list; its folded summary says what is ticked
    page.get_by_label("Search").fill("")
    expect(page).not_to_have_url(re.compile(r"q=nordik"))
    expect(results).to_have_count(everything)
    page.locator(".filter-have summary").click()
    page.get_by_label("Nothing: bodyweight only").check()
    expect(page.locator("#have-summary")).to_have_text("nothing (bodyweight only)")
    expect(results).not_to_have_count(everything)
    expect(page.locator("#exercise-list li .meta").first).to_contain_text("no equipment")
    page.get_by_label("Search").press_sequentially("bridge")
    expect(page).to_have_url(re.compile(r"[?&]q=bridge(&|$)"))
    first = results.first.get_by_role("link")
    expect(first).to_have_text("Glute bridge")
    name = first.inner_text()
    check_a11y(page, "exercises, filtered")
    screenshot(page, "exercises", viewport)
    # leaving the search box for a result must not send the search again: its answer would
    # push the list's address over the page being opened and cancel the click
    late: list[str] = []
    page.on("request", lambda r: late.append(r.url) if r.headers.get("hx-request") else None)
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert late == []
    expect(page.get_by_role("heading", name="How to do it")).to_be_visible()
    check_a11y(page, "exercise")

    page.goto("/login")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    check_a11y(page, "log in")
    page.goto("/no-such-page")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    check_a11y(page, "not found")


@one_viewport("phone")
def test_the_manifest_and_icons_load(page: Page, viewport: str) -> None:
    page.goto("/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    assert href == "/manifest.webmanifest"
    manifest = page.request.get(href).json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        response = page.request.get(icon["src"])
        assert response.status == 200 and response.body().startswith(b"\x89PNG")
