"""Test-sized clips, made at test time from the ground-truth clips of ../shared/data/video-gt."""

from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parents[1]
GT = ROOT.parent / "shared" / "data" / "video-gt"
REAL = ROOT.parent / "shared" / "data" / "videos"


def cut(source: Path, target: Path, seconds: float) -> Path:
    """The first seconds of a clip, re-encoded (mp4v)."""
    capture = cv2.VideoCapture(str(source))
    fps = capture.get(cv2.CAP_PROP_FPS)
    size = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    for _ in range(round(seconds * fps)):
        ok, frame = capture.read()
        if not ok:
            break
        writer.write(frame)
    writer.release()
    capture.release()
    return target


# One rep of each family the ground truth films, and where that rep has ended (seconds)
ONE_REP = {
    "bridge": ("bridge_sag_side", 6.5),  # 1 s lying, 1 s up, 1 s hold, 2 s down, the floor
    "nordic": ("nordic_side", 6.5),  # 3 s down, 0.3 s at the bottom, 1.5 s up, 1 s upright
    "hinge": ("rdl_side", 5.7),  # 3 s down, 0.3 s at the bottom, 1 s up, 0.5 s upright
}


def one_rep(family: str, folder: Path) -> Path:
    """A clip of one rep of a family's ground-truth exercise."""
    clip, seconds = ONE_REP[family]
    return cut(GT / f"{clip}.mp4", folder / f"{family}.mp4", seconds)


def sag_bridge(folder: Path) -> Path:
    """One rep of the sagging bridge: 1 s lying, 1 s up, 1 s hold, 2 s down, then half a
    second on the floor (the check reads the same rep, lowering and fault as from the 6.5 s
    it was cut at before, with 15% less of BlazePose's work: it runs on about eight checks)."""
    return cut(GT / "bridge_sag_side.mp4", folder / "bridge.mp4", 5.5)
