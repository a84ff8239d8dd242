"""Every page of someone's data is reached through the one ``Caller`` dependency.

The services check that what is asked for belongs to ``caller.user``; this test makes sure no
route gets at the store for a user by another way (a new route that forgets the caller fails
here, not in production)."""

from collections.abc import Callable, Iterator
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from hamstrong.web.deps import maybe_caller, signed_in_caller
from hamstrong.web.routes import ROUTERS

# Pages anyone may open: before sign-in, the library, the app's icons, and the calendar feed
# (its signed address names the user; the route builds that user's caller itself).
PUBLIC = {
    ("GET", "/signup"),
    ("POST", "/signup"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/password/forgot"),
    ("POST", "/password/forgot"),
    ("GET", "/password/reset"),
    ("POST", "/password/reset"),
    ("POST", "/logout"),
    ("GET", "/exercises"),
    ("GET", "/exercises/{exercise_id}"),
    ("GET", "/learn"),
    ("GET", "/photos/{folder}/{name}"),
    ("GET", "/manifest.webmanifest"),
    ("GET", "/icons/icon-{size}.png"),
    ("GET", "/ical/{token}.ics"),
}
GREETS_VISITORS = {("GET", "/")}  # the welcome page, or today's session when signed in


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any] | None]:
    yield dependant.call
    for sub in dependant.dependencies:
        yield from _calls(sub)


def _routes() -> dict[tuple[str, str], set[Callable[..., Any] | None]]:
    return {
        (method, route.path): set(_calls(route.dependant))
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }


def test_every_private_route_asks_for_the_signed_in_caller():
    routes = _routes()
    without = sorted(
        key
        for key, calls in routes.items()
        if key not in PUBLIC | GREETS_VISITORS and signed_in_caller not in calls
    )
    assert without == []
    assert [k for k in sorted(GREETS_VISITORS) if maybe_caller not in routes[k]] == []


def test_public_routes_do_not_ask_for_a_caller():
    routes = _routes()
    assert routes.keys() >= PUBLIC
    assert sorted(k for k in PUBLIC if signed_in_caller in routes[k]) == []
