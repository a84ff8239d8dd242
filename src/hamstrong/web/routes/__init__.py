"""One APIRouter per area; ``create_app`` includes them all."""

from fastapi import APIRouter

from hamstrong.web.routes.accounts import router as accounts
from hamstrong.web.routes.feed import router as feed
from hamstrong.web.routes.formcheck import router as formcheck
from hamstrong.web.routes.history import router as history
from hamstrong.web.routes.library import router as library
from hamstrong.web.routes.meta import router as meta
from hamstrong.web.routes.onboarding import router as onboarding
from hamstrong.web.routes.programme import router as programme
from hamstrong.web.routes.today import router as today
from hamstrong.web.routes.transfer import router as transfer

ROUTERS: tuple[APIRouter, ...] = (
    accounts,
    onboarding,
    today,
    formcheck,
    history,
    library,
    programme,
    feed,
    transfer,
    meta,
)
