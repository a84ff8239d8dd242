"""The form check: from a cleaned keypoint series to reps, phases, measures and named mistakes.

Everything here is a pure function of a ``PoseSeries`` (see ``formpose``) and the exercise from the
catalogue. The pose model gives 33 body points; what they can show is limited, so each check says
what it could not judge (back rounding, for one: the points sit on the shoulders and hips, not on
the spine) rather than guessing. Every mistake reported is one of the exercise's common mistakes in
the catalogue, with its cue.
"""

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from hamstrong.core.exercises import Exercise
from hamstrong.core.formpose import (
    INDEX,
    PoseFrame,
    PoseSeries,
    angle,
    clean,
    distance,
    fill_gaps,
    median,
    smooth,
    torso_length,
)
from hamstrong.core.formreps import RepTiming, segment
from hamstrong.core.rules import gap_percent
from hamstrong.errors import HamstrongError

VIEW_LIMIT_DEG = 40.0  # beyond this angle off side-on the joint angles are not trusted
# [H] one side lowering this much faster (percent of the slower side's time) is worth saying; a
# threshold of its own: the strength rules' 10% side gap (evidence §7) measures load, not tempo
LOWERING_GAP = 10.0
MIN_SECONDS, MAX_SECONDS = 2.0, 120.0
MIN_FOUND = 0.5  # share of frames with a body below which the clip is refused
VIEW_MESSAGE = "film from the side, phone at hip height"
SHOULDER_WIDTH = 0.8  # shoulder width over torso length, for the view angle from the picture


class Refusal(StrEnum):
    """Why a clip cannot be checked; each comes with one sentence a user can act on."""

    NOT_VIDEO = "not_video"
    NO_PERSON = "no_person"
    SEVERAL_PEOPLE = "several_people"
    WRONG_VIEW = "wrong_view"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NOT_COVERED = "not_covered"
    NO_REPS = "no_reps"


class CannotCheck(HamstrongError):
    """A clip the form check refuses, with the reason as a code and a sentence."""

    status = 422  # the clip is the user's input: a web form shows the sentence next to it

    def __init__(self, reason: Refusal, message: str) -> None:
        self.reason = reason
        super().__init__(message)


def not_video(name: str | None) -> CannotCheck:
    """A file no video decoder reads, named as the user knows it: the file they gave the command
    line, or "This clip" for an upload (its stored name is made up and means nothing to them)."""
    return CannotCheck(
        Refusal.NOT_VIDEO,
        f"{name or 'This clip'} is not a video this check can read; film an mp4, mov or webm clip.",
    )


class Family(StrEnum):
    """Exercises measured the same way."""

    HINGE = "hinge"
    BRIDGE = "bridge"
    NORDIC = "nordic"
    CURL = "curl"
    WALKOUT = "walkout"


FAMILIES: dict[str, Family] = {
    **dict.fromkeys(
        (
            "hip-hinge-dowel",
            "romanian-deadlift",
            "barbell-romanian-deadlift",
            "kettlebell-deadlift",
            "band-good-morning",
            "supported-single-leg-rdl",
            "single-leg-rdl",
            "single-leg-rdl-dumbbell",
            "single-leg-rdl-kettlebell",
        ),
        Family.HINGE,
    ),
    **dict.fromkeys(("glute-bridge", "single-leg-bridge", "hip-thrust"), Family.BRIDGE),
    **dict.fromkeys(
        ("band-assisted-nordic", "partial-nordic", "nordic-hamstring-curl", "loaded-nordic"),
        Family.NORDIC,
    ),
    **dict.fromkeys(
        (
            "slider-leg-curl",
            "single-leg-slider-curl",
            "stability-ball-leg-curl",
            "single-leg-ball-curl",
        ),
        Family.CURL,
    ),
    **dict.fromkeys(
        ("hamstring-walkout", "glute-bridge-walkout", "banded-bridge-walkout"), Family.WALKOUT
    ),
}

# The part of a rep that goes away from the rest position: the slow, lengthening part for all
# but bridges, where the hips go up first and the lowering is the way back.
_AWAY_IS_LOWERING = {
    Family.HINGE: True,
    Family.BRIDGE: False,
    Family.NORDIC: True,
    Family.CURL: True,
    Family.WALKOUT: True,
}
# Smallest movement of the rep signal that counts as a rep: degrees, or for bridges % of the
# torso length (a bridge that stops 25° short still lifts the hips by about 13 %).
_MIN_RANGE = {
    Family.HINGE: 20.0,
    Family.BRIDGE: 8.0,
    Family.NORDIC: 15.0,
    Family.CURL: 20.0,
    Family.WALKOUT: 20.0,
}


class Fault(StrEnum):
    """A mistake the check can see, matched to the exercise's wording in the catalogue."""

    HIP_SAG = "hip_sag"
    HIPS_BENT = "hips_bent"
    SQUATTING = "squatting"
    RUSHED = "rushed"


# Which catalogue mistake a fault is: a pattern on the mistake's first clause.
_MISTAKE_PATTERNS = {
    Fault.HIP_SAG: re.compile(r"^hips (sag|drop)", re.IGNORECASE),
    Fault.HIPS_BENT: re.compile(r"at the hips|hips back|at the waist|straight body line", re.I),
    Fault.SQUATTING: re.compile(r"squat|knee more and more", re.IGNORECASE),
    Fault.RUSHED: re.compile(r"rush|speeding|dropping quickly|fast|snap", re.IGNORECASE),
}
_FAMILY_FAULTS = {
    Family.HINGE: (Fault.SQUATTING, Fault.RUSHED),
    Family.BRIDGE: (Fault.HIP_SAG,),
    Family.NORDIC: (Fault.HIPS_BENT, Fault.RUSHED),
    Family.CURL: (Fault.HIP_SAG, Fault.RUSHED),
    Family.WALKOUT: (Fault.HIP_SAG,),
}
_ROUNDING = re.compile(r"round", re.IGNORECASE)

# Thresholds, with their reasons in docs/form-check.md.
SAG_TOP_DEG = 165.0  # bridge: hip angle at the top below this is a sag (straight is about 178)
SAG_CURL_DEG = 155.0  # curls and walkouts: hip angle below this while the legs are out
HIPS_BENT_DEG = 150.0  # Nordic: hip angle below this while lowering
SQUAT_KNEE_DEG = 40.0  # hinge: knee bend at the bottom above this turns it into a squat
RUSHED_SHARE = 0.6  # lowering shorter than this share of the prescribed time is rushed
BREAK_SPEEDUP = 2.5  # Nordic: speed this many times the controlled speed is the break


def rushed(lowering_s: float, tempo_s: float | None) -> bool:
    """A lowering too fast for its tempo: shorter than RUSHED_SHARE of the prescribed time."""
    return bool(tempo_s) and lowering_s < RUSHED_SHARE * (tempo_s or 0.0)


@dataclass(frozen=True, slots=True)
class Phase:
    """A part of a rep, in seconds from the start of the clip."""

    name: str  # "lowering", "pause" or "rising"
    start_s: float
    end_s: float

    @property
    def seconds(self) -> float:
        return max(0.0, self.end_s - self.start_s)


@dataclass(frozen=True, slots=True)
class Measure:
    """A number about a rep or the set, with how to read it."""

    key: str
    label: str
    value: float
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": round(self.value, 2),
            "unit": self.unit,
        }


@dataclass(frozen=True, slots=True)
class Rep:
    """One rep: its phases in time order, its measures, and the frame that shows it best."""

    number: int
    phases: tuple[Phase, ...]
    measures: tuple[Measure, ...]
    key_frame: int  # index into the analysed frames: the far end of the rep
    pose: PoseFrame | None = field(default=None, repr=False, compare=False)  # at key_frame

    def phase(self, name: str) -> Phase:
        return next(p for p in self.phases if p.name == name)

    @property
    def lowering_s(self) -> float:
        return self.phase("lowering").seconds

    def measure(self, key: str) -> float:
        return next((m.value for m in self.measures if m.key == key), math.nan)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "phases": [
                {"name": p.name, "start_s": round(p.start_s, 2), "end_s": round(p.end_s, 2)}
                for p in self.phases
            ],
            **{p.name + "_s": round(p.seconds, 2) for p in self.phases},
            "measures": [m.to_dict() for m in self.measures],
            "key_frame": self.key_frame,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """A common mistake of the exercise seen in some reps, in the catalogue's words."""

    fault: Fault
    mistake: str  # the catalogue's sentence
    cue: str  # its advice (the part after the colon)
    seen: str  # what the clip showed, with numbers
    reps: tuple[int, ...]  # rep numbers (1-based)
    severity: float  # how far past the threshold, 0-1+, to rank reps

    def to_dict(self) -> dict[str, Any]:
        return {
            "fault": self.fault.value,
            "mistake": self.mistake,
            "cue": self.cue,
            "seen": self.seen,
            "reps": list(self.reps),
        }


@dataclass(frozen=True, slots=True)
class View:
    """How the camera saw the body: degrees off side-on, the nearer side, and whether to judge."""

    off_side_deg: float
    near_side: str
    ok: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "off_side_deg": round(self.off_side_deg, 1),
            "near_side": self.near_side,
            "ok": self.ok,
        }


@dataclass(frozen=True, slots=True)
class FormCheck:
    """The result of checking one clip of one exercise."""

    exercise_id: str
    exercise_name: str
    family: Family
    side: str | None  # the working leg of a one-leg exercise
    fps: float
    duration_s: float
    view: View
    reps: tuple[Rep, ...]
    summary: tuple[Measure, ...]
    findings: tuple[Finding, ...]
    limits: tuple[str, ...]  # what this clip cannot show, in plain words
    tempo_lowering_s: float | None
    worst_rep: int | None  # index into ``reps``
    verdict: str
    stride: int = 1  # clip frames per analysed frame: clip frame = key_frame * stride
    signal: tuple[float, ...] = field(default=(), repr=False)  # the smoothed rep signal

    def summary_value(self, key: str) -> float:
        """The set's median of a measure (NaN when this exercise has no such measure)."""
        return next((m.value for m in self.summary if m.key == key), math.nan)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form the command line prints and the web stores."""
        return {
            "exercise": self.exercise_id,
            "name": self.exercise_name,
            "family": self.family.value,
            "side": self.side,
            "fps": round(self.fps, 3),
            "duration_s": round(self.duration_s, 2),
            "view": self.view.to_dict(),
            "rep_count": len(self.reps),
            "reps": [r.to_dict() for r in self.reps],
            "summary": [m.to_dict() for m in self.summary],
            "findings": [f.to_dict() for f in self.findings],
            "limits": list(self.limits),
            "tempo_lowering_s": self.tempo_lowering_s,
            "worst_rep": None if self.worst_rep is None else self.reps[self.worst_rep].number,
            "verdict": self.verdict,
        }


# ---- coverage and catalogue wording --------------------------------------------------------
def family_of(exercise: Exercise) -> Family:
    """The family the check measures this exercise as; CannotCheck when it is not covered."""
    family = FAMILIES.get(exercise.id)
    if family is None:
        covered = ", ".join(sorted(FAMILIES))
        raise CannotCheck(
            Refusal.NOT_COVERED,
            f"The form check does not cover {exercise.name} yet; it covers {covered}.",
        )
    return family


def mistake_for(exercise: Exercise, fault: Fault) -> tuple[str, str] | None:
    """The exercise's catalogue mistake for a fault as (mistake, cue); None if it has none."""
    pattern = _MISTAKE_PATTERNS[fault]
    for text in exercise.mistakes:
        problem, _, cue = text.partition(":")
        if pattern.search(problem):
            return text, cue.strip().capitalize() if cue else text
    return None


def faults_checked(exercise: Exercise) -> tuple[Fault, ...]:
    """The faults looked for in this exercise: its family's, where the catalogue names them."""
    return tuple(
        f for f in _FAMILY_FAULTS[family_of(exercise)] if mistake_for(exercise, f) is not None
    )


# ---- signals -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Angles:
    """Per-frame angles in degrees (NaN where nobody was found)."""

    hip: list[float]  # shoulder-hip-knee, 180 = straight
    knee: list[float]  # hip-knee-ankle, 180 = straight
    trunk: list[float]  # hip→shoulder line from vertical, 0 = upright
    thigh: list[float]  # knee→hip line from vertical, 0 = upright (kneeling)
    lift: list[float]  # hips above the shoulders, % of the torso length (bridges)


def view_of(frames: Sequence[PoseFrame | None]) -> View:
    """Degrees off side-on, from the shoulders' left-right axis seen two ways.

    Side-on, the axis points at the camera; facing it, the axis runs across the picture. The pose
    model's world points give the axis' angle from the depth direction directly; the picture
    gives the shoulders' apparent width against the torso's length, which is about
    0.8 x sin(angle). Each alone strays by up to 10° on the test clips (world depth is the model's
    guess; shoulder width varies between people); their mean kept 30° views under 33° and 60°
    views over 55°, either side of the 40° limit. The hips are not used: their world points
    strayed most.
    """
    world: list[float] = []
    picture: list[float] = []
    left_vis = right_vis = 0.0
    for f in frames:
        if f is None:
            continue
        lx, _, lz = f.world_point("left_shoulder")
        rx, _, rz = f.world_point("right_shoulder")
        world.append(math.degrees(math.atan2(abs(lx - rx), abs(lz - rz))))
        torso = torso_length(f)
        if torso > 0:
            width = distance(f.point("left_shoulder"), f.point("right_shoulder")) / torso
            picture.append(math.degrees(math.asin(min(1.0, width / SHOULDER_WIDTH))))
        for part in ("shoulder", "hip", "knee", "ankle"):
            left_vis += f.visibility[INDEX[f"left_{part}"]]
            right_vis += f.visibility[INDEX[f"right_{part}"]]
    off = (median(world) + median(picture)) / 2
    return View(
        off_side_deg=off if math.isfinite(off) else 90.0,
        near_side="left" if left_vis >= right_vis else "right",
        ok=math.isfinite(off) and off <= VIEW_LIMIT_DEG,
    )


def _incline(top: Sequence[float], bottom: Sequence[float]) -> float:
    dx = top[0] - bottom[0]
    dy = bottom[1] - top[1]
    return math.degrees(math.atan2(abs(dx), dy))


def angles_of(frames: Sequence[PoseFrame | None], side: str | None, off_side_deg: float) -> Angles:
    """Joint angles from image points, with the picture stretched across by 1/cos(view angle).

    A camera turned from side-on shortens every front-back distance by the cosine of its angle;
    stretching x back undoes that for points in the body's mid-plane. With ``side`` None (both legs
    work alike) the angles use the middle of each left/right pair, which lies in that mid-plane:
    the shoulders' and hips' different widths then cancel out instead of bending the angles.
    With a side (one-leg moves) they use that side's points.
    """
    stretch = 1.0 / math.cos(math.radians(min(off_side_deg, 60.0)))

    def point(f: PoseFrame, part: str) -> tuple[float, ...]:
        if side is None:
            left, right = f.point(f"left_{part}"), f.point(f"right_{part}")
            x, y = (left[0] + right[0]) / 2, (left[1] + right[1]) / 2
        else:
            x, y = f.point(f"{side}_{part}")
        return (x * stretch, y)

    def both(f: PoseFrame, part: str) -> tuple[float, ...]:
        left, right = f.point(f"left_{part}"), f.point(f"right_{part}")
        return ((left[0] + right[0]) / 2 * stretch, (left[1] + right[1]) / 2)

    hip: list[float] = []
    knee: list[float] = []
    trunk: list[float] = []
    thigh: list[float] = []
    lift: list[float] = []
    torso = median([torso_length(f) for f in frames if f is not None])
    for f in frames:
        if f is None:
            for series in (hip, knee, trunk, thigh, lift):
                series.append(math.nan)
            continue
        s, h, k, a = (point(f, j) for j in ("shoulder", "hip", "knee", "ankle"))
        hip.append(angle(s, h, k))
        knee.append(angle(h, k, a))
        trunk.append(_incline(both(f, "shoulder"), both(f, "hip")))
        thigh.append(_incline(both(f, "hip"), both(f, "knee")))
        lift.append(100 * (both(f, "shoulder")[1] - both(f, "hip")[1]) / torso)
    return Angles(hip, knee, trunk, thigh, lift)


def rep_signal(family: Family, a: Angles) -> list[float]:
    """The excursion a rep is counted on: small at rest, large at the far end.

    Hinges use the trunk's lean and Nordics the thigh's (both move in step with the lowering);
    bridges the height of the hips, which keeps moving until they touch down, where the hip
    angle hardly changes over the last few centimetres and would end the lowering early.
    """
    if family is Family.HINGE:
        return a.trunk
    if family is Family.NORDIC:
        return a.thigh
    if family is Family.BRIDGE:
        return a.lift
    return a.knee


# ---- the check -----------------------------------------------------------------------------------
def check_length(seconds: float, longest: float = MAX_SECONDS) -> None:
    """Refuse a clip too short to hold a rep or longer than one set (checked before the pose
    model runs, from the file's own length, and again on what was decoded); ``longest`` is a
    deployment's own, lower limit (HAMSTRONG_CLIP_MAX_SECONDS)."""
    longest = min(longest, MAX_SECONDS)
    if seconds < MIN_SECONDS:
        raise CannotCheck(
            Refusal.TOO_SHORT,
            f"The clip is {seconds:.1f} s long; film the whole set, at least "
            f"{MIN_SECONDS:.0f} seconds.",
        )
    if seconds > longest:
        raise CannotCheck(
            Refusal.TOO_LONG,
            f"The clip is {seconds:.0f} s long; film one set, at most {longest:.0f} seconds.",
        )


def check(series: PoseSeries, exercise: Exercise, side: str | None = None) -> FormCheck:
    """Check one clip of one exercise; raise CannotCheck with a clear reason when it cannot."""
    family = family_of(exercise)
    check_length(series.duration_s)
    if series.found < MIN_FOUND * len(series.frames):
        raise CannotCheck(
            Refusal.NO_PERSON,
            "No person was found in most of the clip; film your whole body, in good light.",
        )
    if series.probes and series.others >= 2 and series.others * 4 >= series.probes:
        raise CannotCheck(
            Refusal.SEVERAL_PEOPLE,
            "More than one person is in the clip; film one person at a time.",
        )
    cleaned = clean(series)
    frames = cleaned.frames
    view = view_of(frames)
    if not view.ok:
        raise CannotCheck(
            Refusal.WRONG_VIEW,
            f"The camera is about {view.off_side_deg:.0f}° off side-on, too far to judge the "
            f"angles: {VIEW_MESSAGE}.",
        )
    working = side if side else (working_side(family, frames) if exercise.unilateral else None)
    angles = angles_of(frames, working, view.off_side_deg)
    signal = rep_signal(family, angles)
    smoothed, timings = segment(signal, cleaned.fps, _MIN_RANGE[family])
    if not timings:
        raise CannotCheck(
            Refusal.NO_REPS,
            f"No complete rep of {exercise.name.lower()} was seen; film the whole set from the "
            f"start position, side-on.",
        )
    reps = tuple(
        _rep(n + 1, family, t, angles, cleaned.fps, frames[t.peak]) for n, t in enumerate(timings)
    )
    findings = _findings(exercise, family, reps)
    limits = _limits(exercise, family)
    tempo = float(exercise.tempo.eccentric) if exercise.tempo else None
    worst = _worst(reps, findings, tempo)
    summary = _summary(family, reps)
    return FormCheck(
        exercise_id=exercise.id,
        exercise_name=exercise.name,
        family=family,
        side=working,
        fps=cleaned.fps,
        duration_s=cleaned.duration_s,
        view=view,
        reps=reps,
        summary=summary,
        findings=findings,
        limits=limits,
        tempo_lowering_s=tempo,
        worst_rep=worst,
        verdict=_verdict(reps, findings, tempo),
        stride=series.stride,
        signal=tuple(smoothed),
    )


def working_side(family: Family, frames: Sequence[PoseFrame | None]) -> str:
    """The working leg of a one-leg exercise: the foot that stays put (hinges, bridges) or the
    lower one (curls, where the working heel stays on the ball or slider)."""

    def spread(joint: str) -> float:
        xs = [f.point(joint)[0] for f in frames if f is not None]
        ys = [f.point(joint)[1] for f in frames if f is not None]
        return _spread(xs) + _spread(ys)

    def height(joint: str) -> float:
        return median([f.point(joint)[1] for f in frames if f is not None])

    if family in (Family.CURL, Family.WALKOUT):
        return "left" if height("left_ankle") >= height("right_ankle") else "right"
    return "left" if spread("left_ankle") <= spread("right_ankle") else "right"


def _spread(values: Sequence[float]) -> float:
    if not values:
        return 0.0
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def _window(values: Sequence[float], start: float, end: float) -> list[float]:
    lo, hi = max(0, math.floor(start)), min(len(values) - 1, math.ceil(end))
    return [v for v in values[lo : hi + 1] if math.isfinite(v)]


def _rep(
    number: int, family: Family, t: RepTiming, a: Angles, fps: float, pose: PoseFrame | None
) -> Rep:
    away = "lowering" if _AWAY_IS_LOWERING[family] else "rising"
    back = "rising" if away == "lowering" else "lowering"
    phases = (
        Phase(away, t.away_start / fps, t.away_end / fps),
        Phase("pause", t.away_end / fps, t.back_start / fps),
        Phase(back, t.back_start / fps, t.back_end / fps),
    )
    far = _window(a.hip, t.away_end, t.back_start) or [a.hip[t.peak]]
    measures: list[Measure] = [
        Measure("lowering_s", "lowering time", phases[0 if away == "lowering" else 2].seconds, "s"),
    ]
    if family is Family.HINGE:
        bottom = t.peak
        measures += [
            Measure("hinge_deg", "trunk lean at the bottom", _around(a.trunk, bottom), "°"),
            Measure("hip_flexion_deg", "hip bend at the bottom", 180 - _around(a.hip, bottom), "°"),
            Measure("knee_bend_deg", "knee bend at the bottom", 180 - _around(a.knee, bottom), "°"),
            Measure(
                "hips_first_s", "hips ahead of the chest on the way up", _hips_first(a, t, fps), "s"
            ),
        ]
    elif family is Family.BRIDGE:
        top = median(far)
        measures += [
            Measure("top_hip_deg", "hip angle at the top", top, "°"),
            Measure("sag_deg", "short of a straight line at the top", max(0.0, 180 - top), "°"),
            Measure("hold_s", "hold at the top", phases[1].seconds, "s"),
        ]
    elif family is Family.NORDIC:
        lowering = _window(a.hip, t.away_start, t.away_end)
        break_deg, controlled = _break(a.thigh, t, fps)
        measures += [
            Measure("break_deg", "break angle (lean from upright)", break_deg, "°"),
            Measure(
                "controlled", "controlled to the end (1 = yes)", 1.0 if controlled else 0.0, ""
            ),
            Measure(
                "hip_bend_deg",
                "most hip bend while lowering",
                max(0.0, 180 - min(lowering, default=180.0)),
                "°",
            ),
        ]
    else:
        out = _window(a.hip, t.away_start, t.back_end)
        measures += [
            Measure(
                "lowest_hip_deg",
                "lowest hip angle with the legs out",
                min(out, default=math.nan),
                "°",
            ),
            Measure("knee_range_deg", "knee movement", t.far_level - t.rest_level, "°"),
        ]
    return Rep(number, phases, tuple(measures), t.peak, pose)


def _around(values: Sequence[float], index: int, half: int = 2) -> float:
    return median(values[max(0, index - half) : index + half + 1])


def _hips_first(a: Angles, t: RepTiming, fps: float) -> float:
    """Seconds by which the knees straighten ahead of the trunk on the way up (0 when together).

    When the hips rise first, the knees straighten while the chest stays down: the middle of the
    knees' return comes before the middle of the trunk's. Knees that hardly bend give 0.
    """
    knee = fill_gaps(a.knee, len(a.knee))
    trunk = fill_gaps(a.trunk, len(a.trunk))
    lo, hi = math.floor(t.back_start), min(len(knee) - 1, math.ceil(t.back_end))
    if hi - lo < 3:
        return 0.0
    k0, k1 = knee[lo], knee[hi]
    if not (math.isfinite(k0) and math.isfinite(k1)) or abs(k1 - k0) < 8:
        return 0.0
    knee_mid = _crossing(knee, lo, hi, (k0 + k1) / 2)
    trunk_mid = _crossing(trunk, lo, hi, (trunk[lo] + trunk[hi]) / 2)
    return max(0.0, (trunk_mid - knee_mid) / fps)


def _crossing(values: Sequence[float], lo: int, hi: int, level: float) -> float:
    rising = values[hi] > values[lo]
    for i in range(lo, hi):
        a, b = values[i], values[i + 1]
        if (rising and a < level <= b) or (not rising and a > level >= b):
            return i + (level - a) / (b - a) if b != a else float(i)
    return float(hi)


def _break(thigh: Sequence[float], t: RepTiming, fps: float) -> tuple[float, bool]:
    """The lean at which a Nordic lowering stops being controlled, and whether it stayed so.

    The lowering is controlled while its (smoothed) speed stays near the speed of its first
    half; the break is where the speed passes BREAK_SPEEDUP times that for a tenth of a second
    or more. Without a break, the deepest lean reached.
    """
    lo, hi = math.floor(t.away_start), min(len(thigh) - 1, math.ceil(t.away_end))
    half = max(1, round(0.2 * fps))
    values = smooth(thigh, half)
    if hi - lo < 6:
        return values[t.peak], True
    speeds = [s * fps for s in smooth(thigh, half, derivative=1)[lo : hi + 1]]
    early = median(speeds[: max(2, len(speeds) // 2)])
    needed = max(2, round(0.1 * fps))
    run = 0
    for i in range(len(speeds) // 3, len(speeds)):
        run = run + 1 if early > 0 and speeds[i] > BREAK_SPEEDUP * early else 0
        if run >= needed and values[lo + i - run + 1] > 15:
            return values[lo + i - run + 1], False
    return max(values[lo : hi + 1]), True


def _findings(exercise: Exercise, family: Family, reps: Sequence[Rep]) -> tuple[Finding, ...]:
    """The catalogue mistakes seen, each with the reps that showed it and how badly."""
    tempo = float(exercise.tempo.eccentric) if exercise.tempo else None
    tests: dict[Fault, tuple[Callable[[Rep], float], str]] = {
        # each returns the severity for a rep (> 0 when the fault is seen) and a description
        Fault.HIP_SAG: (
            (lambda r: (SAG_TOP_DEG - r.measure("top_hip_deg")) / 15)
            if family is Family.BRIDGE
            else (lambda r: (SAG_CURL_DEG - r.measure("lowest_hip_deg")) / 15),
            "hips {value:.0f}° short of a straight line"
            if family is Family.BRIDGE
            else "hip angle down to {value:.0f}° with the legs out",
        ),
        Fault.HIPS_BENT: (
            lambda r: (r.measure("hip_bend_deg") - (180 - HIPS_BENT_DEG)) / 15,
            "hips bent by up to {value:.0f}° while lowering",
        ),
        Fault.SQUATTING: (
            lambda r: (r.measure("knee_bend_deg") - SQUAT_KNEE_DEG) / 15,
            "knees bent by {value:.0f}° at the bottom",
        ),
        Fault.RUSHED: (
            (lambda r: (RUSHED_SHARE * tempo - r.lowering_s) / tempo)
            if tempo
            else (lambda r: -1.0),
            "lowering in {value:.1f} s against the " + f"{tempo or 0:.0f} s tempo",
        ),
    }
    if family is Family.NORDIC:
        tests[Fault.RUSHED] = (
            lambda r: 0.5 if r.measure("controlled") < 0.5 else -1.0,
            "lost control at {value:.0f}° of lean",
        )
    shown = {
        Fault.HIP_SAG: "sag_deg" if family is Family.BRIDGE else "lowest_hip_deg",
        Fault.HIPS_BENT: "hip_bend_deg",
        Fault.SQUATTING: "knee_bend_deg",
        Fault.RUSHED: "break_deg" if family is Family.NORDIC else "lowering_s",
    }
    out: list[Finding] = []
    for fault in faults_checked(exercise):
        severity_of, template = tests[fault]
        hits = [(r, severity_of(r)) for r in reps]
        bad = [(r, s) for r, s in hits if s > 0]
        if not bad:
            continue
        mistake = mistake_for(exercise, fault)
        assert mistake is not None
        values = [r.measure(shown[fault]) for r, _ in bad]
        value = max(values) if fault is not Fault.RUSHED else min(values)
        if fault is Fault.HIP_SAG and family is not Family.BRIDGE:
            value = min(values)
        out.append(
            Finding(
                fault=fault,
                mistake=mistake[0],
                cue=mistake[1],
                seen=f"{template.format(value=value)} "
                f"(rep{'s' if len(bad) > 1 else ''} {_numbers([r.number for r, _ in bad])})",
                reps=tuple(r.number for r, _ in bad),
                severity=max(s for _, s in bad),
            )
        )
    return tuple(out)


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _limits(exercise: Exercise, family: Family) -> tuple[str, ...]:
    out = []
    rounding = next((m for m in exercise.mistakes if _ROUNDING.search(m.partition(":")[0])), None)
    if family is Family.HINGE and rounding:
        out.append(
            "Back rounding is not judged: the body points this check sees sit on the shoulders "
            "and hips, not along the spine, so a rounded back looks like a deeper hinge. "
            f"Watch for it yourself: {rounding}"
        )
    return tuple(out)


def _worst(reps: Sequence[Rep], findings: Sequence[Finding], tempo: float | None) -> int | None:
    if not reps:
        return None
    score = [0.0] * len(reps)
    for f in findings:
        for number in f.reps:
            score[number - 1] += max(f.severity, 0.01)
    if any(score):
        return max(range(len(reps)), key=lambda i: score[i])
    if tempo:
        return max(range(len(reps)), key=lambda i: abs(reps[i].lowering_s - tempo))
    return 0


def _summary(family: Family, reps: Sequence[Rep]) -> tuple[Measure, ...]:
    out = []
    for m in reps[0].measures:
        values = [r.measure(m.key) for r in reps]
        out.append(Measure(m.key, m.label, median(values), m.unit))
    return tuple(out)


def _verdict(reps: Sequence[Rep], findings: Sequence[Finding], tempo: float | None) -> str:
    lowering = median([r.lowering_s for r in reps])
    parts = [f"{len(reps)} rep{'s' if len(reps) != 1 else ''}"]
    timing = f"lowering {lowering:.1f} s"
    if tempo:
        timing += f" against the {tempo:.0f} s tempo"
    parts.append(timing)
    if findings:
        parts.append(
            "; ".join(
                f"{f.mistake.partition(':')[0]} (rep{'s' if len(f.reps) > 1 else ''} "
                f"{_numbers(f.reps)})"
                for f in findings
            )
        )
    else:
        parts.append("none of the common mistakes this check looks for")
    return ". ".join(p[0].upper() + p[1:] for p in parts) + "."


# ---- left against right --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SideComparison:
    """Two clips of a one-leg exercise, one per side: the set medians side by side."""

    exercise_id: str
    sides: tuple[str, str]
    rows: tuple[tuple[str, str, float, float, str], ...]  # key, label, first, second, unit
    summary: str

    def difference(self, key: str) -> float:
        """Second side minus first for a measure (NaN when absent)."""
        return next((b - a for k, _, a, b, _ in self.rows if k == key), math.nan)

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise_id,
            "sides": list(self.sides),
            "rows": [
                {
                    "key": k,
                    "label": label,
                    self.sides[0]: round(a, 2),
                    self.sides[1]: round(b, 2),
                    "unit": unit,
                }
                for k, label, a, b, unit in self.rows
            ],
            "summary": self.summary,
        }


def compare_sides(first: FormCheck, second: FormCheck) -> SideComparison:
    """Compare a left and a right clip of the same exercise (lowering time first: it is the
    measure a weaker side gives away, by dropping faster)."""
    if first.exercise_id != second.exercise_id:
        raise CannotCheck(
            Refusal.NOT_COVERED, "Compare two clips of the same exercise, one for each side."
        )
    sides = (first.side or "first", second.side or "second")
    if sides[0] == sides[1]:
        raise CannotCheck(
            Refusal.NOT_COVERED, f"Both clips are of the {sides[0]} side; film the other side too."
        )
    rows = tuple(
        (m.key, m.label, m.value, second.summary_value(m.key), m.unit)
        for m in first.summary
        if math.isfinite(second.summary_value(m.key))
    )
    a, b = first.summary_value("lowering_s"), second.summary_value("lowering_s")
    slower, faster = (sides[0], sides[1]) if a >= b else (sides[1], sides[0])
    gap = gap_percent(a, b)  # measured as the strength rules measure a side gap
    if gap < LOWERING_GAP:
        summary = (
            f"Lowering takes about as long on the {sides[0]} ({a:.1f} s) as on the "
            f"{sides[1]} ({b:.1f} s)."
        )
    else:
        summary = (
            f"The {faster} side lowers {gap:.0f}% faster than the {slower} "
            f"({min(a, b):.1f} s against {max(a, b):.1f} s): give the {faster} side the slow "
            f"count first."
        )
    return SideComparison(first.exercise_id, sides, rows, summary)
