"""Dependencies: the caller (the signed-in user with the store, library, plans and day every
use-case needs), the store and library for pages before sign-in, and the submitted form.

Routes are plain ``def`` functions, which FastAPI runs in its thread pool, so that argon2, a
database wait or parsing an upload never stalls the event loop. The dependencies that do no I/O
are ``async`` (FastAPI calls them on the loop; a sync one costs a trip to the thread pool each);
``signed_in_caller`` reads the database, so it stays sync; ``FormDep`` reads the body on the loop.
"""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, TypedDict

import anyio
from fastapi import Depends, Request
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.responses import Response

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


class Planning(TypedDict):
    """The keyword arguments of the services that plan for a user (today's session, the
    programme, progress, moves): ``service(caller.store, **caller.planning)``."""

    user_id: int
    library: Library
    today: date
    plans: PlanCache


@dataclass(frozen=True)
class Caller:
    """Who asks, and what every one of their use-cases needs, resolved once per request.

    Routes pass ``caller.user`` to each service, which checks that the data asked for belongs
    to that user (a set, a check, a session of someone else is a 404 like one that never was).
    ``today`` is read from the app's clock once, so one request never straddles midnight.
    """

    user: int
    store: Store
    library: Library
    plans: PlanCache
    today: date
    unit: Unit  # loads are shown and read in it

    @property
    def planning(self) -> Planning:
        return Planning(user_id=self.user, library=self.library, today=self.today, plans=self.plans)


def then_prepare(response: Response, caller: Caller) -> Response:
    """``response``, after which (once it is sent) today's page is worked out and kept for
    every worker (``services.sessions.prepare_today``): for writes that make each worker read
    the whole log again, so that no worker's next request waits for that."""
    from hamstrong.services.sessions import prepare_today

    response.background = BackgroundTask(
        prepare_today,
        caller.store,
        user_id=caller.user,
        library=caller.library,
        today=caller.today,
        plans=caller.plans,
    )
    return response


def caller_for(request: Request, user: int, unit: Unit = Unit.KG) -> Caller:
    """The caller for ``user``: the signed-in one, or the one a signed feed address names."""
    today: Callable[[], date] = request.app.state.today  # tests inject the clock
    return Caller(
        user=user,
        store=store_of(request),
        library=request.app.state.library,
        plans=request.app.state.plans,
        today=today(),
        unit=unit,
    )


def signed_in_caller(request: Request) -> Caller:
    """The signed-in caller; without one, ``SignInRequired`` (the app redirects to log in)."""
    return caller_for(request, signed_in_user(request), unit_of(request))


def maybe_caller(request: Request) -> Caller | None:
    """The signed-in caller, or None for a visitor (pages that greet visitors)."""
    try:
        return signed_in_caller(request)
    except SignInRequired:
        return None


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
    if found is None or found.user_id != request.session.get("user_id"):
        request.session.clear()
        raise SignInRequired
    request.state.unit = found.unit  # the pages show and read loads in it
    return found.user_id


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


CallerDep = Annotated[Caller, Depends(signed_in_caller)]
MaybeCaller = Annotated[Caller | None, Depends(maybe_caller)]
StoreDep = Annotated[Store, Depends(get_store)]  # pages before sign-in
LibraryDep = Annotated[Library, Depends(get_library)]
FormDep = Annotated[FormData, Depends(submitted_form)]
PasswordWork = Annotated[None, Depends(password_work)]
