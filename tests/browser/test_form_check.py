"""Check my form: from the session page, a file that is not a clip gets a message, then a clip of
one rep is checked by the server's own job worker and the verdict shows, on a phone and on a
desktop.

One person, two devices: the phone uploads the clip; the desktop walks the same way to the form
and its message, then opens the phone's finished check. BlazePose runs once (about 2.5 s of the
job worker's CPU), not once per viewport: what it reads does not depend on the screen, and each
page of the journey is still drawn and checked with axe at both sizes."""

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from hamstrong.core.exercises import Exercise
from hamstrong.core.formcheck import family_of
from hamstrong.library import load_library
from tests.browser.helpers import (
    Members,
    check_a11y,
    log_in_by_request,
    open_session,
    screenshot,
    start_by_request,
)
from tests.clips import ONE_REP, one_rep

CHECK_MS = 600_000  # the check runs beside other tests on a shared machine; no timing is asserted


def _to_the_form(page: Page, viewport: str, tmp_path: Path) -> tuple[str, Exercise]:
    """From today's page: Start the session, follow its first "Check my form" link for a two-leg
    bridge, Nordic or hinge, and send a file that is not a clip. Returns the link and its
    exercise."""
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
    check_a11y(page, f"form check ({viewport})")

    not_a_clip = tmp_path / "notes.mp4"
    not_a_clip.write_text("my set went fine")
    page.get_by_label("Or choose a clip you filmed").set_input_files(not_a_clip)
    page.get_by_role("button", name="Check my form").click()
    expect(page.get_by_role("alert")).to_have_text(
        "This file is not a video; film an mp4, mov or webm clip."
    )
    return href, exercise


def _the_verdict(page: Page, exercise: Exercise, viewport: str) -> None:
    """The finished check's page, then progress listing it; each checked with axe."""
    verdict = page.locator(".verdict")
    expect(verdict).to_contain_text("1 rep.", timeout=CHECK_MS)
    expect(page.get_by_role("img", name=re.compile("Rep 1 at its far end"))).to_be_visible()
    expect(page.locator("table[aria-labelledby=h-reps] tbody tr")).to_have_count(1)
    check_a11y(page, f"form check result ({viewport})")
    screenshot(page, "form-check", viewport)

    page.goto("/progress#form-checks")
    expect(page.get_by_role("heading", name=exercise.name, exact=True)).to_be_visible()
    check_a11y(page, f"progress with a form check ({viewport})")


def test_upload_a_clip_from_the_session_page_and_see_the_verdict(
    context_at: Callable[[str], BrowserContext], tmp_path: Path, members: Members
) -> None:
    phone = context_at("phone").new_page()
    email = start_by_request(phone, members, "form")
    href, exercise = _to_the_form(phone, "phone", tmp_path)
    clip = one_rep(family_of(exercise).value, tmp_path)
    phone.get_by_label("Or choose a clip you filmed").set_input_files(clip)
    phone.get_by_role("button", name="Check my form").click()
    expect(phone).to_have_url(re.compile(r"/form-checks/\d+$"))
    result = phone.url
    _the_verdict(phone, exercise, "phone")

    desktop = context_at("desktop").new_page()
    log_in_by_request(desktop, email)
    desktop.goto("/")
    expect(desktop.get_by_role("heading", name="Your session is due")).to_be_visible()
    assert _to_the_form(desktop, "desktop", tmp_path) == (href, exercise)
    desktop.goto(result)
    _the_verdict(desktop, exercise, "desktop")
