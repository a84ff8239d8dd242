"""Dependencies: the store, the library, the clock, the signed-in user and the submitted form.

Routes are plain ``def`` functions, which FastAPI runs in its thread pool, so that argon2, a
database wait or parsing an upload never stalls the event loop. The dependencies that do no I/O
are ``async`` (FastAPI calls them on the loop; a sync one costs a trip to the thread pool each);
``current_user`` reads the database, so it stays sync; ``FormDep`` reads the body on the loop.
"""

import hashlib
from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from hamstrong.core.exercises import Library
from hamstrong.services.plans import PlanCache
from hamstrong.store import Store


class SignInRequired(Exception):
    """No (valid) signed-in user: the app's handler redirects to the login page."""


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_store(request: Request) -> Store:
    return store_of(request)


async def get_library(request: Request) -> Library:
    library: Library = request.app.state.library
    return library


async def get_plans(request: Request) -> PlanCache:
    plans: PlanCache = request.app.state.plans
    return plans


async def get_today(request: Request) -> date:
    """The local calendar day; tests inject the clock through ``create_app(today=...)``."""
    today: Callable[[], date] = request.app.state.today
    return today()


def current_user(request: Request) -> int:
    return signed_in_user(request)


async def submitted_form(request: Request) -> AsyncIterator[FormData]:
    """The form of a POST (URL-encoded or multipart, one file at most), its files closed after."""
    form = await request.form(max_files=1)
    try:
        yield form
    finally:
        await form.close()


def signed_in_user(request: Request) -> int:
    """The signed-in user's id; a session whose account is gone, or that began before the
    password last changed, counts as signed out."""
    user_id = request.session.get("user_id")
    email = request.session.get("email")
    if not isinstance(user_id, int) or not isinstance(email, str):
        raise SignInRequired
    found = store_of(request).find_user_by_email(email)
    if (
        found is None
        or found[0] != user_id
        or request.session.get("password") != password_mark(found[1])
    ):
        request.session.clear()
        raise SignInRequired
    return user_id


def password_mark(password_hash: str) -> str:
    """A short digest of the password hash, kept in the session: changing the password signs
    out every other session (the cookie is signed, not encrypted, so never the hash itself)."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


StoreDep = Annotated[Store, Depends(get_store)]
LibraryDep = Annotated[Library, Depends(get_library)]
PlansDep = Annotated[PlanCache, Depends(get_plans)]
TodayDep = Annotated[date, Depends(get_today)]
CurrentUser = Annotated[int, Depends(current_user)]
FormDep = Annotated[FormData, Depends(submitted_form)]
