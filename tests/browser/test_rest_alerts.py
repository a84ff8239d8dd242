"""The rest timer out of sight (issue 10 §2): it keeps time from its end time, not from ticks the
browser slows or stops in a background tab or on a locked phone; it says when rest ends there
too (a notification when the person allowed them, asked only on a tap; vibration; the sound) and
the tab's title shows the time left. Time is Playwright's clock, never the wall clock."""

import re
from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from tests.browser.helpers import Members, check_a11y, open_session, server_today, start_by_request
from tests.browser.test_training_screen import VIBRATE

# A locked phone or another tab, as the page is told about it: ``document.visibilityState``
# answers "hidden" while ``window.__hidden`` is true. The browser's own notifications show
# outside the page, where no test can read them: these are recorded, with whether the page
# asked for them during a tap (``navigator.userActivation.isActive``).
OUT_OF_SIGHT = (
    """
window.__hidden = false;
for (const name of ["visibilityState", "hidden"]) {
  Object.defineProperty(Document.prototype, name, {
    configurable: true,
    get() { return name === "hidden" ? window.__hidden : (window.__hidden ? "hidden" : "visible"); },
  });
}
window.__shown = [];
window.__asked = [];
class Recorded {
  constructor(title, options) { window.__shown.push([title, options.body]); }
  close() {}
}
Recorded.permission = "default";
Recorded.requestPermission = () => {
  window.__asked.push(navigator.userActivation.isActive);
  Recorded.permission = "granted";
  return Promise.resolve("granted");
};
window.Notification = Recorded;
"""
    + VIBRATE
)


STORED = "hamstrong:rest:"  # the rest's end time, kept by session.js per session day


def _seconds(clock: str) -> int:
    minutes, seconds = clock.split(":")
    return int(minutes) * 60 + int(seconds)


def _look_away(page: Page, hidden: bool) -> None:
    page.evaluate(
        f"window.__hidden = {'true' if hidden else 'false'};"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )


def test_rest_ends_out_of_sight_with_a_notification_and_keeps_time(
    page: Page, viewport: str, members: Members
) -> None:
    page.add_init_script(OUT_OF_SIGHT)
    page.clock.install()
    start_by_request(page, members, "alerts")
    open_session(page)
    title = page.title()
    row = page.locator("form.set-row").first
    form_id = row.get_attribute("id") or ""
    row.get_by_role("button", name="Save set").click()
    saved = page.locator(f"#{form_id}")
    expect(saved.get_by_role("status")).to_contain_text("Saved:")
    after = saved.get_attribute("data-exercise") or ""
    total = int(saved.get_attribute("data-rest") or 0)
    assert total > 30

    # The rest runs; the tab's title shows what is left; nothing was asked by itself.
    rest = page.locator("#rest")
    expect(rest).to_be_visible()
    expect(page).to_have_title(re.compile(r"^\d+:\d\d rest · " + re.escape(title) + "$"))
    assert page.evaluate("window.__asked") == []

    # Alerts are asked for on a tap, and only then.
    ask = rest.get_by_role("button", name="Alert me when rest ends")
    ask.click()
    expect(page.locator("#rest-alerts-status")).to_have_text(
        "Alerts on: a notification says when a rest ends, also with the screen locked or in "
        "another tab."
    )
    assert page.evaluate("window.__asked") == [True]
    expect(ask).to_be_hidden()
    check_a11y(page, "session, resting, alerts on")

    # The phone is locked: the browser runs no ticks for 30 s, the time still passes. Back on
    # the page, the clock reads from the end time (kept with the session day), not from ticks
    # counted: what it shows is the end time less the time now, to the redraw (4 a second).
    _look_away(page, True)
    now = page.evaluate("Date.now()")
    page.clock.set_system_time(datetime.fromtimestamp((now + 30_000) / 1000, tz=UTC))
    _look_away(page, False)
    shown, left = page.evaluate(
        "[document.getElementById('rest-left').textContent, Math.ceil((JSON.parse("
        f"localStorage.getItem('{STORED}{server_today()}')).end - Date.now()) / 1000)]"
    )
    assert abs(_seconds(shown) - left) <= 1
    assert 0 < left <= total - 30

    # Out of sight again until the end: a notification, a buzz, and the title says so.
    _look_away(page, True)
    page.clock.run_for((left + 1) * 1000)  # fires the page's timers before it returns
    assert page.evaluate("window.__shown") == [["Rest over", f"Time for the next set of {after}."]]
    expect(page).to_have_title(f"Rest over · {title}")
    assert page.evaluate("window.__buzz.length") >= 1
    expect(rest).to_have_class("rest-bar over")

    # Back on the page: the title is the page's own again.
    _look_away(page, False)
    expect(page).to_have_title(title)

    # A rest that ends on screen needs no notification: the bar, sound and title say it.
    page.locator(".rest-start").first.click()
    expect(rest).not_to_have_class("rest-bar over")
    page.clock.run_for(10 * 60_000)
    expect(rest).to_have_class("rest-bar over")
    assert len(page.evaluate("window.__shown")) == 1
    check_a11y(page, "session, rest over")


def test_skipping_rest_gives_the_title_back_and_nothing_is_asked_without_a_tap(
    page: Page, viewport: str, members: Members
) -> None:
    page.add_init_script(OUT_OF_SIGHT)
    page.clock.install()
    start_by_request(page, members, "skip")
    open_session(page)
    title = page.title()
    page.locator(".rest-start").first.click()
    rest = page.locator("#rest")
    expect(page).to_have_title(re.compile(r" rest · "))
    rest.get_by_role("button", name="Skip rest").click()
    expect(rest).to_be_hidden()
    expect(page).to_have_title(title)
    _look_away(page, True)
    page.clock.run_for(10 * 60_000)
    assert page.evaluate("[window.__asked, window.__shown]") == [[], []]
