"""The web manifest and the home-screen icons, so the app installs on a phone."""

from functools import cache

from fastapi import APIRouter
from starlette.responses import JSONResponse, Response

from hamstrong.errors import NotFound

router = APIRouter()
SIZES = (192, 512)
GREEN = "#1d4e3f"


@router.get("/manifest.webmanifest")
def manifest() -> Response:
    return JSONResponse(
        {
            "name": "HamStrong",
            "short_name": "HamStrong",
            "description": "An evidence-based hamstring and posterior-chain coach.",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": GREEN,
            "icons": [
                {"src": f"/icons/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
                for size in SIZES
            ],
        },
        media_type="application/manifest+json",
    )


@router.get("/icons/icon-{size}.png")
def icon(size: int) -> Response:
    if size not in SIZES:
        raise NotFound("icon", str(size))
    return Response(
        _icon(size), media_type="image/png", headers={"Cache-Control": "public, max-age=604800"}
    )


@cache
def _icon(size: int) -> bytes:
    """A green square with a white "H" and a bar, drawn once per size with matplotlib."""
    from io import BytesIO

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    figure = Figure(figsize=(1, 1), dpi=size)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.axis("off")
    axes.add_patch(Rectangle((0, 0), 1, 1, color=GREEN))
    for x, y, w, h in ((0.28, 0.22, 0.12, 0.56), (0.60, 0.22, 0.12, 0.56), (0.28, 0.45, 0.44, 0.1)):
        axes.add_patch(Rectangle((x, y), w, h, color="white"))
    out = BytesIO()
    figure.savefig(out, format="png", dpi=size, metadata={"Software": None})
    return out.getvalue()
