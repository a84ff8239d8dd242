"""Account use-cases: sign up, sign in (throttled), sessions, change or reset the password,
delete.

The web app calls only these. A session is a random token: the signed cookie carries it, the
store keeps only its SHA-256, so logging out or changing the password ends it on the server. A
password-reset link works the same way: the mail carries the token, the store its hash.
"""

import hashlib
import hmac
import math
import secrets
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING

from hamstrong.core.units import Unit, parse_unit
from hamstrong.errors import HamstrongError, InvalidInput
from hamstrong.passwords import Passwords

if TYPE_CHECKING:
    from hamstrong.store import Store

SESSION_DAYS = 14
WRONG_LOGIN = "That email and password do not match an account."
WRONG_CURRENT = "is not your current password"
RESET_MINUTES = 60  # how long a reset link works; it works once
TOO_MANY = (
    "Too many failed attempts for this account from here. Wait {wait} and try again; "
    "nothing is locked for good."
)
TOO_MANY_RESETS = (
    "Too many password-reset requests for this email or from here. Wait {wait}, and look "
    "for the mails already sent (and in the spam folder)."
)


class TooManyAttempts(HamstrongError):
    """More attempts than the throttle allows in its window: try again once it has passed."""

    status = 429

    def __init__(self, message: str, *, window: float) -> None:
        """``message`` says ``{wait}`` where the window goes, so the words and the Retry-After
        header say the same wait."""
        minutes = math.ceil(window / 60)
        super().__init__(message.format(wait=f"{minutes} minute{'s' if minutes != 1 else ''}"))
        self.retry_after = math.ceil(window)


@dataclass(frozen=True, slots=True)
class Limits:
    """Attempts allowed in ``window`` seconds, per kind of key.

    ``pair`` (this email from this address) is what a typing owner meets; ``address`` (any
    email from this address) stops one address trying many accounts; ``account`` (this email
    from any address) stops many addresses guessing one password. A device the account signed
    in from before skips the last two, so an attack slows the account down for strangers
    without locking its owner out.
    """

    pair: int = 5
    address: int = 30
    account: int = 30
    password: int = 5  # current-password checks of one signed-in user
    resets: int = 3  # reset mails asked for one email, from any address
    window: float = 15 * 60


class Throttle:
    """Counts attempts in the store, keyed by an HMAC under the app's secret (never an email or
    an address), so every worker process counts alike and a restart forgets nothing."""

    def __init__(
        self,
        store: "Store",
        *,
        secret: str,
        limits: Limits = Limits(),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store, self.limits, self.clock = store, limits, clock
        self._secret = secret.encode()

    def key(self, *parts: str) -> str:
        return hmac.new(self._secret, "|".join(parts).encode(), hashlib.sha256).hexdigest()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    def attempt(self, keys: dict[str, int], *, message: str = TOO_MANY) -> list[int]:
        """Count one attempt under each key (key → its limit) before anything is checked;
        TooManyAttempts (saying ``message``) if any key is over its limit. Returns the attempt's
        ids."""
        now = self.now()
        since = now - timedelta(seconds=self.limits.window)
        ids, counts = self.store.record_login_attempt(list(keys), at=now, since=since)
        if any(count > limit for count, limit in zip(counts, keys.values(), strict=True)):
            raise TooManyAttempts(message, window=self.limits.window)
        return ids


@dataclass(frozen=True, slots=True)
class SignedIn:
    user_id: int
    email: str
    token: str  # the session token for the cookie; the store has only its hash


def sign_up(store: "Store", passwords: Passwords, *, email: str, password: str) -> None:
    """Create an account for ``email`` if it has none; say nothing either way.

    Whether an email is registered is nobody's business: the answer, and the time it takes (one
    argon2 hash in both cases), are the same. The person then logs in as usual.
    """
    password_hash = passwords.hash(password)
    with suppress(InvalidInput):  # registered already: nothing is changed, and nothing tells
        store.create_user(email, password_hash)


def authenticate(
    store: "Store",
    passwords: Passwords,
    throttle: Throttle,
    *,
    email: str,
    password: str,
    address: str,
    known_device: bool = False,
) -> SignedIn:
    """Sign in: count the attempt, then check the password, then start a session.

    The attempt is counted before argon2 runs, in one transaction with every other attempt,
    so concurrent guesses cannot all slip under the limit. A success forgets its own attempt
    and the earlier failures of this email from this address.
    """
    limits = throttle.limits
    pair = throttle.key("pair", email, address)
    keys = {pair: limits.pair}
    if not known_device:
        keys[throttle.key("address", address)] = limits.address
        keys[throttle.key("account", email)] = limits.account
    ids = throttle.attempt(keys)
    found = store.find_user_by_email(email)
    # an unknown email is verified against the dummy hash, so it costs what a wrong password does
    if not passwords.verify(found.password_hash if found else None, password) or found is None:
        raise InvalidInput({"password": WRONG_LOGIN})
    store.forget_login_attempts(ids, key=pair)
    token = secrets.token_urlsafe(32)
    now = throttle.now()
    store.create_session(
        found.id, _hashed(token), expires=now + timedelta(days=SESSION_DAYS), now=now
    )
    return SignedIn(found.id, email, token)


@dataclass(frozen=True, slots=True)
class SessionOwner:
    """The user a live session belongs to, and the unit they enter and read loads in."""

    user_id: int
    unit: Unit


def session_user(store: "Store", token: str, *, now: datetime) -> int | None:
    """The user a session token belongs to, or None: unknown, logged out, or expired."""
    found = session_user_unit(store, token, now=now)
    return None if found is None else found.user_id


def session_user_unit(store: "Store", token: str, *, now: datetime) -> SessionOwner | None:
    """The user a session token belongs to and their unit for loads (one query)."""
    found = store.session_user_unit(_hashed(token), now=now)
    return None if found is None else SessionOwner(found.user_id, parse_unit(found.unit) or Unit.KG)


def unit(store: "Store", *, user_id: int) -> Unit:
    """The unit the user enters and reads loads in."""
    return parse_unit(store.unit(user_id)) or Unit.KG


def set_unit(store: "Store", *, user_id: int, unit: Unit) -> None:
    """Enter and read loads in ``unit`` from now on; loads stay stored in kg, and the plan's
    loads come in that unit's steps (5 lb plates, 2.5 lb dumbbells)."""
    store.set_unit(user_id, unit.value)


def log_out(store: "Store", token: str) -> None:
    """End the session on the server: a copy of its cookie no longer signs anyone in."""
    store.end_session(_hashed(token))


def change_password(
    store: "Store",
    passwords: Passwords,
    throttle: Throttle,
    *,
    user_id: int,
    token: str,
    current: str,
    new: str,
) -> None:
    """Check the current password (throttled like a login), set the new one, and end every
    other session of the user; the one that changed it stays signed in."""
    keys = {throttle.key("password", str(user_id)): throttle.limits.password}
    ids = throttle.attempt(keys)
    found = store.password_hash(user_id)
    if found is None or not passwords.verify(found, current):
        raise InvalidInput({"current": WRONG_CURRENT})
    store.forget_login_attempts(ids, key=next(iter(keys)))
    store.set_password_hash(user_id, passwords.hash(new), keep_session=_hashed(token))


class ResetLinkGone(HamstrongError):
    """A reset link that was used already, expired, or was replaced by a newer one."""

    status = 410

    def __init__(self) -> None:
        super().__init__(
            "That reset link has expired or was used already. Ask for a new one: it works for "
            f"{RESET_MINUTES} minutes, once."
        )


def request_password_reset(
    store: "Store",
    throttle: Throttle,
    *,
    email: str,
    address: str,
    link: Callable[[str], str],
    sender: str,
    outbox: Callable[[EmailMessage], None],
) -> None:
    """Mail a single-use reset link to ``email`` if it has an account; say nothing either way.

    ``link`` turns a token into the address the mail gives; ``outbox`` takes the message (the
    web sends it after the answer has gone, so an unknown email answers no sooner). Throttled
    per email and per client address, like a login, so nobody can flood a mailbox.
    """
    limits = throttle.limits
    throttle.attempt(
        {
            throttle.key("reset", email): limits.resets,
            throttle.key("reset-address", address): limits.address,
        },
        message=TOO_MANY_RESETS,
    )
    found = store.find_user_by_email(email)
    if found is None:
        return
    token = secrets.token_urlsafe(32)
    now = throttle.now()
    store.create_password_reset(
        found.id, _hashed(token), expires=now + timedelta(minutes=RESET_MINUTES), now=now
    )
    outbox(_reset_message(email, link(token), sender))


def reset_link_live(store: "Store", throttle: Throttle, token: str) -> bool:
    """Whether the link still works; looking does not use it up (mail scanners open links)."""
    return store.password_reset_user(_hashed(token), now=throttle.now()) is not None


def reset_password(
    store: "Store",
    passwords: Passwords,
    throttle: Throttle,
    *,
    token: str,
    new: str,
    address: str,
) -> None:
    """Set a new password through a live reset link, which is then used up, and end every
    session of the account (whoever knew the old password is signed out). ResetLinkGone if the
    link does not work (any more)."""
    throttle.attempt({throttle.key("reset-use", address): throttle.limits.address})
    password_hash = passwords.hash(new)
    if store.use_password_reset(_hashed(token), password_hash, now=throttle.now()) is None:
        raise ResetLinkGone


def _reset_message(email: str, link: str, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "Reset your HamStrong password"
    message["From"] = sender
    message["To"] = email
    message.set_content(
        f"Someone, we hope you, asked to reset the password of the HamStrong account {email}.\n"
        f"\nTo choose a new password, open this link within {RESET_MINUTES} minutes:\n\n"
        f"{link}\n\nIt works once. Choosing a new password signs you out everywhere else.\n"
        "\nIf you did not ask for this, ignore this mail: your password stays as it is.\n"
    )
    return message


def delete_account(store: "Store", *, user_id: int) -> None:
    """The account, its sessions and everything it logged or planned, gone from disk too."""
    store.delete_user(user_id)


def _hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
