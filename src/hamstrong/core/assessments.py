"""Self-test readings against published norms, with honest words about measurement error."""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hamstrong.core.dates import short_day
from hamstrong.core.profile import MAX_AGE, MIN_AGE
from hamstrong.core.training_log import EARLIEST_DAY, SelfTest, TestKind, TrainingLog
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput, shown

FEMALE, MALE = "female", "male"
_SEXES = {"female": FEMALE, "f": FEMALE, "woman": FEMALE, "male": MALE, "m": MALE, "man": MALE}
_NOUN = {FEMALE: "women", MALE: "men"}
AGE_RANGE = (MIN_AGE, MAX_AGE)  # the profile's age range

# Allowed values per test: (low, high, unit as the user reads it).
RANGES: dict[TestKind, tuple[float, float, str]] = {
    TestKind.AKE: (0, 90, "degrees"),
    TestKind.SIT_REACH: (0, 40, "inches"),
    TestKind.CHAIR_STAND: (0, 60, "stands"),
}
TEST_NAMES = {
    TestKind.AKE: "active knee extension",
    TestKind.SIT_REACH: "sit-and-reach",
    TestKind.CHAIR_STAND: "30-second chair stand",
}
_SHORT_UNIT = {TestKind.AKE: "°", TestKind.SIT_REACH: " in", TestKind.CHAIR_STAND: " stands"}

# AKE "shortness" cut-offs, degrees short of straight; healthy 18-24 y (evidence §8, Yıldırım).
AKE_TIGHT = {MALE: 33.0, FEMALE: 23.4}
# Minimal detectable difference of the AKE: 15° (Reurink 2013, evidence §8); a change below it is
# within measurement error.
AKE_MDD = 15.0
# [H] evidence §8/§9 give no error for these two; design heuristics: a change of at most ±1 inch
# or ±2 stands is read as within measurement error.
SIT_REACH_ERROR = 1.0
CHAIR_STAND_ERROR = 2.0


@dataclass(frozen=True, slots=True)
class Band:
    """One category of a norm table: values from ``low`` (inclusive) up to the next band."""

    low: float
    category: str


# YMCA sit-and-reach, inches with the 15-in mark at the heels (evidence §8). Ages 18-45 give
# excellent (≥) / average / poor (≤); the older ages give an average range and a poor cut-off (<).
# Values come in half inches at best, so "≤ 13" is "below 13.5" here.
_YMCA_YOUNG = {
    # age band: {sex: (excellent at least, average, poor at most)}
    (18, 25): {MALE: (22, 16, 13), FEMALE: (24, 19, 16)},
    (26, 35): {MALE: (21, 15, 12), FEMALE: (23, 18, 14)},
    (36, 45): {MALE: (21, 15, 11), FEMALE: (22, 17, 13)},
}
_YMCA_OLDER = {
    # age band: {sex: (average low, average high, poor below)}; 65 sits in 56-65, 66+ in "65+"
    (46, 55): {MALE: (12, 13, 9), FEMALE: (15, 16, 13)},
    (56, 65): {MALE: (10, 12, 8), FEMALE: (15, 15, 12)},
    (66, 200): {MALE: (9, 11, 7), FEMALE: (14, 15, 11)},
}

# 30-second chair stand, Rikli & Jones 1999 (evidence §9): {age band: {sex: (normal low, high)}}.
# Below the normal range is the CDC STEADI "below average = higher fall risk" cut-off; the two
# coincide in every row of the evidence table.
CHAIR_STAND_NORMS = {
    (60, 64): {FEMALE: (12, 17), MALE: (14, 19)},
    (65, 69): {FEMALE: (11, 16), MALE: (12, 18)},
    (70, 74): {FEMALE: (10, 15), MALE: (12, 17)},
    (75, 79): {FEMALE: (10, 15), MALE: (11, 17)},
    (80, 84): {FEMALE: (9, 14), MALE: (10, 15)},
    (85, 89): {FEMALE: (8, 13), MALE: (8, 14)},
    (90, 94): {FEMALE: (4, 11), MALE: (7, 12)},
}
BELOW_AVERAGE = "below average — higher fall risk"
FALLS_ADVICE = (
    "A score below average for your age is linked to a higher risk of falling. It may be worth "
    "asking your GP or a physiotherapist for a falls assessment (for example the CDC STEADI "
    "check); meanwhile keep up the balance and sit-to-stand work."
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What one self-test result means: a category, a plain message and the change since last."""

    kind: TestKind
    value: float
    side: Side
    category: str
    message: str
    change: str | None = None
    within_error: bool | None = None  # None when there is no previous value
    falls_advice: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "value": self.value,
            "side": self.side.value,
            "category": self.category,
            "message": self.message,
            "change": self.change,
            "within_error": self.within_error,
            "falls_advice": self.falls_advice,
        }


def read_test(
    kind: TestKind,
    value: float,
    *,
    age: int | None = None,
    sex: str | None = None,
    previous: float | None = None,
    side: Side = Side.BOTH,
) -> Reading:
    """Read a self-test against its norms; raise InvalidInput naming the field and its range."""
    kind = TestKind(kind)
    _check_value("value", kind, value)
    if previous is not None:
        _check_value("previous", kind, previous)
    if age is not None and not AGE_RANGE[0] <= age <= AGE_RANGE[1]:
        raise InvalidInput({"age": f"must be {AGE_RANGE[0]}-{AGE_RANGE[1]} years, not {age}"})
    sexes = _sexes(sex)
    if kind is TestKind.AKE:
        category, message, below = _read_ake(value, sexes, side)
    elif kind is TestKind.SIT_REACH:
        category, message, below = _read_sit_reach(value, age, sexes)
    else:
        category, message, below = _read_chair_stand(value, age, sexes)
    if sex is None and category != "not rated":
        message += " Your sex was not given, so this reads against both men's and women's norms."
    change, within = _change(kind, value, previous)
    return Reading(
        kind=kind,
        value=value,
        side=Side(side),
        category=category,
        message=message,
        change=change,
        within_error=within,
        falls_advice=FALLS_ADVICE if below else None,
    )


def read_tests(
    tests: Sequence[SelfTest], *, age: int | None = None, sex: str | None = None
) -> list[Reading]:
    """Read logged tests in date order, each against the previous one of its kind and side."""
    last: dict[tuple[TestKind, Side], float] = {}
    readings = []
    for test in sorted(tests, key=lambda t: t.day):
        key = (test.kind, test.side)
        readings.append(
            read_test(
                test.kind, test.value, age=age, sex=sex, previous=last.get(key), side=test.side
            )
        )
        last[key] = test.value
    return readings


def self_test_problems(test: SelfTest, *, today: date | None) -> dict[str, str]:
    """What keeps a self-test out of the log, by field (empty when it may be stored): the one
    check behind the command line, the web form and imports (``today`` None: no future check)."""
    problems: dict[str, str] = {}
    wrong = _value_problem(test.kind, test.value)
    if wrong is not None:
        problems["value"] = wrong
    if test.kind is not TestKind.AKE and test.side is not Side.BOTH:
        problems["side"] = "only the knee extension is tested per leg: pick both"
    if today is not None and test.day > today:
        problems["date"] = f"{short_day(test.day)} is in the future"
    elif test.day < EARLIEST_DAY:
        problems["date"] = f"must be {short_day(EARLIEST_DAY)} or later"
    return problems


def _value_problem(kind: TestKind, value: float) -> str | None:
    """Out of the test's range (or not a number): a typo, and a chart could not draw it."""
    low, high, unit = RANGES[kind]
    if not isinstance(value, int | float) or isinstance(value, bool):
        return f"{TEST_NAMES[kind]} must be a number of {unit}, not {shown(value)}"
    if math.isnan(value) or not low <= value <= high:
        return f"{TEST_NAMES[kind]} must be {low:g}-{high:g} {unit}, not {value:g}"
    if kind is TestKind.CHAIR_STAND and not float(value).is_integer():
        return f"{TEST_NAMES[kind]} must be a whole number of stands, not {value:g}"
    return None


def _check_value(field: str, kind: TestKind, value: float) -> None:
    wrong = _value_problem(kind, value)
    if wrong is not None:
        raise InvalidInput({field: wrong})


def _sexes(sex: str | None) -> tuple[str, ...]:
    if sex is None:
        return (MALE, FEMALE)
    key = sex.strip().lower()
    if key not in _SEXES:
        raise InvalidInput({"sex": f"must be female or male, or left out, not {shown(sex)}"})
    return (_SEXES[key],)


def _num(value: float) -> str:
    return f"{value:g}"


def _joined(categories: dict[str, str]) -> str:
    """One category when the norms agree, else each sex's reading."""
    if len(set(categories.values())) == 1:
        return next(iter(categories.values()))
    return "; ".join(f"{_NOUN[sex]}: {category}" for sex, category in categories.items())


def _spoken(categories: dict[str, str], words: dict[str, str] | None = None) -> str:
    """The reading as a phrase: "normal", or "normal for men and tight for women"."""
    words = words or {}
    if len(set(categories.values())) == 1:
        category = next(iter(categories.values()))
        return words.get(category, category)
    return " and ".join(f"{words.get(c, c)} for {_NOUN[s]}" for s, c in categories.items())


def _read_ake(value: float, sexes: tuple[str, ...], side: Side) -> tuple[str, str, bool]:
    categories = {s: "shortness (tight)" if value > AKE_TIGHT[s] else "normal" for s in sexes}
    leg = f"Your {side.value} knee" if side is not Side.BOTH else "Your knee"
    cutoffs = " and ".join(f"{_num(AKE_TIGHT[s])}° for {_NOUN[s]}" for s in sexes)
    words = {"normal": "a normal range", "shortness (tight)": "tight hamstrings"}
    message = (
        f"{leg} stayed {_num(value)}° short of straight: {_spoken(categories, words)} "
        f"(tight means more than {cutoffs}, from healthy 18-24 year olds)."
    )
    return _joined(categories), message, False


def _band(age: int, table: dict[tuple[int, int], Any]) -> tuple[int, int] | None:
    return next((band for band in table if band[0] <= age <= band[1]), None)


def _ymca(value: float, age: int, sex: str) -> tuple[str, str]:
    """The YMCA category and the norm it was read against, as text."""
    young = _band(age, _YMCA_YOUNG)
    if young is not None:
        excellent, average, poor = _YMCA_YOUNG[young][sex]
        if value >= excellent:
            category = "excellent"
        elif value < poor + 0.5:
            category = "poor"
        else:
            category = "average"
        norm = f"excellent {excellent}+, average {average}, poor {poor} or less"
        return category, f"{_NOUN[sex]} {young[0]}-{young[1]}: {norm}"
    older = _band(age, _YMCA_OLDER)
    assert older is not None  # ages 46+ all fall in a band; under 18 is handled by the caller
    low, high, poor_below = _YMCA_OLDER[older][sex]
    if value < poor_below:
        category = "poor"
    elif value < low:
        category = "below average"
    elif value <= high:
        category = "average"
    else:
        category = "above average"
    label = f"{older[0]}+" if older[1] > 100 else f"{older[0]}-{older[1]}"
    typical = _num(low) if low == high else f"{_num(low)}-{_num(high)}"
    return category, f"{_NOUN[sex]} {label}: average {typical}, poor below {_num(poor_below)}"


def _read_sit_reach(value: float, age: int | None, sexes: tuple[str, ...]) -> tuple[str, str, bool]:
    reach = f"You reached {_num(value)} in on the YMCA box"
    if age is None:
        return "not rated", f"{reach}. Add your age to compare it with the YMCA norms.", False
    if age < 18:
        return "not rated", f"{reach}. The YMCA norms start at age 18.", False
    readings = {s: _ymca(value, age, s) for s in sexes}
    categories = {s: r[0] for s, r in readings.items()}
    norms = "; ".join(r[1] for r in readings.values())
    # Sit-and-reach mixes lower-back and hamstring flexibility (evidence §8, Hansberger 2019).
    message = f"{reach}: {_spoken(categories)} for your age ({norms} in)."
    return _joined(categories), message, False


def _read_chair_stand(
    value: float, age: int | None, sexes: tuple[str, ...]
) -> tuple[str, str, bool]:
    stands = f"{_num(value)} stands in 30 seconds"
    if age is None:
        return "not rated", f"{stands}. Add your age to compare it with the norms.", False
    if age < 60:
        return "not rated", f"{stands}. The chair-stand norms start at age 60.", False
    band = _band(age, CHAIR_STAND_NORMS) or (90, 94)
    categories = {}
    for sex in sexes:
        low, high = CHAIR_STAND_NORMS[band][sex]
        if value < low:
            categories[sex] = BELOW_AVERAGE
        elif value <= high:
            categories[sex] = "normal range"
        else:
            categories[sex] = "above the normal range"
    norms = "; ".join(
        f"{_NOUN[s]} {CHAIR_STAND_NORMS[band][s][0]}-{CHAIR_STAND_NORMS[band][s][1]}" for s in sexes
    )
    beyond = "; the norms stop at 94" if age > band[1] else ""
    message = (
        f"{stands}: {_spoken(categories)} for ages {band[0]}-{band[1]} "
        f"(normal range {norms}{beyond})."
    )
    return _joined(categories), message, BELOW_AVERAGE in categories.values()


def _change(kind: TestKind, value: float, previous: float | None) -> tuple[str | None, bool | None]:
    """The change since last time, and whether it is within measurement error."""
    if previous is None:
        return None, None
    diff = value - previous
    unit = _SHORT_UNIT[kind]
    size = f"{_num(abs(diff))}{unit}"
    better = diff < 0 if kind is TestKind.AKE else diff > 0
    if kind is TestKind.AKE:
        within = abs(diff) < AKE_MDD
        error = f"a change under {_num(AKE_MDD)}° is within measurement error (Reurink 2013)"
    elif kind is TestKind.SIT_REACH:
        within = abs(diff) <= SIT_REACH_ERROR
        error = f"changes of up to ±{_num(SIT_REACH_ERROR)} in are within measurement error"
    else:
        within = abs(diff) <= CHAIR_STAND_ERROR
        error = f"changes of up to ±{_num(CHAIR_STAND_ERROR)} stands are within measurement error"
    if diff == 0:
        return f"Same as last time ({_num(previous)}{unit}).", True
    direction = "better" if better else "worse"
    if within:
        return (
            f"{size} {direction} than last time ({_num(previous)}{unit}), but {error}, so treat it "
            "as no real change yet.",
            True,
        )
    return (
        f"{size} {direction} than last time ({_num(previous)}{unit}): more than the measurement "
        "error, so a real change.",
        False,
    )


# ---- step-by-step instructions -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SelfTestGuide:
    """How to do one self-test the same way every time, so that results can be compared."""

    kind: TestKind
    name: str
    need: tuple[str, ...]
    steps: tuple[str, ...]
    score: str  # what the number is
    zero: str  # what scores 0
    safety: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "name": self.name,
            "need": list(self.need),
            "steps": list(self.steps),
            "score": self.score,
            "zero": self.zero,
            "safety": self.safety,
            "retest_days": RETEST_DAYS,
        }


GUIDES: Mapping[TestKind, SelfTestGuide] = {
    TestKind.AKE: SelfTestGuide(
        TestKind.AKE,
        "Active knee extension",
        (
            "a firm surface to lie on (the floor on a mat, or a firm bed)",
            "someone to take a photo from the side, or a phone angle app laid along the shin",
        ),
        (
            "Warm up for a few minutes (an easy walk), the same way every time.",
            "Lie on your back with both legs straight.",
            "Bend one hip until the thigh points straight up (90°) and hold the back of that "
            "thigh with both hands clasped; keep the other leg flat on the floor.",
            "Let the knee hang bent at 90°, shin level with the floor and foot relaxed.",
            "Slowly straighten the knee as far as it will go, keeping the thigh upright; stop "
            "at a strong stretch, never at pain.",
            "Hold there while the photo is taken from the side, then read how many degrees the "
            "shin stays short of straight (in line with the thigh).",
            "Do one practice and two measured tries per leg, then the other leg; record the "
            "better try of each leg, on the same day.",
        ),
        "degrees the knee stays short of straight: lower is better",
        "0° means the knee straightens fully with the thigh upright",
        "Stop at a strong stretch: the test is never done into pain. After a recent hamstring "
        "strain, work only in the pain-free range.",
    ),
    TestKind.SIT_REACH: SelfTestGuide(
        TestKind.SIT_REACH,
        "Sit-and-reach",
        ("a yardstick or tape measure on the floor, with tape across it at the 15-inch mark",),
        (
            "Warm up for a few minutes (an easy walk), the same way every time.",
            "Sit on the floor with the yardstick between your legs, its 0 end towards you, "
            "heels at the 15-inch tape and about 10-12 inches (25-30 cm) apart.",
            "Keep your knees straight (a helper can rest a hand lightly on them).",
            "Put one hand on top of the other, fingertips level.",
            "Breathe out and reach slowly forward along the yardstick as far as you can; hold "
            "the furthest point for 2 seconds, without bouncing.",
            "Do three tries and record the best, to the nearest half inch.",
        ),
        "inches reached on the yardstick: higher is better",
        "a try with bent knees or a bounce does not count: do it again",
        "Reach slowly; stop if your back or the back of your thigh hurts.",
    ),
    TestKind.CHAIR_STAND: SelfTestGuide(
        TestKind.CHAIR_STAND,
        "30-second chair stand",
        (
            "a sturdy chair without arms, seat about 43 cm (17 inches) high",
            "a wall to put the chair against, so it cannot slide",
            "a timer, and someone nearby if you are unsteady",
        ),
        (
            "Put the chair with its back against a wall.",
            "Sit in the middle of the seat, back straight, feet flat on the floor about "
            "shoulder-width apart.",
            "Cross your arms over your chest, hands on the opposite shoulders, and keep them "
            "there.",
            "Practise one or two stands first.",
            "On 'go', stand up fully (hips and knees straight), then sit all the way down; "
            "repeat as many times as you can in 30 seconds.",
            "Count the full stands. If you are more than halfway up when the 30 seconds end, "
            "that stand counts.",
        ),
        "full stands in 30 seconds: higher is better",
        "using your arms or hands to push up scores 0",
        "Stop if you feel dizzy, short of breath, pain or unsafe; do the test with someone "
        "nearby if your balance is not steady.",
    ),
}


# ---- a gap between the legs in the knee extension (AKE) -----------------------------------------
# Evidence §2.4: a side-to-side AKE difference under 10% is one of the gates before sprint or
# Nordic loading; the RTP consensus asks for range within 20% of the other limb. The gap is read
# on the range each knee reaches from the 90° start (90° minus the AKE), on one day.
AKE_GAP_FLAG = 10.0
AKE_GAP_CLINICIAN = 20.0
AKE_START = 90.0  # the knee starts bent at 90°; the AKE is what it stays short of straight


@dataclass(frozen=True, slots=True)
class AkeGap:
    """The left and right knee extension of one day, and what the difference means."""

    day: date
    left: float
    right: float
    percent: float  # of the better leg's range
    tighter: Side | None
    flag: bool
    clinician: bool
    within_error: bool  # the difference is under the AKE's 15° detectable difference
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "left": self.left,
            "right": self.right,
            "percent": self.percent,
            "tighter": self.tighter.value if self.tighter else None,
            "flag": self.flag,
            "clinician": self.clinician,
            "within_error": self.within_error,
            "message": self.message,
        }


def ake_gap(tests: Sequence[SelfTest]) -> AkeGap | None:
    """The gap on the latest day both knees were measured (like with like: the same day)."""
    by_day: dict[date, dict[Side, float]] = {}
    for t in tests:
        if t.kind is TestKind.AKE and t.side in (Side.LEFT, Side.RIGHT):
            by_day.setdefault(t.day, {})[t.side] = t.value
    both = sorted(day for day, sides in by_day.items() if len(sides) == 2)
    if not both:
        return None
    day = both[-1]
    left, right = by_day[day][Side.LEFT], by_day[day][Side.RIGHT]
    better = min(left, right)
    reach = AKE_START - better
    percent = round(abs(left - right) / reach * 100, 1) if reach > 0 else 0.0
    tighter = None if left == right else (Side.LEFT if left > right else Side.RIGHT)
    flag = percent >= AKE_GAP_FLAG and tighter is not None
    clinician = percent >= AKE_GAP_CLINICIAN and tighter is not None
    within = abs(left - right) < AKE_MDD
    return AkeGap(
        day, left, right, percent, tighter, flag, clinician, within,
        _ake_gap_text(left, right, percent, tighter, flag, clinician, within),
    )  # fmt: skip


def _ake_gap_text(
    left: float,
    right: float,
    percent: float,
    tighter: Side | None,
    flag: bool,
    clinician: bool,
    within: bool,
) -> str:
    if tighter is None:
        return f"Knee extension: both knees stayed {_num(left)}° short of straight, level."
    other = Side.RIGHT if tighter is Side.LEFT else Side.LEFT
    worse, better = max(left, right), min(left, right)
    text = (
        f"Knee extension: your {tighter.value} knee stayed {_num(worse)}° short of straight and "
        f"your {other.value} knee {_num(better)}°, so the {tighter.value} hamstrings reach "
        f"{_num(percent)}% less range."
    )
    if not flag:
        return f"{text} A gap under {_num(AKE_GAP_FLAG)}% needs no action."
    if within:
        text += (
            f" The difference is under the test's {_num(AKE_MDD)}° measurement error, so retest "
            "both legs on one day, warmed up the same way, before reading much into it."
        )
    if clinician:
        return (
            f"{text} A gap of {_num(AKE_GAP_CLINICIAN)}% or more is worth a physiotherapist's "
            "check, especially after a past hamstring strain."
        )
    return (
        f"{text} Keep stretching both legs daily and retest in {RETEST_WEEKS} weeks; if the gap "
        "stays, a physiotherapist can check it."
    )


# ---- a retest every 4 weeks ---------------------------------------------------------------------
RETEST_WEEKS = 4  # evidence §9: re-test the chair stand every 4 weeks; the AKE on the same rhythm
RETEST_DAYS = 7 * RETEST_WEEKS


@dataclass(frozen=True, slots=True)
class Retest:
    """When a self-test is next due; never done means due at the start of the programme."""

    kind: TestKind
    due: date
    last: date | None

    def due_by(self, today: date) -> bool:
        return self.due <= today

    def reminds(self, today: date, log: TrainingLog) -> bool:
        """Whether today's session asks for this test: once in each 4-week period from the day
        it fell due, on the first day trained in that period (all of that day), so a test left
        undone is asked for again 4 weeks later, not at every session until it is done; the
        progress page lists it as due meanwhile."""
        if not self.due_by(today):
            return False
        periods = (today - self.due).days // RETEST_DAYS
        since = self.due + timedelta(days=periods * RETEST_DAYS)
        before = log.sets[log.first_from(since) : log.first_from(today)]  # bisection: any history
        return all(s.warmup for s in before)

    def text(self) -> str:
        name = GUIDES[self.kind].name.lower()
        legs = " (both legs, on one day)" if self.kind is TestKind.AKE else ""
        if self.last is None:
            return f"Self-test due: the {name}{legs}, to set your starting point."
        return (
            f"Self-test due: the {name}{legs}; last done {short_day(self.last)}, every "
            f"{RETEST_WEEKS} weeks."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "due": self.due.isoformat(),
            "last": self.last.isoformat() if self.last else None,
        }


def repeated_tests(*, older: bool) -> tuple[TestKind, ...]:
    """The self-tests a profile repeats: the knee extension for everyone, and the chair stand
    for older adults (evidence §8, §9)."""
    return (TestKind.AKE, TestKind.CHAIR_STAND) if older else (TestKind.AKE,)


def retests(tests: Sequence[SelfTest], kinds: Sequence[TestKind], *, start: date) -> list[Retest]:
    """When each of ``kinds`` is next due: 4 weeks after it was last done, else at ``start``."""
    out = []
    for kind in kinds:
        days = [t.day for t in tests if t.kind is kind]
        last = max(days) if days else None
        due = last + timedelta(days=RETEST_DAYS) if last else start
        out.append(Retest(kind, due, last))
    return out
