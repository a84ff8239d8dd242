"""The exercise library with photos and filters, a page per exercise, and the learn page."""

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, Response

from hamstrong.core.search import MAX_QUERY
from hamstrong.core.vocab import Equipment, Level, Pattern
from hamstrong.errors import NotFound
from hamstrong.library import photo_file
from hamstrong.services.catalogue import find_exercises
from hamstrong.web.deps import LibraryDep
from hamstrong.web.render import is_htmx, render

router = APIRouter()
BODYWEIGHT = "none"  # the equipment choice "I have nothing": bodyweight exercises only


def _enum_or_none(kind: type[Pattern] | type[Level], raw: str | None) -> Pattern | Level | None:
    try:
        return kind(raw) if raw else None
    except ValueError:
        return None


@router.get("/exercises")
def exercises(request: Request, library: LibraryDep) -> Response:
    query = request.query_params
    text = (query.get("q") or "").strip()[:MAX_QUERY]
    pattern = _enum_or_none(Pattern, query.get("pattern"))
    level = _enum_or_none(Level, query.get("level"))
    ticked = query.getlist("equipment")
    have = [Equipment(e) for e in ticked if e in Equipment.__members__.values()]
    # nothing ticked shows everything, as the form says; "nothing" ticked is bodyweight only
    nothing = BODYWEIGHT in ticked
    found = find_exercises(
        library,
        text=text,
        pattern=pattern if isinstance(pattern, Pattern) else None,
        equipment=have if have or nothing else None,
        level=level if isinstance(level, Level) else None,
    )
    return render(
        request,
        "pages/exercises.html",
        {
            "found": found,
            "total": len(library),
            "q": text,
            "pattern": pattern,
            "level": level,
            "have": have,
            "nothing": nothing and not have,
            "filtered": bool(text or pattern or level or have or nothing),
            "patterns": list(Pattern),
            "levels": list(Level),
            "equipment": list(Equipment),
            "oob": is_htmx(request),  # the fragment also updates the folded equipment's summary
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
