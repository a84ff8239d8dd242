"""Self-test readings against the norm tables of evidence §8 and §9, boundaries included."""

import math
from datetime import date, timedelta

import pytest

from hamstrong.core.assessments import (
    BELOW_AVERAGE,
    FALLS_ADVICE,
    read_test,
    read_tests,
    self_test_problems,
)
from hamstrong.core.training_log import SelfTest
from hamstrong.core.training_log import TestKind as Kind  # "Test*" names confuse pytest
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput

AKE, SIT, CHAIR = Kind.AKE, Kind.SIT_REACH, Kind.CHAIR_STAND


@pytest.mark.parametrize(
    ("value", "sex", "category"),
    [
        (33.0, "male", "normal"),
        (33.1, "male", "shortness (tight)"),
        (23.4, "female", "normal"),
        (23.5, "female", "shortness (tight)"),
        (0, "female", "normal"),
        (90, "male", "shortness (tight)"),
        (10, None, "normal"),
        (30, None, "men: normal; women: shortness (tight)"),
        (40, None, "shortness (tight)"),
    ],
)
def test_ake_cut_offs(value, sex, category):
    reading = read_test(AKE, value, sex=sex)
    assert reading.category == category
    assert reading.falls_advice is None


def test_ake_message_names_the_leg_and_both_norms_when_sex_is_unknown():
    reading = read_test(AKE, 30, side=Side.LEFT)
    assert reading.message.startswith("Your left knee stayed 30° short of straight")
    assert "a normal range for men and tight hamstrings for women" in reading.message
    assert "reads against both men's and women's norms" in reading.message


@pytest.mark.parametrize(
    ("value", "age", "sex", "category"),
    [
        (22, 20, "male", "excellent"),
        (21.5, 20, "male", "average"),
        (16, 25, "male", "average"),
        (13.5, 25, "male", "average"),
        (13, 18, "male", "poor"),
        (24, 20, "female", "excellent"),
        (16.5, 20, "female", "average"),
        (16, 20, "female", "poor"),
        (21, 26, "male", "excellent"),
        (12, 35, "male", "poor"),
        (23, 30, "female", "excellent"),
        (14, 30, "female", "poor"),
        (21, 36, "male", "excellent"),
        (11, 45, "male", "poor"),
        (22, 40, "female", "excellent"),
        (13, 40, "female", "poor"),
        (8.5, 46, "male", "poor"),
        (9, 50, "male", "below average"),
        (12, 55, "male", "average"),
        (13, 55, "male", "average"),
        (13.5, 55, "male", "above average"),
        (12.5, 50, "female", "poor"),
        (15, 50, "female", "average"),
        (7.5, 60, "male", "poor"),
        (10, 60, "male", "average"),
        (15, 65, "female", "average"),
        (11.5, 65, "female", "poor"),
        (14.5, 65, "female", "below average"),
        (15.5, 65, "female", "above average"),
        (11, 66, "female", "below average"),
        (10.5, 80, "female", "poor"),
        (6.5, 70, "male", "poor"),
        (9, 70, "male", "average"),
        (12, 100, "male", "above average"),
    ],
)
def test_ymca_sit_and_reach(value, age, sex, category):
    assert read_test(SIT, value, age=age, sex=sex).category == category


@pytest.mark.parametrize(
    ("age", "text"),
    [(None, "Add your age"), (17, "The YMCA norms start at age 18.")],
)
def test_sit_and_reach_without_a_usable_age_is_not_rated(age, text):
    reading = read_test(SIT, 15, age=age, sex="female")
    assert reading.category == "not rated"
    assert text in reading.message


def test_sit_and_reach_reads_both_sexes_when_sex_is_unknown():
    reading = read_test(SIT, 14, age=30)
    assert reading.category == "men: average; women: poor"
    assert "average for men and poor for women" in reading.message
    assert "men 26-35" in reading.message and "women 26-35" in reading.message


@pytest.mark.parametrize(
    ("value", "age", "sex", "category"),
    [
        (11, 60, "female", BELOW_AVERAGE),
        (12, 60, "female", "normal range"),
        (17, 64, "female", "normal range"),
        (18, 64, "female", "above the normal range"),
        (13, 64, "male", BELOW_AVERAGE),
        (14, 60, "male", "normal range"),
        (19, 62, "male", "normal range"),
        (20, 62, "male", "above the normal range"),
        (10, 65, "female", BELOW_AVERAGE),
        (11, 69, "male", BELOW_AVERAGE),
        (12, 69, "male", "normal range"),
        (9, 70, "female", BELOW_AVERAGE),
        (12, 74, "male", "normal range"),
        (10, 75, "female", "normal range"),
        (10, 79, "male", BELOW_AVERAGE),
        (9, 80, "female", "normal range"),
        (9, 84, "male", BELOW_AVERAGE),
        (7, 85, "female", BELOW_AVERAGE),
        (8, 89, "male", "normal range"),
        (14, 89, "male", "normal range"),
        (15, 89, "male", "above the normal range"),
        (3, 90, "female", BELOW_AVERAGE),
        (4, 94, "female", "normal range"),
        (6, 94, "male", BELOW_AVERAGE),
        (12, 94, "male", "normal range"),
        (0, 70, "female", BELOW_AVERAGE),  # using the arms scores 0
    ],
)
def test_chair_stand_norms(value, age, sex, category):
    reading = read_test(CHAIR, value, age=age, sex=sex)
    assert reading.category == category
    assert (reading.falls_advice == FALLS_ADVICE) == (category == BELOW_AVERAGE)


def test_falls_advice_is_modest_and_names_steadi_and_the_gp():
    advice = read_test(CHAIR, 8, age=70, sex="female").falls_advice
    assert "CDC STEADI" in advice and "GP" in advice and "may be worth" in advice


@pytest.mark.parametrize(
    ("age", "text"),
    [(59, "The chair-stand norms start at age 60."), (None, "Add your age")],
)
def test_chair_stand_under_60_is_not_rated(age, text):
    reading = read_test(CHAIR, 5, age=age, sex="male")
    assert reading.category == "not rated"
    assert text in reading.message
    assert reading.falls_advice is None


def test_chair_stand_past_94_reads_against_the_oldest_band_and_says_so():
    reading = read_test(CHAIR, 5, age=97, sex="male")
    assert reading.category == BELOW_AVERAGE
    assert "ages 90-94" in reading.message and "the norms stop at 94" in reading.message


def test_chair_stand_reads_both_sexes_when_sex_is_unknown():
    reading = read_test(CHAIR, 10, age=72)
    assert reading.category == f"men: {BELOW_AVERAGE}; women: normal range"
    assert reading.falls_advice == FALLS_ADVICE
    assert "reads against both" in reading.message


@pytest.mark.parametrize(
    ("kind", "previous", "value", "within", "text"),
    [
        (AKE, 40, 26, True, "14° better than last time (40°), but a change under 15°"),
        (AKE, 40, 25, False, "15° better than last time (40°): more than the measurement error"),
        (AKE, 20, 35, False, "15° worse"),
        (AKE, 20, 30, True, "10° worse"),
        (AKE, 20, 20, True, "Same as last time (20°)."),
        (SIT, 12, 13, True, "1 in better than last time (12 in), but changes of up to ±1 in"),
        (SIT, 12, 13.5, False, "1.5 in better"),
        (SIT, 12, 11, True, "1 in worse"),
        (CHAIR, 12, 14, True, "2 stands better than last time (12 stands), but changes of up"),
        (CHAIR, 12, 15, False, "3 stands better"),
        (CHAIR, 12, 9, False, "3 stands worse"),
    ],
)
def test_change_within_measurement_error(kind, previous, value, within, text):
    reading = read_test(kind, value, age=70, sex="female", previous=previous)
    assert reading.within_error is within
    assert text in reading.change
    assert ("within measurement error" in reading.change) == (within and value != previous)


def test_no_previous_means_no_change():
    reading = read_test(AKE, 20, sex="male")
    assert (reading.change, reading.within_error) == (None, None)


@pytest.mark.parametrize(
    ("kind", "kwargs", "field", "text"),
    [
        (AKE, {"value": -1}, "value", "active knee extension must be 0-90 degrees, not -1"),
        (AKE, {"value": 90.5}, "value", "0-90 degrees"),
        (AKE, {"value": math.nan}, "value", "0-90 degrees"),
        (SIT, {"value": 41}, "value", "sit-and-reach must be 0-40 inches, not 41"),
        (CHAIR, {"value": 61}, "value", "30-second chair stand must be 0-60 stands"),
        (CHAIR, {"value": 10, "previous": -2}, "previous", "0-60 stands, not -2"),
        (AKE, {"value": 10, "sex": "other"}, "sex", "must be female or male, or left out"),
        (CHAIR, {"value": 10, "age": 6}, "age", "must be 7-100 years, not 6"),
    ],
)
def test_invalid_input_names_the_field_and_the_range(kind, kwargs, field, text):
    value = kwargs.pop("value")
    with pytest.raises(InvalidInput) as caught:
        read_test(kind, value, **kwargs)
    assert list(caught.value.problems) == [field]
    assert text in caught.value.problems[field]


@pytest.mark.parametrize("sex", ["F", "female", " Woman ", "m", "Male", "man"])
def test_sex_aliases(sex):
    assert read_test(AKE, 30, sex=sex).category in ("normal", "shortness (tight)")


@pytest.mark.parametrize("boundary", [0, 90])
def test_range_ends_are_allowed(boundary):
    assert read_test(AKE, boundary, sex="male").value == boundary


def test_read_tests_compares_each_test_with_the_last_of_its_kind_and_side():
    tests = [
        SelfTest(date(2026, 3, 1), AKE, 40, Side.LEFT),
        SelfTest(date(2026, 3, 1), AKE, 30, Side.RIGHT),
        SelfTest(date(2026, 3, 22), AKE, 22, Side.LEFT),
        SelfTest(date(2026, 3, 22), AKE, 28, Side.RIGHT),
        SelfTest(date(2026, 3, 22), CHAIR, 12),
    ]
    readings = read_tests(tests, age=70, sex="female")
    assert [(r.side, r.within_error) for r in readings] == [
        (Side.LEFT, None),
        (Side.RIGHT, None),
        (Side.LEFT, False),
        (Side.RIGHT, True),
        (Side.BOTH, None),
    ]
    assert readings[2].to_dict()["change"].startswith("18° better")


@pytest.mark.parametrize(
    ("test", "problems"),
    [
        (SelfTest(date(2026, 12, 7), AKE, 20, Side.LEFT), {}),
        (
            SelfTest(date(2026, 12, 7), AKE, 1e308, Side.LEFT),
            {"value": "active knee extension must be 0-90 degrees, not 1e+308"},
        ),
        (
            SelfTest(date(2026, 12, 7), CHAIR, 11.5),
            {"value": "30-second chair stand must be a whole number of stands, not 11.5"},
        ),
        (
            SelfTest(date(2026, 12, 7), CHAIR, 11, Side.LEFT),
            {"side": "only the knee extension is tested per leg: pick both"},
        ),
        (SelfTest(date(2026, 12, 8), SIT, 10), {"date": "Tue 8 Dec 2026 is in the future"}),
        (SelfTest(date(1969, 12, 31), SIT, 10), {"date": "must be Thu 1 Jan 1970 or later"}),
    ],
    ids=["fine", "huge", "half-a-stand", "chair-stand-per-leg", "future", "before-1970"],
)
def test_one_check_for_every_self_test(test, problems):
    assert self_test_problems(test, today=date(2026, 12, 7)) == problems


# --- step-by-step instructions, the left/right AKE gap and the 4-weekly retest -------------------


def test_every_test_has_steps_what_it_needs_what_scores_0_and_a_safety_note():
    from hamstrong.core.assessments import GUIDES

    assert set(GUIDES) == set(Kind)
    for guide in GUIDES.values():
        assert len(guide.steps) >= 5 and guide.need and guide.zero and guide.safety
    chair = GUIDES[Kind.CHAIR_STAND]
    assert any("43 cm" in n for n in chair.need)
    assert any("Cross your arms" in s for s in chair.steps)
    assert "arms" in chair.zero and "0" in chair.zero


@pytest.mark.parametrize(
    ("left", "right", "flag", "clinician", "within", "tighter"),
    [
        (20, 20, False, False, True, None),
        (20, 25, False, False, True, Side.RIGHT),  # 5 of 70 degrees: 7%
        (20, 28, True, False, True, Side.RIGHT),  # 8 of 70: 11%, but under the 15° error
        (34, 20, True, True, True, Side.LEFT),  # 14 of 70: 20%
        (20, 40, True, True, False, Side.RIGHT),  # 20 of 70: 29%
    ],
)
def test_ake_gap_is_read_on_the_range_each_knee_reaches(
    left, right, flag, clinician, within, tighter
):
    from hamstrong.core.assessments import ake_gap

    day = date(2026, 3, 2)
    gap = ake_gap(
        [SelfTest(day, Kind.AKE, left, Side.LEFT), SelfTest(day, Kind.AKE, right, Side.RIGHT)]
    )
    assert gap is not None
    assert (gap.flag, gap.clinician, gap.within_error, gap.tighter) == (
        flag,
        clinician,
        within,
        tighter,
    )
    if tighter is not None:
        assert f"your {tighter.value} knee stayed {max(left, right)}°" in gap.message
    if within and flag:
        assert "measurement error" in gap.message


def test_ake_gap_compares_only_the_two_knees_of_one_day():
    from hamstrong.core.assessments import ake_gap

    tests = [
        SelfTest(date(2026, 3, 2), Kind.AKE, 20, Side.LEFT),
        SelfTest(date(2026, 3, 5), Kind.AKE, 40, Side.RIGHT),
    ]
    assert ake_gap(tests) is None


def test_retests_fall_due_every_4_weeks_and_at_the_start_when_never_done():
    from hamstrong.core.assessments import repeated_tests, retests

    start = date(2026, 3, 2)
    kinds = repeated_tests(older=True)
    assert kinds == (Kind.AKE, Kind.CHAIR_STAND)
    assert repeated_tests(older=False) == (Kind.AKE,)
    never = retests([], kinds, start=start)
    assert [(r.kind, r.due, r.last) for r in never] == [
        (Kind.AKE, start, None),
        (Kind.CHAIR_STAND, start, None),
    ]
    done = retests([SelfTest(start, Kind.CHAIR_STAND, 12)], kinds, start=start)
    assert done[1].due == start + timedelta(days=28) and not done[1].due_by(start + timedelta(27))


def _trained(*days: date, warmup_only: tuple[date, ...] = ()):
    from hamstrong.core.training_log import SetEntry, TrainingLog

    sets = [SetEntry(d, "glute-bridge", 10) for d in days]
    sets += [SetEntry(d, "glute-bridge", 10, warmup=True) for d in warmup_only]
    return TrainingLog(sets=tuple(sorted(sets, key=lambda s: s.day)))


START = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("today", "log", "reminds"),
    [
        (START - timedelta(days=1), _trained(), False),  # not due yet
        (START, _trained(), True),  # the first day it is due
        (START, _trained(START), True),  # all of that day, sets logged or not
        (START + timedelta(days=3), _trained(START), False),  # trained once since: no nag
        (START + timedelta(days=3), _trained(warmup_only=(START,)), True),  # a warm-up is not
        (START + timedelta(days=5), _trained(), True),  # first day back, nothing trained yet
        (START + timedelta(days=27), _trained(START), False),  # still the first period
        (START + timedelta(days=28), _trained(START), True),  # 4 weeks on, still not done
        (START + timedelta(days=31), _trained(START, START + timedelta(days=28)), False),
        (START + timedelta(days=31), _trained(START, START + timedelta(days=20)), True),
    ],
    ids=[
        "before-due",
        "due-day",
        "due-day-after-training",
        "next-session",
        "warm-up-only-before",
        "first-session-after-a-break",
        "end-of-period",
        "next-period",
        "next-period-second-session",
        "next-period-first-session",
    ],
)
def test_a_self_test_left_undone_is_asked_for_once_per_4_week_period(today, log, reminds):
    from hamstrong.core.assessments import retests

    never = retests([], (Kind.AKE,), start=START)[0]
    assert never.reminds(today, log) is reminds
