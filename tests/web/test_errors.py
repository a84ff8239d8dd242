"""Errors render once: each carries its status, and "what to do next" becomes a link."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest

from hamstrong.errors import HamstrongError, InvalidCatalogue, InvalidInput, NotFound
from hamstrong.store import StoreUnavailable
from tests.web.conftest import TODAY, TestClient, make_app, onboard, post, sign_up


class Page(HTMLParser):
    """The links (href -> text) and the text of the main element."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self.main: list[str] = []
        self._href: str | None = None
        self._in_main = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")
        if tag == "main":
            self._in_main = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None
        if tag == "main":
            self._in_main = False

    def handle_data(self, data: str) -> None:
        if self._href is not None and data.strip():
            self.links[self._href] = data.strip()
        if self._in_main:
            self.main.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.main).split())


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (HamstrongError("x"), 400),
        (InvalidInput({"reps": "x"}), 422),
        (NotFound("set", "1"), 404),
        (InvalidCatalogue("x"), 500),
        (StoreUnavailable("x"), 503),
    ],
)
def test_every_error_carries_its_status(error, status):
    assert error.status == status


def test_an_unknown_exercise_is_a_404_that_links_to_the_library_in_web_words(client):
    response = client.get("/exercises/nordic-crul")
    assert response.status_code == 404
    page = Page(response.text)
    assert page.links["/exercises"] == "See the exercise library"
    assert "No exercise called 'nordic-crul'." in page.text
    assert "`" not in page.text and "hamstrong exercises" not in page.text


def test_the_403_page_is_rendered_in_the_layout(member):
    member.get("/login")
    refused = member.post("/checkin", data={"pain": "1"})
    assert refused.status_code == 403
    assert Page(refused.text).links["/"] == "Back to HamStrong"
    assert '<a class="skip" href="#main">' in refused.text  # base.html, as every page


def test_a_finished_programme_offers_the_next_block_as_a_link(settings, clock):
    today = [TODAY]
    app = make_app(settings, today=lambda: today[0], clock=clock)
    with TestClient(app, base_url="http://testserver") as client:
        sign_up(client)
        onboard(client)
        assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
        today[0] = TODAY + timedelta(weeks=20)  # past the end of the 8-week programme
        response = client.get("/")
    page = Page(response.text)
    assert "The programme has ended." in page.text
    assert page.links["/onboarding"] == "Start a new programme"
    assert "hamstrong start" not in response.text
