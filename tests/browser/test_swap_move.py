"""Swapping an exercise and moving a session keep the rules (R1, R2, and what the profile allows)."""

from datetime import timedelta

from playwright.sync_api import Page, expect

from hamstrong.core.dates import long_day, short_day
from hamstrong.core.vocab import Equipment
from hamstrong.library import load_library
from tests.browser.helpers import (
    Members,
    check_a11y,
    csrf_headers,
    open_session,
    screenshot,
    server_today,
    start_by_request,
)


def test_moving_a_session_keeps_48_hours_and_the_week(
    page: Page, viewport: str, members: Members
) -> None:
    """Week 1 has sessions today (T) and on T+3; the T+3 one moves to T+4, never next to T."""
    today = server_today()
    second = today + timedelta(days=3)
    start_by_request(page, members, "move", land=False)

    page.goto("/programme")
    page.get_by_role("link", name=f"Move the session of {long_day(second)}").click()
    expect(
        page.get_by_role("heading", name=f"Move the session of {long_day(second)}")
    ).to_be_visible()
    check_a11y(page, "move a session")
    screenshot(page, "move", viewport)
    too_close = page.get_by_role("radio", name=long_day(today + timedelta(days=1)))
    expect(too_close).to_be_disabled()
    expect(page.get_by_text("at least 48 hours apart").first).to_be_visible()

    # A hand-made POST cannot do what the page disables, nor leave the programme week.
    path = f"/programme/move/{second.isoformat()}"
    headers = csrf_headers(page)
    for to, reason in (
        (today + timedelta(days=1), "48 hours apart"),
        (second + timedelta(days=7), "same programme week"),
    ):
        refused = page.request.post(path, headers=headers, form={"to": to.isoformat()})
        assert refused.status == 422 and reason in refused.text()

    target = today + timedelta(days=4)
    page.get_by_role("radio", name=long_day(target)).check()
    page.get_by_role("button", name="Move it").click()
    expect(page.get_by_role("heading", name="Your programme")).to_be_visible()
    expect(page.get_by_role("link", name=short_day(target), exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=short_day(second), exact=True)).to_have_count(0)
    check_a11y(page, "programme after a move")


def test_swapping_an_exercise_offers_only_what_the_profile_allows(
    page: Page, viewport: str, members: Members
) -> None:
    today = server_today()
    start_by_request(page, members, "swap")  # no equipment ticked

    open_session(page)
    station = page.locator("section.station").filter(has=page.locator("details.swap")).first
    planned = station.get_by_role("heading", level=2).inner_text()
    station.get_by_text("Swap this exercise").click()
    check_a11y(page, "session, swap options open")
    option = station.locator("details.swap").get_by_role("button").first
    chosen = option.inner_text()
    option.click()

    kept = f"Instead of {planned} in this session, until you change it back."
    swapped = page.locator("section.station").filter(has_text=kept)
    expect(swapped.get_by_role("heading", name=chosen, level=2)).to_be_visible()
    check_a11y(page, "session with a swap")
    swapped.get_by_role("button", name="Save set").first.click()
    expect(swapped.get_by_role("status").filter(has_text="Saved:")).to_have_count(1)
    screenshot(page, "swap", viewport)

    # The swap is kept: a fresh load shows it, and once logged it cannot be changed back.
    page.goto(f"/session/{today.isoformat()}")
    expect(page.get_by_text(kept)).to_be_visible()
    expect(page.get_by_role("button", name=f"Change back to {planned}")).to_have_count(0)

    # A barbell exercise cannot stand in for anything when no barbell was ticked.
    library = load_library()
    barbell = next(e for e in library if Equipment.BARBELL in e.equipment)
    planned_id = next(e.id for e in library if e.name == planned)
    response = page.goto(f"/session/{today.isoformat()}?swap={planned_id}:{barbell.id}")
    assert response is not None and response.status == 422
    expect(page.get_by_role("heading", name="Check your input")).to_be_visible()
    expect(page.get_by_text("cannot stand in for")).to_be_visible()
    check_a11y(page, "a refused swap")


def test_a_swap_made_from_the_programme_page_holds_until_changed_back(
    page: Page, viewport: str, members: Members
) -> None:
    """Issue 10: a swap for a future day persists, a second swap keeps the first, and the
    programme page shows both until each is changed back."""
    today = server_today()
    later = today + timedelta(days=3)
    start_by_request(page, members, "swapkeep", land=False)

    page.goto("/programme")
    page.get_by_role("link", name=f"Swap exercises in the session of {long_day(later)}").click()
    stations = page.locator("section.station").filter(has=page.locator("details.swap"))
    expect(stations.first).to_be_visible()
    names = []
    for n in range(2):
        station = page.locator("section.station").filter(has=page.locator("details.swap")).nth(n)
        planned = station.get_by_role("heading", level=2).inner_text()
        if n:  # the page after a swap keeps the options folded
            station.get_by_text("Swap this exercise").click()
        option = station.locator("details.swap").get_by_role("button").first
        names.append((planned, option.inner_text()))
        option.click()
        expect(page.get_by_text(f"Instead of {planned} in this session")).to_be_visible()
    for planned, _ in names:  # the second swap kept the first
        expect(page.get_by_text(f"Instead of {planned} in this session")).to_be_visible()
    check_a11y(page, "a future session with two swaps")

    page.goto("/programme")
    day = page.locator("td.cal-day").filter(has=page.locator(f'time[datetime="{later}"]'))
    for planned, chosen in names:
        expect(day.get_by_text(f"{chosen} (instead of {planned})")).to_be_visible()
    screenshot(page, "swaps-kept", viewport)

    page.goto(f"/session/{later.isoformat()}")
    planned, chosen = names[0]
    page.get_by_role("button", name=f"Change back to {planned}").click()
    expect(page.get_by_text(f"Instead of {planned} in this session")).to_have_count(0)
    expect(page.get_by_text(f"Instead of {names[1][0]} in this session")).to_be_visible()
    page.goto("/programme")
    expect(day.get_by_text(f"{chosen} (instead of {planned})")).to_have_count(0)
    expect(day.get_by_text(f"{names[1][1]} (instead of {names[1][0]})")).to_be_visible()
    check_a11y(page, "programme with a kept swap")

    # A hand-made swap the rules refuse is answered beside the exercise, with the reason.
    page.goto(f"/session/{later.isoformat()}")
    planned_id = page.locator('input[name="planned"]').first.get_attribute("value")
    refused = page.request.post(
        f"/session/{later.isoformat()}/swaps",
        headers=csrf_headers(page),
        form={"planned": str(planned_id), "chosen": "barbell-romanian-deadlift"},
    )
    assert refused.status == 422
    assert "Barbell Romanian deadlift cannot stand in for" in refused.text()
