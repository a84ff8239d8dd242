"""The programme: its calendar, moving a session within its week, and the PDF."""

from datetime import date, timedelta

from fastapi import APIRouter, Request
from starlette.responses import Response

from hamstrong.core.dates import monday, week_start
from hamstrong.core.programme import Programme
from hamstrong.errors import InvalidInput, NotFound
from hamstrong.services.calendar import feed_version
from hamstrong.services.programmes import (
    MoveChoice,
    active_plan,
    move_choices,
    move_session,
    trained_days,
)
from hamstrong.web.deps import CallerDep, FormDep
from hamstrong.web.forms.fields import parse_day, session_day
from hamstrong.web.render import redirect, render
from hamstrong.web.routes.feed import feed_path, ical_token
from hamstrong.web.security import public_url

router = APIRouter()


@router.get("/programme")
def programme(request: Request, caller: CallerDep) -> Response:
    """The calendar: a Monday-to-Sunday grid per programme week, each day a session or rest.

    A programme week starts on the programme's first day, so unless that is a Monday it spans
    two calendar rows. Each day is ``(day, session or None, inside this programme week)``.
    """
    try:
        plan = active_plan(caller.store, **caller.planning)
    except NotFound:
        return redirect(request, "/onboarding")
    sessions = {s.date: s for s in plan.sessions}
    weeks = []
    for week in range(1, max([plan.weeks, *(s.week for s in plan.sessions)]) + 1):
        first = week_start(plan.start, week)
        last = first + timedelta(days=6)
        row_start = monday(first)
        rows = [
            [
                (day, sessions.get(day), first <= day <= last)
                for day in (row + timedelta(days=i) for i in range(7))
            ]
            for row in (row_start, row_start + timedelta(weeks=1))
            if row <= last
        ]
        weeks.append((week, rows))
    return render(
        request,
        "pages/programme.html",
        {
            "plan": plan,
            "weeks": weeks,
            "library": caller.library,
            "today": caller.today,
            "trained": trained_days(
                caller.store, user_id=caller.user, library=caller.library, since=plan.start
            ),
            "feed": public_url(
                request,
                feed_path(
                    ical_token(
                        request, caller.user, feed_version(caller.store, user_id=caller.user) or 0
                    )
                ),
            ),
        },
    )


@router.get("/programme.pdf")
def programme_pdf(caller: CallerDep) -> Response:
    from hamstrong.services.printouts import programme_pdf as printed

    def draw(programme: Programme) -> bytes:
        # imported here: a worker serving a PDF another one kept never loads reportlab
        from hamstrong.outputs.pdf import programme_pdf as drawn

        return drawn(programme, caller.library)

    return Response(
        printed(caller.store, draw=draw, **caller.planning),
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="hamstrong-programme.pdf"'},
    )


def _move_page(
    request: Request, day: date, choices: list[MoveChoice], problems: dict[str, str], status: int
) -> Response:
    return render(
        request, "pages/move.html", {"day": day, "choices": choices, "problems": problems}, status
    )


@router.get("/programme/move/{day}")
def move_form(request: Request, day: str, caller: CallerDep) -> Response:
    when = session_day(day)
    return _move_page(
        request, when, move_choices(caller.store, day=when, **caller.planning), {}, 200
    )


@router.post("/programme/move/{day}")
def move(request: Request, day: str, caller: CallerDep, form: FormDep) -> Response:
    when = session_day(day)
    try:
        target = parse_day(str(form.get("to") or ""))
        if target is None:
            raise InvalidInput({"to": "choose a day"})
        move_session(caller.store, day=when, to=target, **caller.planning)
    except InvalidInput as error:
        return _move_page(
            request,
            when,
            move_choices(caller.store, day=when, **caller.planning),
            error.problems,
            422,
        )
    return redirect(request, "/programme")
