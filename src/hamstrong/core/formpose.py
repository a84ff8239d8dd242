"""Keypoint time series from a clip, and the clean-up they need before anything is measured.

A pose model gives, per frame, image positions with a visibility score and metric "world" positions
relative to the hips. These functions take that raw series and make it usable: short gaps filled,
single-frame left/right swaps undone, one person kept, the camera's angle to the body estimated, and
signals smoothed without lag (the smoothing is centred, so it shifts no phase boundary in time).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

JOINTS = (
    "nose",
    "left_ear",
    "right_ear",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot",
    "right_foot",
)
INDEX = {name: i for i, name in enumerate(JOINTS)}
PAIRS = tuple(
    (INDEX[f"left_{part}"], INDEX[f"right_{part}"])
    for part in (
        "ear",
        "shoulder",
        "elbow",
        "wrist",
        "hip",
        "knee",
        "ankle",
        "heel",
        "foot",
    )
)
LEG_PARTS = ("hip", "knee", "ankle", "heel", "foot")
ARM_PARTS = ("shoulder", "elbow", "wrist", "ear")

Vec2 = tuple[float, float]
Vec3 = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class PoseFrame:
    """One person in one frame: per joint of ``JOINTS`` an image point, a visibility, a world point.

    Image points are pixels of the upright frame (x right, y down); world points are metres around
    the middle of the hips with the camera's axes (x right, y down, z away from the camera).
    """

    image: tuple[Vec2, ...]
    visibility: tuple[float, ...]
    world: tuple[Vec3, ...]

    def point(self, joint: str) -> Vec2:
        return self.image[INDEX[joint]]

    def world_point(self, joint: str) -> Vec3:
        return self.world[INDEX[joint]]

    def swapped(self, parts: Sequence[str]) -> "PoseFrame":
        """The same frame with the left and right labels of ``parts`` exchanged."""
        image, vis, world = list(self.image), list(self.visibility), list(self.world)
        for part in parts:
            left, right = INDEX[f"left_{part}"], INDEX[f"right_{part}"]
            image[left], image[right] = image[right], image[left]
            vis[left], vis[right] = vis[right], vis[left]
            world[left], world[right] = world[right], world[left]
        return PoseFrame(tuple(image), tuple(vis), tuple(world))


@dataclass(frozen=True, slots=True)
class PoseSeries:
    """What the pose model saw in a clip: one entry per analysed frame, None where nobody was found.

    ``others`` counts the probe frames (of ``probes``) in which a second person was found.
    """

    fps: float
    width: int
    height: int
    frames: tuple[PoseFrame | None, ...]
    probes: int = 0
    others: int = 0
    stride: int = 1  # clip frames per analysed frame

    @property
    def duration_s(self) -> float:
        return len(self.frames) / self.fps if self.fps > 0 else 0.0

    @property
    def found(self) -> int:
        return sum(frame is not None for frame in self.frames)


# ---- geometry ------------------------------------------------------------------------------------
def angle(a: Sequence[float], b: Sequence[float], c: Sequence[float]) -> float:
    """The angle at ``b`` between ``b→a`` and ``b→c`` in degrees (180 = straight), any dimension."""
    u = [p - q for p, q in zip(a, b, strict=True)]
    v = [p - q for p, q in zip(c, b, strict=True)]
    nu = math.sqrt(sum(x * x for x in u))
    nv = math.sqrt(sum(x * x for x in v))
    if nu == 0 or nv == 0:
        return math.nan
    cosine = sum(x * y for x, y in zip(u, v, strict=True)) / (nu * nv)
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def midpoint(a: Sequence[float], b: Sequence[float]) -> tuple[float, ...]:
    return tuple((p + q) / 2 for p, q in zip(a, b, strict=True))


def distance(a: Sequence[float], b: Sequence[float]) -> float:
    return math.sqrt(sum((p - q) ** 2 for p, q in zip(a, b, strict=True)))


def median(values: Sequence[float]) -> float:
    """The median of the finite values (NaN when there is none)."""
    good = sorted(v for v in values if math.isfinite(v))
    if not good:
        return math.nan
    middle = len(good) // 2
    return good[middle] if len(good) % 2 else (good[middle - 1] + good[middle]) / 2


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of the finite values, linearly interpolated."""
    good = sorted(v for v in values if math.isfinite(v))
    if not good:
        return math.nan
    position = (len(good) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(good) - 1)
    return good[low] + (good[high] - good[low]) * (position - low)


# ---- clean-up ------------------------------------------------------------------------------------
def fill_gaps(values: Sequence[float], max_gap: int) -> list[float]:
    """Linear interpolation over runs of NaN up to ``max_gap`` long; longer runs, ends stay NaN."""
    out = list(values)
    n = len(out)
    i = 0
    while i < n:
        if math.isfinite(out[i]):
            i += 1
            continue
        j = i
        while j < n and not math.isfinite(out[j]):
            j += 1
        if i > 0 and j < n and j - i <= max_gap:
            a, b = out[i - 1], out[j]
            for k in range(i, j):
                out[k] = a + (b - a) * (k - i + 1) / (j - i + 1)
        i = j
    return out


def savgol_weights(half: int, order: int, derivative: int = 0) -> list[float]:
    """Savitzky-Golay weights for the centre of a window of 2*half+1 samples.

    Least-squares fit of a polynomial of ``order`` to the window; the weights give its value
    (derivative 0) or slope per sample (derivative 1) at the centre.
    """
    size = order + 1
    xs = range(-half, half + 1)
    # Normal equations A^T A c = A^T y; the centre value is c[0], the slope c[1].
    ata = [[float(sum(x ** (i + j) for x in xs)) for j in range(size)] for i in range(size)]
    inverse = _invert(ata)
    return [
        sum(inverse[derivative][j] * x**j for j in range(size)) * math.factorial(derivative)
        for x in xs
    ]


def _invert(matrix: list[list[float]]) -> list[list[float]]:
    n = len(matrix)
    work = [row[:] + [1.0 if i == j else 0.0 for j in range(n)] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(work[r][col]))
        work[col], work[pivot] = work[pivot], work[col]
        scale = work[col][col]
        work[col] = [v / scale for v in work[col]]
        for r in range(n):
            if r != col and work[r][col] != 0:
                factor = work[r][col]
                work[r] = [v - factor * w for v, w in zip(work[r], work[col], strict=True)]
    return [row[n:] for row in work]


def smooth(values: Sequence[float], half: int, order: int = 2, derivative: int = 0) -> list[float]:
    """Centred Savitzky-Golay filter (zero phase): keeps the timing of edges, unlike causal ones.

    NaN samples are filled first where the gap is short; the ends are padded by mirroring.
    With ``derivative=1`` the result is the slope per sample.
    """
    n = len(values)
    if n == 0:
        return []
    half = max(1, min(half, (n - 1) // 2)) if n >= 3 else 0
    filled = fill_gaps(values, max_gap=n)
    if half == 0 or not all(math.isfinite(v) for v in filled):
        return [0.0] * n if derivative else list(filled)
    weights = savgol_weights(half, min(order, 2 * half), derivative)
    padded = (
        [2 * filled[0] - filled[k] for k in range(half, 0, -1)]
        + filled
        + [2 * filled[-1] - filled[n - 1 - k] for k in range(1, half + 1)]
    )
    return [sum(w * padded[i + k] for k, w in enumerate(weights)) for i in range(n)]


def repair_sides(frames: Sequence[PoseFrame | None]) -> list[PoseFrame | None]:
    """Undo left/right label swaps: legs and arms are relabelled when the swap fits the last frame.

    The pose model sometimes calls the near leg the far one for a frame or two. Each frame is
    compared with the last repaired frame; a limb group is swapped when the crossed assignment is
    clearly closer (less than half the distance) than the straight one.
    """
    out: list[PoseFrame | None] = []
    last: PoseFrame | None = None
    for frame in frames:
        if frame is None:
            out.append(None)
            continue
        if last is not None:
            for parts in (LEG_PARTS[1:], ARM_PARTS[1:3]):
                straight = crossed = 0.0
                for part in parts:
                    left, right = INDEX[f"left_{part}"], INDEX[f"right_{part}"]
                    straight += distance(frame.image[left], last.image[left]) + distance(
                        frame.image[right], last.image[right]
                    )
                    crossed += distance(frame.image[left], last.image[right]) + distance(
                        frame.image[right], last.image[left]
                    )
                if crossed < 0.5 * straight:
                    frame = frame.swapped(parts)
        out.append(frame)
        last = frame
    return out


def keep_one_person(frames: Sequence[PoseFrame | None]) -> list[PoseFrame | None]:
    """Keep the longest stretch in which the body moves continuously; blank the rest.

    A tracker that loses its person can jump to someone else or to a shadow: the hips then move
    more than a torso length between two frames. Frames outside the longest continuous stretch are
    set to None, so one person is measured.
    """
    runs: list[tuple[int, int]] = []
    start: int | None = None
    last_index = 0
    previous: PoseFrame | None = None
    for i, frame in enumerate(frames):
        if frame is None:
            continue
        jump = previous is not None and _hip_jump(previous, frame) > 1.0
        if start is None or jump:
            if start is not None:
                runs.append((start, last_index))
            start = i
        previous, last_index = frame, i
    if start is None:
        return list(frames)
    runs.append((start, last_index))
    best = max(runs, key=lambda r: sum(frames[k] is not None for k in range(r[0], r[1] + 1)))
    return [f if best[0] <= i <= best[1] else None for i, f in enumerate(frames)]


def torso_length(frame: PoseFrame) -> float:
    shoulders = midpoint(frame.point("left_shoulder"), frame.point("right_shoulder"))
    hips = midpoint(frame.point("left_hip"), frame.point("right_hip"))
    return distance(shoulders, hips)


def _hip_jump(a: PoseFrame, b: PoseFrame) -> float:
    hips_a = midpoint(a.point("left_hip"), a.point("right_hip"))
    hips_b = midpoint(b.point("left_hip"), b.point("right_hip"))
    scale = max(torso_length(a), 1e-6)
    return distance(hips_a, hips_b) / scale


def clean(series: PoseSeries) -> PoseSeries:
    """Side repair then person selection: the series every measure starts from."""
    return replace(series, frames=tuple(keep_one_person(repair_sides(series.frames))))


def joint_series(
    frames: Sequence[PoseFrame | None], value: Callable[[PoseFrame], float]
) -> list[float]:
    """One number per frame (NaN where nobody was found)."""
    return [math.nan if f is None else value(f) for f in frames]


# ---- compact form (recorded fixtures, stored results) -------------------------------------
def series_to_dict(series: PoseSeries) -> dict[str, object]:
    """A JSON-ready form with integers only: 0.1 px, 1/100 visibility, millimetres."""
    rows: list[list[int] | None] = []
    for frame in series.frames:
        if frame is None:
            rows.append(None)
            continue
        row: list[int] = []
        for (x, y), v, (wx, wy, wz) in zip(frame.image, frame.visibility, frame.world, strict=True):
            row += [round(x * 10), round(y * 10), round(v * 100)]
            row += [round(wx * 1000), round(wy * 1000), round(wz * 1000)]
        rows.append(row)
    return {
        "fps": series.fps,
        "width": series.width,
        "height": series.height,
        "probes": series.probes,
        "others": series.others,
        "stride": series.stride,
        "joints": list(JOINTS),
        "frames": rows,
    }


def series_from_dict(data: dict[str, object]) -> PoseSeries:
    """The inverse of ``series_to_dict``."""
    frames: list[PoseFrame | None] = []
    raw = data["frames"]
    assert isinstance(raw, list)
    for row in raw:
        if row is None:
            frames.append(None)
            continue
        image = tuple((row[k] / 10, row[k + 1] / 10) for k in range(0, len(row), 6))
        vis = tuple(row[k + 2] / 100 for k in range(0, len(row), 6))
        world = tuple(
            (row[k + 3] / 1000, row[k + 4] / 1000, row[k + 5] / 1000) for k in range(0, len(row), 6)
        )
        frames.append(PoseFrame(image, vis, world))
    return PoseSeries(
        fps=float(data["fps"]),  # type: ignore[arg-type]
        width=int(data["width"]),  # type: ignore[call-overload]
        height=int(data["height"]),  # type: ignore[call-overload]
        frames=tuple(frames),
        probes=int(data.get("probes", 0)),  # type: ignore[call-overload]
        others=int(data.get("others", 0)),  # type: ignore[call-overload]
        stride=int(data.get("stride", 1)),  # type: ignore[call-overload]
    )
