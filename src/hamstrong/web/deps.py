"""Dependencies: the store, the library, the clock, the signed-in user and the submitted form.

Routes are plain ``def`` functions, which FastAPI runs in its thread pool, so that argon2, a
database wait or parsing an upload never stalls the event loop. The dependencies that do no I/O
are ``async`` (FastAPI calls them on the loop; a sync one costs a trip to the thread pool each);
``current_user`` reads the database, so it stays sync; ``FormDep`` reads the body on the loop.
"""

from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Annotated

import anyio
from fastapi import Depends, Request
from starlette.datastructures import FormData

from hamstrong.core.exercises import Library
from hamstrong.core.units import Unit
from hamstrong.passwords import Passwords
from hamstrong.services import accounts
from hamstrong.services.plans import PlanCache
from hamstrong.store import Store
from hamstrong.web.security import SESSION_TOKEN


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
    """The signed-in user's id. The cookie only names a session; the store says whether it is
    still live, so a logged-out, expired, replaced (password changed) or deleted account's
    session counts as signed out even when someone kept a copy of its cookie."""
    token = request.session.get(SESSION_TOKEN)
    if not isinstance(token, str):
        raise SignInRequired
    found = accounts.session_user_unit(store_of(request), token, now=throttle_of(request).now())
    if found is None or found[0] != request.session.get("user_id"):
        request.session.clear()
        raise SignInRequired
    request.state.unit = found[1]  # the pages show and read loads in it
    return found[0]


def unit_of(request: Request) -> Unit:
    """The signed-in user's unit for loads (kg before sign-in)."""
    unit: Unit = getattr(request.state, "unit", Unit.KG)
    return unit


def passwords_of(request: Request) -> Passwords:
    passwords: Passwords = request.app.state.passwords
    return passwords


def throttle_of(request: Request) -> accounts.Throttle:
    throttle: accounts.Throttle = request.app.state.throttle
    return throttle


ARGON2_SLOTS = 2  # argon2 hashes at once per worker; each takes a core's worth for ~50 ms


async def password_work(request: Request) -> AsyncIterator[None]:
    """Wait for a turn to run argon2, on the event loop, before the route takes a thread.

    Without it, 40 logins at once took every route thread of a worker, each running argon2
    (64 MiB, 4 lanes), and the other pages waited behind them for seconds. Now at most
    ``ARGON2_SLOTS`` routes of a worker hash at once; the rest wait without holding a thread.
    """
    slots: anyio.Semaphore | None = getattr(request.app.state, "argon2_slots", None)
    if slots is None:
        slots = request.app.state.argon2_slots = anyio.Semaphore(ARGON2_SLOTS)
    async with slots:
        yield


StoreDep = Annotated[Store, Depends(get_store)]
LibraryDep = Annotated[Library, Depends(get_library)]
PlansDep = Annotated[PlanCache, Depends(get_plans)]
TodayDep = Annotated[date, Depends(get_today)]
CurrentUser = Annotated[int, Depends(current_user)]
FormDep = Annotated[FormData, Depends(submitted_form)]
PasswordWork = Annotated[None, Depends(password_work)]
