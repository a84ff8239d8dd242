"""Form checks over the weeks: points read from stored results, grouped, and read in words."""

import math
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.formhistory import FormPoint, point_of, trends
from tests.strategies import examples

MONDAY = date(2026, 12, 7)


def nordic(check_id: int, weeks: int, lowering: float, break_deg: float) -> FormPoint:
    return point_of(
        check_id,
        MONDAY + timedelta(weeks=weeks),
        "nordic-hamstring-curl",
        {
            "name": "Nordic hamstring curl",
            "side": None,
            "tempo_lowering_s": 4,
            "summary": [
                {"key": "lowering_s", "value": lowering},
                {"key": "break_deg", "value": break_deg},
            ],
        },
    )


def test_a_stored_result_becomes_a_point_and_odd_values_are_not_measured():
    point = point_of(
        7,
        MONDAY,
        "single-leg-rdl",
        {
            "name": "Single-leg RDL",
            "side": "left",
            "summary": [
                {"key": "lowering_s", "value": math.nan},
                {"key": "break_deg", "value": True},
                "not a measure",
            ],
        },
    )
    assert point == FormPoint(
        7, MONDAY, "single-leg-rdl", "Single-leg RDL", "left", None, None, None
    )
    assert point_of(8, MONDAY, "glute-bridge", {}).name == "glute-bridge"


def test_the_break_angle_and_lowering_over_weeks_read_in_one_sentence():
    (trend,) = trends([nordic(3, 3, 3.2, 52.0), nordic(1, 0, 1.8, 35.0), nordic(2, 1, 2.5, 41.0)])
    assert [p.check_id for p in trend.points] == [1, 2, 3]  # oldest first
    assert trend.reading == (
        "Lowering 1.8 s then 3.2 s, against the 4 s the tempo asks. "
        "Break angle 35° then 52°: the fall is controlled further forward (3 checks over 3 weeks)."
    )
    assert trend.to_dict()["checks"][0] == {
        "check": 1,
        "date": "2026-12-07",
        "exercise": "nordic-hamstring-curl",
        "side": None,
        "lowering_s": 1.8,
        "tempo_s": 4.0,
        "break_deg": 35.0,
    }


def test_a_rushed_lowering_and_an_earlier_break_are_said():
    (trend,) = trends([nordic(1, 0, 2.0, 50.0), nordic(2, 2, 2.0, 40.0)])
    assert trend.reading == (
        "Lowering 2.0 s, faster than the 4 s the tempo asks. "
        "Break angle 50° then 40°: control is lost earlier than before (2 checks over 2 weeks)."
    )
    (one,) = trends([nordic(1, 0, 3.0, 44.0)])
    assert one.reading == (
        "Lowering 3.0 s, against the 4 s the tempo asks. Break angle 44° (1 check so far)."
    )


def test_each_side_of_a_one_leg_exercise_is_its_own_trend_latest_first():
    def rdl(check_id: int, day: date, side: str) -> FormPoint:
        result = {"name": "Single-leg RDL", "side": side, "summary": []}
        return point_of(check_id, day, "single-leg-rdl", result)

    found = trends([rdl(1, MONDAY, "left"), rdl(2, MONDAY + timedelta(days=2), "right")])
    assert [t.title for t in found] == ["Single-leg RDL (right)", "Single-leg RDL (left)"]
    assert found[0].reading == "No lowering was timed in these checks."


@settings(max_examples=examples(100), deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60),
            st.sampled_from(["nordic-hamstring-curl", "glute-bridge"]),
            st.sampled_from([None, "left", "right"]),
            st.one_of(st.none(), st.floats(0.1, 10)),
        ),
        max_size=20,
    )
)
def test_every_check_is_in_exactly_one_trend_in_date_order(rows):
    points = [
        point_of(
            i,
            MONDAY + timedelta(days=days),
            exercise,
            {"side": side, "summary": [{"key": "lowering_s", "value": lowering}]},
        )
        for i, (days, exercise, side, lowering) in enumerate(rows)
    ]
    found = trends(points)
    assert sorted(p.check_id for t in found for p in t.points) == list(range(len(rows)))
    for trend in found:
        assert all(p.exercise == trend.exercise and p.side == trend.side for p in trend.points)
        assert [p.day for p in trend.points] == sorted(p.day for p in trend.points)
        assert trend.reading.endswith(".")
