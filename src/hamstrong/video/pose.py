"""Decode a clip and run BlazePose on it: the one place that touches OpenCV and mediapipe.

Only the *full* BlazePose model is used (``model_complexity=1``): it ships inside the mediapipe
wheel. The lite and heavy models would be downloaded at run time, which HamStrong never does.
Frames are turned upright from the file's rotation tag (phones film portrait clips as rotated
landscape), shrunk so the long side is at most ``MAX_SIDE`` pixels, and analysed at about
``ANALYSIS_FPS`` frames/s (every second frame of a 30 frames/s clip, every fourth at 60): the
model's time is nearly all of a check's, and timing to a 15th of a second (67 ms) is plenty for
lowerings of 1-5 s (the ground truth reads the same within 0.05 s, docs/form-check.md).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamstrong.core.formcheck import CannotCheck, Refusal, not_video
from hamstrong.core.formpose import JOINTS, PoseFrame, PoseSeries
from hamstrong.video import require

os.environ.setdefault("GLOG_minloglevel", "2")  # before mediapipe loads: fewer log lines

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Image = NDArray[Any]

MAX_SIDE = 960
ANALYSIS_FPS = 15.0  # frames analysed per second of clip, about (12-20, a whole stride)
PROBES = 8  # frames checked for a second person
BLAZEPOSE = {
    "nose": 0,
    "left_ear": 7,
    "right_ear": 8,
    "left_shoulder": 11,
    "right_shoulder": 12,
    "left_elbow": 13,
    "right_elbow": 14,
    "left_wrist": 15,
    "right_wrist": 16,
    "left_hip": 23,
    "right_hip": 24,
    "left_knee": 25,
    "right_knee": 26,
    "left_ankle": 27,
    "right_ankle": 28,
    "left_heel": 29,
    "right_heel": 30,
    "left_foot": 31,
    "right_foot": 32,
}
_ORDER = [BLAZEPOSE[name] for name in JOINTS]

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ClipInfo:
    """What the file says about itself, after turning it upright."""

    fps: float
    frames: int  # as declared by the container; 0 when unknown
    width: int
    height: int
    rotation: int

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps if self.fps > 0 else 0.0

    @property
    def stride(self) -> int:
        """Clip frames per analysed frame: 2 at 24-37 frames/s (29.97 too), 4 at 60."""
        return max(1, round(self.fps / ANALYSIS_FPS))


def _open(path: Path) -> Any:
    import cv2

    if not path.is_file():
        raise CannotCheck(Refusal.NOT_VIDEO, f"There is no file called {path}.")
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    if not capture.isOpened():
        raise not_video(path.name)
    capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
    return capture


def probe(path: Path) -> ClipInfo:
    """Frame rate, length and upright size of a clip, reading its first frame only."""
    import cv2

    require()
    capture = _open(path)
    try:
        ok, frame = capture.read()
        fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
        if not ok or frame is None or not math.isfinite(fps) or fps <= 1:
            raise not_video(path.name)
        count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        rotation = int(capture.get(cv2.CAP_PROP_ORIENTATION_META) or 0)
        height, width = frame.shape[:2]
        return ClipInfo(fps, max(count, 0), int(width), int(height), rotation % 360)
    finally:
        capture.release()


def frames(path: Path, stride: int = 1) -> Iterator[Image]:
    """Upright BGR frames of the clip, every ``stride``-th one."""
    for _, frame in _frames_at(path, stride, 1, 0):
        yield frame


def _frames_at(path: Path, stride: int, every: int, offset: int) -> Iterator[tuple[int, Image]]:
    """(analysed index, frame) for the analysed frames whose index is ``offset`` modulo ``every``.

    The frames in between are decoded but not converted (``grab``): a video is read in order.
    """
    capture = _open(path)
    try:
        index = 0
        while True:
            analysed, rest = divmod(index, stride)
            if rest or analysed % every != offset:
                if not capture.grab():
                    return
            else:
                ok, frame = capture.read()
                if not ok or frame is None:
                    return
                yield analysed, frame
            index += 1
    finally:
        capture.release()


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence the model's C++ log lines, which it writes straight to file descriptor 2.

    Python's own ``sys.stderr`` (a progress bar) is pointed at the real stderr meanwhile, when it
    is the real one; a captured stderr (tests) is left alone.
    """
    saved = os.dup(2)
    python_stderr = sys.stderr
    try:
        real = python_stderr.fileno() == 2
    except (AttributeError, OSError, ValueError):
        real = False
    try:
        with open(os.devnull, "wb") as null:
            python_stderr.flush()
            os.dup2(null.fileno(), 2)
        if real:
            sys.stderr = open(saved, "w", closefd=False, encoding="utf-8")  # noqa: SIM115
        yield
    finally:
        if real:
            sys.stderr.flush()
            sys.stderr = python_stderr
        os.dup2(saved, 2)
        os.close(saved)


def _shrink(frame: Image) -> tuple[Image, float]:
    import cv2

    height, width = frame.shape[:2]
    scale = min(1.0, MAX_SIDE / max(height, width))
    if scale < 1.0:
        frame = cv2.resize(
            frame, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
        )
    return frame, scale


def _pose_frame(result: Any, width: int, height: int) -> PoseFrame | None:
    if result.pose_landmarks is None or result.pose_world_landmarks is None:
        return None
    image = result.pose_landmarks.landmark
    world = result.pose_world_landmarks.landmark
    return PoseFrame(
        image=tuple((image[i].x * width, image[i].y * height) for i in _ORDER),
        visibility=tuple(float(image[i].visibility) for i in _ORDER),
        world=tuple((world[i].x, world[i].y, world[i].z) for i in _ORDER),
    )


def _seen(frame: PoseFrame) -> list[tuple[float, float]]:
    """The points the model is fairly sure of (visibility over 0.3)."""
    return [p for p, v in zip(frame.image, frame.visibility, strict=True) if v > 0.3]


def _someone_else(static: Any, rgb: Image, main: PoseFrame, scale: float) -> bool:
    """True when, with the tracked person painted over, the model still finds a body."""
    xs = [p[0] * scale for p in _seen(main)]
    ys = [p[1] * scale for p in _seen(main)]
    if not xs:
        return False
    height, width = rgb.shape[:2]
    pad_x = 0.25 * (max(xs) - min(xs)) + 0.05 * width
    pad_y = 0.15 * (max(ys) - min(ys)) + 0.05 * height
    masked = rgb.copy()
    x0, x1 = max(0, int(min(xs) - pad_x)), min(width, int(max(xs) + pad_x))
    y0, y1 = max(0, int(min(ys) - pad_y)), min(height, int(max(ys) + pad_y))
    masked[y0:y1, x0:x1] = 127
    result = static.process(masked)
    if result.pose_landmarks is None:
        return False
    points = result.pose_landmarks.landmark
    core = [points[i] for i in (11, 12, 23, 24)]
    if min(p.visibility for p in core) < 0.7:
        return False
    other_height = (max(p.y for p in points) - min(p.y for p in points)) * height
    return bool(other_height > 0.4 * (max(ys) - min(ys)))


def _box(found: list[PoseFrame | None], width: int, height: int) -> tuple[int, int, int, int]:
    """A square around everywhere the body was seen, with a margin: where to look again."""
    points = [p for f in found if f is not None for p in _seen(f)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    side = 1.4 * max(max(xs) - min(xs), max(ys) - min(ys))
    x0 = int(max(0, min(width - side, cx - side / 2)))
    y0 = int(max(0, min(height - side, cy - side / 2)))
    return x0, y0, int(min(side, width - x0)), int(min(side, height - y0))


def _second_look(path: Path, stride: int, found: list[PoseFrame | None], info: ClipInfo) -> None:
    """Look again, closer, at frames where nobody was found, once the body was seen elsewhere.

    The person detector sees the whole frame at 224 pixels: a body a third of the frame high can
    go unseen for seconds (the first trial lost 11 % of such a clip, a whole rep). Cropped to
    where the body was found in other frames, the same model finds it.
    """

    missing = {i for i, f in enumerate(found) if f is None}
    if not missing or len(missing) == len(found):
        return
    x0, y0, w, h = _box(found, info.width, info.height)
    if w < 32 or h < 32 or (w >= 0.9 * info.width and h >= 0.9 * info.height):
        return
    with _quiet():
        _look_again(path, stride, found, missing, (x0, y0, w, h), info)


def _look_again(
    path: Path,
    stride: int,
    found: list[PoseFrame | None],
    missing: set[int],
    box: tuple[int, int, int, int],
    info: ClipInfo,
) -> None:
    import cv2
    import mediapipe as mp

    x0, y0, w, h = box
    tracker = mp.solutions.pose.Pose(
        static_image_mode=False, model_complexity=1, smooth_landmarks=False
    )
    try:
        for index, frame in enumerate(frames(path, stride)):
            if index >= len(found):
                break
            if index not in missing:
                continue
            scale = frame.shape[1] / info.width
            crop = frame[
                int(y0 * scale) : int((y0 + h) * scale), int(x0 * scale) : int((x0 + w) * scale)
            ]
            crop, _ = _shrink(crop)
            result = tracker.process(cv2.cvtColor(crop, cv2.COLOR_BGR2RGB))
            pose = _pose_frame(result, w, h)
            if pose is not None:
                found[index] = PoseFrame(
                    tuple((x + x0, y + y0) for x, y in pose.image), pose.visibility, pose.world
                )
    finally:
        tracker.close()


@dataclass(frozen=True, slots=True)
class _Part:
    """What one tracker found in its stretch of the clip."""

    frames: tuple[PoseFrame | None, ...]
    probes: int
    others: int


def _track(
    path: Path,
    info: ClipInfo,
    every: int,
    offset: int,
    stop: int | None,
    probe_at: frozenset[int],
    progress: Progress | None = None,
    total: int = 0,
) -> _Part:
    """Track the body with a fresh tracker over the analysed frames ``offset`` modulo ``every``
    (before ``stop``); the result holds those frames only, in order."""
    with _quiet():
        return _track_quietly(path, info, every, offset, stop, probe_at, progress, total)


def _track_quietly(
    path: Path,
    info: ClipInfo,
    every: int,
    offset: int,
    stop: int | None,
    probe_at: frozenset[int],
    progress: Progress | None,
    total: int,
) -> _Part:
    require()
    import cv2
    import mediapipe as mp

    solution = mp.solutions.pose
    tracker = solution.Pose(
        static_image_mode=False,
        model_complexity=1,
        smooth_landmarks=False,
        enable_segmentation=False,
        min_detection_confidence=0.5,
        min_tracking_confidence=0.5,
    )
    static = solution.Pose(static_image_mode=True, model_complexity=1)
    found: list[PoseFrame | None] = []
    probes = others = 0
    try:
        for index, frame in _frames_at(path, info.stride, every, offset):
            if stop is not None and index >= stop:
                break
            small, scale = _shrink(frame)
            rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
            pose = _pose_frame(tracker.process(rgb), info.width, info.height)
            found.append(pose)
            if index in probe_at and pose is not None:
                probes += 1
                others += _someone_else(static, rgb, pose, scale)
            if progress is not None and index % 10 == offset:
                progress(index, max(total, index + 1))
    finally:
        tracker.close()
        static.close()
    return _Part(tuple(found), probes, others)


def estimate(
    path: Path,
    progress: Progress | None = None,
    limit: int | None = None,
    workers: int = 1,
) -> PoseSeries:
    """Run BlazePose over the clip (its first ``limit`` analysed frames) and return the raw
    keypoint series.

    With ``workers=2`` a clip of 10 s or more is tracked by two trackers at once, one on the
    even frames here and one on the odd frames in a child process (which also looks for a
    second person), so both cores work. Splitting the clip in halves instead left a step where
    the second tracker took over (a tracker that has just found the body places its points a
    little differently, which reads as movement). Interleaved, the run is about twice as fast
    on 2 cores, but on the ground truth it timed one lowering in 90 (a sagging bridge) 0.96 s
    long, against 0.35 s at worst with one tracker: one tracker is the default until that is
    understood.
    """
    require()
    info = probe(path)
    stride = info.stride
    total = max(1, math.ceil(info.frames / stride)) if info.frames else 0
    if limit is not None:
        total = min(total, limit) if total else limit
    probe_at = frozenset(
        {round((k + 0.5) * total / PROBES) for k in range(PROBES)} if total else {0, 30, 90, 150}
    )
    if workers > 1 and total >= 10 * info.fps / stride:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")  # no fork of a process that ran the model
        odd = frozenset(i | 1 for i in probe_at)
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            second = pool.submit(_track, path, info, 2, 1, limit, odd)
            first = _track(path, info, 2, 0, limit, frozenset(), progress, total)
            parts = [first, second.result()]
        even, odd_frames = parts[0].frames, parts[1].frames
        found: list[PoseFrame | None] = []
        for k, frame in enumerate(even):
            found.append(frame)
            if k < len(odd_frames):
                found.append(odd_frames[k])
    else:
        parts = [_track(path, info, 1, 0, limit, probe_at, progress, total)]
        found = list(parts[0].frames)
    if not found:
        raise not_video(path.name)
    _second_look(path, stride, found, info)
    if progress is not None:
        progress(len(found), len(found))
    return PoseSeries(
        fps=info.fps / stride,
        width=info.width,
        height=info.height,
        frames=tuple(found),
        probes=sum(p.probes for p in parts),
        others=sum(p.others for p in parts),
        stride=stride,
    )
