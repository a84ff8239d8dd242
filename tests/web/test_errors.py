"""Errors render once: each carries its status, and "what to do next" becomes a link."""

from datetime import timedelta

import pytest

from hamstrong.errors import HamstrongError, InvalidCatalogue, InvalidInput, NotFound
from hamstrong.store import StoreUnavailable
from tests.web.conftest import TODAY, TestClient, make_app, onboard, post, sign_up
from tests.web.soup import links, one, parse, text


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
    main = one(parse(response.text), "main")
    assert links(main)["/exercises"] == "See the exercise library"
    assert text(main.p) == "No exercise called 'nordic-crul'."
    assert "`" not in text(main) and "hamstrong exercises" not in text(main)


def test_the_403_page_is_rendered_in_the_layout(member):
    member.get("/login")
    refused = member.post("/checkin", data={"pain": "1"})
    assert refused.status_code == 403
    page = parse(refused.text)
    assert [text(p) for p in one(page, "main").select("p")] == [
        "This form had expired or did not come from HamStrong, so nothing was saved. Go back, "
        "reload the page, and send it again.",
        "Back to HamStrong",
    ]
    assert links(one(page, "main"))["/"] == "Back to HamStrong"
    skip = one(page, "a.skip")  # base.html, as every page
    assert skip["href"] == "#main" and text(skip) == "Skip to the content"


def test_a_finished_programme_offers_the_next_block_as_a_link(settings, clock):
    today = [TODAY]
    app = make_app(settings, today=lambda: today[0], clock=clock)
    with TestClient(app, base_url="http://testserver") as client:
        sign_up(client)
        onboard(client)
        assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
        today[0] = TODAY + timedelta(weeks=20)  # past the end of the 8-week programme
        response = client.get("/")
    main = one(parse(response.text), "main")
    assert text(one(main, "section.rest h2")) == "No session today"
    assert [text(li) for li in main.select("ul.notes li")] == ["The programme has ended."]
    assert links(main)["/onboarding"] == "Start a new programme"
    assert "hamstrong start" not in response.text


def test_a_wrong_method_gets_the_error_page_in_the_layout(client):
    response = client.get("/logout")  # a form's address, opened as a link
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    page = parse(response.text)
    assert text(one(page, '[role="alert"]')) == (
        "This address cannot be opened that way: use the links and buttons on the pages."
    )
    assert text(one(page, "a.skip")) == "Skip to the content"  # base.html, as every page
