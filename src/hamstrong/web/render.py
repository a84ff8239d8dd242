"""The render helpers: a page (or its htmx fragment), an error page, a redirect."""

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from hamstrong.errors import Next

# What to do next, as the web says it: the command line names a command for each instead.
# Next.VIDEO_EXTRA has no link: installing the video packages is the server operator's task,
# nothing a visitor can do (the worker logs it for the operator).
NEXT_LINKS: Mapping[Next, tuple[str, str]] = {
    Next.START: ("/onboarding", "Start a new programme"),
    Next.RESCREEN: ("/onboarding/rescreen", "Answer the safety screen again"),
    Next.EXERCISES: ("/exercises", "See the exercise library"),
    Next.PROFILE: ("/onboarding", "Answer the questions"),
    Next.CHECKIN: ("/#checkin", "Record this morning's pain"),
}


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request,
    page: str,
    context: Mapping[str, Any] | None = None,
    status_code: int = 200,
    *,
    partial: str | None = None,
) -> HTMLResponse:
    """Render the ``page`` template, or the ``partial`` one when htmx asks for a fragment."""
    name = partial if partial and is_htmx(request) else page
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, dict(context or {}), status_code=status_code
    )
    return response


def error_page(
    request: Request,
    status: int,
    context: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The one error renderer: ``errors/{status}.html``, else ``errors/error.html``.

    Exception handlers and the middleware (403, 413) all answer through it, so every error page
    shares the layout, the headers set on responses and the way ``next`` becomes a link.
    """
    templates = request.app.state.templates
    template = templates.env.select_template([f"errors/{status}.html", "errors/error.html"])
    values = {"message": "", "problems": {}, "next": None, "status": status, **(context or {})}
    response: HTMLResponse = templates.TemplateResponse(
        request, template.name, values, status_code=status, headers=dict(headers or {})
    )
    return response


def redirect(request: Request, url: str) -> Response:
    """After a POST: 303 for a plain form, ``HX-Redirect`` for htmx (which follows it itself)."""
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)
