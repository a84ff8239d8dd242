"""The exercise library with photos and filters, a page per exercise, and the learn page."""

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, Response

from hamstrong.core.vocab import Equipment, Level, Pattern
from hamstrong.errors import NotFound
from hamstrong.library import photo_file
from hamstrong.web.deps import LibraryDep
from hamstrong.web.render import render

router = APIRouter()


def _enum_or_none(kind: type[Pattern] | type[Level], raw: str | None) -> Pattern | Level | None:
    try:
        return kind(raw) if raw else None
    except ValueError:
        return None


@router.get("/exercises")
def exercises(request: Request, library: LibraryDep) -> Response:
    query = request.query_params
    text = (query.get("q") or "").strip().lower()[:80]
    pattern = _enum_or_none(Pattern, query.get("pattern"))
    level = _enum_or_none(Level, query.get("level"))
    have = [Equipment(e) for e in query.getlist("equipment") if e in Equipment.__members__.values()]
    found = library.filter(
        pattern=pattern if isinstance(pattern, Pattern) else None,
        equipment=have if query.getlist("equipment") or query.get("filtered") else None,
        level=level if isinstance(level, Level) else None,
    )
    if text:
        found = [
            e for e in found if text in e.name.lower() or text in e.summary.lower() or text in e.id
        ]
    return render(
        request,
        "pages/exercises.html",
        {
            "found": found,
            "q": text,
            "pattern": pattern,
            "level": level,
            "have": have,
            "patterns": list(Pattern),
            "levels": list(Level),
            "equipment": list(Equipment),
        },
        partial="partials/_exercise_list.html",
    )


@router.get("/exercises/{exercise_id}")
def exercise(request: Request, exercise_id: str, library: LibraryDep) -> Response:
    found = library.get(exercise_id)
    return render(request, "pages/exercise.html", {"exercise": found, "library": library})


@router.get("/learn")
def learn(request: Request) -> Response:
    return render(request, "pages/learn.html")


@router.get("/photos/{folder}/{name}")
def photo(folder: str, name: str, library: LibraryDep) -> Response:
    relative = f"photos/{folder}/{name}"
    # only the photos the library lists: no path from the URL reaches the disk unchecked
    if not any(relative in e.photos for e in library):
        raise NotFound("photo", relative)
    return FileResponse(
        photo_file(relative),
        media_type="image/jpeg",
        headers={"Cache-Control": "public, max-age=86400"},
    )
