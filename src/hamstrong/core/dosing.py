"""Who may do which exercise, the rep range and effort band a profile trains in, and loads.

Shared by the planner (what to prescribe) and the progression engine (where a ladder may go).
Loads are ones a user can buy or set: dumbbells in 1 kg steps up to 10 kg and 2 kg steps above,
kettlebells in 4 kg steps, barbells in 2.5 kg steps (a pair of 1.25 kg plates); in pounds,
dumbbells in 2.5 lb steps up to 25 lb and 5 lb above, kettlebells and barbells in 5 lb steps.
Loads are kg throughout; the steps are counted in the profile's unit.
"""

import math
from enum import StrEnum

from hamstrong.core import protocols as P
from hamstrong.core.exercises import Exercise
from hamstrong.core.profile import Profile
from hamstrong.core.units import Unit, from_kg, to_kg
from hamstrong.core.vocab import Dose, Equipment, Goal, InjuryKind, Level, Load, Pattern, Population


def early_week(week: int) -> bool:
    """R6: whether programme week ``week`` is one of the first ``UNLOADED_WEEKS``, which
    ``suits`` keeps unloaded for beginners."""
    return week <= P.UNLOADED_WEEKS


def suits(profile: Profile, ex: Exercise, *, early: bool = False) -> bool:
    """R5 equipment, contraindications, level, R10/R11 exclusions; ``early``: ``early_week``
    (R6)."""
    p = profile
    if not ex.fits(p.equipment) or (ex.contraindications & p.avoid and not _phase_b(p, ex)):
        return False
    if ex.level.rank > p.level.rank:
        return False
    if not p.floor_ok and ex.has("floor"):
        return False  # cannot get down to the floor and up again: standing and chair work only
    if p.older and (ex.has("ballistic") or ex.has("jump") or ex.has("nordic")):
        return False  # R11 / R10: no jumps or Nordics for older adults by default
    if p.older and _one_leg_stance(ex) and not (ex.has("supported") or ex.has("askling")):
        return False  # R11: one-leg hinges and lunges next to a support (a chair) for older
        # adults; the Askling exercises of a strain are the protocol's own (R12)
    if p.child and (ex.load is not Load.NONE or ex.has("nordic") or ex.has("ballistic")):
        return False  # under 13: bodyweight technique work only
    if (
        p.youth
        and not p.supervised
        and (Equipment.BARBELL in ex.equipment or ex.has("full_nordic"))
    ):
        return False  # under 18 without a coach: no heavy barbell work, no full Nordics
    if p.strain_return and (
        ex.has("ballistic") or ex.has("jump") or (ex.has("nordic") and ex.load is not Load.BAND)
    ):
        return False  # graded return after a strain: no sprint drills, swings or full Nordics yet
    loaded_hinge = ex.pattern is Pattern.HINGE and ex.load is not Load.NONE
    if p.back_pain and loaded_hinge and not _phase_b(p, ex):
        return False  # §10: loaded hinges wait for the phase-B gates
    if (
        p.strain_track
        and ex.pattern is not Pattern.BALANCE
        and ex.pattern not in (Pattern.WARMUP, Pattern.STRETCH)
        and not ex.has("askling")
    ):
        return False  # R12: only the lengthening track
    # R6: beginners use no external load in weeks 1-2 (assistance bands are not load); so do
    # under-18s (technique first) and a graded return after a strain
    first_bodyweight = p.level is Level.BEGINNER or p.youth or p.strain_return
    return not (first_bodyweight and early and ex.load is not Load.NONE and not ex.has("nordic"))


def _one_leg_stance(ex: Exercise) -> bool:
    """A lunge, or a hinge on one leg: the moves that test balance as much as strength."""
    return ex.pattern is Pattern.LUNGE or (ex.pattern is Pattern.HINGE and ex.unilateral)


def _phase_b(profile: Profile, ex: Exercise) -> bool:
    """Back pain past the §10 gates: a loaded, non-ballistic hinge is allowed again."""
    return (
        profile.back_phase_b
        and ex.pattern is Pattern.HINGE
        and not ex.has("ballistic")
        and not (ex.contraindications & profile.avoid) - {InjuryKind.LOW_BACK_PAIN}
    )


def start_level(profile: Profile) -> Level:
    """The level that sets starting loads: under-18s start as beginners, light (NSCA 2009)."""
    return Level.BEGINNER if profile.youth else profile.level


def rpe_band(profile: Profile) -> tuple[float, float]:
    """Evidence §4: the target RPE band; gentler for older adults, pain and rehab."""
    p = profile
    if p.older or p.back_pain or p.knee_pain or p.has_goal(Goal.REHAB) or p.rehab or p.child:
        return P.GENTLE_RPE
    return P.RPE_BANDS[start_level(p)]


def rep_range(profile: Profile, exercise: Exercise) -> tuple[int, int]:
    """Evidence §11 rep-range table for this profile, never outside the exercise's own range.

    The population's range (older adults 10-15, office workers 12-20, ...) is a goal; the
    catalogue's range is what the exercise allows. Eccentric-heavy moves (walkouts, Nordics,
    slider curls) keep their own low range for everyone, and so do ballistic moves (swings):
    the population ranges are for slow strength work, and a trained lifter's 6-10 cut a
    swing's 10-15 to 10 alone, so it never progressed. Other moves take the overlap of the two
    ranges, or the exercise's own range when they do not overlap.
    """
    own = exercise.dose_range
    if exercise.dose is Dose.HOLD or exercise.pattern in (Pattern.BALANCE, Pattern.ISOMETRIC):
        return own
    if any(exercise.has(tag) for tag in ("nordic", "askling", "eccentric", "ballistic")):
        return own
    wanted = _population_reps(profile, exercise)
    low, high = max(wanted[0], own[0]), min(wanted[1], own[1])
    return (low, high) if low <= high else own


def _population_reps(profile: Profile, exercise: Exercise) -> tuple[int, int]:
    p = profile
    if p.older:
        return P.OLDER_REPS
    if p.back_pain:
        return P.BACK_PAIN_REPS
    if p.knee_pain:
        return P.KNEE_PAIN_REPS
    if exercise.load is Load.KG and start_level(p) is not Level.BEGINNER:
        return P.STRENGTH_TRAINED_REPS
    if p.group is Population.OFFICE_WORKER or p.has_goal(Goal.MOBILITY, Goal.POSTURE):
        return P.ENDURANCE_REPS if not exercise.unilateral else P.ENDURANCE_ONE_LEG_REPS
    return exercise.dose_range


# ---- loads a user can buy or set ---------------------------------------------------------------
class Implement(StrEnum):
    """What the load is lifted with; each comes in its own steps."""

    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"
    BARBELL = "barbell"


def implement(exercise: Exercise) -> Implement | None:
    """The implement a loaded exercise uses (the catalogue lists exactly one of them)."""
    for kind in (Implement.BARBELL, Implement.KETTLEBELL, Implement.DUMBBELL):
        if Equipment(kind.value) in exercise.equipment:
            return kind
    return None


# (the lightest step, up to which it applies, the step above) per implement and unit
_STEPS: dict[tuple[Implement, Unit], tuple[float, float, float]] = {
    (Implement.DUMBBELL, Unit.KG): (1.0, P.DUMBBELL_STEP_UNTIL_KG, P.DUMBBELL_HEAVY_STEP_KG),
    (Implement.KETTLEBELL, Unit.KG): (P.KETTLEBELL_STEP_KG, math.inf, P.KETTLEBELL_STEP_KG),
    (Implement.BARBELL, Unit.KG): (P.PLATE_STEP_KG, math.inf, P.PLATE_STEP_KG),
    (Implement.DUMBBELL, Unit.LB): (
        P.DUMBBELL_STEP_LB,
        P.DUMBBELL_STEP_UNTIL_LB,
        P.DUMBBELL_HEAVY_STEP_LB,
    ),
    (Implement.KETTLEBELL, Unit.LB): (P.KETTLEBELL_STEP_LB, math.inf, P.KETTLEBELL_STEP_LB),
    (Implement.BARBELL, Unit.LB): (P.PLATE_STEP_LB, math.inf, P.PLATE_STEP_LB),
}


def _below(value: float, kind: Implement, unit: Unit) -> float | None:
    """The heaviest step at or below ``value`` (in ``unit``), or None below the lightest."""
    small, until, big = _STEPS[kind, unit]
    if value < until:
        count = math.floor(value / small + 1e-9)
        return count * small if count >= 1 else None
    return until + math.floor((value - until) / big + 1e-9) * big


def _above(value: float, kind: Implement, unit: Unit) -> float:
    small, until, big = _STEPS[kind, unit]
    if value < until:
        return (math.floor(value / small + 1e-9) + 1) * small
    return (_below(value, kind, unit) or 0.0) + big


def owned(profile: Profile, kind: Implement) -> tuple[float, ...]:
    """The weights of that implement the user has (kg); () means any that is sold."""
    if kind is Implement.DUMBBELL:
        return profile.dumbbells
    if kind is Implement.KETTLEBELL:
        return profile.kettlebells
    return ()


def loads_below(
    kg: float, kind: Implement, unit: Unit = Unit.KG, have: tuple[float, ...] = ()
) -> float | None:
    """The heaviest load of that implement at or below ``kg``, or None below the lightest:
    of the weights the user ``have``s, else of the ones sold in ``unit``."""
    if have:
        return max((w for w in have if w <= kg + 1e-9), default=None)
    found = _below(from_kg(kg, unit), kind, unit)
    return None if found is None else to_kg(found, unit)


def load_above(
    kg: float, kind: Implement, unit: Unit = Unit.KG, have: tuple[float, ...] = ()
) -> float | None:
    """The lightest load of that implement heavier than ``kg``: the next one to buy or set, or
    of the ones the user has (None: nothing heavier at hand)."""
    if have:
        return min((w for w in have if w > kg + 1e-9), default=None)
    return to_kg(_above(from_kg(kg, unit), kind, unit), unit)


def nearest_load(
    kg: float, kind: Implement, unit: Unit = Unit.KG, have: tuple[float, ...] = ()
) -> float:
    """The load of that implement nearest ``kg``, the lighter one on a tie, at least the
    lightest there is."""
    below = loads_below(kg, kind, unit, have)
    above = load_above(kg, kind, unit, have)
    if below is None or above is None:
        found = below if above is None else above
        assert found is not None  # ``have`` is empty or holds a weight
        return found
    if abs(below - kg) < 1e-9:
        return below
    return below if kg - below <= above - kg else above


def start_load(profile: Profile, exercise: Exercise) -> float | None:
    """R6: a light first load, ``start_kg`` x 1 / 1.5 / 2 by level, as a load that exists."""
    kind = implement(exercise)
    if exercise.load is not Load.KG or exercise.start_kg is None or kind is None:
        return None
    start = exercise.start_kg * P.START_LOAD_FACTOR[start_level(profile)]
    return nearest_load(start, kind, profile.units, owned(profile, kind))
