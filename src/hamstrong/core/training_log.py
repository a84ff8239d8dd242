"""What the user did: logged sets, next-morning check-ins and self-tests (values only)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from hamstrong.core.vocab import Side


class Symptom(StrEnum):
    """In-session stop rules of evidence §10 E (pain above 5 is read from ``pain``)."""

    SHARP = "sharp"  # sharp or stabbing pain
    BELOW_KNEE = "below_knee"  # pain spreading below the knee
    NUMBNESS = "numbness"  # new numbness or tingling
    CHEST = "chest"  # chest pain, dizziness or unusual breathlessness


STOP_PAIN = 5  # pain above this during a set ends the session (evidence §5, §10 E)
# What a log may hold at most: no training log is older, no set longer or numbered higher.
# Beyond these a value is a typo or hostile input, and date arithmetic near date.min overflows.
EARLIEST_DAY = date(1970, 1, 1)
MAX_REPS = 10_000  # reps, or seconds for a hold
MAX_ORDER = 1_000
MAX_KG = 1_000.0
MAX_NAME = 200  # characters of an imported exercise name


@dataclass(frozen=True, slots=True)
class SetEntry:
    """One set as done. ``exercise`` is a library id, or ``custom:<slug>`` for imported names.

    ``reps`` counts reps, or seconds for a hold; ``kg`` is None for bodyweight; ``pain`` is 0-10
    during the set; ``side`` is left/right for one-leg work; warm-up sets are not hard sets.
    ``key`` identifies an imported set so that importing the same file twice adds nothing.
    """

    day: date
    exercise: str
    reps: int
    kg: float | None = None
    rpe: float | None = None
    pain: int | None = None
    side: Side = Side.BOTH
    warmup: bool = False
    source: str = "hamstrong"
    order: int = 1  # the set's number within that exercise on that day
    at: datetime | None = None  # when it was done, when known (imports)
    symptoms: tuple[Symptom, ...] = ()
    key: str | None = None
    name: str | None = None  # the original exercise name of an imported set

    @property
    def stops_session(self) -> bool:
        """True when the set hit a stop rule: the session ends here (evidence §10 E)."""
        return bool(self.symptoms) or (self.pain is not None and self.pain > STOP_PAIN)

    @property
    def hard(self) -> bool:
        """A working set at RPE 7 or more (evidence: "hard set"); unrated working sets count."""
        return not self.warmup and (self.rpe is None or self.rpe >= 7)


@dataclass(frozen=True, slots=True)
class Checkin:
    """Next-morning pain (0-10) after a training day (evidence §5)."""

    day: date
    pain: int


class TestKind(StrEnum):
    __test__ = False  # not a pytest test class, despite the name
    AKE = "ake"  # active knee extension, degrees short of straight (lower is better)
    SIT_REACH = "sit-reach"  # sit-and-reach, inches on the YMCA box (higher is better)
    CHAIR_STAND = "chair-stand"  # 30-second chair stand, full stands (higher is better)


@dataclass(frozen=True, slots=True)
class SelfTest:
    day: date
    kind: TestKind
    value: float
    side: Side = Side.BOTH


@dataclass(frozen=True, slots=True)
class TrainingLog:
    """Everything logged, oldest first; the input of the progression engine and of insight."""

    sets: tuple[SetEntry, ...] = ()
    checkins: tuple[Checkin, ...] = ()
    tests: tuple[SelfTest, ...] = field(default=())

    def days(self) -> list[date]:
        """Days with at least one working set, in order."""
        return sorted({s.day for s in self.sets if not s.warmup})
