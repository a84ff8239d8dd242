"""The web app's guards: security headers, the request-body limit, the CSRF wrappers (form
field, session-bound token), the device cookie, and absolute URLs on trusted hosts."""

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

import anyio
from itsdangerous import BadSignature
from itsdangerous.url_safe import URLSafeSerializer
from starlette.datastructures import Headers, MutableHeaders, URLPath
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette_csrf.middleware import CSRFMiddleware

from hamstrong.web.render import error_page
from hamstrong.web.uploads import boundary_of, leading_fields

SESSION_TOKEN = "session"  # the key, in the signed session cookie, of the store's session token
SESSION_CSRF = "csrf"  # the key of the CSRF token the session was given at sign-in
DEVICE_COOKIE = "hamstrong_device"
DEVICE_DAYS = 365
CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"
CSRF_FIELD = "csrftoken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
MAX_BODY_BYTES = 64 * 1024  # any form but an upload: a few fields
MAX_UPLOAD_BYTES = 32 * 1024 * 1024  # a training-log export sent to /import (years of
# Hevy history, 113,000 sets, are about 11 MB)


@dataclass(frozen=True, slots=True)
class Upload:
    """A path that takes a file: its body limit, and what the 413 page calls the file
    (``errors/413.html`` words it: "import" or "clip"; any other body is a form)."""

    limit: int
    body: str


UPLOADS: Mapping[str, Upload] = {"/import": Upload(MAX_UPLOAD_BYTES, "import")}
BODY_IDLE_SECONDS = 20.0  # a body that stops arriving for this long is given up (408)


def public_url(request: Request, path: str) -> str:
    """An absolute address to hand out for one of the app's paths (the calendar feed): on
    ``HAMSTRONG_BASE_URL`` when it is set, else on the request's own host, which
    ``TrustedHostMiddleware`` has checked (made as ``request.url_for`` makes it)."""
    base: str | None = request.app.state.base_url
    if base:
        return f"{base}{path}"
    return str(URLPath(path, protocol="http").make_absolute_url(request.base_url))


def rotate_csrf(request: Request, response: Response) -> None:
    """A new CSRF token at sign-in and sign-out, tied to the session: a token from before (or
    from another session) is refused by ``SessionCSRF`` from now on."""
    token = URLSafeSerializer(request.app.state.secret, "csrftoken").dumps(
        secrets.token_urlsafe(32)
    )
    if SESSION_TOKEN in request.session:
        request.session[SESSION_CSRF] = token
    response.set_cookie(CSRF_COOKIE, token, path="/", httponly=True, samesite="lax")


def remember_device(request: Request, response: Response, email: str) -> None:
    """Mark this browser as one the account signed in from (OWASP's device cookie): the
    per-account and per-address login limits do not apply to it, so an attack on the account
    from elsewhere never locks its owner out."""
    value = _device_signer(request).dumps(_device_id(request, email))
    response.set_cookie(
        DEVICE_COOKIE, value, max_age=DEVICE_DAYS * 86400, path="/", httponly=True, samesite="lax"
    )


def device_known(request: Request, email: str) -> bool:
    """Whether this browser signed in to ``email`` before (its device cookie says so)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return False
    try:
        return bool(_device_signer(request).loads(raw) == _device_id(request, email))
    except BadSignature:
        return False


def _device_signer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.secret, "hamstrong-device-v1")


def _device_id(request: Request, email: str) -> str:
    # A keyed digest: the cookie is signed, not encrypted, and must not carry the email.
    secret: str = request.app.state.secret
    return hmac.new(secret.encode(), email.encode(), hashlib.sha256).hexdigest()[:32]


def csrf_token(request: Request) -> str:
    """The token to echo in forms: the value of the CSRF cookie (set or injected below)."""
    return request.cookies.get(CSRF_COOKIE, "")


class CSRFFormField:
    """Let starlette-csrf (which reads only a header) accept the token as a form field too, and
    tie the token to the signed-in session.

    starlette-csrf 3.0 compares the ``csrftoken`` cookie with the ``x-csrftoken`` header. Plain
    HTML forms cannot send headers, so for an unsafe request without the header this wrapper
    reads the form body (``BodyLimit``, outside, limits its size), copies its ``csrftoken`` field
    into the header, and replays the body to the app. On a safe request without a valid cookie
    it mints the token here (signed as starlette-csrf signs it) so the page being rendered can
    put it in its forms, and sets the cookie itself.

    It runs inside the session middleware: a signed-in session holds the token it was given at
    sign-in (``rotate_csrf``). Its pages always carry that token (the cookie is put back if it
    went missing), and an unsafe request with any other token is refused, so a token planted in
    the browser before sign-in, or taken from another session, is worth nothing.
    """

    def __init__(self, app: ASGIApp, secret: str) -> None:
        self.app = app
        self.serializer = URLSafeSerializer(secret, "csrftoken")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = Request(scope).cookies
        bound = (scope.get("session") or {}).get(SESSION_CSRF)
        minted: str | None = None
        if scope["method"] in SAFE_METHODS:
            if isinstance(bound, str):
                if cookies.get(CSRF_COOKIE) != bound:
                    minted = bound
            # none yet, or signed with an earlier key (e.g. a random key before a restart)
            elif not self._valid(cookies.get(CSRF_COOKIE)):
                minted = self.serializer.dumps(secrets.token_urlsafe(32))
            if minted is not None:
                others = {k: v for k, v in cookies.items() if k != CSRF_COOKIE}
                others[CSRF_COOKIE] = minted
                jar = "; ".join(f"{k}={v}" for k, v in others.items())
                scope = _with_header(scope, "cookie", jar)
        else:
            if CSRF_HEADER not in headers and _is_form(headers):
                # At most a small form's worth is read here: a clip upload sends its token
                # first, and the rest of its body streams on to the route unread.
                body, complete = await _read_head(receive, MAX_BODY_BYTES)
                if complete:
                    token = await _form_token(scope, body, headers)
                    receive = _replay(body)
                else:
                    boundary = boundary_of(headers.get("content-type", ""))
                    token = leading_fields(body, boundary).get(CSRF_FIELD) if boundary else None
                    receive = _replay_then(body, receive)
                if token:
                    scope = _with_header(scope, CSRF_HEADER, token)
            sent = Headers(scope=scope).get(CSRF_HEADER, "")
            if isinstance(bound, str) and not hmac.compare_digest(bound, sent):
                await error_page(Request(scope), 403)(scope, receive, send)
                return

        async def send_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and minted is not None:
                out = MutableHeaders(scope=message)
                out.append("set-cookie", f"{CSRF_COOKIE}={minted}; HttpOnly; Path=/; SameSite=lax")
            await send(message)

        await self.app(scope, receive, send_cookie)

    def _valid(self, token: str | None) -> bool:
        if not token:
            return False
        try:
            self.serializer.loads(token)
        except BadSignature:
            return False
        return True


class BodyLimit:
    """Refuse any request body larger than the path allows, whoever sends it and however.

    A declared Content-Length over the limit is refused before anything is read; otherwise the
    bytes are counted as they arrive, so a chunked body is cut off at the limit too, wherever it
    is read (the CSRF wrapper, a form, an upload): nothing larger is ever spooled to disk. A body
    that stops arriving for ``idle`` seconds is given up, so a slow sender cannot hold a worker.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int = MAX_BODY_BYTES,
        uploads: Mapping[str, Upload] = UPLOADS,
        idle: float = BODY_IDLE_SECONDS,
    ) -> None:
        self.app, self.uploads, self.idle = app, uploads, idle
        self.form = Upload(limit, "form")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = self.uploads.get(scope["path"], self.form)
        limit = upload.limit
        # the 413 page says what was too large for this path, and its limit
        too_large = {"body": upload.body, "limit": size_text(limit)}
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, receive, send, 413, too_large)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            try:
                with anyio.fail_after(self.idle):
                    message = await receive()
            except TimeoutError:
                raise _BodyRefused(408) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyRefused(413)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _BodyRefused as refused:
            if not started:  # always so for our routes: they read the form before answering
                context = too_large if refused.status == 413 else None
                await _refuse(scope, receive, send, refused.status, context)


# The pages load scripts, styles, images and the manifest from this origin only, with no inline
# script or style (htmx reads its settings from a <meta>, and its inline indicator style is off).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HARDENING_HEADERS = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),  # frame-ancestors for browsers that predate CSP 2
    ("referrer-policy", "no-referrer"),  # the calendar feed's token never leaves in a Referer
    ("cross-origin-opener-policy", "same-origin"),
)
HSTS = "max-age=31536000"  # a year; sent only over https (behind a proxy: --forwarded-allow-ips)


class SecurityHeaders:
    """The security headers on every response, and ``Cache-Control: no-store`` on every one that
    does not set its own caching (pages and downloads are private; the static files, photos and
    icons are not and keep theirs). Over https every cookie gets ``Secure`` too."""

    def __init__(self, app: ASGIApp, *, public_prefix: str = "/static/") -> None:
        self.app, self.public_prefix = app, public_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        public = scope["path"].startswith(self.public_prefix)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HARDENING_HEADERS:
                    headers[name] = value
                if https:
                    headers["strict-transport-security"] = HSTS
                    cookies = headers.getlist("set-cookie")
                    if cookies:
                        del headers["set-cookie"]
                        for cookie in cookies:
                            secure = "secure" in cookie.lower()
                            headers.append("set-cookie", cookie if secure else f"{cookie}; Secure")
                if not public and "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _BodyRefused(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class FriendlyCSRFMiddleware(CSRFMiddleware):
    """starlette-csrf with a page that says what to do instead of a bare "verification failed"."""

    def _get_error_response(self, request: Request) -> Response:
        return error_page(request, 403)


def _is_form(headers: Headers) -> bool:
    kind = headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def _with_header(scope: Scope, name: str, value: str) -> Scope:
    raw = [(k, v) for k, v in scope["headers"] if k.decode("latin-1").lower() != name]
    raw.append((name.encode("latin-1"), value.encode("latin-1")))
    return {**scope, "headers": raw}


async def _read_head(receive: Receive, limit: int) -> tuple[bytes, bool]:
    """The body's first bytes, at least ``limit`` of them unless it ends first, and whether it
    did end."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if not message.get("more_body", False):
            break
    else:
        return b"".join(chunks), False
    return b"".join(chunks), True


def _replay_then(head: bytes, receive: Receive) -> Receive:
    """The bytes already read, then the rest of the body as it arrives."""
    sent = False

    async def rest() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": head, "more_body": True}
        return await receive()

    return rest


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _form_token(scope: Scope, body: bytes, headers: Headers) -> str | None:
    if headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        try:
            values = parse_qs(body.decode("latin-1"), max_num_fields=1000).get(CSRF_FIELD)
        except ValueError:  # more fields than any of our forms: no token, so it is refused
            return None
        return values[0] if values else None
    request = Request(scope, _replay(body))
    try:
        form = await request.form(max_files=1, max_fields=100)
    except Exception:  # a malformed multipart body: no token, so the CSRF check refuses it
        return None
    try:
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    finally:
        await form.close()


def size_text(size: int) -> str:
    """A body limit as the 413 page says it: whole MB, else whole KB (a clip's limit has the
    form's few fields on top, and reads as the clip's MB)."""
    mb = 1024 * 1024
    return f"{size // mb} MB" if size >= mb else f"{size // 1024} KB"


async def _refuse(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    context: Mapping[str, str] | None = None,
) -> None:
    # Connection: close, since the rest of the body is never read.
    page = error_page(Request(scope), status, context, headers={"Connection": "close"})
    await page(scope, receive, send)
