"""The accessibility gate itself: it must fail on a page with a known serious violation, and it
runs every axe-core rule that can find one. Both are about axe and the gate, not a page's
layout, so they run at one viewport."""

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import BLOCKING, NOT_BLOCKING, check_a11y, one_viewport, run_axe

BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
<h1>Broken on purpose</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<label>Name</label><input type="text"></main></body></html>"""


@one_viewport("desktop")
def test_check_a11y_reports_serious_violations(page: Page) -> None:
    page.set_content(BROKEN)
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)[\s\S]*label \(critical\)"):
        check_a11y(page, "a broken page")


RULES = """() => axe._audit.rules.map(r => ({
  id: r.id, impact: r.impact, enabled: r.enabled && !r.tags.includes("experimental"),
}))"""


@one_viewport("desktop")
def test_the_gate_runs_every_rule_that_can_fail_it(page: Page) -> None:
    """The rules left out are exactly those whose impact (the impact axe gives each of their
    results) is minor or moderate; every rule that can report a serious or critical violation
    by default (enabled, not experimental) still runs."""
    page.set_content(BROKEN)
    ran = set(run_axe(page)["ran"])
    rules = page.evaluate(RULES)
    blocking = {r["id"] for r in rules if r["enabled"] and r["impact"] not in NOT_BLOCKING}
    left_out = {r["id"] for r in rules if r["impact"] in NOT_BLOCKING}
    assert blocking and left_out
    assert blocking <= ran
    assert not ran & left_out
    assert {r["impact"] for r in rules} <= set(BLOCKING) | set(NOT_BLOCKING)
