"""The programme calendar, the iCalendar feed, the PDF, exports and imports."""

from datetime import date, timedelta

from fastapi import APIRouter, Request
from itsdangerous import BadSignature
from itsdangerous.url_safe import URLSafeSerializer
from starlette.responses import Response

from hamstrong.core.dates import monday, week_start
from hamstrong.errors import InvalidInput, NotFound
from hamstrong.services.calendar import feed_version, renew_feed
from hamstrong.services.programmes import MoveChoice, active_plan, move_choices, move_session
from hamstrong.services.transfer import export, import_text
from hamstrong.web.deps import CurrentUser, FormDep, LibraryDep, PlansDep, StoreDep, TodayDep
from hamstrong.web.forms import parse_day, session_day
from hamstrong.web.render import redirect, render
from hamstrong.web.security import public_url

router = APIRouter()
ICAL_SALT = "hamstrong-ical-feed-v1"
MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _feed_signer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.ical_secret, salt=ICAL_SALT)


def ical_token(request: Request, user_id: int, version: int) -> str:
    """The private feed token: the user id and its feed version, signed (revocable per user)."""
    token: str = _feed_signer(request).dumps([user_id, version])
    return token


@router.get("/programme")
def programme(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    library: LibraryDep,
    plans: PlansDep,
    today: TodayDep,
) -> Response:
    """The calendar: a Monday-to-Sunday grid per programme week, each day a session or rest.

    A programme week starts on the programme's first day, so unless that is a Monday it spans
    two calendar rows. Each day is ``(day, session or None, inside this programme week)``.
    """
    try:
        plan = active_plan(store, user_id=user, library=library, today=today, plans=plans)
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
            "library": library,
            "today": today,
            "feed": public_url(
                request,
                "ical_feed",
                token=ical_token(request, user, feed_version(store, user_id=user) or 0),
            ),
        },
    )


@router.get("/programme.pdf")
def programme_pdf(
    user: CurrentUser, store: StoreDep, library: LibraryDep, plans: PlansDep, today: TodayDep
) -> Response:
    from hamstrong.outputs.pdf import programme_pdf as render_pdf

    plan = active_plan(store, user_id=user, library=library, today=today, plans=plans)
    return Response(
        render_pdf(plan, library),
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="hamstrong-programme.pdf"'},
    )


@router.get("/ical/{token}.ics", name="ical_feed")
def ical_feed(
    request: Request,
    token: str,
    store: StoreDep,
    library: LibraryDep,
    plans: PlansDep,
    today: TodayDep,
) -> Response:
    from hamstrong.outputs.ical import programme_ical

    try:
        signed = _feed_signer(request).loads(token)
    except BadSignature:
        raise NotFound("calendar", "feed") from None
    if not (
        isinstance(signed, list) and len(signed) == 2 and all(isinstance(v, int) for v in signed)
    ):
        raise NotFound("calendar", "feed")
    user, version = signed
    if feed_version(store, user_id=user) != version:  # revoked, or the account is gone
        raise NotFound("calendar", "feed")
    plan = active_plan(store, user_id=user, library=library, today=today, plans=plans)
    return Response(
        programme_ical(plan, library),
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, no-store"},
    )


@router.get("/export.{fmt}")
def export_file(fmt: str, user: CurrentUser, store: StoreDep) -> Response:
    if fmt not in ("csv", "json"):
        raise NotFound("export format", fmt)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return Response(
        export(store, user_id=user, fmt=fmt),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="hamstrong-export.{fmt}"'},
    )


@router.get("/import")
def import_page(request: Request, user: CurrentUser) -> Response:
    return render(request, "pages/import.html", {"problems": {}, "report": None})


@router.post("/import")
def import_upload(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    library: LibraryDep,
    today: TodayDep,
    form: FormDep,
) -> Response:
    upload = form.get("file")
    unit = str(form.get("unit") or "kg")
    try:
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise InvalidInput({"file": "choose a CSV file exported from Strong, Hevy or Fitbod"})
        raw = upload.file.read(MAX_IMPORT_BYTES + 1)
        if len(raw) > MAX_IMPORT_BYTES:
            raise InvalidInput({"file": "is larger than 5 MB"})
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput({"file": "is not a UTF-8 text file"}) from None
        if unit not in ("kg", "lbs"):
            raise InvalidInput({"unit": "must be kg or lbs"})
        report = import_text(
            store, user_id=user, text=text, library=library, today=today, weight_unit=unit
        )
    except InvalidInput as error:
        return render(
            request, "pages/import.html", {"problems": error.problems, "report": None}, 422
        )
    return render(request, "pages/import.html", {"problems": {}, "report": report})


def _move_page(
    request: Request, day: date, choices: list[MoveChoice], problems: dict[str, str], status: int
) -> Response:
    return render(
        request, "pages/move.html", {"day": day, "choices": choices, "problems": problems}, status
    )


@router.get("/programme/move/{day}")
def move_form(
    request: Request,
    day: str,
    user: CurrentUser,
    store: StoreDep,
    library: LibraryDep,
    plans: PlansDep,
    today: TodayDep,
) -> Response:
    when = session_day(day)
    choices = move_choices(store, user_id=user, library=library, day=when, today=today, plans=plans)
    return _move_page(request, when, choices, {}, 200)


@router.post("/programme/move/{day}")
def move(
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
    try:
        target = parse_day(str(form.get("to") or ""))
        if target is None:
            raise InvalidInput({"to": "choose a day"})
        move_session(
            store, user_id=user, library=library, day=when, to=target, today=today, plans=plans
        )
    except InvalidInput as error:
        choices = move_choices(
            store, user_id=user, library=library, day=when, today=today, plans=plans
        )
        return _move_page(request, when, choices, error.problems, 422)
    return redirect(request, "/programme")


@router.post("/programme/feed/revoke")
def revoke_feed(request: Request, user: CurrentUser, store: StoreDep) -> Response:
    """A new private calendar address; the old one stops working at once."""
    renew_feed(store, user_id=user)
    return redirect(request, "/programme")
