"""Forgot password: a single-use, expiring link by mail, sent through a real SMTP server that
the test starts; the same answer for an unknown email; throttled; every session ends."""

import hashlib
import logging
import sqlite3
from contextlib import closing
from dataclasses import replace
from email import message_from_string, policy
from urllib.parse import urlsplit

import pytest

from hamstrong.services.accounts import RESET_MINUTES
from hamstrong.settings import Smtp
from tests.mailbox import Mailbox, smtp_server
from tests.web.conftest import PASSWORD, TestClient, make_app, post, sign_up
from tests.web.soup import alert, field_error, one, parse, status, text

NEW = "a brand new passphrase"
RIA = "ria@example.com"


@pytest.fixture
def mailbox():
    with smtp_server(user="hamstrong", password="smtp secret") as box:
        yield box


@pytest.fixture
def mailing_app(settings, clock, mailbox: Mailbox):
    smtp = Smtp("127.0.0.1", mailbox.port, "hamstrong", "smtp secret", starttls=False)
    return make_app(replace(settings, smtp=smtp, mail_from="coach@example.org"), clock=clock)


@pytest.fixture
def mailing(mailing_app):
    with TestClient(mailing_app, base_url="http://testserver") as c:
        yield c


def _ask(client: TestClient, email: str = RIA):
    return post(client, "/password/forgot", {"email": email}, page="/password/forgot")


def _path(link: str) -> str:
    parts = urlsplit(link)
    assert parts.netloc == "testserver", link  # the request's checked host: no base URL is set
    return f"{parts.path}?{parts.query}"


def _reset(client: TestClient, path: str, new: str = NEW):
    token = path.split("token=", 1)[1]
    return post(client, "/password/reset", {"token": token, "new": new}, page=path)


def _login(client: TestClient, password: str):
    return post(client, "/login", {"email": RIA, "password": password}, follow_redirects=False)


def test_the_login_page_links_to_forgot_password(mailing):
    page = parse(mailing.get("/login").text)
    assert one(page, 'a[href="/password/forgot"]').get_text() == "Forgot your password?"


def test_a_mailed_link_sets_a_new_password_once_and_signs_out_everywhere(
    mailing_app, mailing, mailbox
):
    sign_up(mailing)
    with TestClient(mailing_app, base_url="http://testserver") as phone:
        sign_up_again = _login(phone, PASSWORD)  # the same account, signed in elsewhere too
        assert sign_up_again.status_code == 303
        assert phone.get("/history", follow_redirects=False).status_code == 200

        asked = _ask(mailing)
        assert asked.status_code == 200
        notice = text(one(parse(asked.text), "[role=status]"))
        assert notice == (
            f"If {RIA} has an account, a mail with a link to choose a new password is on its "
            f"way. The link works once, for {RESET_MINUTES} minutes."
        )
        [mail] = mailbox.received()
        assert (mail["To"], mail["From"]) == (RIA, "coach@example.org")
        assert mail["Subject"] == "Reset your HamStrong password"
        assert mailbox.logins == ["hamstrong"]  # the SMTP login from the settings was used
        path = _path(mailbox.link(RIA))

        for _ in range(2):  # opening the link (a mail scanner may) does not use it up
            form = mailing.get(path)
            assert form.status_code == 200
            assert one(parse(form.text), "h1").get_text() == "Choose a new password"

        done = _reset(mailing, path)
        assert done.status_code == 200
        assert status(done.text) == (
            "Password changed, and every device signed in to the account signed out. Log in."
        )
        assert phone.get("/history", follow_redirects=False).headers["location"] == "/login"
    assert mailing.get("/history", follow_redirects=False).headers["location"] == "/login"
    assert _login(mailing, PASSWORD).status_code == 422  # the old password no longer works
    assert _login(mailing, NEW).status_code == 303

    again = _reset(mailing, path, "yet another passphrase")
    assert again.status_code == 410
    assert alert(again.text) == (
        "That reset link has expired or was used already. Ask for a new one: it works for 60 "
        "minutes, once."
    )
    assert mailing.get(path).status_code == 410
    assert _login(mailing, NEW).status_code == 303  # the second use changed nothing


def test_an_unknown_email_gets_the_same_answer_and_no_mail(mailing, mailbox):
    sign_up(mailing)
    post(mailing, "/logout")
    known = _ask(mailing, RIA)
    unknown = _ask(mailing, "sam@example.com")
    assert known.status_code == unknown.status_code == 200
    assert text(one(parse(known.text), "main")).replace(RIA, "sam@example.com") == text(
        one(parse(unknown.text), "main")
    )
    assert [m["To"] for m in mailbox.received()] == [RIA]


def test_the_link_expires_after_an_hour(mailing, mailbox, clock):
    sign_up(mailing)
    _ask(mailing)
    path = _path(mailbox.link(RIA))
    clock.now += RESET_MINUTES * 60 + 1
    assert mailing.get(path).status_code == 410
    assert _reset(mailing, path).status_code == 410
    assert _login(mailing, PASSWORD).status_code == 303  # nothing changed


def test_a_newer_link_replaces_the_older_one(mailing, mailbox):
    sign_up(mailing)
    _ask(mailing)
    first = _path(mailbox.link(RIA))
    _ask(mailing)
    second = _path(mailbox.link(RIA))
    assert first != second
    assert _reset(mailing, first).status_code == 410
    assert _reset(mailing, second).status_code == 200


def test_the_store_keeps_only_a_hash_of_the_token(mailing, mailbox, settings):
    sign_up(mailing)
    _ask(mailing)
    token = mailbox.link(RIA).split("token=", 1)[1]
    path = settings.database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as db:
        stored = [row[0] for row in db.execute("SELECT token_hash FROM password_resets")]
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]


def test_asking_again_and_again_is_throttled(mailing, mailbox):
    sign_up(mailing)
    answers = [_ask(mailing).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert len(mailbox.received()) == 3
    other = _ask(mailing, "sam@example.com")  # another email from here is still answered
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("new", "message"),
    [("short", "must be at least 10 characters"), ("x" * 1025, "must be at most 1024")],
)
def test_a_bad_new_password_is_422_next_to_the_field_and_keeps_the_link(
    mailing, mailbox, new, message
):
    sign_up(mailing)
    _ask(mailing)
    path = _path(mailbox.link(RIA))
    bad = _reset(mailing, path, new)
    assert bad.status_code == 422
    assert message in field_error(bad.text, "new")
    assert _reset(mailing, path).status_code == 200  # the link still worked afterwards


@pytest.mark.parametrize("email", ["", "not an email"])
def test_a_bad_email_is_422_next_to_the_field(mailing, mailbox, email):
    response = _ask(mailing, email)
    assert response.status_code == 422
    assert field_error(response.text, "email") in (
        "is required",
        "must be an email address like you@example.com",
    )
    assert mailbox.received() == []


@pytest.mark.parametrize("token", ["", "not a token!", "a" * 200, "x" * 43])
def test_a_made_up_link_is_410(mailing, token):
    assert mailing.get("/password/reset", params={"token": token}).status_code == 410
    reset = post(mailing, "/password/reset", {"token": token, "new": NEW})
    assert reset.status_code == 410


def test_without_a_mail_server_the_mail_is_written_to_the_log(client, caplog):
    sign_up(client)
    with caplog.at_level(logging.WARNING, logger="hamstrong.mail"):
        assert _ask(client).status_code == 200
    [record] = [r for r in caplog.records if r.name == "hamstrong.mail"]
    said, mail = record.getMessage().split("\n", 1)
    assert said == "No HAMSTRONG_SMTP_HOST is set, so this mail is written here instead of sent:"
    written = message_from_string(mail, policy=policy.default)
    assert (written["To"], written["Subject"]) == (RIA, "Reset your HamStrong password")
    body = written.get_body(preferencelist=("plain",))
    assert body is not None and "http://testserver/password/reset?token=" in body.get_content()


def test_a_mail_server_that_is_down_is_logged_and_answers_alike(settings, clock, caplog):
    down = Smtp("127.0.0.1", _closed_port(), starttls=False)
    app = make_app(replace(settings, smtp=down), clock=clock)
    with TestClient(app, base_url="http://testserver") as client:
        sign_up(client)
        with caplog.at_level(logging.ERROR, logger="hamstrong.mail"):
            assert _ask(client).status_code == 200
    [said] = [r.getMessage() for r in caplog.records if r.name == "hamstrong.mail"]
    assert said.startswith(f"could not send mail to {RIA}: ConnectionRefusedError(")


def _closed_port() -> int:
    from tests.mailbox import free_port

    return free_port()  # bound and released: nothing listens there now


def test_deleting_the_account_deletes_its_pending_link(mailing, mailbox):
    sign_up(mailing)
    _ask(mailing)
    path = _path(mailbox.link(RIA))
    deleted = post(mailing, "/account/delete", {"confirm": "delete"}, page="/account")
    assert deleted.status_code == 200
    assert mailing.get(path).status_code == 410
