"""Today, the guided session with its per-set forms, the stop page and the summary."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from fastapi import APIRouter, Request
from starlette.responses import Response

from hamstrong.core.exercises import Exercise, Library
from hamstrong.core.programme import Item, Session
from hamstrong.core.screen import STOP_RULES
from hamstrong.core.swaps import SwapOption
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput, NotFound
from hamstrong.services.clock import now_utc
from hamstrong.services.programmes import (
    SessionDay,
    session_on,
    session_summary,
    session_with_swaps,
    today_session,
)
from hamstrong.services.training_log import LoggedSet, check_in, log_sets
from hamstrong.web.deps import (
    CurrentUser,
    FormDep,
    LibraryDep,
    PlansDep,
    SignInRequired,
    StoreDep,
    TodayDep,
    signed_in_user,
    unit_of,
)
from hamstrong.web.forms.fields import session_day
from hamstrong.web.forms.today import parse_checkin_form, parse_set_form
from hamstrong.web.render import redirect, render

router = APIRouter()


@dataclass(frozen=True, slots=True)
class SetRow:
    """One set to do (one side of it for one-leg work) and what was logged for it, if anything."""

    exercise: Exercise
    item: Item
    order: int
    side: Side
    target: int
    logged: LoggedSet | None
    planned_id: str = ""  # the planned exercise when this row is a swap

    @property
    def swap(self) -> str | None:
        return (
            f"{self.planned_id}:{self.exercise.id}" if self.planned_id != self.exercise.id else None
        )

    @property
    def id(self) -> str:
        return f"set-{self.exercise.id}-{self.order}-{self.side.value}"


@dataclass(frozen=True, slots=True)
class Station:
    exercise: Exercise
    item: Item
    rows: tuple[SetRow, ...]
    planned: Exercise  # the planned exercise; differs from ``exercise`` when swapped today
    options: tuple[SwapOption, ...] = ()

    @property
    def swapped(self) -> bool:
        return self.planned.id != self.exercise.id


def _swaps(values: list[str]) -> dict[str, str]:
    """``planned:chosen`` pairs from the URL or the set form."""
    return dict(v.split(":", 1) for v in values if v.count(":") == 1)


def _stations(
    session: Session,
    logged: Sequence[LoggedSet],
    library: Library,
    options: dict[str, list[SwapOption]] | None = None,
    applied: dict[str, str] | None = None,
) -> list[Station]:
    done = {(s.entry.exercise, s.entry.order, s.entry.side): s for s in logged}
    planned_for = {chosen: planned for planned, chosen in (applied or {}).items()}
    stations = []
    for item in session.main_items:
        exercise = library.get(item.exercise)
        planned = library.get(planned_for.get(item.exercise, item.exercise))
        sides = [Side.LEFT, Side.RIGHT] if item.per_side else [item.side or Side.BOTH]
        rows = []
        for order in range(1, item.sets + 1):
            target = (
                item.reps_by_set[order - 1]
                if item.reps_by_set and order <= len(item.reps_by_set)
                else item.reps or item.hold_s or 0
            )
            for side in sides:
                rows.append(
                    SetRow(
                        exercise,
                        item,
                        order,
                        side,
                        target,
                        done.get((item.exercise, order, side)),
                        planned.id,
                    )
                )
        choices = tuple((options or {}).get(planned.id, ()))
        stations.append(Station(exercise, item, tuple(rows), planned, choices))
    return stations


@router.get("/")
def today(
    request: Request, store: StoreDep, library: LibraryDep, plans: PlansDep, today: TodayDep
) -> Response:
    try:
        user = signed_in_user(request)
    except SignInRequired:
        return render(request, "pages/welcome.html")
    try:
        view = today_session(store, user_id=user, library=library, today=today, plans=plans)
    except NotFound:
        return redirect(request, "/onboarding")
    return render(request, "pages/today.html", {"view": view, "library": library, "problems": {}})


@router.post("/checkin")
def checkin(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    library: LibraryDep,
    plans: PlansDep,
    today: TodayDep,
    form: FormDep,
) -> Response:
    """Next-morning pain: rising morning pain makes the next week lighter."""
    try:
        day, pain = parse_checkin_form(form, today=today)
        check_in(store, user_id=user, day=day, pain=pain, today=today)
    except InvalidInput as error:
        view = today_session(store, user_id=user, library=library, today=today, plans=plans)
        context = {"view": view, "library": library, "problems": error.problems}
        return render(request, "pages/today.html", context, 422, partial="partials/_checkin.html")
    if request.headers.get("HX-Request") == "true":
        return render(request, "partials/_checkin.html", {"problems": {}, "recorded": pain})
    return redirect(request, "/?checked=1")


@router.get("/session/{day}")
@router.get("/session/{day}/stopped")  # straight after a stop-rule set
def session_page(
    request: Request,
    day: str,
    user: CurrentUser,
    store: StoreDep,
    library: LibraryDep,
    plans: PlansDep,
    today: TodayDep,
) -> Response:
    when = session_day(day)
    planned = session_on(store, user_id=user, library=library, day=when, today=today, plans=plans)
    just_stopped = request.url.path.endswith("/stopped")
    if planned.halt is not None:  # a stop or a pause: not the session underneath
        return _halted(request, when, planned, library, just_stopped=just_stopped)
    if just_stopped:  # the screen has been answered again since
        return redirect(request, f"/session/{when.isoformat()}")
    asked = _swaps(request.query_params.getlist("swap"))
    session, stations = _state(library, planned, asked)
    context = _page(
        session,
        stations,
        library,
        future=when > today,
        blocked=planned.blocked,
        notes=planned.notes,
    )
    return render(request, "pages/session.html", context)


def _state(
    library: Library, planned: SessionDay, asked: dict[str, str]
) -> tuple[Session, list[Station]]:
    """The session as it stands: swaps applied, and each set's station with what was logged."""
    session, options, applied = session_with_swaps(
        planned.session,
        profile=planned.profile,
        library=library,
        asked=asked,
        logged_today=planned.logged,
    )
    return session, _stations(session, planned.logged, library, options, applied)


def _page(
    session: Session,
    stations: list[Station],
    library: Library,
    *,
    future: bool,
    blocked: str | None,
    problems: dict[str, dict[str, str]] | None = None,
    values: dict[str, dict[str, object]] | None = None,
    notes: tuple[str, ...] = (),
) -> dict[str, object]:
    return {
        "notes": notes,
        "session": session,
        "stations": stations,
        "library": library,
        "blocks": {b.kind.value: b.items for b in session.blocks},
        "future": future,
        "blocked": blocked,
        "problems": problems or {},
        "values": values or {},
    }


@router.post("/session/{day}/sets")
def log_set(
    request: Request,
    day: str,
    user: CurrentUser,
    store: StoreDep,
    library: LibraryDep,
    plans: PlansDep,
    today: TodayDep,
    form: FormDep,
) -> Response:
    when = session_day(day)
    planned = session_on(store, user_id=user, library=library, day=when, today=today, plans=plans)
    blocked = planned.blocked
    if planned.halt is not None:  # stopped or paused: no more sets are taken here
        return redirect(request, f"/session/{when.isoformat()}{'/stopped' if blocked else ''}")
    asked = _swaps([str(v) for v in form.getlist("swap")])
    session, stations = _state(library, planned, asked)
    rows = {row.id: row for station in stations for row in station.rows}
    try:
        entry = parse_set_form(form, day=when, at=now_utc(), unit=unit_of(request))
        row_id = f"set-{entry.exercise}-{entry.order}-{entry.side.value}"
        if row_id not in rows:
            raise InvalidInput({"exercise": "is not a set of this session"})
        row = rows[row_id]
        if row.logged is None:  # a second tap on a saved set saves nothing more
            (new_id,) = log_sets(store, user_id=user, entries=[entry], library=library, today=today)
            row = replace(row, logged=LoggedSet(new_id, entry))
    except InvalidInput as error:
        row_id = f"set-{form.get('exercise')}-{form.get('order')}-{form.get('side')}"
        refused = rows.get(row_id)
        if refused is None:
            raise
        problems = error.problems
        context = {"row": refused, "problems": problems, "values": dict(form), "day": when}
        if request.headers.get("HX-Request") == "true":
            return render(request, "partials/_set_row.html", context, 422)
        page = _page(
            session,
            stations,
            library,
            future=when > today,
            blocked=blocked,
            problems={row_id: problems},
            values={row_id: dict(form)},
            notes=planned.notes,
        )
        return render(request, "pages/session.html", page, 422)
    if entry.stops_session:
        return redirect(request, f"/session/{when.isoformat()}/stopped")
    if request.headers.get("HX-Request") != "true":
        return redirect(request, f"/session/{when.isoformat()}#{row_id}")
    return render(
        request, "partials/_set_row.html", {"row": row, "problems": {}, "values": {}, "day": when}
    )


def _halted(
    request: Request,
    day: date,
    planned: SessionDay,
    library: Library,
    *,
    just_stopped: bool = False,
) -> Response:
    """The stop or pause instead of the session, with the sets already logged that day."""
    context = {
        "day": day,
        "halt": planned.halt,
        "logged": planned.logged,
        "library": library,
        "rules": STOP_RULES,
        "just_stopped": just_stopped,
    }
    return render(request, "pages/stopped.html", context)


@router.get("/session/{day}/done")
def done(
    request: Request,
    day: str,
    user: CurrentUser,
    store: StoreDep,
    library: LibraryDep,
    plans: PlansDep,
) -> Response:
    summary = session_summary(
        store, user_id=user, library=library, day=session_day(day), plans=plans
    )
    return render(request, "pages/summary.html", {"summary": summary, "library": library})
