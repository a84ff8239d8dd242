"""The form check against the ground-truth clips: prints the table and writes it into
docs/form-check.md (between the accuracy markers).

usage: python bench/formcheck_accuracy.py [--live]
Without --live it reads the BlazePose keypoints recorded in tests/fixtures/formcheck (seconds);
with --live it runs the model on every clip first (minutes), as a user's check would.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "form-check.md"
START, END = "<!-- accuracy:start -->", "<!-- accuracy:end -->"


def table(live: bool) -> str:
    from tests.formcheck_gt import CLIPS, GT, evaluate

    from hamstrong.core.formpose import median

    rows = [
        "| clip | view | reps found / made | lowering error median / worst (s) "
        "| hip error median (°) | knee error median (°) | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    every: list[float] = []
    for clip in CLIPS:
        series = None
        if live:
            from hamstrong.video.pose import estimate

            series = estimate(GT / f"{clip}.mp4")
        o = evaluate(clip, series)
        if o.result is None:
            reason = str(o.refusal).split(":")[-1].strip().rstrip(".")
            rows.append(f"| {clip} | {o.view} | refused | | | | {reason} |")
            continue
        errors = [abs(e) for e in o.lowering_errors]
        every += errors
        seen = "; ".join(f.mistake.partition(":")[0] for f in o.result.findings) or "no mistake"
        if o.result.limits:
            seen += "; back rounding not judged"
        rows.append(
            f"| {clip} | {o.view} | {len(o.result.reps)} / {o.true_reps} | "
            f"{median(errors):.2f} / {max(errors):.2f} | {o.hip_error:.1f} | {o.knee_error:.1f} "
            f"| {seen} |"
        )
    rows.append(
        f"\nAll {len(every)} reps of the judged clips: lowering error median "
        f"{median(every):.2f} s, worst {max(every):.2f} s. "
        f"Keypoints: {'BlazePose run live' if live else 'recorded BlazePose keypoints'}."
    )
    return "\n".join(rows)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    text = table("--live" in sys.argv[1:])
    print(text)
    doc = DOC.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    DOC.write_text(re.sub(re.escape(START) + ".*?" + re.escape(END), block, doc, flags=re.S))
