"""The one render helper: the full page for a normal request, the fragment for htmx."""

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response


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


def redirect(request: Request, url: str) -> Response:
    """After a POST: 303 for a plain form, ``HX-Redirect`` for htmx (which follows it itself)."""
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)
