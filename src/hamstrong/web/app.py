"""``create_app(settings, store)``: the FastAPI app, its middleware and its one error mapping."""

import gc
import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from anyio import to_thread
from argon2 import PasswordHasher
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import Response

from hamstrong.core import units
from hamstrong.core.dates import day_month, long_day, short_day
from hamstrong.core.profile import DEFAULT_MINUTES, SESSION_MINUTES, SESSIONS_PER_WEEK
from hamstrong.core.readings import self_test_label, self_test_result
from hamstrong.core.records import in_order, record_text, set_text, streak_text
from hamstrong.core.rules import SPIKE_PERCENT
from hamstrong.core.scheduling import MIN_GAP_HOURS
from hamstrong.core.screen import ScreenIncomplete
from hamstrong.core.sessions import minutes_text
from hamstrong.core.training_log import LIMITS, STOP_PAIN
from hamstrong.errors import HamstrongError
from hamstrong.jobs import JobQueue
from hamstrong.library import load_library
from hamstrong.mail import Mailer, mailer_for
from hamstrong.passwords import Passwords
from hamstrong.present import (
    dose_text,
    gap_text,
    import_report,
    item_name,
    notation,
    recorded_text,
    side_value,
    tempo_words,
)
from hamstrong.services.accounts import SESSION_DAYS, Throttle
from hamstrong.services.formcheck import covers
from hamstrong.services.formjobs import Clips
from hamstrong.services.plans import PlanCache
from hamstrong.services.summaries import Shared, Summaries
from hamstrong.settings import Settings, check_web_settings
from hamstrong.store import Store, open_store
from hamstrong.web.deps import SignInRequired, unit_of
from hamstrong.web.render import NEXT_LINKS, error_page, redirect
from hamstrong.web.routes.formcheck import FORM_SLACK
from hamstrong.web.routes.formcheck import UPLOAD_PATH as CLIP_UPLOAD
from hamstrong.web.rows import history_rows
from hamstrong.web.security import (
    CSRF_COOKIE,
    CSRF_HEADER,
    UPLOADS,
    BodyLimit,
    CSRFFormField,
    FriendlyCSRFMiddleware,
    SecurityHeaders,
    Upload,
    csrf_token,
)
from hamstrong.web.timing import ServerTiming

HERE = Path(__file__).parent
SESSION_COOKIE = "hamstrong_session"
log = logging.getLogger("hamstrong.web")


def create_app(
    settings: Settings,
    store: Store | None = None,
    *,
    today: Callable[[], date] = date.today,
    clock: Callable[[], float] = time.time,
    password_hasher: PasswordHasher | None = None,
    plans: PlanCache | None = None,
    mailer: Mailer | None = None,
) -> FastAPI:
    """Build the web app; ``today``, ``clock`` and ``password_hasher`` are injectable for tests
    (e.g. ``PasswordHasher.from_parameters(argon2.profiles.CHEAPEST)`` for fast sign-ups);
    ``plans`` is the cache of planned programmes the routes share (a new one by default);
    ``mailer`` sends the password-reset mails (by default the settings' SMTP server, or the log)."""
    from hamstrong.web.routes import ROUTERS

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=_lifespan)
    app.state.store = store if store is not None else open_store(settings.database_url)
    app.state.library = load_library()
    secret = settings.secret_key or _ephemeral_secret()
    # the plans the routes share, and what they derive from each user's data until it changes
    # (what is derived from a whole history is kept in the database too, for every worker)
    app.state.plans = (
        plans if plans is not None else PlanCache(summaries=Summaries(shared=Shared(secret)))
    )
    app.state.today = today
    app.state.passwords = Passwords(password_hasher)
    check_web_settings(settings)
    app.state.base_url = settings.base_url
    app.state.mailer = mailer if mailer is not None else mailer_for(settings)
    app.state.throttle = Throttle(app.state.store, secret=secret, clock=clock)
    app.state.secret = app.state.ical_secret = secret
    templates = Jinja2Templates(directory=HERE / "templates", context_processors=[_globals])
    templates.env.filters["dose"] = dose_text  # "2 × 10 per side · tempo 3-1-1-0 · rest 60 s"
    templates.env.filters["day_month"] = day_month  # inside a span: "7 Dec"
    templates.env.filters["short_day"] = short_day  # tables, lists, messages: "Mon 7 Dec 2026"
    templates.env.filters["long_day"] = long_day  # every heading's date: "Monday 7 December 2026"
    templates.env.globals["notation"] = notation  # how to read tempo, per side, RPE
    templates.env.globals["item_name"] = item_name  # "Razor curl (instead of Nordic curl)"
    templates.env.globals["side_value"] = side_value  # "13 reps", as the terminal shows a side
    templates.env.globals["gap_text"] = gap_text  # "30.8% — Start with the weaker right leg…"
    templates.env.globals["tempo_words"] = tempo_words  # "3 s lowering, 1 s pause at the bottom…"
    templates.env.globals["next_links"] = NEXT_LINKS
    templates.env.globals["import_report"] = import_report  # the CLI's sentence, same counts
    templates.env.globals["limits"] = LIMITS  # min, max and step of the numbers of a set
    templates.env.globals["pain_limit"] = STOP_PAIN  # "stop if pain goes above 5 out of 10"
    templates.env.globals["min_gap_hours"] = MIN_GAP_HOURS  # "at least 48 hours apart"
    templates.env.globals["spike_percent"] = SPIKE_PERCENT  # "last week's count plus 30%"
    templates.env.globals["sessions_choices"] = SESSIONS_PER_WEEK  # 2 or 3 sessions a week
    templates.env.globals["session_minutes"] = SESSION_MINUTES  # "Minutes per session (15 to 90)"
    templates.env.globals["default_minutes"] = DEFAULT_MINUTES
    templates.env.globals["set_text"] = set_text  # "10 × 12 kg, RPE 8, pain 1"
    templates.env.globals["records_in_order"] = in_order  # by exercise, as the terminal lists
    templates.env.globals["record_text"] = record_text  # "… estimated max: 28 kg, up from 26.7 kg"
    templates.env.globals["minutes_text"] = minutes_text  # "41 min"
    templates.env.globals["streak_text"] = streak_text  # "3 weeks in a row with training …"
    templates.env.globals["test_label"] = self_test_label  # "active knee extension (left)"
    templates.env.globals["test_result"] = self_test_result  # "20°"
    templates.env.globals["recorded_text"] = recorded_text  # the CLI's self-test line too
    templates.env.globals["history_rows"] = history_rows  # a day's sets, escaped per value
    templates.env.filters["weight"] = units.number  # {{ kg|weight(unit) }}: "45" in lb
    templates.env.filters["weight_number"] = "{:g}".format  # a weight as typed: 7.5, not 7.50
    app.state.templates = templates
    # Form checks: uploads wait in the clip folder, a worker takes their ids off the queue
    app.state.queue = JobQueue(settings.jobs_url())
    app.state.clips = Clips(settings.clips_folder())
    app.state.clip_max_mb = settings.clip_max_mb
    app.state.clip_max_seconds = settings.clip_max_seconds
    templates.env.globals["form_checkable"] = covers  # "Check my form" on these exercises

    # Outermost last: (ServerTiming →) SecurityHeaders → TrustedHostMiddleware → BodyLimit →
    # SessionMiddleware → CSRFFormField → CSRFMiddleware → routes.
    app.add_middleware(
        FriendlyCSRFMiddleware,
        secret=secret,
        cookie_name=CSRF_COOKIE,
        header_name=CSRF_HEADER,
        cookie_httponly=True,
        cookie_samesite="lax",
        exempt_urls=None,
    )
    app.add_middleware(CSRFFormField, secret=secret)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_DAYS * 24 * 3600,
        same_site="lax",
        https_only=False,  # Secure is added per request by SecurityHeaders when it is https
    )
    uploads = {
        **UPLOADS,
        CLIP_UPLOAD: Upload(settings.clip_max_mb * 1024 * 1024 + FORM_SLACK, "clip"),
    }
    app.add_middleware(BodyLimit, uploads=uploads)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.web_hosts()))
    app.add_middleware(SecurityHeaders)
    if settings.server_timing:  # outermost: from the request entering the app
        app.add_middleware(ServerTiming)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in ROUTERS:
        app.include_router(router)
    _handlers(app)
    return app


ROUTE_THREADS = 8  # routes run in this many threads per worker; the rest wait their turn


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    # The work is mostly Python holding the GIL: 40 threads (AnyIO's default) a worker only
    # fought over it, and a thread holding the SQLite write lock waited for the GIL the longest.
    to_thread.current_default_thread_limiter().total_tokens = ROUTE_THREADS
    yield


_warned = False


def _ephemeral_secret() -> str:
    global _warned
    if not _warned:
        _warned = True
        log.warning(
            "HAMSTRONG_SECRET_KEY is not set: using a random key for this run, so everyone is "
            "signed out when the server restarts. Set it for a lasting install."
        )
    return secrets.token_urlsafe(32)


def _globals(request: Request) -> dict[str, Any]:
    session = request.scope.get("session") or {}  # absent when the error page is outermost
    return {
        "csrf_token": csrf_token(request),
        "signed_in": isinstance(session.get("user_id"), int),
        "user_email": session.get("email"),
        "unit": unit_of(request),  # the signed-in user's unit for loads
    }


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, _error: SignInRequired) -> Response:
        return redirect(request, "/login")

    @app.exception_handler(HamstrongError)
    async def domain_error(request: Request, error: HamstrongError) -> Response:
        # each error carries its status and what to do next; routes re-render their own forms
        # on InvalidInput, so this catches the rest (e.g. a bad URL value, a missing set)
        if error.status >= 500:
            log.error(
                "%s on %s %s: %s", type(error).__name__, request.method, request.url.path, error
            )
        context = {
            "message": str(error),
            "problems": getattr(error, "problems", {}),
            "next": error.next,
        }
        # 503 (locked past the busy timeout, or the server down; the transaction rolled back)
        # and 429 (the throttle's window) say when trying again can work
        wait = error.retry_after
        headers = {"Retry-After": str(wait)} if wait is not None else None
        return error_page(request, error.status, context, headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            return error_page(request, 404, {"message": "No such page."})
        if error.status_code == 405:
            message = (
                "This address cannot be opened that way: use the links and buttons on the pages."
            )
            return error_page(request, 405, {"message": message}, error.headers)
        # e.g. 400 for a body Starlette cannot parse (too many fields, a part over 1 MB)
        problems = {"form": str(error.detail)}
        return error_page(request, error.status_code, {"problems": problems}, error.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, _error: RequestValidationError) -> Response:
        # a hand-made URL or form the pages never send; our own forms are parsed in web/forms/
        return error_page(request, 404, {"message": "No such page."})

    @app.exception_handler(ScreenIncomplete)
    async def unscreened(request: Request, error: ScreenIncomplete) -> Response:
        # a programme saved before the screen gained questions: ask them, never count them as no
        return redirect(request, "/onboarding/rescreen")

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> Response:
        log.error("unexpected error on %s %s: %r", request.method, request.url.path, error)
        return error_page(request, 500)


def app_from_environment() -> FastAPI:
    """The app for uvicorn's worker processes: settings come from HAMSTRONG_* (set by serve)."""
    from hamstrong.settings import load_settings

    app = create_app(load_settings())
    _warm_outputs()
    _warm_templates(app.state.templates)
    # What is loaded by now (the libraries, the compiled templates, the catalogue) stays for
    # the worker's life: the garbage collector's full passes no longer walk it (gc.freeze).
    gc.collect()
    gc.freeze()
    return app


def _warm_templates(templates: Jinja2Templates) -> None:
    """Compile every page template before a worker serves: a cold worker's first session
    page compiled its templates while 15 other requests waited for the GIL."""
    env = templates.env
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


def _warm_outputs() -> None:
    """Load reportlab and matplotlib and draw once with each before a worker serves: its
    first PDF or chart paid that (about 0.3 s and 0.8 s of CPU on a busy machine). Not in
    the background: it would hold the GIL while the worker answers its first requests."""
    try:
        from hamstrong.outputs import charts, pdf

        pdf.warm()
        charts.warm()
    except Exception:  # never a reason for a worker not to serve: the first draw loads them
        log.warning("could not load the PDF and chart libraries ahead", exc_info=True)
