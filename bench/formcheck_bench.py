"""Form-check speed: frames per second and the time to check a 30-second clip end to end.

Prints figures, never asserts. Target (issue 11): at least 2x faster than real time on 2 cores,
i.e. a 30-second clip checked in under 15 s. Reports wall time and CPU time: on a shared, busy
machine the wall time says more about the neighbours than about the code.

- landscape: ../shared/data/video-gt/nordic_side.mp4 (640x480, 30 fps, 30 s, 900 frames)
- phone: the same clip scaled to a 1080x1920 portrait frame, as a phone films (made here, mp4v)
"""

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIP = ROOT.parent / "shared" / "data" / "video-gt" / "nordic_side.mp4"


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the odd-frame tracker)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def phone_clip(target: Path) -> Path:
    import cv2
    import numpy as np

    capture = cv2.VideoCapture(str(CLIP))
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), 30, (1080, 1920))
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        canvas = np.full((1920, 1080, 3), 120, np.uint8)
        canvas[555:1365, :] = cv2.resize(frame, (1080, 810))
        writer.write(canvas)
    writer.release()
    return target


def measure(label: str, clip: Path) -> None:
    """What a job does with a clip: the check, then the worst rep's picture."""
    from hamstrong.library import load_library
    from hamstrong.services.formcheck import annotated_frame, check_clip
    from hamstrong.video.pose import probe

    library = load_library()
    info = probe(clip)
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = check_clip(clip, "nordic-hamstring-curl", library=library)
    annotated_frame(clip, result)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    analysed = round(result.duration_s * result.fps)
    print(
        f"{label}: {result.duration_s:.0f} s clip, {info.frames} frames at {info.fps:g} "
        f"frames/s, {analysed} analysed, {len(result.reps)} reps: {wall:.1f} s wall "
        f"({result.duration_s / wall:.1f}x real time, {info.frames / wall:.0f} clip frames/s), "
        f"{cpu:.1f} s CPU ({info.frames / cpu:.0f} clip frames and {analysed / cpu:.0f} "
        f"analysed frames per CPU-second, {result.duration_s / cpu:.1f}x real time per core)"
    )


def analysis_only() -> None:
    from tests.formcheck_gt import evaluate, recorded

    series = recorded("nordic_side")
    started = time.perf_counter()
    evaluate("nordic_side", series)
    frames = len(series.frames)
    print(f"analysis alone (pure Python, {frames} frames): {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    measure("landscape 640x480", CLIP)
    with tempfile.TemporaryDirectory() as folder:
        measure("phone 1080x1920", phone_clip(Path(folder) / "phone.mp4"))
    analysis_only()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory (resident): {peak:.0f} MB, the odd-frame tracker process {child:.0f} MB")
