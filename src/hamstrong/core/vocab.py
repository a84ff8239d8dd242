"""The ids shared by files, CLI flags, JSON and the API (the spec's vocabulary)."""

from enum import StrEnum


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {level: rank for rank, level in enumerate(Level)}


class Equipment(StrEnum):
    DUMBBELL = "dumbbell"
    BARBELL = "barbell"
    KETTLEBELL = "kettlebell"
    STABILITY_BALL = "stability_ball"
    RESISTANCE_BAND = "resistance_band"
    ANKLE_ANCHOR = "ankle_anchor"
    BENCH = "bench"
    STEP = "step"
    SLIDER = "slider"
    CHAIR = "chair"
    WALL = "wall"
    MAT = "mat"


class Goal(StrEnum):
    STRENGTH = "strength"
    INJURY_PREVENTION = "injury_prevention"
    SPRINT = "sprint"
    BACK_PAIN = "back_pain"
    KNEE_PAIN = "knee_pain"
    MOBILITY = "mobility"
    POSTURE = "posture"
    BALANCE = "balance"
    REHAB = "rehab"


class Population(StrEnum):
    OFFICE_WORKER = "office_worker"
    OLDER_ADULT = "older_adult"
    RUNNER = "runner"
    ATHLETE = "athlete"
    GENERAL = "general"


class Pattern(StrEnum):
    HINGE = "hinge"
    KNEE_FLEXION = "knee_flexion"
    KNEE_EXTENSION = "knee_extension"  # quadriceps work, for knee pain (an extension of the spec)
    BRIDGE = "bridge"
    LUNGE = "lunge"
    ISOMETRIC = "isometric"
    STRETCH = "stretch"
    WARMUP = "warmup"
    BALANCE = "balance"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as in ``date.weekday()``."""
        return list(Weekday).index(self)


class InjuryKind(StrEnum):
    HAMSTRING_STRAIN = "hamstring_strain"
    KNEE_PAIN = "knee_pain"
    LOW_BACK_PAIN = "low_back_pain"

    @property
    def label(self) -> str:
        """In words, for people: ids stay in JSON and files (issue 8 §5)."""
        return self.value.replace("_", " ")


class StrainCheck(StrEnum):
    """Self-reported signs that a strained hamstring is ready to leave the Askling phase (§2.4)."""

    WALKING = "walking"  # walking is pain-free
    STAIRS = "stairs"  # stairs are pain-free
    JOGGING = "jogging"  # easy jogging is pain-free
    PRESSING = "pressing"  # pressing on the strained spot does not hurt
    BRIDGE = "bridge"  # bridges are pain-free
    EXTENDER = "extender"  # the Askling Extender reaches full range without pain
    FLEXIBILITY = "flexibility"  # the knee straightens about as far as on the other leg
    CONFIDENT = "confident"  # the user feels confident loading the leg


class Load(StrEnum):
    NONE = "none"
    KG = "kg"
    BAND = "band"


class Dose(StrEnum):
    REPS = "reps"
    HOLD = "hold"


TAGS = frozenset(
    {
        "nordic",
        "askling",
        "ballistic",
        "jump",
        "supported",
        "floor",
        "back_phase_a",
        "sprint_drill",
        "eccentric",
        "isometric_hold",
        "general_activity",
        "quads",  # quadriceps work in a pain-free range (knee pain)
        "full_nordic",  # the whole Nordic lowering, unassisted: not for unsupervised under-18s
    }
)
