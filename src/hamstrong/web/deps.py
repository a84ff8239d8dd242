"""Dependencies: the store, the library, the clock and the signed-in user.

They are ``async`` so that FastAPI calls them on the event loop: a sync dependency costs a trip
to the thread pool each, which was a tenth of the time of logging a set. The one that reads
(``current_user``) is a single indexed lookup.
"""

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from hamstrong.core.exercises import Library
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


async def get_today(request: Request) -> date:
    """The local calendar day; tests inject the clock through ``create_app(today=...)``."""
    today: Callable[[], date] = request.app.state.today
    return today()


async def current_user(request: Request) -> int:
    return signed_in_user(request)


def signed_in_user(request: Request) -> int:
    """The signed-in user's id; a session whose account is gone counts as signed out."""
    user_id = request.session.get("user_id")
    email = request.session.get("email")
    if not isinstance(user_id, int) or not isinstance(email, str):
        raise SignInRequired
    found = store_of(request).find_user_by_email(email)
    if found is None or found[0] != user_id:
        request.session.clear()
        raise SignInRequired
    return user_id


StoreDep = Annotated[Store, Depends(get_store)]
LibraryDep = Annotated[Library, Depends(get_library)]
TodayDep = Annotated[date, Depends(get_today)]
CurrentUser = Annotated[int, Depends(current_user)]
