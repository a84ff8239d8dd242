"""Record BlazePose keypoints of the ground-truth clips as compact test fixtures.

usage: python bench/formcheck_record.py [--missing] [CLIP.mp4 ...]
(default: every clip in ../shared/data/video-gt; --missing skips clips already recorded)
Writes tests/fixtures/formcheck/<clip>.json.gz; the accuracy tests read these instead of running
the pose model, and tests/video checks on one clip that the model still reproduces them.
"""

import gzip
import json
import sys
import time
from pathlib import Path

from hamstrong.core.formpose import series_to_dict
from hamstrong.video.pose import estimate

ROOT = Path(__file__).resolve().parent.parent
GT = ROOT.parent / "shared" / "data" / "video-gt"
OUT = ROOT / "tests" / "fixtures" / "formcheck"


def record(clip: Path) -> Path:
    started = time.perf_counter()
    series = estimate(clip)
    target = OUT / f"{clip.stem}.json.gz"
    payload = json.dumps(series_to_dict(series), separators=(",", ":")).encode()
    target.write_bytes(gzip.compress(payload, mtime=0))
    seconds = time.perf_counter() - started
    print(
        f"{clip.stem}: {len(series.frames)} frames, {series.found} with a body, "
        f"{series.others}/{series.probes} probes with another person, {seconds:.1f} s"
    )
    return target


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    clips = [Path(a) for a in sys.argv[1:] if a != "--missing"] or sorted(GT.glob("*.mp4"))
    for clip in clips:
        if "--missing" in sys.argv[1:2] and (OUT / f"{clip.stem}.json.gz").exists():
            continue
        record(clip)
