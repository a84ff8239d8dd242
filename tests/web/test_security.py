"""CSRF on every POST, cookie flags, error pages without tracebacks, per-user scoping."""

import inspect
import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.routing import APIRoute

from tests.web.conftest import PASSWORD, TODAY, TestClient, make_app, onboard, post, sign_up
from tests.web.soup import alert, links, main_text, one, parse, status


def _api_routes(routes):
    """Every APIRoute, also inside included routers (FastAPI 0.165 includes them lazily)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _api_routes(included.routes)  # our routers are included without a prefix
        elif isinstance(route, APIRoute):
            yield route


def _post_paths(app):
    paths = []
    for route in _api_routes(app.routes):
        if isinstance(route, APIRoute) and "POST" in route.methods:
            path = route.path.replace("{set_id}", "1").replace("{day}", TODAY.isoformat())
            path = path.replace("{step}", "about")
            path = path.replace("{job_id}", "1")
            assert "{" not in path, path
            paths.append(path)
    return paths


def test_the_app_has_post_routes_to_check(app):
    assert len(_post_paths(app)) >= 11


@pytest.mark.parametrize("with_cookie", [True, False], ids=["cookie-no-token", "nothing"])
def test_every_post_route_refuses_a_request_without_the_csrf_token(member, app, with_cookie):
    if not with_cookie:
        member.cookies.delete("csrftoken")
    for path in _post_paths(app):
        response = member.post(path, data={"email": "a@example.com"}, follow_redirects=False)
        assert response.status_code == 403, path
        bad = member.post(path, data={"csrftoken": "forged"}, follow_redirects=False)
        assert bad.status_code == 403, path
        header = member.post(path, headers={"x-csrftoken": "forged"}, follow_redirects=False)
        assert header.status_code == 403, path
    # and nothing happened: still signed in, programme still there
    assert member.get("/programme").status_code == 200


def test_the_token_is_accepted_as_a_header_too(client):
    sign_up(client)
    page = client.get("/account")
    headers = json.loads(str(one(parse(page.text), "body")["hx-headers"]))  # what htmx sends
    assert list(headers) == ["x-csrftoken"]
    response = client.post("/logout", headers=headers, follow_redirects=False)
    assert response.status_code == 303


def test_a_multipart_form_carries_the_token_too(member):
    csv = b"Date,Exercise Name,Set Order,Weight,Reps\n"
    response = post(member, "/import", files={"file": ("x.csv", csv, "text/csv")}, page="/import")
    assert response.status_code in (200, 422)  # passed CSRF; the body decides the rest


def test_session_and_csrf_cookies_are_httponly_and_samesite_lax(client):
    response = sign_up(client, "a@example.com")
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("hamstrong_session="))
    assert "httponly" in session.lower() and "samesite=lax" in session.lower()
    assert "secure" not in session.lower()  # plain http: a Secure cookie would never come back
    fresh = TestClient(client.app).get("/login")
    csrf = next(c for c in fresh.headers.get_list("set-cookie") if c.startswith("csrftoken="))
    assert "httponly" in csrf.lower() and "samesite=lax" in csrf.lower()


def test_cookies_are_secure_over_https(app):
    with TestClient(app, base_url="https://testserver") as client:
        page = client.get("/login")
        csrf = next(c for c in page.headers.get_list("set-cookie") if c.startswith("csrftoken="))
        assert "secure" in csrf.lower()
        response = sign_up(client, "a@example.com")
        session = next(
            c for c in response.headers.get_list("set-cookie") if c.startswith("hamstrong_session=")
        )
        assert "secure" in session.lower() and "httponly" in session.lower()


def test_an_unexpected_error_shows_the_500_page_without_a_traceback(settings, clock):
    app = make_app(settings, clock=clock)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert main_text(response.text) == (
        "Something went wrong That is our fault, not yours. Nothing you entered before this page "
        "was lost. Try again in a moment. Back to today"
    )
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_unknown_pages_are_the_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert main_text(response.text) == "Not found No such page. Back to today"


def _first_set_id(client):
    form = {"exercise": "hip-hinge-dowel", "order": "1", "side": "both", "reps": "8", "pain": "0"}
    post(client, f"/session/{TODAY.isoformat()}/sets", form, page="/")
    edits = [
        href for href, label in links(parse(client.get("/history").text)).items() if label == "Edit"
    ]
    assert len(edits) == 1, edits
    return int(edits[0].removeprefix("/sets/").removesuffix("/edit"))


def test_another_users_set_is_404_everywhere(member, app):
    set_id = _first_set_id(member)
    post(member, "/logout")
    with TestClient(app) as other:
        sign_up(other, email="sam@example.com")
        onboard(other)
        post(other, "/onboarding/start")
        assert other.get(f"/sets/{set_id}/edit").status_code == 404
        edit = post(
            other,
            f"/sets/{set_id}",
            {"day": TODAY.isoformat(), "exercise": "hip-hinge-dowel", "reps": "1"},
            page="/",
        )
        assert edit.status_code == 404
        assert post(other, f"/sets/{set_id}/delete", page="/").status_code == 404
        assert not [a for a in links(parse(other.get("/history").text)) if a.startswith("/sets/")]
    assert app.state.store.set_ids(app.state.store.find_user_by_email("ria@example.com").id) == [
        set_id
    ]


def test_a_session_on_a_day_without_one_is_404(member):
    assert member.get("/session/2026-12-08").status_code in (200, 404)
    assert member.get("/session/1999-01-01").status_code == 404
    assert member.get("/session/not-a-date").status_code == 404


def test_the_calendar_feed_rejects_a_forged_token(member):
    assert member.get("/ical/forged.ics").status_code == 404


def test_a_token_signed_with_an_old_key_is_replaced_on_the_next_page(client):
    client.cookies.set("csrftoken", "InN0YWxlIg.signed-with-an-old-key")
    page = client.get("/signup")
    renewed = next(c for c in page.headers.get_list("set-cookie") if c.startswith("csrftoken="))
    assert "old-key" not in renewed
    response = post(
        client,
        "/signup",
        {"email": "a@example.com", "password": PASSWORD},
        page="/signup",
        follow_redirects=False,
    )
    assert response.status_code == 200 and status(response.text) == (
        "If that email had no account, it has one now: log in with it to start. If it had one "
        "already, log in with its password."
    )


def test_a_refused_form_gets_a_page_that_says_what_to_do(client):
    client.get("/login")
    response = client.post("/login", data={"email": "a@example.com", "password": "x" * 12})
    assert response.status_code == 403
    assert main_text(response.text) == (
        "Please try again This form had expired or did not come from HamStrong, so nothing was "
        "saved. Go back, reload the page, and send it again. Back to HamStrong"
    )


def test_the_throttle_forgets_old_attempts_and_keeps_no_email(tmp_path):
    from hamstrong.services.accounts import Limits, Throttle, TooManyAttempts
    from hamstrong.store import open_store

    now = [1_000_000.0]
    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as store:
        throttle = Throttle(store, secret="s", limits=Limits(window=10), clock=lambda: now[0])
        a, b = throttle.key("pair", "a@example.com", "127.0.0.1"), throttle.key("b@example.com")
        throttle.attempt({a: 2})
        throttle.attempt({a: 2})
        with pytest.raises(TooManyAttempts) as refused:
            throttle.attempt({a: 2})  # the third in the window
        # the wait it asks for is the window, in its words and in Retry-After alike
        assert refused.value.retry_after == 10
        assert "Wait 1 minute and try again" in str(refused.value)
        throttle.attempt({b: 2})
        now[0] += 11
        throttle.attempt({a: 2})  # the old ones are forgotten
    with sqlite3.connect(tmp_path / "w.db") as db:
        keys = [key for (key,) in db.execute("SELECT key FROM login_failures")]
    assert keys == [a] and "example" not in a and "127.0.0.1" not in a


def test_every_worker_counts_the_same_failed_logins(settings, clock):
    """Two apps on one database (two `serve` workers): five failures in all, across both,
    block the sixth attempt on either."""
    first = TestClient(make_app(settings, today=lambda: TODAY, clock=clock))
    second = TestClient(make_app(settings, today=lambda: TODAY, clock=clock))
    with first, second:
        sign_up(first)
        wrong = {"email": "ria@example.com", "password": "not the password"}
        for n in range(5):
            assert post(first if n % 2 else second, "/login", wrong).status_code == 422
        right = {"email": "ria@example.com", "password": PASSWORD}
        assert post(first, "/login", right).status_code == 429
        assert post(second, "/login", right).status_code == 429


def test_no_route_runs_on_the_event_loop(app):
    """Routes are plain functions, run in the thread pool: argon2, a database wait or a large
    import in one request never stalls the others served by the same worker."""
    on_the_loop = [
        route.path
        for route in _api_routes(app.routes)
        if inspect.iscoroutinefunction(route.endpoint)
    ]
    assert on_the_loop == []


def test_a_database_that_cannot_be_used_gives_a_503_page_not_a_500(app, settings, tmp_path):
    with TestClient(app, base_url="http://testserver") as client:
        sign_up(client)
        post(client, "/logout")
        app.state.store.close()  # the file goes away from under the running app
        database = Path(settings.database_url.removeprefix("sqlite:///"))
        database.rename(tmp_path / "moved.db")
        database.mkdir()  # SQLite cannot open a folder: "unable to open database file"
        for response in (
            post(client, "/login", {"email": "ria@example.com", "password": PASSWORD}),
            post(client, "/signup", {"email": "new@example.com", "password": PASSWORD}),
        ):
            assert response.status_code == 503
            assert alert(response.text) == (
                "The training log could not be reached just now, so this request saved nothing. "
                "What you entered before it is safe. Please try again in a moment."
            )
            assert response.headers["Retry-After"] == "5"
            assert "Traceback" not in response.text and "unable to open" not in response.text
