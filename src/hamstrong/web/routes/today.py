"""Today, the training screen (per-set forms, sets and exercises added, edit and undo in place,
start and finish), the stop page and the summary."""

from collections.abc import Iterable
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from hamstrong.core.exercises import Library
from hamstrong.core.screen import STOP_RULES
from hamstrong.errors import InvalidInput, NotFound
from hamstrong.services.clock import now_utc
from hamstrong.services.programmes import swap_exercise, today_session
from hamstrong.services.sessions import (
    MAX_ADDED,
    SessionScreen,
    SetRow,
    View,
    edit_set,
    finish_session,
    save_set,
    session_report,
    session_screen,
    start_session,
    undo_set,
)
from hamstrong.services.training_log import check_in
from hamstrong.web.deps import Caller, CallerDep, FormDep, MaybeCaller
from hamstrong.web.forms.fields import session_day
from hamstrong.web.forms.today import parse_checkin_form, parse_session_note_form, parse_set_form
from hamstrong.web.render import is_htmx, redirect, render

router = APIRouter()
ROW = "partials/_set_row.html"


@router.get("/")
def today(request: Request, caller: MaybeCaller) -> Response:
    if caller is None:
        return render(request, "pages/welcome.html")
    try:
        view = today_session(caller.store, **caller.planning)
    except NotFound:
        return redirect(request, "/onboarding")
    context = {"view": view, "library": caller.library, "problems": {}}
    return render(request, "pages/today.html", context)


@router.post("/checkin")
def checkin(request: Request, caller: CallerDep, form: FormDep) -> Response:
    """Next-morning pain: rising morning pain makes the next week lighter."""
    try:
        day, pain = parse_checkin_form(form, today=caller.today)
        check_in(caller.store, user_id=caller.user, day=day, pain=pain, today=caller.today)
    except InvalidInput as error:
        context = {
            "view": today_session(caller.store, **caller.planning),
            "library": caller.library,
            "problems": error.problems,
            "typed": form.get("pain"),
        }
        return render(request, "pages/today.html", context, 422, partial="partials/_checkin.html")
    if is_htmx(request):
        return render(request, "partials/_checkin.html", {"problems": {}, "recorded": pain})
    return redirect(request, "/")


# ---- the training screen --------------------------------------------------------------------


def _view(values: Iterable[tuple[str, str]]) -> View:
    """Swaps, added exercises and added sets, from the page's address or a form's fields:
    ``swap=PLANNED:CHOSEN``, ``add=EXERCISE``, ``more=EXERCISE:N``."""
    swaps: dict[str, str] = {}
    added: list[str] = []
    more: dict[str, int] = {}
    for key, value in values:
        if key == "swap" and value.count(":") == 1:
            planned, chosen = value.split(":")
            swaps[planned] = chosen
        elif key == "add" and value and len(added) < MAX_ADDED:
            added.append(value)
        elif key == "more" and value.count(":") == 1:
            exercise, count = value.split(":")
            more[exercise] = int(count) if count.isdigit() and len(count) < 3 else 0
    return View(swaps, tuple(dict.fromkeys(added)), more)


def _form_view(form: FormData) -> View:
    return _view((k, v) for k, v in form.multi_items() if isinstance(v, str))


def _query(view: View) -> str:
    """The page's address for ``view``: what a redirect after a plain POST comes back to."""
    pairs = [("swap", f"{p}:{c}") for p, c in view.swaps.items()]
    pairs += [("add", a) for a in view.added]
    pairs += [("more", f"{e}:{n}") for e, n in view.more.items() if n > 0]
    return f"?{urlencode(pairs)}" if pairs else ""


def _screen(caller: Caller, when: date, view: View) -> SessionScreen:
    """The session of ``when`` as the caller sees it with ``view`` (swaps, additions)."""
    return session_screen(caller.store, day=when, view=view, **caller.planning)


def _address(when: date, view: View, anchor: str) -> str:
    """The session page with ``view``, at ``anchor``: where a plain POST comes back to."""
    return f"/session/{when.isoformat()}{_query(view)}#{anchor}"


def _page(
    request: Request,
    screen: SessionScreen,
    view: View,
    library: Library,
    *,
    status: int = 200,
    problems: dict[str, dict[str, str]] | None = None,
    values: dict[str, dict[str, object]] | None = None,
    editing: int | None = None,
    note_problems: dict[str, str] | None = None,
    swap_problems: dict[str, str] | None = None,
) -> Response:
    session = screen.session
    context = {
        "screen": screen,
        "session": session,
        "stations": screen.stations,
        "library": library,
        "blocks": {b.kind.value: b.items for b in session.blocks},
        "future": screen.future,
        "blocked": screen.blocked,
        "notes": screen.notes,
        "problems": problems or {},
        "values": values or {},
        "editing": editing,
        "view": view,
        "query": _query(view),
        "note_problems": note_problems or {},
        "swap_problems": swap_problems or {},  # by planned exercise
    }
    return render(request, "pages/session.html", context, status)


def _row(
    request: Request,
    screen: SessionScreen,
    row: SetRow,
    view: View,
    *,
    status: int = 200,
    problems: dict[str, str] | None = None,
    values: dict[str, object] | None = None,
    editing: bool = False,
    records: tuple[object, ...] = (),
) -> Response:
    context = {
        "row": row,
        "day": screen.day,
        "problems": problems or {},
        "values": values or {},
        "editing": editing,
        "locked": bool(screen.blocked) or screen.future,
        "records": records,
        "view": view,
        "query": _query(view),
        "library": request.app.state.library,
    }
    return render(request, ROW, context, status)


@router.get("/session/{day}")
@router.get("/session/{day}/stopped")  # straight after a stop-rule set
def session_page(request: Request, day: str, caller: CallerDep) -> Response:
    when = session_day(day)
    view = _view(request.query_params.multi_items())
    screen = _screen(caller, when, view)
    just_stopped = request.url.path.endswith("/stopped")
    if screen.halt is not None:  # a stop or a pause: not the session underneath
        return _halted(request, screen, caller.library, just_stopped=just_stopped)
    if just_stopped:  # the screen has been answered again since
        return redirect(request, f"/session/{when.isoformat()}")
    return _page(request, screen, view, caller.library)


def _halted(
    request: Request, screen: SessionScreen, library: Library, *, just_stopped: bool
) -> Response:
    """The stop or pause instead of the session, with the sets already logged that day."""
    context = {
        "day": screen.day,
        "halt": screen.halt,
        "logged": screen.logged,
        "library": library,
        "rules": STOP_RULES,
        "just_stopped": just_stopped,
    }
    return render(request, "pages/stopped.html", context)


def _held(request: Request, screen: SessionScreen) -> Response:
    """Where a set posted under a stop or a pause goes: no set is taken, nor changed."""
    stopped = "/stopped" if screen.blocked else ""
    return redirect(request, f"/session/{screen.day.isoformat()}{stopped}")


@router.post("/session/{day}/swaps")
def swap(request: Request, day: str, caller: CallerDep, form: FormDep) -> Response:
    """Swap an exercise of the session (``planned`` done as ``chosen``) until it is changed
    back (``chosen`` = ``planned``); a refusal is shown beside the exercise, with the reason."""
    when = session_day(day)
    kept = _form_view(form)
    planned, chosen = str(form.get("planned") or ""), str(form.get("chosen") or "")
    view = View({p: c for p, c in kept.swaps.items() if p != planned}, kept.added, kept.more)
    try:
        swap_exercise(
            caller.store, day=when, planned=planned, chosen=chosen or planned, **caller.planning
        )
    except InvalidInput as error:
        screen = _screen(caller, when, view)
        problem = error.problems.get("swap") or " ".join(error.problems.values())
        return _page(
            request, screen, view, caller.library, status=422, swap_problems={planned: problem}
        )
    target = chosen or planned
    return redirect(request, _address(when, view, f"ex-{target}"))


@router.post("/session/{day}/start")
def start(request: Request, day: str, caller: CallerDep) -> Response:
    """Start today's session (its duration runs from now), or a free one on a rest day."""
    when = session_day(day)
    start_session(caller.store, user_id=caller.user, day=when, today=caller.today, at=now_utc())
    return redirect(request, f"/session/{when.isoformat()}")


@router.post("/session/{day}/sets")
def log_set(request: Request, day: str, caller: CallerDep, form: FormDep) -> Response:
    when = session_day(day)
    view = _form_view(form)
    screen = _screen(caller, when, view)
    if screen.halt is not None:  # stopped or paused: no more sets are taken here
        return _held(request, screen)
    wanted = f"set-{form.get('exercise')}-{form.get('order')}-{form.get('side')}"
    try:
        entry = parse_set_form(form, day=when, at=now_utc(), unit=caller.unit)
        saved = save_set(
            caller.store,
            user_id=caller.user,
            library=caller.library,
            screen=screen,
            entry=entry,
            today=caller.today,
        )
    except InvalidInput as error:
        refused = screen.row(wanted)
        if refused is None:
            raise
        if is_htmx(request):
            return _row(
                request,
                screen,
                refused,
                view,
                status=422,
                problems=error.problems,
                values=dict(form),
            )
        return _page(
            request,
            screen,
            view,
            caller.library,
            status=422,
            problems={wanted: error.problems},
            values={wanted: dict(form)},
        )
    if entry.stops_session:
        return redirect(request, f"/session/{when.isoformat()}/stopped")
    if not is_htmx(request):
        return redirect(request, _address(when, view, saved.row.id))
    return _row(request, screen, saved.row, view, records=saved.records)


def _saved_row(screen: SessionScreen, set_id: int) -> SetRow:
    row = screen.row_of(set_id)
    if row is None:
        raise NotFound("set", str(set_id), "It is not a set of this session.")
    return row


@router.get("/session/{day}/sets/{set_id}")
def saved_row(request: Request, day: str, set_id: int, caller: CallerDep) -> Response:
    """One saved set as the page shows it (htmx: after Cancel on its edit form)."""
    when = session_day(day)
    view = _view(request.query_params.multi_items())
    screen = _screen(caller, when, view)
    row = _saved_row(screen, set_id)
    if not is_htmx(request):
        return redirect(request, _address(when, view, row.id))
    return _row(request, screen, row, view)


@router.get("/session/{day}/sets/{set_id}/edit")
def edit_row(request: Request, day: str, set_id: int, caller: CallerDep) -> Response:
    """A saved set's form, filled in with what was saved: in place with htmx, else the page
    with that one row open."""
    when = session_day(day)
    view = _view(request.query_params.multi_items())
    screen = _screen(caller, when, view)
    row = _saved_row(screen, set_id)
    if screen.blocked or screen.future:
        return redirect(request, f"/session/{when.isoformat()}")
    if is_htmx(request):
        return _row(request, screen, row, view, editing=True)
    return _page(request, screen, view, caller.library, editing=set_id)


@router.post("/session/{day}/sets/{set_id}")
def edit_saved(
    request: Request, day: str, set_id: int, caller: CallerDep, form: FormDep
) -> Response:
    """Save an edited set in place: the same set (and id), its new numbers and note."""
    when = session_day(day)
    view = _form_view(form)
    screen = _screen(caller, when, view)
    if screen.halt is not None:  # after a stop, the sets of that day stay as they were
        return _held(request, screen)
    row = _saved_row(screen, set_id)
    try:
        at = row.logged.entry.at if row.logged else None
        kept = row.logged.entry.kg if row.logged else None
        entry = parse_set_form(form, day=when, at=at, unit=caller.unit, kept=kept)
        saved = edit_set(
            caller.store,
            user_id=caller.user,
            library=caller.library,
            screen=screen,
            set_id=set_id,
            entry=entry,
            today=caller.today,
        )
    except InvalidInput as error:
        if is_htmx(request):
            return _row(
                request,
                screen,
                row,
                view,
                status=422,
                problems=error.problems,
                values=dict(form),
                editing=True,
            )
        return _page(
            request,
            screen,
            view,
            caller.library,
            status=422,
            problems={row.id: error.problems},
            values={row.id: dict(form)},
            editing=set_id,
        )
    if saved.row.logged and saved.row.logged.entry.stops_session:
        return redirect(request, f"/session/{when.isoformat()}/stopped")
    if not is_htmx(request):
        return redirect(request, _address(when, view, row.id))
    return _row(request, screen, saved.row, view, records=saved.records)


@router.post("/session/{day}/sets/{set_id}/delete")
def undo_saved(
    request: Request, day: str, set_id: int, caller: CallerDep, form: FormDep
) -> Response:
    """Undo a saved set: it is deleted, and its row is ready to be saved again."""
    when = session_day(day)
    view = _form_view(form)
    screen = _screen(caller, when, view)
    if screen.halt is not None:
        return _held(request, screen)
    row = undo_set(caller.store, user_id=caller.user, screen=screen, set_id=set_id)
    if not is_htmx(request):
        return redirect(request, _address(when, view, row.id))
    return _row(request, screen, row, view)


@router.post("/session/{day}/finish")
def finish(request: Request, day: str, caller: CallerDep, form: FormDep) -> Response:
    """Finish the session with its note, then its summary."""
    when = session_day(day)
    try:
        note = parse_session_note_form(form)
        finish_session(
            caller.store,
            user_id=caller.user,
            day=when,
            today=caller.today,
            at=now_utc(),
            note=note,
        )
    except InvalidInput as error:
        view = _form_view(form)
        screen = _screen(caller, when, view)
        return _page(
            request,
            screen,
            view,
            caller.library,
            status=422,
            note_problems=error.problems,
            values={"finish": dict(form)},
        )
    return redirect(request, f"/session/{when.isoformat()}/done")


@router.get("/session/{day}/done")
def done(request: Request, day: str, caller: CallerDep) -> Response:
    report = session_report(
        caller.store,
        user_id=caller.user,
        library=caller.library,
        day=session_day(day),
        plans=caller.plans,
    )
    return render(request, "pages/summary.html", {"report": report, "library": caller.library})
