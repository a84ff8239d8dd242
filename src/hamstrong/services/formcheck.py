"""The form-check use-case: a clip and an exercise in, a ``FormCheck`` out; and its picture.

Both interfaces call these: the command line directly, the web from a background job (a check
takes seconds to a minute, so never in a request). Nothing leaves the machine and nothing is
downloaded: the pose model ships inside the mediapipe wheel.
"""

from collections.abc import Callable
from pathlib import Path

from hamstrong.core.exercises import Exercise, Library
from hamstrong.core.formcheck import (
    MAX_SECONDS,
    CannotCheck,
    FormCheck,
    Refusal,
    SideComparison,
    check,
    check_length,
    family_of,
    not_video,
)
from hamstrong.core.formcheck import compare_sides as _compare
from hamstrong.errors import InvalidInput, shown

SIDES = ("left", "right")
Progress = Callable[[int, int], None]  # (frames done, frames in all)


def check_clip(
    clip: Path,
    exercise_id: str,
    *,
    library: Library,
    side: str | None = None,
    progress: Progress | None = None,
    max_seconds: float = MAX_SECONDS,
    upload: bool = False,
) -> FormCheck:
    """Check the form in a clip of one set of an exercise.

    Raises NotFound for an unknown exercise, InvalidInput for a side other than left or right,
    VideoUnavailable without the video extra, and CannotCheck (with a ``reason`` code) for a clip
    that cannot be judged: not a video, no person or several, a wrong view, too short or too
    long (``max_seconds``), no complete rep, or an exercise the check does not cover.
    ``upload``: the clip is kept under a made-up name, so a refusal says "This clip" instead.
    """
    exercise = library.get(exercise_id)
    if side is not None and side not in SIDES:
        raise InvalidInput({"side": f"{shown(side)} is not a side; use left or right"})
    family_of(exercise)  # refuse an exercise it does not cover before decoding anything
    from hamstrong.video import pose

    try:
        info = pose.probe(clip)
        if info.frames:
            check_length(info.duration_s, max_seconds)
        series = pose.estimate(clip, progress)
    except CannotCheck as refusal:
        if upload and refusal.reason is Refusal.NOT_VIDEO:
            if not clip.is_file():  # gone before it was read (cleared away): not the user's clip
                raise CannotCheck(
                    Refusal.NOT_VIDEO, "The clip is no longer kept here: upload it again."
                ) from None
            raise not_video(None) from None
        raise
    return check(series, exercise, side=side)


def covers(exercise: Exercise) -> bool:
    """Whether the form check can judge this exercise (hinges, bridges, Nordics, curls,
    walkouts); the web offers "Check my form" for these only."""
    try:
        family_of(exercise)
    except CannotCheck:
        return False
    return True


def annotated_frame(clip: Path, result: FormCheck, rep: int | None = None) -> bytes:
    """A PNG of the worst rep (or rep number ``rep``) at its far end, with the measured body
    line, the angles and what was seen drawn on it."""
    from hamstrong.video.overlay import draw

    return draw(clip, result, rep)


def compare_sides(first: FormCheck, second: FormCheck) -> SideComparison:
    """Left against right for two clips of the same one-leg exercise."""
    return _compare(first, second)
