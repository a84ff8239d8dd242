"""The training screen (issue 10): last time, a record celebrated, the rest timer (its own start,
its sound-and-vibration end, a reload that keeps it), edit and undo in place, notes, a set and an
exercise added, limits, the check-in remembered, finish and the summary; and a free session on a
day off the plan. Time is Playwright's clock, never the wall clock."""

from datetime import timedelta

from playwright.sync_api import Page, expect

from hamstrong.core.exports import CSV_COLUMNS
from tests.browser.helpers import (
    Members,
    check_a11y,
    csrf_headers,
    open_session,
    screenshot,
    server_today,
    start_by_request,
)

# navigator.vibrate recorded (a desktop Chromium has none; a phone would buzz)
VIBRATE = "window.__buzz = []; navigator.vibrate = (p) => { window.__buzz.push(p); return true; };"


def _seconds(clock: str) -> int:
    minutes, seconds = clock.split(":")
    return int(minutes) * 60 + int(seconds)


def _import_a_set(page: Page, exercise: str, side: str, reps: int) -> None:
    """One set a week ago, as a HamStrong CSV: what "last time" and the records read."""
    day = (server_today() - timedelta(days=7)).isoformat()
    cells = [day, exercise, str(reps), "", "8", "0", side, "false", "hamstrong", "1"]
    row = cells + [""] * (len(CSV_COLUMNS) - len(cells))
    csv = ",".join(CSV_COLUMNS) + "\n" + ",".join(row) + "\n"
    file = {"name": "earlier.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    answer = page.request.post(
        "/import", multipart={"file": file, "unit": "kg"}, headers=csrf_headers(page)
    )
    assert answer.ok, answer.text()[:500]


def test_a_whole_session_on_the_training_screen(
    page: Page, viewport: str, members: Members
) -> None:
    page.add_init_script(VIBRATE)
    page.clock.install()
    start_by_request(page, members, "train")

    # The morning check-in is remembered on reload.
    page.get_by_label("Pain or stiffness at the back of the thighs this morning, 0 to 10").fill("2")
    page.get_by_role("button", name="Record").click()
    expect(page.locator("#checkin").get_by_role("status")).to_have_text(
        "Recorded: 2/10 this morning. Thank you."
    )
    page.reload()
    expect(page.locator("#checkin").get_by_role("status")).to_contain_text("Recorded: 2/10")
    check_a11y(page, "today, check-in recorded")

    open_session(page)
    first = page.locator("form.set-row").first
    form_id = first.get_attribute("id") or ""
    exercise = first.locator("input[name=exercise]").input_value()
    side = first.locator("input[name=side]").input_value()
    reps_max = first.locator("input[name=reps]").get_attribute("max")
    assert reps_max in ("100", "600")  # the server's limit, for reps or a hold's seconds
    _import_a_set(page, exercise, side, 3)
    page.reload()
    row = page.locator(f"#{form_id}")
    unit = "" if reps_max == "100" else " s"
    expect(row.locator(".last")).to_have_text(f"Last time: 3{unit}, RPE 8")

    # A value nobody types is refused next to its field, and nothing is saved.
    row.locator("input[name=reps]").fill("1e3")
    row.get_by_role("button", name="Save set").click()
    expect(row.locator(".error").first).to_contain_text("must be a whole number, like 12")
    check_a11y(page, "session, a refused set")

    # Saving a set: what was saved, a record beaten, and the rest timer starts by itself.
    row.locator("input[name=reps]").fill("9")
    row.locator("input[name=kg]").fill("")  # at bodyweight, as last time
    row.get_by_label("Effort (RPE 1-10)").fill("7")
    row.locator("details.set-note summary").click()
    row.get_by_label("Note on this set (optional)").fill("Left side tight")
    row.get_by_role("button", name="Save set").click()
    saved = page.locator(f"#{form_id}")
    expect(saved.get_by_role("status")).to_contain_text("Saved: 9")
    expect(saved.locator(".set-note-text")).to_have_text("Note: “Left side tight”")
    expect(saved.locator(".record-line")).to_contain_text("New record!")
    expect(saved.locator(".record-line")).to_contain_text("up from 3")
    total = int(saved.get_attribute("data-rest") or 0)
    assert total > 0
    rest = page.locator("#rest")
    expect(rest).to_be_visible()
    expect(rest.get_by_role("timer")).not_to_have_text("0:00")
    check_a11y(page, "session, resting")
    screenshot(page, "training-rest", viewport)

    # Kept by its end time: a reload shows the same rest still running.
    page.clock.run_for(5_000)
    page.reload()
    expect(page.locator("#rest")).to_be_visible()
    left = _seconds(page.locator("#rest").get_by_role("timer").inner_text())
    assert 0 < left <= total - 5

    # The end: the bar says so, the device buzzes where it can, screen readers hear it.
    page.clock.run_for(10 * 60_000)
    expect(page.locator("#rest")).to_have_class("rest-bar over")
    expect(page.locator("#rest-news")).to_have_text("Rest over: time for the next set.")
    assert page.evaluate("window.__buzz.length") >= 1

    # Edit in place: the same row, new numbers, the same set.
    saved = page.locator(f"#{form_id}")
    saved.get_by_role("link", name="Edit").click()
    editing = page.locator(f"form#{form_id}.editing")
    editing.locator("input[name=reps]").fill("8")
    editing.get_by_role("button", name="Save changes").click()
    expect(page.locator(f"#{form_id}").get_by_role("status")).to_contain_text("Saved: 8")
    check_a11y(page, "session, a set edited")

    # Undo in place: the row is ready to save again.
    page.locator(f"#{form_id}").get_by_role("button", name="Undo").click()
    expect(page.locator(f"form#{form_id}").get_by_role("button", name="Save set")).to_be_visible()
    page.locator(f"form#{form_id}").get_by_role("button", name="Save set").click()
    expect(page.locator(f"#{form_id}").get_by_role("status")).to_contain_text("Saved:")

    # Add a set to the first exercise, then an exercise from the library.
    station = page.locator("section.station").first
    rows_before = station.locator(".set-row").count()
    station.get_by_role("button", name="Add a set").click()
    expect(page.locator("section.station").first.locator(".set-row")).to_have_count(
        rows_before + (2 if "left" in form_id or "right" in form_id else 1)
    )
    expect(page.locator("section.station").first.locator(".target").last).to_contain_text("added")
    stations = page.locator("section.station").count()
    picker = page.get_by_label("From the library (what your equipment and profile allow)")
    chosen = picker.locator("option").last.inner_text()
    picker.select_option(label=chosen)
    page.get_by_role("button", name="Add exercise").click()
    expect(page.locator("section.station")).to_have_count(stations + 1)
    added = page.locator("section.station").last
    expect(added.get_by_role("heading", level=2)).to_have_text(chosen)
    expect(added.get_by_text("Added today, outside the plan.")).to_be_visible()
    added.get_by_role("button", name="Save set").first.click()
    expect(added.get_by_role("status").filter(has_text="Saved:")).to_have_count(1)
    check_a11y(page, "session, a set and an exercise added")
    screenshot(page, "training-added", viewport)

    # Finish with a note: the summary has it, with the sets done.
    page.get_by_label("Notes on this session (optional)").fill("Felt strong today")
    page.get_by_role("button", name="Finish and see what changes next time").click()
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()
    expect(page.locator(".session-note")).to_have_text("Your note: Felt strong today")
    expect(page.locator(".session-facts")).to_contain_text("planned sets")
    check_a11y(page, "summary")
    screenshot(page, "training-summary", viewport)

    page.goto("/")
    expect(page.get_by_role("heading", name="Done: today's session")).to_be_visible()
    check_a11y(page, "today, done")


def test_a_free_session_on_a_day_off_the_plan(page: Page, viewport: str, members: Members) -> None:
    page.clock.install()
    start_by_request(page, members, "free", rest_today=True)
    page.get_by_role("button", name="Log a free session").click()
    expect(page.get_by_role("heading", name="Free session,")).to_be_visible()
    check_a11y(page, "free session, empty")
    picker = page.get_by_label("From the library (what your equipment and profile allow)")
    chosen = picker.locator("option").first.inner_text()
    picker.select_option(label=chosen)
    page.get_by_role("button", name="Add exercise").click()
    station = page.locator("section.station")
    expect(station.get_by_role("heading", level=2)).to_have_text(chosen)
    station.get_by_role("button", name="Save set").first.click()
    expect(station.get_by_role("status").filter(has_text="Saved:")).to_have_count(1)
    expect(page.locator("#rest")).to_be_visible()
    check_a11y(page, "free session, a set saved")
    screenshot(page, "training-free", viewport)
    page.get_by_role("button", name="Finish and see what changes next time").click()
    expect(page.get_by_text("Your free session on")).to_be_visible()
    page.goto("/")
    expect(page.get_by_text("You logged 1 set in a free session today.")).to_be_visible()
