"""Check my form: from the session page, a file that is not a clip gets a message, then a clip of
one rep is checked by the server's own job worker and the verdict shows."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from hamstrong.core.formcheck import family_of
from hamstrong.library import load_library
from tests.browser.helpers import Members, check_a11y, open_session, screenshot, start_by_request
from tests.clips import ONE_REP, one_rep

CHECK_MS = 600_000  # the check runs beside other tests on a shared machine; no timing is asserted


def test_upload_a_clip_from_the_session_page_and_see_the_verdict(
    page: Page, viewport: str, tmp_path: Path, members: Members
) -> None:
    start_by_request(page, members, "form")
    open_session(page)
    offered = page.locator('a[href^="/form-checks/new"]')
    expect(offered.first).to_be_visible()
    library = load_library()
    choices = []
    for href in offered.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        exercise = library.get(re.search(r"exercise=([\w-]+)", href).group(1))
        if family_of(exercise).value in ONE_REP and not exercise.unilateral:
            choices.append((href, exercise))
    assert choices, "the session has no two-leg bridge, Nordic or hinge to film"
    href, exercise = choices[0]
    page.locator(f'a[href="{href}"]').click()
    expect(page.get_by_role("heading", name=f"Check my form: {exercise.name}")).to_be_visible()
    check_a11y(page, "form check")

    not_a_clip = tmp_path / "notes.mp4"
    not_a_clip.write_text("my set went fine")
    page.get_by_label("Or choose a clip you filmed").set_input_files(not_a_clip)
    page.get_by_role("button", name="Check my form").click()
    expect(page.get_by_role("alert")).to_have_text(
        "This file is not a video; film an mp4, mov or webm clip."
    )

    clip = one_rep(family_of(exercise).value, tmp_path)
    page.get_by_label("Or choose a clip you filmed").set_input_files(clip)
    page.get_by_role("button", name="Check my form").click()
    expect(page).to_have_url(re.compile(r"/form-checks/\d+$"))
    verdict = page.locator(".verdict")
    expect(verdict).to_contain_text("1 rep.", timeout=CHECK_MS)
    expect(page.get_by_role("img", name=re.compile("Rep 1 at its far end"))).to_be_visible()
    expect(page.locator("table[aria-labelledby=h-reps] tbody tr")).to_have_count(1)
    check_a11y(page, "form check result")
    screenshot(page, "form-check", viewport)

    page.goto("/progress#form-checks")
    expect(page.get_by_role("heading", name=exercise.name, exact=True)).to_be_visible()
    check_a11y(page, "progress with a form check")
