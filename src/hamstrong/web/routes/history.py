"""Past sessions with their sets (edit, delete), and progress with its chart and tables."""

from itertools import groupby

from fastapi import APIRouter, Request
from starlette.responses import Response

from hamstrong.errors import InvalidInput, NotFound
from hamstrong.services import (
    LoggedSet,
    delete_logged_set,
    logged_sets,
    now_utc,
    progress,
    replace_set,
)
from hamstrong.web.deps import CurrentUser, FormDep, LibraryDep, StoreDep, TodayDep
from hamstrong.web.forms import parse_day, parse_set_form, web_problems
from hamstrong.web.render import redirect, render

router = APIRouter()


def _owned(sets: list[LoggedSet], set_id: int) -> LoggedSet:
    for logged in sets:
        if logged.id == set_id:
            return logged
    raise NotFound("set", str(set_id))


@router.get("/history")
def history(request: Request, user: CurrentUser, store: StoreDep, library: LibraryDep) -> Response:
    sets = logged_sets(store, user_id=user)
    days = [
        (day, list(group))
        for day, group in groupby(
            sorted(sets, key=lambda s: s.entry.day, reverse=True), key=lambda s: s.entry.day
        )
    ]
    return render(request, "pages/history.html", {"days": days, "library": library})


@router.get("/sets/{set_id}/edit")
def edit_page(
    request: Request, set_id: int, user: CurrentUser, store: StoreDep, library: LibraryDep
) -> Response:
    logged = _owned(logged_sets(store, user_id=user), set_id)
    return render(
        request,
        "pages/set_edit.html",
        {"logged": logged, "problems": {}, "values": _values(logged), "library": library},
    )


def _values(logged: LoggedSet) -> dict[str, str]:
    e = logged.entry
    return {
        "exercise": e.exercise,
        "day": e.day.isoformat(),
        "reps": str(e.reps),
        "kg": "" if e.kg is None else f"{e.kg:g}",
        "rpe": "" if e.rpe is None else f"{e.rpe:g}",
        "pain": "" if e.pain is None else str(e.pain),
        "side": e.side.value,
        "order": str(e.order),
        "symptom": "on" if e.symptoms else "",
    }


@router.post("/sets/{set_id}")
def edit(
    request: Request,
    set_id: int,
    user: CurrentUser,
    store: StoreDep,
    library: LibraryDep,
    today: TodayDep,
    form: FormDep,
) -> Response:
    logged = _owned(logged_sets(store, user_id=user), set_id)
    try:
        day = parse_day(str(form.get("day") or ""))
        if day is None:
            raise InvalidInput({"day": "must be a date like 2026-12-07"})
        entry = parse_set_form(form, day=day, at=logged.entry.at or now_utc())
        replace_set(store, user_id=user, set_id=set_id, entry=entry, library=library, today=today)
    except InvalidInput as error:
        return render(
            request,
            "pages/set_edit.html",
            {
                "logged": logged,
                "problems": web_problems(error.problems),
                "values": dict(form),
                "library": library,
            },
            422,
        )
    return redirect(request, "/history")


@router.post("/sets/{set_id}/delete")
def delete(request: Request, set_id: int, user: CurrentUser, store: StoreDep) -> Response:
    delete_logged_set(store, user_id=user, set_id=set_id)
    if request.headers.get("HX-Request") == "true":
        return Response("", status_code=200)  # htmx swaps the row away
    return redirect(request, "/history")


@router.get("/progress")
def progress_page(
    request: Request, user: CurrentUser, store: StoreDep, library: LibraryDep, today: TodayDep
) -> Response:
    report = progress(store, user_id=user, library=library, today=today)
    return render(request, "pages/progress.html", {"report": report})


@router.get("/progress.png")
def progress_png(
    user: CurrentUser, store: StoreDep, library: LibraryDep, today: TodayDep
) -> Response:
    from hamstrong.outputs.charts import progress_chart

    report = progress(store, user_id=user, library=library, today=today)
    return Response(
        progress_chart(report, "png"),
        media_type="image/png",
        headers={"Cache-Control": "private, no-store"},
    )
