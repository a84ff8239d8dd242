"""Check my form: upload or record a clip of a set, follow the check, read the result.

The upload streams into a private file in the clip folder; the check itself runs as a
background job (``services.formjobs``), never in a request. Every page of a check is its
owner's only: anyone else gets the same 404 as for a check that never was.
"""

from datetime import date
from typing import IO, TYPE_CHECKING

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, Response

from hamstrong.core.exercises import Exercise, Library
from hamstrong.errors import InvalidInput, NotFound
from hamstrong.services import formjobs
from hamstrong.services.clock import now_utc
from hamstrong.web.deps import CallerDep
from hamstrong.web.render import redirect, render
from hamstrong.web.uploads import body_chunks, read_form

if TYPE_CHECKING:
    from hamstrong.jobs import JobQueue

router = APIRouter()
UPLOAD_PATH = "/form-checks"  # BodyLimit gives this path the clip limit
FORM_SLACK = 64 * 1024  # the form's other fields and part headers, on top of the clip


def _queue(request: Request) -> "JobQueue":
    queue: JobQueue = request.app.state.queue
    return queue


def _clips(request: Request) -> formjobs.Clips:
    clips: formjobs.Clips = request.app.state.clips
    return clips


def _day(raw: str | None) -> date:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        raise NotFound("session", str(raw), message="No such session.") from None


def _exercise(library: Library, exercise_id: str | None) -> Exercise:
    """An exercise the check covers; 404 for any other (the pages only link to those)."""
    problems = formjobs.request_problems(library, exercise_id or "", None)
    if problems:
        raise NotFound("exercise", str(exercise_id), message=problems["exercise"])
    return library.get(exercise_id or "")


def _form_page(
    request: Request,
    exercise: Exercise,
    day: date,
    problems: dict[str, str],
    values: dict[str, str],
    status: int = 200,
) -> Response:
    context = {
        "exercise": exercise,
        "day": day,
        "problems": problems,
        "values": values,
        "max_mb": request.app.state.clip_max_mb,
        "max_seconds": request.app.state.clip_max_seconds,
    }
    return render(
        request,
        "pages/form_check_new.html",
        context,
        status,
        partial="partials/_form_check_form.html",
    )


@router.get("/form-checks/new")
def new_check(request: Request, caller: CallerDep) -> Response:
    params = request.query_params
    exercise = _exercise(caller.library, params.get("exercise"))
    return _form_page(request, exercise, _day(params.get("day")), {}, {})


@router.post(UPLOAD_PATH)
def upload(request: Request, caller: CallerDep) -> Response:
    """Stream the clip to a private file, then file the check and queue it. A plain function
    (run in the thread pool like every route): the body is pulled chunk by chunk from the event
    loop and written to disk here."""
    clips = _clips(request)
    library = caller.library
    names: list[str] = []

    def open_file() -> IO[bytes]:
        name, handle = clips.create()
        names.append(name)
        return handle

    try:
        received = read_form(
            body_chunks(request.stream()), request.headers.get("content-type", ""), open_file
        )
    except (InvalidInput, ValueError) as error:
        for name in names:
            clips.delete(name)
        problems = getattr(error, "problems", None) or {"clip": "The upload broke off; try again."}
        return _refused_upload(request, library, {}, problems)
    except BaseException:  # the body cut off (413, 408) or the client gone: keep nothing
        for name in names:
            clips.delete(name)
        raise
    fields = received.fields
    clip = names[0] if names else None
    problems = formjobs.request_problems(library, fields.get("exercise", ""), None)
    if not problems:
        if clip is None:
            problems = {"clip": "Choose or record a clip of one set first."}
        elif not formjobs.looks_like_video(clips.path(clip)):
            problems = {"clip": "This file is not a video; film an mp4, mov or webm clip."}
    if problems:
        clips.delete(clip)
        return _refused_upload(request, library, fields, problems)
    assert clip is not None
    job_id = formjobs.start_check(
        caller.store,
        _queue(request),
        library,
        clips,
        caller.user,
        day=_day(fields.get("day")),
        exercise_id=fields.get("exercise", ""),
        side=fields.get("side") or None,
        keep_clip=fields.get("keep") == "yes",
        clip=clip,
    )
    return redirect(request, f"/form-checks/{job_id}")


def _refused_upload(
    request: Request, library: Library, fields: dict[str, str], problems: dict[str, str]
) -> Response:
    """The form again with what was wrong next to its field (422), nothing kept."""
    exercise = _exercise(library, fields.get("exercise"))
    return _form_page(request, exercise, _day(fields.get("day")), problems, fields, 422)


def _status_context(job: formjobs.FormCheckJob, library: Library) -> dict[str, object]:
    return {
        "job": job,
        "exercise": formjobs.exercise_of(library, job),
        "stalled": formjobs.stalled(job, now_utc()),
        "finished": job.state in formjobs.FINISHED,
        "too_fast": formjobs.rushed_reps(job),
    }


@router.get("/form-checks/{job_id}")
def check_page(request: Request, job_id: int, caller: CallerDep) -> Response:
    job = formjobs.job_of(caller.store, caller.user, job_id)
    return render(request, "pages/form_check.html", _status_context(job, caller.library))


@router.get("/form-checks/{job_id}/status")
def check_status(request: Request, job_id: int, caller: CallerDep) -> Response:
    """The job's state as a fragment: htmx polls it until the check ends."""
    job = formjobs.job_of(caller.store, caller.user, job_id)
    context = _status_context(job, caller.library)
    return render(request, "partials/_form_check_status.html", context)


@router.get("/form-checks/{job_id}/picture.png")
def check_picture(job_id: int, caller: CallerDep) -> Response:
    picture = formjobs.picture_of(caller.store, caller.user, job_id)
    return Response(picture, media_type="image/png")


@router.get("/form-checks/{job_id}/clip")
def kept_clip(request: Request, job_id: int, caller: CallerDep) -> Response:
    path = formjobs.kept_clip(caller.store, _clips(request), caller.user, job_id)
    return FileResponse(path, media_type="application/octet-stream", filename="clip.mp4")


@router.post("/form-checks/{job_id}/clip/delete")
def delete_kept_clip(request: Request, job_id: int, caller: CallerDep) -> Response:
    formjobs.delete_clip(caller.store, _clips(request), caller.user, job_id)
    return redirect(request, f"/form-checks/{job_id}")
