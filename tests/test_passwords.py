"""Passwords: argon2 with injectable parameters, no hashing at import, unknown accounts refused."""

import subprocess
import sys

import argon2
from argon2 import PasswordHasher

from hamstrong.passwords import Passwords

CHEAP = PasswordHasher.from_parameters(argon2.profiles.CHEAPEST)


def test_a_hash_verifies_its_password_and_no_other():
    passwords = Passwords(CHEAP)
    stored = passwords.hash("correct horse battery")
    assert stored.startswith("$argon2id$") and ",t=1," in stored  # the cheap parameters
    assert passwords.verify(stored, "correct horse battery")
    assert not passwords.verify(stored, "correct horse batterY")
    assert not passwords.verify("not a hash", "correct horse battery")


def test_an_unknown_account_is_refused_after_a_dummy_check_made_on_first_use():
    passwords = Passwords(CHEAP)
    assert passwords._dummy is None  # nothing hashed until someone signs in
    assert not passwords.verify(None, "not a password of anyone's")
    assert passwords._dummy is not None and ",t=1," in passwords._dummy  # same parameters


def test_the_default_parameters_are_argon2_cffis_recommended_ones():
    assert Passwords().hasher.time_cost == PasswordHasher().time_cost >= 2


def test_importing_the_web_app_hashes_nothing():
    """An argon2 hash at import time would slow every CLI start and every test worker."""
    code = (
        "import argon2._password_hasher as low\n"
        "calls = []\n"
        "real = low.hash_secret\n"
        "low.hash_secret = lambda *a, **k: calls.append(1) or real(*a, **k)\n"
        "import hamstrong.web.app, hamstrong.web.routes\n"
        "print(len(calls))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_the_web_app_signs_up_with_the_hasher_it_is_given(tmp_path):
    from hamstrong.settings import Settings
    from hamstrong.web.app import create_app
    from tests.web.conftest import TestClient, sign_up

    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/w.db",
        secret_key="s" * 32,
        allowed_hosts=("testserver",),
    )
    app = create_app(settings, password_hasher=CHEAP)
    with TestClient(app) as client:
        sign_up(client)
    stored = app.state.store.find_user_by_email("ria@example.com").password_hash
    assert ",t=1," in stored and Passwords(CHEAP).verify(stored, "correct horse battery")


class CountingHasher(PasswordHasher):
    """argon2's own hasher at the cheapest parameters, counting the passwords it checks."""

    def __init__(self) -> None:
        cheap = argon2.profiles.CHEAPEST
        super().__init__(
            cheap.time_cost, cheap.memory_cost, cheap.parallelism, cheap.hash_len, cheap.salt_len
        )
        self.checked = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.checked += 1
        return super().verify(hash, password)


def test_a_login_with_an_unknown_email_checks_a_password_like_a_wrong_password_does(tmp_path):
    """Otherwise the time a refusal takes tells which emails have an account."""
    from hamstrong.settings import Settings
    from hamstrong.web.app import create_app
    from tests.web.conftest import TestClient, post, sign_up

    hasher = CountingHasher()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/w.db",
        secret_key="s" * 32,
        allowed_hosts=("testserver",),
    )
    with TestClient(create_app(settings, password_hasher=hasher)) as client:
        sign_up(client)
        client.cookies.clear()
        checked = []
        for email in ("ria@example.com", "nobody@example.com"):
            before = hasher.checked
            refused = post(client, "/login", {"email": email, "password": "wrong password"})
            assert refused.status_code == 422
            checked.append(hasher.checked - before)
    assert checked == [1, 1]
