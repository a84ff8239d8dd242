"""The accessibility gate itself: it must fail on a page with a known serious violation."""

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import check_a11y

BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
<h1>Broken on purpose</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<label>Name</label><input type="text"></main></body></html>"""


def test_check_a11y_reports_serious_violations(page: Page) -> None:
    page.set_content(BROKEN)
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)[\s\S]*label \(critical\)"):
        check_a11y(page, "a broken page")
