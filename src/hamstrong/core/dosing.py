"""Who may do which exercise, and the rep range and effort band a profile trains in.

Shared by the planner (what to prescribe) and the progression engine (where a ladder may go).
"""

from hamstrong.core import protocols as P
from hamstrong.core.exercises import Exercise
from hamstrong.core.profile import Profile
from hamstrong.core.vocab import Dose, Goal, Level, Load, Pattern, Population


def suits(profile: Profile, ex: Exercise, *, early: bool = False) -> bool:
    """R5 equipment, contraindications, level, R10/R11 exclusions; ``early`` = weeks 1-2 (R6)."""
    p = profile
    if not ex.fits(p.equipment) or ex.contraindications & p.avoid:
        return False
    if ex.level.rank > p.level.rank:
        return False
    if p.older and (ex.has("ballistic") or ex.has("jump") or ex.has("nordic")):
        return False  # R11 / R10: no jumps or Nordics for older adults by default
    if p.back_pain and ex.pattern is Pattern.HINGE and ex.load is not Load.NONE:
        return False  # §10: loaded hinges wait for the phase-B gates
    if (
        p.strain_track
        and ex.pattern is not Pattern.BALANCE
        and ex.pattern not in (Pattern.WARMUP, Pattern.STRETCH)
        and not ex.has("askling")
    ):
        return False  # R12: only the lengthening track
    # R6: beginners use no external load in weeks 1-2 (assistance bands are not load)
    return not (
        p.level is Level.BEGINNER and early and ex.load is not Load.NONE and not ex.has("nordic")
    )


def rpe_band(profile: Profile) -> tuple[float, float]:
    """Evidence §4: the target RPE band; gentler for older adults, pain and rehab."""
    p = profile
    if p.older or p.back_pain or p.knee_pain or p.has_goal(Goal.REHAB) or p.strain_track:
        return P.GENTLE_RPE
    return P.RPE_BANDS[p.level]


def rep_range(profile: Profile, exercise: Exercise) -> tuple[int, int]:
    """Evidence §11 rep-range table for this profile and exercise (seconds for holds)."""
    p = profile
    if exercise.dose is Dose.HOLD or exercise.pattern in (Pattern.BALANCE, Pattern.ISOMETRIC):
        return exercise.dose_range
    if exercise.has("nordic") or exercise.has("askling"):
        return exercise.dose_range
    if p.older:
        return P.OLDER_REPS
    if p.back_pain:
        return P.BACK_PAIN_REPS
    if p.knee_pain:
        return P.KNEE_PAIN_REPS
    if exercise.load is Load.KG and p.level is not Level.BEGINNER:
        return P.STRENGTH_TRAINED_REPS
    if p.group is Population.OFFICE_WORKER or p.has_goal(Goal.MOBILITY, Goal.POSTURE):
        return P.ENDURANCE_REPS if not exercise.unilateral else (10, 15)
    return exercise.dose_range
