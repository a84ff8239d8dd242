"""Synthetic keypoint series for the form-check tests: a stick figure moved by known angles.

Each exercise script turns a progress value q (0 at rest, 1 at the far end of a rep) into joint
positions in the body's mid-plane (forward, up, in metres); ``figure`` adds the left/right widths
and projects them through a camera turned ``yaw`` degrees from side-on, as the pose model would
report them (image pixels and camera-axis world metres). ``timeline`` gives q over time with the
accelerate-cruise-decelerate profile of a real, controlled rep.
"""

import math
from collections.abc import Callable, Sequence

from hamstrong.core.formpose import JOINTS, PoseFrame, PoseSeries

SHANK, THIGH, TORSO, ARM = 0.45, 0.45, 0.55, 0.6
HALF_WIDTH = {
    "shoulder": 0.19,
    "elbow": 0.2,
    "wrist": 0.2,
    "hip": 0.1,
    "knee": 0.1,
    "ankle": 0.1,
    "heel": 0.1,
    "foot": 0.1,
    "ear": 0.08,
}
SCALE = 300.0  # pixels per metre
Sagittal = dict[str, tuple[float, float]]  # part -> (forward, up)


def _at(origin: tuple[float, float], length: float, forward_deg: float) -> tuple[float, float]:
    """The end of a segment leaning ``forward_deg`` from straight up."""
    r = math.radians(forward_deg)
    return origin[0] + length * math.sin(r), origin[1] + length * math.cos(r)


def _limbs(
    hip: tuple[float, float],
    shoulder: tuple[float, float],
    knee: tuple[float, float],
    ankle: tuple[float, float],
) -> Sagittal:
    return {
        "hip": hip,
        "shoulder": shoulder,
        "knee": knee,
        "ankle": ankle,
        "heel": (ankle[0] - 0.05, ankle[1] - 0.05),
        "foot": (ankle[0] + 0.15, ankle[1] - 0.07),
        "elbow": (shoulder[0], shoulder[1] - ARM / 2),
        "wrist": (shoulder[0], shoulder[1] - ARM),
        "ear": _at(
            shoulder, 0.2, math.degrees(math.atan2(shoulder[0] - hip[0], shoulder[1] - hip[1]))
        ),
        "nose": _at(
            shoulder,
            0.22,
            20 + math.degrees(math.atan2(shoulder[0] - hip[0], shoulder[1] - hip[1])),
        ),
    }


def hinge(lean_deg: float, knee_bend_deg: float, round_back: float = 0.0) -> Sagittal:
    """Standing hinge: shins forward by knee_bend/2, thighs back, trunk leaning forward."""
    ankle = (0.0, 0.08)
    knee = _at(ankle, SHANK, knee_bend_deg / 2)
    hip = _at(knee, THIGH, -knee_bend_deg / 2)
    shoulder = _at(hip, TORSO, lean_deg)
    return _limbs(hip, shoulder, knee, ankle)


def bridge(lift: float, sag_deg: float = 0.0) -> Sagittal:
    """Lying on the back, knees bent; lift 1 = hips up to a straight shoulder-hip-knee line."""
    shoulder = (0.0, 0.1)
    knee = (TORSO + THIGH * 0.85, 0.1 + 0.42)
    top = math.degrees(math.atan2(knee[1] - shoulder[1], knee[0] - shoulder[0]))
    trunk = top * lift - sag_deg / 2 * lift
    hip = (
        shoulder[0] + TORSO * math.cos(math.radians(trunk)),
        shoulder[1] + TORSO * math.sin(math.radians(trunk)),
    )
    ankle = (knee[0] + 0.05, 0.08)
    parts = _limbs(hip, shoulder, knee, ankle)
    parts["ear"] = (-0.2, 0.12)
    parts["nose"] = (-0.18, 0.2)
    parts["elbow"] = (0.25, 0.05)
    parts["wrist"] = (0.5, 0.05)
    return parts


def nordic(lean_deg: float, hip_bend_deg: float = 0.0) -> Sagittal:
    """Kneeling, shins on the floor behind, thighs leaning forward; hips bend on top of that."""
    knee = (0.0, 0.1)
    ankle = (-SHANK, 0.08)
    hip = _at(knee, THIGH, lean_deg)
    shoulder = _at(hip, TORSO, lean_deg + hip_bend_deg)
    return _limbs(hip, shoulder, knee, ankle)


def curl(extension: float, hip_drop_deg: float = 0.0) -> Sagittal:
    """Lying, heels on a ball: knees from 90° bent (0) to straight (1); hips held up or sagging."""
    shoulder = (0.0, 0.1)
    knee_deg = 90 + 90 * extension
    lift = 20 - hip_drop_deg * extension
    hip = (TORSO * math.cos(math.radians(lift)), 0.1 + TORSO * math.sin(math.radians(lift)))
    thigh_dir = lift - hip_drop_deg * extension
    knee = (
        hip[0] + THIGH * math.cos(math.radians(thigh_dir)),
        hip[1] + THIGH * math.sin(math.radians(thigh_dir)),
    )
    shank_dir = thigh_dir - (180 - knee_deg)
    ankle = (
        knee[0] + SHANK * math.cos(math.radians(shank_dir)),
        knee[1] + SHANK * math.sin(math.radians(shank_dir)),
    )
    parts = _limbs(hip, shoulder, knee, ankle)
    parts["ear"] = (-0.2, 0.12)
    parts["nose"] = (-0.18, 0.2)
    return parts


def figure(
    parts: Sagittal,
    yaw_deg: float = 0.0,
    shift: float = 0.0,
    moves: dict[str, tuple[float, float]] | None = None,
) -> PoseFrame:
    """Project mid-plane positions, widened left and right, as the pose model reports them.

    The camera is on the body's left, turned ``yaw_deg`` towards the front; ``moves`` displaces
    one side's part (e.g. ``{"right_ankle": (0.3, 0.2)}``) for one-leg moves.
    """
    c, s = math.cos(math.radians(yaw_deg)), math.sin(math.radians(yaw_deg))
    hip_mid = parts["hip"]
    image, vis, world = [], [], []
    for joint in JOINTS:
        side, _, part = joint.partition("_") if "_" in joint else ("", "", joint)
        forward, up = parts[part]
        lateral = (1 if side == "left" else -1 if side == "right" else 0) * HALF_WIDTH.get(
            part, 0.0
        )
        if moves and joint in moves:
            forward, up = forward + moves[joint][0], up + moves[joint][1]
        x = forward * c + lateral * s
        depth = -lateral * c + forward * s
        image.append((320 + SCALE * (x + shift), 450 - SCALE * up))
        vis.append(0.98 if side != "right" else 0.85)
        hx = hip_mid[0] * c
        world.append((x - hx, -(up - hip_mid[1]), depth - hip_mid[0] * s))
    return PoseFrame(tuple(image), tuple(vis), tuple(world))


def ease(u: float, duration: float, ramp: float = 0.2) -> float:
    """Progress 0..1 over ``duration`` s with ``ramp`` s of acceleration and deceleration."""
    t = min(max(u, 0.0), 1.0) * duration
    ramp = min(ramp, duration / 2)
    v = 1.0 / (duration - ramp)
    if t < ramp:
        return 0.5 * v * t * t / ramp
    if t > duration - ramp:
        return 1 - 0.5 * v * (duration - t) ** 2 / ramp
    return v * (t - ramp / 2)


def timeline(
    reps: int,
    away: float,
    hold: float,
    back: float,
    rest: float,
    lead: float = 1.0,
    tail: float = 1.0,
) -> tuple[Callable[[float], float], list[tuple[float, float, float, float]]]:
    """q(t) and the true (away start, away end, back start, back end) of each rep, in seconds."""
    truth = []
    t = lead
    for _ in range(reps):
        truth.append((t, t + away, t + away + hold, t + away + hold + back))
        t += away + hold + back + rest
    end = truth[-1][3] + tail if truth else lead + tail

    def q(time: float) -> float:
        for a0, a1, b0, b1 in truth:
            if a0 <= time < a1:
                return ease((time - a0) / away, away)
            if a1 <= time < b0:
                return 1.0
            if b0 <= time < b1:
                return 1 - ease((time - b0) / back, back)
        return 0.0

    q.duration = end  # type: ignore[attr-defined]
    return q, truth


def clip(
    pose: Callable[[float], Sagittal],
    q: Callable[[float], float],
    seconds: float,
    fps: float = 30.0,
    yaw_deg: float = 0.0,
    noise: Callable[[int], float] | None = None,
) -> PoseSeries:
    """A series of ``seconds`` of the figure following q; ``noise(i)`` shifts frame i's points."""
    frames = []
    for i in range(round(seconds * fps)):
        frame = figure(pose(q(i / fps)), yaw_deg)
        if noise is not None:
            frame = jitter(frame, noise, i)
        frames.append(frame)
    return PoseSeries(fps=fps, width=640, height=480, frames=tuple(frames))


def jitter(frame: PoseFrame, noise: Callable[[int], float], i: int) -> PoseFrame:
    image = tuple(
        (x + noise(7 * i + 2 * k), y + noise(7 * i + 2 * k + 1))
        for k, (x, y) in enumerate(frame.image)
    )
    return PoseFrame(image, frame.visibility, frame.world)


def series(frames: Sequence[PoseFrame | None], fps: float = 30.0, **kwargs: int) -> PoseSeries:
    return PoseSeries(fps=fps, width=640, height=480, frames=tuple(frames), **kwargs)
