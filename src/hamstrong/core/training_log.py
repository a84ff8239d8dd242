"""What the user did: logged sets, next-morning check-ins and self-tests (values only)."""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
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
HARD_RPE = 7  # a working set at this effort or more is a hard set (evidence §6 volume)
# What a log may hold at most: no training log is older, no set longer or numbered higher.
# Beyond these a value is a typo or hostile input, and date arithmetic near date.min overflows.
EARLIEST_DAY = date(1970, 1, 1)
MAX_REPS = 10_000  # reps, or seconds for a hold
MAX_ORDER = 1_000
MAX_KG = 1_000.0
MAX_NAME = 200  # characters of an imported exercise name
MAX_KEY = 200  # characters of an imported set's key
MAX_NOTE = 1_000  # characters of a note on a set or a session: a few lines, not an essay


def text_problem(text: str, most: int) -> str | None:
    """What is wrong with a text a person or a file gives us to keep (a note, an imported
    name), or None. Control characters other than tab and line breaks, and halves of a UTF-16
    pair, are not text anyone typed, and PostgreSQL refuses to store a NUL at all: such a text
    is refused with the character named, on every database alike."""
    if len(text) > most:
        return f"must be at most {most} characters"
    found = _NOT_TEXT.search(text)
    if found is not None:
        code = ord(found.group())
        if 0xD800 <= code <= 0xDFFF:
            return f"must be plain text: U+{code:04X} is half of a character"
        return f"must be plain text: remove the control character U+{code:04X}"
    return None


_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Limit:
    """What a person can plausibly type for one number of a set or a check-in. The page's
    min, max and step, the web form's check, the command line and the service all read these,
    so none of them accepts what another refuses. (Imports keep the wider MAX_* bounds above:
    a history from another app may hold anything a human logged.)"""

    low: float
    high: float
    step: float = 1.0  # 1: whole numbers; 0.5: halves (RPE)
    strict_step: bool = True  # False: ``step`` is only the page's spinner (loads)
    hint: str = ""  # said after the range: what to do instead
    unit: str = ""  # said after the highest value: "kg", "lb"

    @property
    def whole(self) -> bool:
        return self.step == 1.0

    def problem(self, value: float) -> str | None:
        """Why ``value`` is refused (a message to show next to the field), or None."""
        kind = "a whole number" if self.whole else "a number"
        steps = f" in steps of {self.step:g}" if self.strict_step and not self.whole else ""
        unit = f" {self.unit}" if self.unit else ""
        wanted = f"must be {kind} from {self.low:g} to {self.high:g}{unit}{steps}{self.hint}"
        if not self.low <= value <= self.high:
            return wanted
        if self.strict_step and (value - self.low) % self.step:
            return wanted
        return None


REPS = Limit(0, 100)  # reps in one set
HOLD_SECONDS = Limit(0, 600)  # seconds of one hold
# a load: nobody lifts more for these exercises (in lb for who trains in lb: the same loads)
KG = Limit(0.5, 500, 0.5, strict_step=False, hint=" (leave it empty for bodyweight)", unit="kg")
LB = Limit(1.5, 1100, 0.5, strict_step=False, hint=KG.hint, unit="lb")
RPE = Limit(1, 10, 0.5)  # effort, rate of perceived exertion
PAIN = Limit(0, 10)  # pain 0-10, during a set or the next morning
LIMITS = {"reps": REPS, "hold": HOLD_SECONDS, "kg": KG, "lb": LB, "rpe": RPE, "pain": PAIN}


def load_limit(unit: str) -> Limit:
    """The plausible load as typed in ``unit`` ("kg" or "lb")."""
    return LB if unit == "lb" else KG


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
    note: str | None = None  # what the person wrote about this set

    @property
    def stops_session(self) -> bool:
        """True when the set hit a stop rule: the session ends here (evidence §10 E)."""
        return bool(self.symptoms) or (self.pain is not None and self.pain > STOP_PAIN)

    @property
    def hard(self) -> bool:
        """A working set at RPE 7 or more (evidence: "hard set"); unrated working sets count."""
        return not self.warmup and (self.rpe is None or self.rpe >= HARD_RPE)


@dataclass(frozen=True, slots=True)
class SessionEntry:
    """What was recorded about one day's session beyond its sets: when it was started and
    finished (aware datetimes), and a note. Sets logged without either still make a session."""

    day: date
    started: datetime | None = None
    finished: datetime | None = None
    note: str | None = None


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
    sessions: tuple[SessionEntry, ...] = ()  # by day

    def session(self, day: date) -> SessionEntry | None:
        """What was recorded about the session of ``day`` beyond its sets, if anything."""
        return next((s for s in self.sessions if s.day == day), None)

    def first_from(self, day: date) -> int:
        """The place of the first set on or after ``day`` in ``sets`` (kept in order of day)."""
        return bisect_left(self.sets, day, key=_day)

    def on(self, day: date) -> slice:
        """Where the sets of ``day`` are in ``sets``."""
        return slice(self.first_from(day), bisect_right(self.sets, day, key=_day))

    def days(self) -> list[date]:
        """Days with at least one working set, in order."""
        return sorted({s.day for s in self.sets if not s.warmup})


def sets_above(sets: Sequence[SetEntry], ids: Sequence[int], top: int) -> tuple[SetEntry, ...]:
    """The sets whose ids (``ids``, in the same order) are above ``top``: those stored after
    an answer derived from the sets up to id ``top`` was kept."""
    return tuple(entry for entry, i in zip(sets, ids, strict=True) if i > top)


def _day(entry: SetEntry) -> date:
    return entry.day
