"""The numbers of the training science (../shared/reference/evidence.md), one table each.

Each constant names the section it comes from; [H] marks a tunable design heuristic.
"""

from collections.abc import Mapping

from hamstrong.core.vocab import Level

# §4: target RPE band by level; older adults, low back pain, knee pain and rehab use 5-7.
RPE_BANDS: Mapping[Level, tuple[float, float]] = {
    Level.BEGINNER: (6, 8),
    Level.INTERMEDIATE: (7, 8.5),
    Level.ADVANCED: (7, 9),
}
GENTLE_RPE: tuple[float, float] = (5, 7)

# §11 rep-range table: reps per set by context.
OLDER_REPS = (10, 15)  # ACSM older adults
ENDURANCE_REPS = (12, 20)  # office worker / general health / mobility
ENDURANCE_ONE_LEG_REPS = (10, 15)  # [H] one-leg work of the same group, each leg
BACK_PAIN_REPS = (6, 10)  # §10 rule 4
KNEE_PAIN_REPS = (10, 15)  # §13 knee pain
STRENGTH_TRAINED_REPS = (6, 10)  # §13 intermediate gym 6-12; loaded work for trained users

# §11 / §3: sets per main item at the start, by level [H].
BASE_SETS: Mapping[Level, int] = {Level.BEGINNER: 2, Level.INTERMEDIATE: 3, Level.ADVANCED: 3}

# R6: a beginner's first 2 weeks take no external load (no kilograms, no resistance band; the
# assistance band of a band-assisted Nordic is help, not load).
UNLOADED_WEEKS = 2

# §3: rest in seconds between sets.
REST_BODYWEIGHT_S = 60
REST_LOADED_S = 90
REST_HEAVY_S = 120  # advanced loaded core lifts (ACSM 2-3 min; shortened for home sessions)
REST_NORDIC_S = 90  # §1.3: 1-2 min keeps Nordic force up
REST_HOLD_S = 30

# §1.1 Petersen 2011: week -> (sessions, reps per set); weeks past 10 keep one session of 12-10-8.
PETERSEN: Mapping[int, tuple[int, tuple[int, ...]]] = {
    1: (1, (5, 5)),
    2: (2, (6, 6)),
    3: (3, (6, 7, 8)),
    4: (3, (8, 9, 10)),
    **dict.fromkeys(range(5, 11), (3, (12, 10, 8))),
}
PETERSEN_MAINTENANCE: tuple[int, tuple[int, ...]] = (1, (12, 10, 8))
PETERSEN_MIN_MINUTES = 30  # [H] the full protocol with warm-up and cool-down needs about 30 min


# §1.3 low-volume Nordic ramp outside the athlete track: week -> (sessions, sets, reps).
def nordic_ramp(week: int) -> tuple[int, int, int]:
    """Weeks 1-2: 1 x 2 x 3-5; weeks 3-6: 2 x 2-3 x 4-6; then maintenance 1 x 2 x 4-6."""
    if week <= 2:
        return 1, 2, 3 + week  # 4, then 5 reps
    if week <= 6:
        return 2, 2 if week <= 4 else 3, 4 if week <= 4 else 5
    return 1, 2, 6


# §2.2 Askling L-protocol: exercise -> (sets, reps).
ASKLING_DOSE: Mapping[str, tuple[int, int]] = {
    "askling-extender": (3, 12),
    "seated-askling-extender": (3, 12),  # the Extender on a chair, without the floor [H]
    "askling-diver": (3, 6),
    "askling-glider": (3, 4),
}

# §6 / R9: planned weekly hard sets rise at most rules.MAX_WEEKLY_RISE over the highest earlier
# week; one week in DELOAD_EVERY is lighter.
DELOAD_EVERY = 4  # [H] week 4, 8, ... is lighter (R9: one of weeks 4-6 is lighter)

# §8: cool-down static stretches 2 x 30 s per muscle; warm-up at least 5 minutes (R3).
STRETCH_HOLD_S = 30
STRETCH_SETS = 2
WARMUP_MIN_S = 300
WARMUP_LONG_S = 480  # §8 8-12 min when the session is long enough
LONG_SESSION_MIN = 40
# Band colours by level: beginners start with the most help on assisted Nordics.
ASSIST_BAND: Mapping[Level, str] = {
    Level.BEGINNER: "heavy",
    Level.INTERMEDIATE: "medium",
    Level.ADVANCED: "light",
}
RESIST_BAND: Mapping[Level, str] = {
    Level.BEGINNER: "light",
    Level.INTERMEDIATE: "medium",
    Level.ADVANCED: "heavy",
}
# A light start for loaded work, as a multiple of the catalogue's start_kg [H].
START_LOAD_FACTOR: Mapping[Level, float] = {
    Level.BEGINNER: 1.0,
    Level.INTERMEDIATE: 1.5,
    Level.ADVANCED: 2.0,
}

# Loads a user can buy or set [H]: fixed dumbbells come in 1 kg steps up to 10 kg, then 2 kg;
# kettlebells in 4 kg steps; a barbell moves in 2.5 kg (a pair of 1.25 kg plates).
DUMBBELL_STEP_UNTIL_KG = 10.0
DUMBBELL_HEAVY_STEP_KG = 2.0
KETTLEBELL_STEP_KG = 4.0
PLATE_STEP_KG = 2.5
# The same in pounds: dumbbells in 2.5 lb steps up to 25 lb, then 5 lb; kettlebells in 5 lb
# steps; a barbell in 5 lb (a pair of 2.5 lb plates).
DUMBBELL_STEP_LB = 2.5
DUMBBELL_STEP_UNTIL_LB = 25.0
DUMBBELL_HEAVY_STEP_LB = 5.0
KETTLEBELL_STEP_LB = 5.0
PLATE_STEP_LB = 5.0
