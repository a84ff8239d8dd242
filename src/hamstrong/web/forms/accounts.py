"""The accounts router's forms: sign up, log in, change or reset the password."""

import re
from dataclasses import dataclass

from starlette.datastructures import FormData

from hamstrong.errors import InvalidInput
from hamstrong.web.forms.fields import text

MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # argon2 copes, but nobody types more; refuses absurd bodies early
# no spaces and no control characters (PostgreSQL cannot even look a NUL up: it answered 500)
_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")


@dataclass(frozen=True, slots=True)
class Credentials:
    email: str
    password: str


def _email(form: FormData, problems: dict[str, str]) -> str:
    email = text(form, "email").lower()
    if not email:
        problems["email"] = "is required"
    elif len(email) > 254 or not _EMAIL.match(email):
        problems["email"] = "must be an email address like you@example.com"
    return email


def parse_signup_form(form: FormData) -> Credentials:
    problems: dict[str, str] = {}
    email = _email(form, problems)
    password = form.get("password")
    password = password if isinstance(password, str) else ""
    if len(password) < MIN_PASSWORD:
        problems["password"] = f"must be at least {MIN_PASSWORD} characters"
    elif len(password) > MAX_PASSWORD:
        problems["password"] = f"must be at most {MAX_PASSWORD} characters"
    if problems:
        raise InvalidInput(problems)
    return Credentials(email, password)


def parse_login_form(form: FormData) -> Credentials:
    problems: dict[str, str] = {}
    email = _email(form, problems)
    password = form.get("password")
    if not isinstance(password, str) or not password:
        problems["password"] = "is required"
    if problems:
        raise InvalidInput(problems)
    return Credentials(email, str(password)[:MAX_PASSWORD])


def parse_password_form(form: FormData) -> tuple[str, str]:
    """(current password, new password)."""
    problems: dict[str, str] = {}
    current = form.get("current")
    new = form.get("new")
    if not isinstance(current, str) or not current:
        problems["current"] = "is required"
    if not isinstance(new, str) or len(new) < MIN_PASSWORD:
        problems["new"] = f"must be at least {MIN_PASSWORD} characters"
    elif len(new) > MAX_PASSWORD:
        problems["new"] = f"must be at most {MAX_PASSWORD} characters"
    if problems:
        raise InvalidInput(problems)
    return str(current), str(new)


def parse_forgot_form(form: FormData) -> str:
    """The email a reset link is asked for."""
    problems: dict[str, str] = {}
    email = _email(form, problems)
    if problems:
        raise InvalidInput(problems)
    return email


_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


def reset_token(value: object) -> str | None:
    """The token of a reset link as the link carries it, or None if it is not one."""
    return value if isinstance(value, str) and _TOKEN.match(value) else None


def parse_reset_form(form: FormData) -> tuple[str | None, str]:
    """(the link's token or None if it is not one, the new password)."""
    new = form.get("new")
    if not isinstance(new, str) or len(new) < MIN_PASSWORD:
        raise InvalidInput({"new": f"must be at least {MIN_PASSWORD} characters"})
    if len(new) > MAX_PASSWORD:
        raise InvalidInput({"new": f"must be at most {MAX_PASSWORD} characters"})
    return reset_token(form.get("token")), new
