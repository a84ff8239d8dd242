"""The ground-truth clips of ../shared/data/video-gt read against the form check.

Shared by the accuracy tests (on keypoints recorded from the real model, tests/fixtures/formcheck)
and bench/formcheck_accuracy.py (which can also run the model live and writes the docs table).
"""

import gzip
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hamstrong.core import formcheck as fc
from hamstrong.core.formpose import PoseSeries, median, series_from_dict
from hamstrong.library import load_library

ROOT = Path(__file__).resolve().parents[1]
GT = ROOT.parent / "shared" / "data" / "video-gt"
FIXTURES = ROOT / "tests" / "fixtures" / "formcheck"
EXERCISE = {
    "rdl": "romanian-deadlift",
    "rdl_round": "romanian-deadlift",
    "bridge": "glute-bridge",
    "bridge_sag": "glute-bridge",
    "nordic": "nordic-hamstring-curl",
}
CLIPS = sorted(p.stem for p in GT.glob("*.mp4"))


@dataclass(frozen=True)
class Outcome:
    """One clip: what the check said against the truth."""

    clip: str
    exercise: str
    view: str
    result: fc.FormCheck | None
    refusal: fc.CannotCheck | None
    true_reps: int
    lowering_errors: tuple[float, ...]  # seconds, per rep, found minus true
    hip_error: float  # median absolute error over the clip, degrees
    knee_error: float


def recorded(clip: str) -> PoseSeries:
    return series_from_dict(
        json.loads(gzip.decompress((FIXTURES / f"{clip}.json.gz").read_bytes()))
    )


@cache
def truth(clip: str) -> dict:  # type: ignore[type-arg]
    return json.loads((GT / f"{clip}.json").read_text())


def evaluate(clip: str, series: PoseSeries | None = None) -> Outcome:
    gt = truth(clip)
    meta = gt["meta"]
    series = recorded(clip) if series is None else series
    exercise = load_library().get(EXERCISE[meta["exercise"]])
    try:
        result = fc.check(series, exercise)
    except fc.CannotCheck as refusal:
        return Outcome(
            clip,
            meta["exercise"],
            meta["view"],
            None,
            refusal,
            len(meta["reps"]),
            (),
            math.nan,
            math.nan,
        )
    cleaned = fc.clean(series)
    angles = fc.angles_of(cleaned.frames, result.side, result.view.off_side_deg)
    frames = gt["frames"][:: series.stride][: len(angles.hip)]  # the analysed frames
    hip = median([abs(a - f["hip_angle_l"]) for a, f in zip(angles.hip, frames, strict=False)])
    knee = median([abs(a - f["knee_angle_l"]) for a, f in zip(angles.knee, frames, strict=False)])
    errors = []
    for true_rep in meta["reps"]:
        start = true_rep["lower"]["t0"]
        nearest = min(result.reps, key=lambda r: abs(r.phase("lowering").start_s - start))
        errors.append(nearest.lowering_s - true_rep["lower"]["dur_s"])
    return Outcome(
        clip,
        meta["exercise"],
        meta["view"],
        result,
        None,
        len(meta["reps"]),
        tuple(errors),
        hip,
        knee,
    )


@cache
def outcome(clip: str) -> Outcome:
    return evaluate(clip)
