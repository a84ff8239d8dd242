"""The annotated picture of a rep: the frame, the body line that was measured, and the verdict."""

from pathlib import Path

from hamstrong.core.formcheck import CannotCheck, FormCheck, Refusal
from hamstrong.core.formpose import PoseFrame
from hamstrong.video import require

_BONES = (
    ("shoulder", "hip"),
    ("hip", "knee"),
    ("knee", "ankle"),
    ("shoulder", "elbow"),
    ("elbow", "wrist"),
    ("ankle", "heel"),
    ("heel", "foot"),
    ("ankle", "foot"),
)
_NEAR, _FAR, _TEXT, _BAD = (60, 200, 255), (180, 180, 180), (255, 255, 255), (40, 40, 230)


def draw(clip: Path, result: FormCheck, rep: int | None = None) -> bytes:
    """PNG bytes of the chosen rep's key frame (the worst rep by default)."""
    require()
    import cv2

    from hamstrong.video.pose import frames

    index = result.worst_rep if rep is None else rep - 1
    if index is None or not 0 <= index < len(result.reps):
        raise CannotCheck(Refusal.NO_REPS, "There is no such rep to draw.")
    chosen = result.reps[index]
    target = chosen.key_frame
    image = None
    for i, frame in enumerate(frames(clip, result.stride)):
        if i == target:
            image = frame
            break
    if image is None:
        raise CannotCheck(Refusal.NOT_VIDEO, f"{clip.name} no longer has the frame of that rep.")
    if chosen.pose is not None:
        _skeleton(image, chosen.pose, result.side or result.view.near_side)
        if result.family.value in ("bridge", "curl", "walkout"):
            _straight_line(image, chosen.pose, result.side or result.view.near_side)
    lines = [f"{result.exercise_name}: rep {chosen.number} of {len(result.reps)}"]
    # OpenCV's built-in fonts are ASCII only: degrees are written out.
    lines += [
        f"{m.label}: {m.value:.1f} {'deg' if m.unit == '°' else m.unit}"
        for m in chosen.measures
        if m.unit in ("°", "s")
    ][:4]
    bad = [f.mistake.partition(":")[0] for f in result.findings if chosen.number in f.reps]
    _caption(image, lines, bad)
    ok, png = cv2.imencode(".png", image)
    if not ok:  # pragma: no cover - OpenCV always encodes a BGR image as PNG
        raise CannotCheck(Refusal.NOT_VIDEO, "The picture could not be made.")
    return bytes(png.tobytes())


def _skeleton(image: object, pose: PoseFrame, near: str) -> None:
    import cv2

    height, width = image.shape[:2]  # type: ignore[attr-defined]
    thick = max(2, round(min(height, width) / 160))
    for side in ("left", "right"):
        colour = _NEAR if side == near else _FAR
        for a, b in _BONES:
            pa, pb = pose.point(f"{side}_{a}"), pose.point(f"{side}_{b}")
            cv2.line(image, _pixel(pa), _pixel(pb), colour, thick, cv2.LINE_AA)  # type: ignore[call-overload]
        for part in ("shoulder", "hip", "knee", "ankle"):
            cv2.circle(
                image, _pixel(pose.point(f"{side}_{part}")), thick + 2, colour, -1, cv2.LINE_AA
            )  # type: ignore[call-overload]


def _straight_line(image: object, pose: PoseFrame, side: str) -> None:
    """The shoulder-to-knee line the hips should reach: the gap to it is the sag."""
    import cv2

    shoulder, knee = pose.point(f"{side}_shoulder"), pose.point(f"{side}_knee")
    cv2.line(image, _pixel(shoulder), _pixel(knee), _BAD, 1, cv2.LINE_AA)  # type: ignore[call-overload]


def _pixel(point: tuple[float, float]) -> tuple[int, int]:
    return round(point[0]), round(point[1])


def _caption(image: object, lines: list[str], bad: list[str]) -> None:
    import cv2

    height, width = image.shape[:2]  # type: ignore[attr-defined]
    scale = max(0.45, min(height, width) / 900)
    step = round(26 * scale / 0.6)
    rows = [(text, _TEXT) for text in lines] + [(text, _BAD) for text in bad]
    box_h = step * len(rows) + step // 2
    cv2.rectangle(image, (0, 0), (width, box_h), (0, 0, 0), -1)  # type: ignore[call-overload]
    for i, (text, colour) in enumerate(rows):
        cv2.putText(
            image,
            text,
            (10, step * (i + 1)),
            cv2.FONT_HERSHEY_SIMPLEX,
            scale,
            colour,
            1,
            cv2.LINE_AA,
        )  # type: ignore[call-overload]
