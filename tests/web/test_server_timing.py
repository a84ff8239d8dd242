"""``HAMSTRONG_SERVER_TIMING``: how long the app took, in a ``Server-Timing`` header, only when
asked for (the bench turns it on; on every response it would tell anyone how long the server
worked on their request)."""

import re
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from hamstrong.errors import InvalidInput
from hamstrong.settings import load_settings
from tests.web.conftest import TODAY, make_app

TIMED = re.compile(r"app;dur=\d+\.\d")


def test_no_server_timing_header_unless_it_is_turned_on(client):
    assert "server-timing" not in client.get("/login").headers


def test_turned_on_every_response_says_how_long_the_app_took(settings, clock):
    app = make_app(replace(settings, server_timing=True), today=lambda: TODAY, clock=clock)
    with TestClient(app, base_url="http://testserver") as client:
        page, missing = client.get("/login"), client.get("/no-such-page")
    assert page.status_code == 200 and missing.status_code == 404
    for response in (page, missing):
        assert TIMED.fullmatch(response.headers["server-timing"])


@pytest.mark.parametrize(
    ("raw", "expected"), [("", False), ("1", True), ("true", True), ("off", False)]
)
def test_the_setting_reads_true_or_false(raw, expected):
    assert load_settings({"HAMSTRONG_SERVER_TIMING": raw}).server_timing is expected


def test_a_setting_that_is_neither_true_nor_false_is_refused_with_its_name():
    with pytest.raises(InvalidInput) as caught:
        load_settings({"HAMSTRONG_SERVER_TIMING": "maybe"})
    assert caught.value.problems == {"HAMSTRONG_SERVER_TIMING": "'maybe' is not true or false"}
