"""The private calendar feed: its signed address, the feed itself, and a new address."""

from fastapi import APIRouter, Request
from itsdangerous import BadSignature
from itsdangerous.url_safe import URLSafeSerializer
from starlette.responses import Response

from hamstrong.errors import NotFound
from hamstrong.services.calendar import feed_version, renew_feed
from hamstrong.services.programmes import active_plan
from hamstrong.web.deps import CallerDep, caller_for, store_of
from hamstrong.web.render import redirect

router = APIRouter()
ICAL_SALT = "hamstrong-ical-feed-v1"
FEED_PATH = "/ical/{token}.ics"


def _feed_signer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.ical_secret, salt=ICAL_SALT)


def ical_token(request: Request, user_id: int, version: int) -> str:
    """The private feed token: the user id and its feed version, signed (revocable per user)."""
    token: str = _feed_signer(request).dumps([user_id, version])
    return token


def feed_path(token: str) -> str:
    """The feed's path for ``token`` (URL-safe: letters, digits, ``-_.``), written out rather
    than looked up by route name on each programme page (a lookup walked every route)."""
    return FEED_PATH.format(token=token)


@router.get(FEED_PATH, name="ical_feed")
def ical_feed(request: Request, token: str) -> Response:
    """The feed of the user its signed token names (a calendar app sends no cookie)."""
    from hamstrong.outputs.ical import programme_ical

    try:
        signed = _feed_signer(request).loads(token)
    except BadSignature:
        raise NotFound("calendar", "feed") from None
    if not (
        isinstance(signed, list) and len(signed) == 2 and all(isinstance(v, int) for v in signed)
    ):
        raise NotFound("calendar", "feed")
    user, version = signed
    if feed_version(store_of(request), user_id=user) != version:  # revoked, or account gone
        raise NotFound("calendar", "feed")
    caller = caller_for(request, user)
    plan = active_plan(caller.store, **caller.planning)
    return Response(
        programme_ical(plan, caller.library),
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, no-store"},
    )


@router.post("/programme/feed/revoke")
def revoke_feed(request: Request, caller: CallerDep) -> Response:
    """A new private calendar address; the old one stops working at once."""
    renew_feed(caller.store, user_id=caller.user)
    return redirect(request, "/programme")
