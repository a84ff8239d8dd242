"""Rep segmentation: count the reps in one joint-angle signal and time each phase of each rep.

The signal is an *excursion*: small at the rest position, large at the far end of a rep (trunk lean
for a deadlift, hip extension for a bridge). A rep is an excursion that crosses 60 % of the clip's
range and comes back under 40 % (hysteresis, so noise never counts twice). Phase boundaries come
from the speed of the movement, not from the angle crossing a level: a slow lowering starts with a
gentle acceleration, and a level-crossing rule reads it late (the first trials here read deadlift
lowerings 0.5-0.7 s short). A phase starts where the speed first exceeds a tenth of that phase's
top speed and ends where it falls back under it; the speed comes from a centred Savitzky-Golay
derivative, which does not lag.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from hamstrong.core.formpose import fill_gaps, percentile, smooth

ENTER, EXIT = 0.6, 0.4  # hysteresis levels, fractions of the clip's range
SPEED_FRACTION = 0.1  # a phase runs while the speed exceeds this share of its top speed
SMOOTH_S = 0.2  # half-width of the smoothing window, seconds
NOISE_MARGIN = 3.0  # ... and this many times the speed that jitter alone gives


@dataclass(frozen=True, slots=True)
class RepTiming:
    """One rep in frame units (floats: boundaries are interpolated between frames).

    ``away_*`` is the move from rest to the far end, ``back_*`` the return; the far-end pause is
    ``away_end`` to ``back_start``. ``peak`` is the frame of the far end.
    """

    away_start: float
    away_end: float
    back_start: float
    back_end: float
    peak: int
    rest_level: float
    far_level: float


def excursions(signal: Sequence[float], min_range: float) -> list[tuple[int, int]]:
    """(enter, exit) frame pairs of complete excursions; [] when the range is under min_range.

    An excursion under way when the clip starts or ends is not a complete rep and is left out.
    """
    low, high = percentile(signal, 5), percentile(signal, 95)
    if not (math.isfinite(low) and math.isfinite(high)) or high - low < min_range:
        return []
    enter, leave = low + ENTER * (high - low), low + EXIT * (high - low)
    found: list[tuple[int, int]] = []
    inside = True  # until the signal is first seen at rest, a rep is not complete
    start = 0
    for i, value in enumerate(signal):
        if not math.isfinite(value):
            continue
        if inside and value < leave:
            if start >= 0 and i > 0 and _seen_rest_before(signal, start, leave):
                found.append((start, i))
            inside = False
        elif not inside and value > enter:
            inside, start = True, i
    return found


def _seen_rest_before(signal: Sequence[float], start: int, leave: float) -> bool:
    return any(math.isfinite(v) and v < leave for v in signal[:start])


def segment(
    signal: Sequence[float], fps: float, min_range: float
) -> tuple[list[float], list[RepTiming]]:
    """The smoothed signal and the timing of every complete rep in it."""
    half = max(1, round(SMOOTH_S * fps))
    filled = _no_zigzag(fill_gaps(signal, max_gap=max(1, round(0.5 * fps))))
    x = smooth(filled, half)
    for i, value in enumerate(filled):
        if not math.isfinite(value):
            x[i] = math.nan
    speed = smooth(filled, half, derivative=1)
    reps = excursions(x, min_range)
    floor = NOISE_MARGIN * _speed_noise(filled, x, half)
    timings: list[RepTiming] = []
    for k, (enter, leave) in enumerate(reps):
        lo_bound = reps[k - 1][1] if k else 0
        hi_bound = reps[k + 1][0] if k + 1 < len(reps) else len(x) - 1
        timings.append(_time_rep(x, speed, enter, leave, lo_bound, hi_bound, floor))
    return x, timings


def _no_zigzag(values: list[float]) -> list[float]:
    """A centred [1, 2, 1] / 4 filter: removes a frame-by-frame zigzag entirely.

    Two trackers on alternate frames (see video/pose.py) place points a little differently; the
    difference alternates every frame, which this cancels exactly, with no shift in time.
    """
    out = list(values)
    for i in range(1, len(values) - 1):
        a, b, c = values[i - 1], values[i], values[i + 1]
        if math.isfinite(a) and math.isfinite(b) and math.isfinite(c):
            out[i] = (a + 2 * b + c) / 4
    return out


def _speed_noise(filled: Sequence[float], smoothed: Sequence[float], half: int) -> float:
    """The spread of the smoothed speed that noise alone causes, per frame.

    The jitter left after smoothing (robust spread of ``filled`` minus ``smoothed``) is the part of
    the noise the smoothing removes; the speed keeps a different part of it. Both went through the
    [1, 2, 1] pre-filter first, which damps exactly the fast jitter the residual sees, so the ratio
    of the two comes from the filters themselves (``_noise_gain``), not from a white-noise formula:
    that formula read the speed noise at half its size and let jitter stretch a phase by 0.3 s.
    """
    residual = [abs(r - s) for r, s in zip(filled, smoothed, strict=True) if math.isfinite(r - s)]
    if not residual:
        return 0.0
    return 1.4826 * percentile(residual, 50) * _noise_gain(half)


def _noise_gain(half: int) -> float:
    """Speed noise over residual noise for white jitter through the pre-filter and smoothing.

    Both are linear filters, so each one's noise gain is the root sum of squares of its response
    to one impulse (taken far enough from the ends that the smoothing fits full windows).
    """
    n = 4 * half + 5
    impulse = [0.0] * n
    impulse[n // 2] = 1.0
    pre = _no_zigzag(impulse)
    kept = smooth(pre, half)
    speed = smooth(pre, half, derivative=1)
    residual_gain = math.sqrt(sum((p - k) ** 2 for p, k in zip(pre, kept, strict=True)))
    speed_gain = math.sqrt(sum(v * v for v in speed))
    return speed_gain / residual_gain if residual_gain else 0.0


def _finite(values: Sequence[float]) -> list[float]:
    return [v for v in values if math.isfinite(v)]


def _time_rep(
    x: Sequence[float],
    v: Sequence[float],
    enter: int,
    leave: int,
    lo: int,
    hi: int,
    floor: float,
) -> RepTiming:
    peak = max(range(enter, leave + 1), key=lambda i: x[i] if math.isfinite(x[i]) else -math.inf)
    far = x[peak]
    before = min(_finite(x[lo : enter + 1]), default=far)
    after = min(_finite(x[leave : hi + 1]), default=far)
    # Away: from the last time under 10 % before the peak to the first time over 90 %.
    a10 = _last_below(x, peak, lo, before + 0.1 * (far - before))
    a90 = _first_at_least(x, a10, peak, before + 0.9 * (far - before))
    top = max((v[i] for i in range(a10, a90 + 1)), default=0.0)
    threshold = max(SPEED_FRACTION * top, floor)
    away_start = _edge(v, a10, lo, threshold, step=-1)
    away_end = _edge(v, a90, leave, threshold, step=1)
    # Back: from the last time over 90 % after the peak to the first time under 10 %.
    b90 = _first_below(x, peak, leave, after + 0.9 * (far - after))
    b10 = _first_below(x, b90, hi, after + 0.1 * (far - after))
    top_back = max((-v[i] for i in range(b90, b10 + 1)), default=0.0)
    threshold_back = max(SPEED_FRACTION * top_back, floor)
    back_start = _edge([-s for s in v], b90, peak, threshold_back, step=-1)
    back_end = _edge([-s for s in v], b10, hi, threshold_back, step=1)
    if back_start < away_end:
        away_end = back_start = (away_end + back_start) / 2
    return RepTiming(away_start, away_end, back_start, back_end, peak, before, far)


def _last_below(x: Sequence[float], start: int, stop: int, level: float) -> int:
    i = start
    while i > stop and not (math.isfinite(x[i]) and x[i] < level):
        i -= 1
    return i


def _first_at_least(x: Sequence[float], start: int, stop: int, level: float) -> int:
    i = start
    while i < stop and not (math.isfinite(x[i]) and x[i] >= level):
        i += 1
    return i


def _first_below(x: Sequence[float], start: int, stop: int, level: float) -> int:
    i = start
    while i < stop and not (math.isfinite(x[i]) and x[i] < level):
        i += 1
    return i


def _edge(
    v: Sequence[float],
    start: int,
    stop: int,
    threshold: float,
    step: int,
) -> float:
    """Walk from ``start`` towards ``stop`` while the speed exceeds ``threshold``.

    Returns the interpolated frame where it drops to the threshold (``stop`` when it never does).
    """
    i = start
    while i != stop and v[i] > threshold:
        nxt = i + step
        if not (0 <= nxt < len(v)):
            break
        if v[nxt] <= threshold:
            fraction = (v[i] - threshold) / (v[i] - v[nxt]) if v[i] != v[nxt] else 0.5
            return i + step * fraction
        i = nxt
    return float(i)
