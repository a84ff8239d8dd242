"""Form checks as background jobs, and their results over the weeks.

The web files a job (``start_check``) and a worker runs it (``run_check``): the clip waits in the
clip folder, the job's state, progress and result live in the store, and the queue carries only
the job's id. The clip is deleted once analysed unless the user chose to keep it. The command
line checks in the foreground and files its result with ``save_result``.
"""

import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from hamstrong.core.exercises import Exercise, Library
from hamstrong.core.formcheck import MAX_SECONDS, CannotCheck, FormCheck, rushed
from hamstrong.core.formhistory import FormTrend, point_of, trends
from hamstrong.errors import HamstrongError, InvalidInput, NotFound
from hamstrong.jobs import JobQueue
from hamstrong.services.formcheck import SIDES, annotated_frame, check_clip, covers
from hamstrong.store import Store
from hamstrong.store.repository import FormCheckJob
from hamstrong.video import VideoUnavailable

__all__ = ["Clips", "FormCheckJob", "FormTrend"]

if TYPE_CHECKING:
    from hamstrong.settings import Settings

log = logging.getLogger("hamstrong.formjobs")
FINISHED = frozenset({"done", "refused", "failed"})
PROGRESS_EVERY_S = 1.0  # the store hears of progress at most this often
STALLED_S = 3600.0  # a job unfinished this long after it was filed is taken as lost
FAILED = "The check stopped with an error; please try again, or film the set again."
_CLIP_NAME = re.compile(r"[0-9a-f]{32}\.clip")


@dataclass(frozen=True, slots=True)
class Clips:
    """The folder where uploaded clips wait for a worker, readable by this account only.

    Names are made here (random), never taken from the upload, so a name cannot reach outside
    the folder. On several machines, every web and worker machine mounts the same folder.
    """

    folder: Path

    def create(self) -> tuple[str, IO[bytes]]:
        """A new, empty clip file (mode 0600) and its name."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = f"{secrets.token_hex(16)}.clip"
        fd = os.open(self.folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        return name, os.fdopen(fd, "wb")

    def path(self, name: str) -> Path:
        if not _CLIP_NAME.fullmatch(name):
            raise ValueError(f"not a clip name: {name!r}")
        return self.folder / name

    def delete(self, name: str | None) -> None:
        if name:
            self.path(name).unlink(missing_ok=True)


# How video containers start: ISO media (mp4, mov, 3gp: a box type at byte 4), Matroska (webm),
# RIFF AVI. A file that starts otherwise is refused at once, before it waits for a worker.
_ISO_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot")


def looks_like_video(path: Path) -> bool:
    """Whether a file starts like a video container (the check itself decodes it later)."""
    with path.open("rb") as handle:
        head = handle.read(12)
    return (
        head[4:8] in _ISO_BOXES
        or head.startswith(b"\x1a\x45\xdf\xa3")
        or (head[:4] == b"RIFF" and head[8:12] == b"AVI ")
    )


def exercise_of(library: Library, job: FormCheckJob) -> Exercise | None:
    """The checked exercise, if the catalogue still has it."""
    try:
        return library.get(job.exercise)
    except NotFound:
        return None


def request_problems(library: Library, exercise_id: str, side: str | None) -> dict[str, str]:
    """What is wrong with a check request before any clip is read (field -> sentence)."""
    try:
        exercise = library.get(exercise_id)
    except NotFound:
        return {"exercise": "Choose an exercise of your session to check."}
    if not covers(exercise):
        return {"exercise": f"The form check does not cover {exercise.name} yet."}
    if side is not None and side not in SIDES:
        return {"side": "Choose the left or the right leg."}
    return {}


def start_check(
    store: Store,
    queue: JobQueue,
    library: Library,
    clips: Clips,
    user_id: int,
    *,
    day: date,
    exercise_id: str,
    side: str | None,
    keep_clip: bool,
    clip: str,
) -> int:
    """File a check of the uploaded ``clip`` and queue it; its id. The clip is deleted when the
    request is refused (InvalidInput) or the queue cannot take it (QueueUnavailable)."""
    problems = request_problems(library, exercise_id, side)
    if problems:
        clips.delete(clip)
        raise InvalidInput(problems)
    job_id = store.add_form_check(
        user_id, day=day, exercise=exercise_id, side=side, keep_clip=keep_clip, clip=clip
    )
    try:
        queue.form_check(job_id)
    except HamstrongError as error:
        clips.delete(clip)
        store.update_form_check(job_id, state="failed", forget_clip=True, message=str(error))
        raise
    return job_id


def job_of(store: Store, user_id: int, job_id: int) -> FormCheckJob:
    """One of the user's checks; NotFound for anyone else's, as for one that never was."""
    job = store.form_check(job_id, user_id=user_id)
    if job is None:
        raise NotFound("form check", str(job_id), message="No such form check.")
    return job


def rushed_reps(job: FormCheckJob) -> frozenset[int]:
    """The numbers of the reps lowered too fast for the exercise's tempo (none without a
    result or a tempo): the pages mark these "too fast"."""
    result = job.result or {}
    tempo = result.get("tempo_lowering_s")
    return frozenset(
        rep["number"] for rep in result.get("reps", ()) if rushed(rep["lowering_s"], tempo)
    )


def stalled(job: FormCheckJob, now: datetime) -> bool:
    """A job still unfinished long after it was filed: its worker stopped mid-way."""
    return job.state not in FINISHED and (now - job.created_at).total_seconds() > STALLED_S


def picture_of(store: Store, user_id: int, job_id: int) -> bytes:
    picture = store.form_check_picture(job_id, user_id=user_id)
    if picture is None:
        raise NotFound("form check picture", str(job_id), message="No such picture.")
    return picture


def kept_clip(store: Store, clips: Clips, user_id: int, job_id: int) -> Path:
    """The clip the user chose to keep, to download it."""
    job = job_of(store, user_id, job_id)
    if job.clip is None or job.state not in FINISHED or not clips.path(job.clip).is_file():
        raise NotFound("clip", str(job_id), message="This clip is not kept.")
    return clips.path(job.clip)


def delete_clip(store: Store, clips: Clips, user_id: int, job_id: int) -> None:
    """Delete a kept clip; the result stays."""
    job = job_of(store, user_id, job_id)
    if job.state not in FINISHED:
        raise InvalidInput({"clip": "The check is still running; delete the clip once it ends."})
    clips.delete(job.clip)
    store.update_form_check(job_id, forget_clip=True)


def forget_user_clips(store: Store, clips: Clips, user_id: int) -> None:
    """Delete every clip a user kept (before the account itself goes)."""
    for name in store.kept_clips(user_id):
        clips.delete(name)


def run_check(
    job_id: int,
    *,
    store: Store,
    library: Library,
    clips: Clips,
    max_seconds: float = MAX_SECONDS,
    now: Callable[[], datetime],
    monotonic: Callable[[], float] = time.monotonic,
) -> None:
    """Run one queued check: the worker's task. Never raises for a clip or a job gone wrong:
    the outcome (done, refused with the reason, or failed) is written to the job instead, and
    the clip is deleted unless it is to be kept."""
    job = store.form_check(job_id, user_id=None)
    if job is None or job.state != "queued" or job.clip is None:
        return  # deleted meanwhile, or delivered twice
    store.update_form_check(job_id, state="running")
    told = monotonic()

    def progress(done: int, total: int) -> None:
        nonlocal told
        if monotonic() - told >= PROGRESS_EVERY_S:
            told = monotonic()
            store.update_form_check(job_id, done=done, total=total)

    clip = clips.path(job.clip)
    try:
        result = check_clip(
            clip,
            job.exercise,
            library=library,
            side=job.side,
            progress=progress,
            max_seconds=max_seconds,
            upload=True,
        )
        picture = annotated_frame(clip, result)
    except CannotCheck as refusal:
        _finish(
            store,
            clips,
            job,
            now(),
            state="refused",
            reason=refusal.reason.value,
            message=str(refusal),
        )
    except VideoUnavailable as error:  # the server's setup: the user reads that, the log what
        log.error(
            "form check %s: the video packages are not installed (%s missing)",
            job_id,
            error.missing,
        )
        _finish(store, clips, job, now(), state="failed", message=str(error))
    except HamstrongError as error:  # e.g. an exercise gone from the catalogue
        _finish(store, clips, job, now(), state="failed", message=str(error))
    except Exception:
        log.exception("form check %s failed", job_id)
        _finish(store, clips, job, now(), state="failed", message=FAILED)
    else:
        _finish(store, clips, job, now(), state="done", result=result.to_dict(), picture=picture)


def _finish(
    store: Store, clips: Clips, job: FormCheckJob, at: datetime, *, state: str, **outcome: Any
) -> None:
    if not job.keep_clip:
        clips.delete(job.clip)
    store.update_form_check(job.id, state=state, forget_clip=not job.keep_clip, now=at, **outcome)


def save_result(
    store: Store,
    user_id: int,
    result: FormCheck,
    *,
    day: date,
    picture: bytes | None,
    now: datetime,
) -> int:
    """File a check made in the foreground (the command line) under the day's session."""
    return store.add_form_check(
        user_id,
        day=day,
        exercise=result.exercise_id,
        side=result.side,
        keep_clip=False,
        clip=None,
        state="done",
        result=result.to_dict(),
        picture=picture,
        now=now,
    )


def form_trends(store: Store, user_id: int) -> list[FormTrend]:
    """Every finished check with a result, per exercise and side: lowering time and, for
    Nordic curls, the break angle, to follow over weeks (progress, web and command line)."""
    return trends(
        point_of(job.id, job.day, job.exercise, job.result or {})
        for job in store.form_checks(user_id, state="done")
    )


def work(settings: "Settings", *, threads: int = 1) -> None:
    """Consume form-check jobs until SIGINT or SIGTERM: ``hamstrong worker``, and the one
    consumer ``hamstrong serve`` starts beside its web workers. Each thread runs one check at a
    time; the pose model keeps a core busy, so one per core at most."""
    from hamstrong.library import load_library
    from hamstrong.services.clock import now_utc
    from hamstrong.store import open_store

    library = load_library()
    clips = Clips(settings.clips_folder())
    with open_store(settings.database_url) as store:

        def run(job_id: int) -> None:
            run_check(
                job_id,
                store=store,
                library=library,
                clips=clips,
                max_seconds=settings.clip_max_seconds,
                now=now_utc,
            )

        JobQueue(settings.jobs_url(), run).run(threads)
