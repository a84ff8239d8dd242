"""Sign up, log in, log out, change password, delete the account, throttling."""

import logging

import pytest

from tests.web.conftest import PASSWORD, TestClient, make_app, post, sign_up
from tests.web.soup import (
    alert,
    csrf_token,
    field_error,
    field_value,
    links,
    main_text,
    one,
    parse,
    status,
)

SIGNED_UP = (
    "If that email had no account, it has one now: log in with it to start. "
    "If it had one already, log in with its password."
)
CHANGED = "Password changed. Any other device signed in to your account is now signed out."


def test_sign_up_then_log_in_opens_onboarding(client):
    created = post(client, "/signup", {"email": "ria@example.com", "password": PASSWORD})
    assert created.status_code == 200
    assert status(created.text) == SIGNED_UP
    assert field_value(created.text, "email") == "ria@example.com"
    assert client.get("/history", follow_redirects=False).status_code == 303  # not signed in
    response = post(
        client, "/login", {"email": "ria@example.com", "password": PASSWORD}, follow_redirects=False
    )
    assert response.headers["location"] == "/"
    assert client.get("/", follow_redirects=False).headers["location"] == "/onboarding"
    assert client.get("/onboarding/about").status_code == 200


@pytest.mark.parametrize(
    ("email", "password", "field", "message"),
    [
        ("not-an-email", PASSWORD, "email", "must be an email address like you@example.com"),
        ("", PASSWORD, "email", "is required"),
        ("a@example.com", "short", "password", "must be at least 10 characters"),
        ("ri\x00a@example.com", PASSWORD, "email", "must be an email address like you@example.com"),
    ],
    ids=["bad-email", "no-email", "short-password", "nul-email"],  # a NUL: 500 on PostgreSQL
)
def test_sign_up_bad_input_is_422_with_the_message_next_to_the_field(
    client, app, email, password, field, message
):
    response = post(client, "/signup", {"email": email, "password": password})
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    assert app.state.store.find_user_by_email(email.lower()) is None  # nothing half-saved


def test_sign_up_does_not_reveal_a_registered_email(client, app):
    """Audit finding 7: signing up with a registered email said "already registered"."""
    sign_up(client)
    post(client, "/logout")
    taken = post(client, "/signup", {"email": "RIA@example.com", "password": "another passphrase"})
    free = post(client, "/signup", {"email": "sam@example.com", "password": "another passphrase"})
    assert taken.status_code == free.status_code == 200
    # the same page but for the email typed back and the CSRF token (it differs per request)
    same = taken.text.replace(csrf_token(taken.text), csrf_token(free.text))
    assert same.replace("ria@example.com", "sam@example.com") == free.text
    assert status(taken.text) == status(free.text) == SIGNED_UP
    wrong = post(client, "/login", {"email": "ria@example.com", "password": "another passphrase"})
    assert wrong.status_code == 422  # the account kept its password


def test_log_out_then_in_again(client):
    sign_up(client)
    assert post(client, "/logout", follow_redirects=False).status_code == 303
    assert client.get("/history", follow_redirects=False).headers["location"] == "/login"
    response = post(
        client, "/login", {"email": "ria@example.com", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303
    assert client.get("/history").status_code == 200


def test_wrong_password_is_422_and_says_so(client):
    sign_up(client)
    post(client, "/logout")
    response = post(client, "/login", {"email": "ria@example.com", "password": "wrong password!"})
    assert response.status_code == 422
    assert field_error(response.text, "password") == (
        "That email and password do not match an account."
    )


def test_pages_need_sign_in(client):
    for path in (
        "/history",
        "/progress",
        "/programme",
        "/account",
        "/onboarding/about",
        "/session/2026-12-07",
    ):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login", path


def test_htmx_requests_are_sent_to_login_with_hx_redirect(client):
    response = client.get("/history", headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.headers["HX-Redirect"] == "/login"


def test_six_failed_logins_are_throttled_with_429_until_15_minutes_pass(client, clock):
    sign_up(client)
    post(client, "/logout")
    wrong = {"email": "ria@example.com", "password": "not the password"}
    for _ in range(5):
        assert post(client, "/login", wrong).status_code == 422
    blocked = post(client, "/login", {"email": "ria@example.com", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.headers["Retry-After"] == str(15 * 60)  # the window the message names
    assert alert(blocked.text) == (
        "Too many failed attempts for this account from here. "
        "Wait 15 minutes and try again; nothing is locked for good."
    )
    assert links(one(parse(blocked.text), "main")) == {"/login": "Back to log in"}
    other = post(client, "/login", {"email": "other@example.com", "password": "whatever1234"})
    assert other.status_code == 422  # another email from the same place is not blocked
    clock.now += 15 * 60 + 1
    ok = post(
        client, "/login", {"email": "ria@example.com", "password": PASSWORD}, follow_redirects=False
    )
    assert ok.status_code == 303


def test_change_password_checks_the_current_one(client):
    sign_up(client)
    response = post(
        client,
        "/account/password",
        {"current": "wrong password", "new": "another long one"},
        page="/account",
    )
    assert response.status_code == 422
    assert field_error(response.text, "current") == "is not your current password"
    short = post(
        client, "/account/password", {"current": PASSWORD, "new": "short"}, page="/account"
    )
    assert (
        short.status_code == 422
        and field_error(short.text, "new") == "must be at least 10 characters"
    )


def test_change_password(settings, clock):
    with TestClient(make_app(settings, clock=clock)) as client:
        sign_up(client)
        response = post(
            client,
            "/account/password",
            {"current": PASSWORD, "new": "a brand new passphrase"},
            page="/account",
        )
        assert response.status_code == 200 and status(response.text) == CHANGED
        post(client, "/logout")
        old = post(client, "/login", {"email": "ria@example.com", "password": PASSWORD})
        assert old.status_code == 422
        new = post(
            client,
            "/login",
            {"email": "ria@example.com", "password": "a brand new passphrase"},
            follow_redirects=False,
        )
        assert new.status_code == 303


def test_delete_account_removes_the_user_and_their_data(member, app):
    store = app.state.store
    found = store.find_user_by_email("ria@example.com")
    assert found is not None and store.active_programme(found.id) is not None
    refused = post(member, "/account/delete", {"confirm": "nope"}, page="/account")
    assert (
        refused.status_code == 422
        and field_error(refused.text, "confirm") == "type the word delete to confirm"
    )
    response = post(member, "/account/delete", {"confirm": "delete"}, page="/account")
    assert response.status_code == 200 and main_text(response.text) == (
        "Account deleted Your account and all its data are gone. "
        "Thank you for training with HamStrong. Back to the start"
    )
    assert store.find_user_by_email("ria@example.com") is None
    assert store.active_programme(found.id) is None
    assert member.get("/history", follow_redirects=False).status_code == 303


def test_passwords_never_reach_logs_or_pages(client, caplog):
    caplog.set_level(logging.DEBUG)
    sign_up(client, password=PASSWORD)
    page = post(client, "/signup", {"email": "x@example.com", "password": "Tiny-pw-9"})
    post(client, "/logout")
    failed = post(client, "/login", {"email": "ria@example.com", "password": "Wrong-pw-42"})
    ok = post(client, "/login", {"email": "ria@example.com", "password": PASSWORD})
    for text in (page.text, failed.text, ok.text, caplog.text):
        for secret in (PASSWORD, "Tiny-pw-9", "Wrong-pw-42"):
            assert secret not in text


def test_changing_the_password_signs_out_every_other_session(app, client):
    sign_up(client)
    with TestClient(app, base_url="http://testserver") as other:
        login = {"email": "ria@example.com", "password": PASSWORD}
        assert post(other, "/login", login, follow_redirects=False).status_code == 303
        assert other.get("/account", follow_redirects=False).status_code == 200
        changed = post(
            client,
            "/account/password",
            {"current": PASSWORD, "new": "a brand new passphrase"},
            page="/account",
        )
        assert changed.status_code == 200 and status(changed.text) == CHANGED
        assert client.get("/account", follow_redirects=False).status_code == 200
        signed_out = other.get("/account", follow_redirects=False)
        assert signed_out.status_code == 303 and signed_out.headers["location"] == "/login"
