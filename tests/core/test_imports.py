"""Strong, Hevy and Fitbod imports: exact values, every bad row explained, nothing imported twice."""

import re
import subprocess
import sys
import tomllib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hamstrong.core.exercises import Library
from hamstrong.core.import_apps import parse_when
from hamstrong.core.import_names import map_exercise, normalise_name, parse_aliases
from hamstrong.core.imports import ImportResult, Layout, detect_layout, parse_export
from hamstrong.core.training_log import SetEntry
from hamstrong.core.units import Unit, to_kg
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidCatalogue, InvalidInput
from hamstrong.library import DATA

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


def lb(pounds: float) -> float:
    """A load written in pounds, in kg exactly as the same pounds typed on a form."""
    return to_kg(pounds, Unit.LB)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode("utf-8")  # bytes: keep line endings as stored


@pytest.fixture(scope="module")
def ids(library: Library) -> frozenset[str]:
    return frozenset(exercise.id for exercise in library)


@pytest.fixture(scope="module")
def aliases(ids: frozenset[str]) -> dict[str, str]:
    document = tomllib.loads((DATA / "aliases.toml").read_text(encoding="utf-8"))
    return parse_aliases(document, ids)


@pytest.fixture(scope="module")
def parse(aliases: dict[str, str], ids: frozenset[str]) -> Any:
    def run(text: str, **options: Any) -> ImportResult:
        return parse_export(text, aliases=aliases, known_ids=ids, **options)

    return run


def table(result: ImportResult) -> list[tuple[Any, ...]]:
    """The values a user would check, one tuple per set (keys are checked on their own)."""
    return [
        (s.day, s.exercise, s.name, s.reps, s.kg, s.rpe, s.warmup, s.order, s.at)
        for s in result.sets
    ]


# --- one realistic file per variant -----------------------------------------------------------

STRONG_AT = datetime(2024, 3, 5, 18, 1, 12)
RDL_B = "Romanian Deadlift (Barbell)"


def test_strong_current_comma(parse: Any) -> None:
    result = parse(fixture("strong.csv"))
    assert (result.layout, result.source) == ("strong", "strong")
    d = date(2024, 3, 5)
    assert table(result) == [
        (d, "barbell-romanian-deadlift", RDL_B, 8, 40.0, None, True, 1, STRONG_AT),
        (d, "barbell-romanian-deadlift", RDL_B, 8, 80.0, 7.5, False, 1, STRONG_AT),
        (d, "barbell-romanian-deadlift", RDL_B, 8, 80.0, 8.0, False, 2, STRONG_AT),
        # F: a failure set is a working set at RPE 10; it is the 4th set of the exercise
        (d, "barbell-romanian-deadlift", RDL_B, 6, 80.0, 10.0, False, 4, STRONG_AT),
        (
            d,
            "custom:seated-leg-curl-machine",
            "Seated Leg Curl (Machine)",
            12,
            45.5,
            None,
            False,
            1,
            STRONG_AT,
        ),
        (d, "glute-bridge", "Glute Bridge", 15, None, None, False, 1, STRONG_AT),
        (d, "custom:plank", "Plank", 60, None, None, False, 1, STRONG_AT),  # 60 s, no reps
    ]
    assert result.not_sets == 2  # the Rest Timer row and the treadmill run (distance only)
    assert result.problems == ()
    assert result.unmatched == ("Seated Leg Curl (Machine)", "Plank")
    assert all(s.source == "strong" and s.side is Side.BOTH and s.pain is None for s in result.sets)


def test_strong_with_workout_number_and_notes_columns(parse: Any) -> None:
    result = parse(fixture("strong-notes.csv"))
    at = datetime(2025, 11, 3, 7, 1)
    d = at.date()
    assert result.layout == "strong"
    assert table(result) == [
        (d, "nordic-hamstring-curl", "Nordic Hamstring Curl", 3, None, None, True, 1, at),
        (d, "nordic-hamstring-curl", "Nordic Hamstring Curl", 5, None, 8.0, False, 1, at),
        (d, "nordic-hamstring-curl", "Nordic Hamstring Curl", 5, None, 8.5, False, 2, at),
        (d, "custom:good-morning-barbell", "Good Morning (Barbell)", 10, 60.0, None, False, 1, at),
    ]
    assert result.not_sets == 2  # a Note row and a Rest Timer row
    assert result.unmatched == ("Good Morning (Barbell)",)


def test_strong_6_semicolon_kg(parse: Any) -> None:
    result = parse(fixture("strong6-kg.csv"))
    at = datetime(2024, 9, 30, 8, 2, 36)
    d = at.date()
    rdl = "Romanian Deadlift (Dumbbell)"
    assert (result.layout, result.source) == ("strong-6", "strong")
    assert table(result) == [
        (d, "romanian-deadlift", rdl, 10, 10.0, None, True, 1, at),
        (d, "romanian-deadlift", rdl, 10, 22.5, 7.0, False, 1, at),
        (d, "romanian-deadlift", rdl, 9, 22.5, 8.5, False, 2, at),  # RPE "8,5"
        (d, "single-leg-bridge", "Single Leg Glute Bridge", 12, None, None, False, 1, at),
        (d, "custom:cable-pull-through", "Cable Pull Through", 15, 34.019, None, False, 1, at),
        (
            date(2024, 10, 2),
            "wall-sit",
            "Wall Sit",
            45,
            None,
            None,
            False,
            1,
            datetime(2024, 10, 2, 18, 15),
        ),
    ]
    assert result.not_sets == 2  # Rest Timer, Note
    assert result.problems == ()


def test_strong_6_semicolon_lbs_converts_to_kg(parse: Any) -> None:
    result = parse(fixture("strong6-lbs.csv"))
    at = datetime(2025, 1, 14, 6, 45, 10)
    d = at.date()
    thrust = "Hip Thrust (Barbell)"
    assert table(result) == [
        (d, "hip-thrust", thrust, 10, lb(95), None, True, 1, at),
        (d, "hip-thrust", thrust, 8, lb(185), 8.0, False, 1, at),
        (d, "hip-thrust", thrust, 8, lb(185), None, False, 2, at),
        (
            d,
            "custom:lying-leg-curl-machine",
            "Lying Leg Curl (Machine)",
            12,
            lb(70),
            None,
            False,
            1,
            at,
        ),
        (d, "kettlebell-swing", "Kettlebell Swing", 20, lb(53), None, False, 1, at),
    ]
    assert result.not_sets == 1


def test_strong_6_comma_variant() -> None:
    text = (
        "Workout #,Date,Workout Name,Duration (sec),Exercise Name,Set Order,Weight (lbs),Reps,RPE,"
        "Distance (meters),Seconds,Notes,Workout Notes\n"
        '3,2025-02-01 09:00:00,Legs,2400,Glute Bridge,1,135,12,7,,,"slow, 2 s hold",\n'
    )
    result = parse_export(
        text, aliases={"glute bridge": "glute-bridge"}, known_ids={"glute-bridge"}
    )
    assert result.layout == "strong-6"
    assert table(result) == [
        (
            date(2025, 2, 1),
            "glute-bridge",
            "Glute Bridge",
            12,
            lb(135),
            7.0,
            False,
            1,
            datetime(2025, 2, 1, 9),
        ),
    ]


def test_strong_legacy_semicolon_with_unit_column_and_decimal_commas(parse: Any) -> None:
    result = parse(fixture("strong-legacy.csv"))
    at = datetime(2019, 4, 13, 10, 8, 42)
    d = at.date()
    assert (result.layout, result.source) == ("strong-legacy", "strong")
    assert table(result) == [
        (d, "barbell-romanian-deadlift", RDL_B, 10, 20.0, None, True, 1, at),
        (d, "barbell-romanian-deadlift", RDL_B, 8, 62.5, 7.5, False, 1, at),
        (d, "barbell-romanian-deadlift", RDL_B, 8, 62.5, None, False, 2, at),
        (d, "kettlebell-swing", "Kettlebell Swing", 15, lb(35), None, False, 1, at),
        (d, "custom:hyperextension", "Hyperextension", 12, 10.0, None, False, 1, at),
        (d, "wall-sit", "Wall Sit", 45, None, None, False, 1, at),  # Seconds "45,0"
    ]
    assert result.not_sets == 2  # Rest Timer, and the 12,5 km ride
    assert result.unmatched == ("Hyperextension",)


def test_hevy_kg(parse: Any) -> None:
    result = parse(fixture("hevy-kg.csv"))
    at = datetime(2025, 12, 22, 8, 0)
    d = at.date()
    assert (result.layout, result.source) == ("hevy", "hevy")
    assert table(result) == [
        (d, "barbell-romanian-deadlift", RDL_B, 10, 40.0, None, True, 1, at),
        (d, "barbell-romanian-deadlift", RDL_B, 8, 90.0, 7.5, False, 2, at),
        (d, "barbell-romanian-deadlift", RDL_B, 7, 90.0, 10.0, False, 3, at),  # failure
        (d, "barbell-romanian-deadlift", RDL_B, 10, 70.0, None, False, 4, at),  # dropset
        (d, "nordic-hamstring-curl", "Nordic Hamstring Curl", 6, None, 9.0, False, 1, at),
        (
            d,
            "custom:back-extension-weighted",
            "Back Extension (Weighted)",
            12,
            10.0,
            None,
            False,
            1,
            at,
        ),
        (d, "custom:plank", "Plank", 45, None, None, False, 1, at),
    ]
    assert result.not_sets == 1  # the treadmill: distance and time, no reps
    assert result.unmatched == ("Back Extension (Weighted)", "Plank")


def test_hevy_lbs(parse: Any) -> None:
    result = parse(fixture("hevy-lbs.csv"))
    at = datetime(2025, 12, 29, 18, 30)  # the ISO spelling of start_time
    d = at.date()
    rdl = "Romanian Deadlift (Dumbbell)"
    assert table(result) == [
        (d, "romanian-deadlift", rdl, 12, lb(20), None, True, 1, at),
        (d, "romanian-deadlift", rdl, 10, lb(50), 8.0, False, 2, at),
        (d, "romanian-deadlift", rdl, 12, lb(35), None, False, 3, at),  # "drop"
        (
            d,
            "single-leg-rdl-dumbbell",
            "Single Leg Romanian Deadlift (Dumbbell)",
            8,
            lb(25),
            None,
            False,
            1,
            at,
        ),
        # weight 0 is bodyweight; RPE 11 is out of range, so it is dropped and the set kept
        (
            d,
            "custom:reverse-hyperextension",
            "Reverse Hyperextension",
            15,
            None,
            None,
            False,
            1,
            at,
        ),
    ]
    assert result.problems == ()


def test_fitbod_kg_keeps_the_timezone(parse: Any) -> None:
    result = parse(fixture("fitbod-kg.csv"))
    at = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    d = at.date()
    rdl = "Romanian Deadlift"
    assert (result.layout, result.source) == ("fitbod", "fitbod")
    assert table(result) == [
        (d, "barbell-romanian-deadlift", rdl, 10, 40.0, None, True, 1, at),
        (d, "barbell-romanian-deadlift", rdl, 8, 70.0, None, False, 2, at),
        (d, "barbell-romanian-deadlift", rdl, 8, 70.0, None, False, 3, at),
        (d, "barbell-romanian-deadlift", rdl, 8, 72.5, None, False, 4, at),
        (d, "glute-bridge", "Glute Bridge", 15, None, None, False, 1, at),
        (
            d,
            "custom:cable-kickback",
            "Cable Kickback",
            12,
            9.07184,
            None,
            False,
            1,
            at,
        ),  # as written
        (d, "custom:plank", "Plank", 60, None, None, False, 1, at),
    ]
    assert result.not_sets == 1  # the treadmill
    assert result.sets[0].at is not None and result.sets[0].at.utcoffset() == timedelta(0)


def test_fitbod_lbs(parse: Any) -> None:
    result = parse(fixture("fitbod-lbs.csv"))
    at = datetime(2024, 3, 4, 18, 20, tzinfo=UTC)
    d = at.date()
    rdl = "Dumbbell Romanian Deadlift"
    assert table(result) == [
        (d, "romanian-deadlift", rdl, 12, lb(25), None, True, 1, at),  # isWarmup 1
        (d, "romanian-deadlift", rdl, 10, lb(40), None, False, 2, at),
        (
            d,
            "stability-ball-leg-curl",
            "Stability Ball Hamstring Curl",
            12,
            None,
            None,
            False,
            1,
            at,
        ),
        (
            d,
            "custom:hip-abduction-machine",
            "Hip Abduction (Machine)",
            15,
            lb(90),
            None,
            False,
            1,
            at,
        ),
    ]
    assert result.unmatched == ("Hip Abduction (Machine)",)


def test_plain_strong_weight_takes_the_given_unit(parse: Any) -> None:
    text = fixture("strong.csv")
    assert parse(text, weight_unit="lbs").sets[1].kg == lb(80)
    assert parse(text).sets[1].kg == 80.0


# --- layouts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE",
            Layout("strong", "strong", ",", (), None),
        ),
        (
            "Workout No,Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
            Layout("strong", "strong", ",", (), None),
        ),
        (
            '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"',
            Layout("strong-6", "strong", ";", (), "kg"),
        ),
        (
            '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (lbs)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"',
            Layout("strong-6", "strong", ";", (), "lbs"),
        ),
        (
            "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration",
            Layout("strong-legacy", "strong", ";", (), None),
        ),
        (
            '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"',
            Layout("hevy", "hevy", ",", (), "kg"),
        ),
        (
            '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_lbs","reps","distance_miles","duration_seconds","rpe"',
            Layout("hevy", "hevy", ",", (), "lbs"),
        ),
        (
            "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier",
            Layout("fitbod", "fitbod", ",", (), "kg"),
        ),
        (
            "Date,Exercise,Reps,Weight(lbs),Duration(s),Distance(m),isWarmup,Note,multiplier",
            Layout("fitbod", "fitbod", ",", (), "lbs"),
        ),
        (
            "date,exercise,reps,kg,rpe,pain,side,warmup,source,order,at,symptoms,key,name",
            Layout("hamstrong", "hamstrong", ",", (), "kg"),
        ),
        (
            '{"schema": "hamstrong.export/1", "sets": []}',
            Layout("hamstrong-json", "hamstrong", "", (), "kg"),
        ),
    ],
    ids=[
        "strong",
        "strong-workout-no",
        "strong-6-kg",
        "strong-6-lbs",
        "strong-legacy",
        "hevy-kg",
        "hevy-lbs",
        "fitbod-kg",
        "fitbod-lbs",
        "hamstrong",
        "hamstrong-json",
    ],
)
def test_detect_layout(header: str, expected: Layout) -> None:
    layout = detect_layout(header + "\n")
    assert replace(layout, header=()) == expected


def test_bom_crlf_and_cr_are_tolerated(parse: Any) -> None:
    plain = fixture("strong-notes.csv") + "12,2025-11-03T07:01:00,x,1m,Glute Bridge,1,0,y,0,0,,,\n"
    expected = parse(plain)
    assert expected.problems == ("line 9: reps 'y' is not a whole number of 0 or more",)
    for text in (
        "\ufeff" + plain,
        "\ufeff" + plain.replace("\n", "\r\n"),
        plain.replace("\n", "\r"),
    ):
        assert parse(text) == expected


def test_unknown_layout_says_what_it_saw() -> None:
    with pytest.raises(InvalidInput) as caught:
        detect_layout("Activity ID,Activity Date,Activity Name,Activity Type\n1,2,3,4\n")
    message = caught.value.problems["file"]
    assert message.startswith(
        "not a Strong, Hevy, Fitbod or HamStrong export; the first line should be one of their headers"
    )
    assert message.endswith(
        "it starts with 'Activity ID,Activity Date,Activity Name,Activity Type'"
    )
    assert str(caught.value).startswith("file: not a Strong, Hevy, Fitbod or HamStrong export")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty, so it is not a Strong, Hevy, Fitbod or HamStrong export"),
        (
            "\ufeff\r\n  \n",
            "the file is empty, so it is not a Strong, Hevy, Fitbod or HamStrong export",
        ),
        (
            "title,start_time,end_time,description,num_exercises,num_sets,total_volume_kg,total_distance_km\n",
            "this is Hevy's workout summary, which has no sets",
        ),
        (
            "Date,Workout Name,Exercise Name,Set Order,Weight\n",
            "this looks like a Strong export but its header has no 'Reps' column",
        ),
        (
            "Date,Exercise,Weight(kg),isWarmup\n",
            "this looks like a Fitbod export but its header has no 'Reps' column",
        ),
        (
            "title,start_time,exercise_title,set_index,weight_kg,reps\n",
            "this looks like a Hevy export but its header has no 'set_type' column",
        ),
        (
            "Date,Exercise Name,Set Order,Reps\n",
            "this looks like a Strong export but its header has no 'Weight' column",
        ),
        ("[1, 2]", "not a Strong, Hevy, Fitbod or HamStrong export"),
        (
            '{"schema": "other/2"}',
            'not a Strong, Hevy, Fitbod or HamStrong export; a HamStrong JSON export has "schema": "hamstrong.export/1", this one has \'other/2\'',
        ),
        ("{not json", "it is not valid JSON"),
    ],
    ids=[
        "empty",
        "blank",
        "hevy-summary",
        "strong-no-reps",
        "fitbod-no-reps",
        "hevy-no-set-type",
        "strong-no-weight",
        "json-list",
        "json-schema",
        "bad-json",
    ],
)
def test_files_we_cannot_read(parse: Any, text: str, expected: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(text)
    assert caught.value.problems["file"].startswith(expected)


# --- malformed rows: reported by physical line, the rest imports ------------------------------

BAD_STRONG_ROWS = """\
2024-03-09 18:00:00,Legs,1h,Glute Bridge,1,0,x,0,0,
2024-13-45 18:00:00,Legs,1h,Glute Bridge,1,0,10,0,0,
2024-03-09 18:00:00,Legs,1h,Glute Bridge,2,abc,10,0,0,
2024-03-09 18:00:00,Legs,1h,Glute Bridge,3,0,10,0,0,hard
2024-03-09 18:00:00,Legs,1h,Glute Bridge,Q,0,10,0,0,
2024-03-09 18:00:00,Legs,1h,Glute Bridge,4,0,-2,0,0,
2024-03-09 18:00:00,Legs,1h,Glute Bridge,5,0,7.5,0,0,
2024-03-09 18:00:00,Legs,1h,,5,0,7,0,0,
2024-03-09 18:00:00,Legs
2024-03-09 18:00:00,Legs,1h,Glute Bridge,6,zero,x,0,0,
"""


def test_malformed_strong_rows_are_problems_with_line_numbers(parse: Any) -> None:
    result = parse(fixture("strong.csv") + BAD_STRONG_ROWS)
    assert result.problems == (
        "line 11: reps 'x' is not a whole number of 0 or more",
        "line 12: date '2024-13-45 18:00:00' is not a date like 2024-03-05 18:01:12",
        "line 13: weight 'abc' is not a number",
        "line 14: RPE 'hard' is not a number",
        "line 15: set order 'Q' is not a number, W, F, D, Rest Timer or Note",
        "line 16: reps '-2' is not a whole number of 0 or more",
        "line 17: reps '7.5' is not a whole number of 0 or more",
        "line 18: the exercise name is empty",
        "line 19: has 2 fields where the header has 10",
        "line 20: reps 'x' is not a whole number of 0 or more; weight 'zero' is not a number",
    )
    assert table(result) == table(parse(fixture("strong.csv")))  # the good rows still import


STRONG_ROWS = fixture("strong.csv").splitlines()[1:] + BAD_STRONG_ROWS.splitlines()


@given(st.lists(st.sampled_from(STRONG_ROWS), max_size=30))
def test_every_row_is_a_set_or_skipped_as_no_set_or_as_a_problem_once(
    parse: Any, rows: list[str]
) -> None:
    """The report's counts add up: no row is both a set and a problem, and none is lost."""
    header = fixture("strong.csv").splitlines()[0]
    result = parse("\n".join([header, *rows]) + "\n")
    assert len(result.sets) + result.not_sets + len(result.problems) == len(rows)


@pytest.mark.parametrize(
    ("name", "row", "expected"),
    [
        (
            "strong-legacy.csv",
            "2019-04-16 10:00:00;B;Glute Bridge;1;20;stone;10;;;;;;;40m",
            "line 10: weight unit 'stone' is not kg or lbs",
        ),
        (
            "strong6-kg.csv",
            '"3";"2024-10-05 08:00:00";"A";"60";"Glute Bridge";"1";"12,5,0";"10";"";"";"";"";""',
            "line 10: weight '12,5,0' is not a number",
        ),
        (
            "hevy-kg.csv",
            '"L","23 Dec 2025, 08:00","","","Glute Bridge",,"",0,"superset",0,10,,,',
            "line 10: set type 'superset' is not normal, warmup, failure or dropset",
        ),
        (
            "hevy-kg.csv",
            '"L","23 Dec 2025, 08:00","","","Glute Bridge",,"",first,"normal",0,10,,,',
            "line 10: set index 'first' is not a whole number",
        ),
        (
            "hevy-kg.csv",
            '"L","32 Dec 2025, 08:00","","","Glute Bridge",,"",0,"normal",0,10,,,',
            "line 10: date '32 Dec 2025, 08:00' is not a date like 2024-03-05 18:01:12",
        ),
        (
            "fitbod-kg.csv",
            "2024-03-02 10:00:00 +0000,Glute Bridge,10,0,0,0,0,0,maybe,,1",
            "line 10: isWarmup 'maybe' is not true or false",
        ),
        (
            "fitbod-kg.csv",
            "2024-03-02 10:00:00 +0000,Glute Bridge,10,0,x,0,0,0,false,,1",
            "line 10: seconds 'x' is not a number",
        ),
    ],
    ids=[
        "legacy-unit",
        "strong6-weight",
        "hevy-set-type",
        "hevy-set-index",
        "hevy-date",
        "fitbod-warmup",
        "fitbod-seconds",
    ],
)
def test_malformed_rows_per_app(parse: Any, name: str, row: str, expected: str) -> None:
    good = parse(fixture(name))
    result = parse(fixture(name) + row + "\n")
    assert result.problems == (expected,)
    assert result.sets == good.sets


def test_an_unclosed_quote_is_a_problem_not_a_crash(parse: Any) -> None:
    broken = '2024-03-09 18:00:00,Legs,1h,"Glute Bridge,1,0,10,0,0,\n' + "x," * 70_000 + "\n"
    result = parse(fixture("strong.csv") + broken)
    assert result.problems == (
        "line 11: field larger than field limit (131072); the rest of the file was not read",
    )
    assert len(result.sets) == 7


def test_dates_after_today_are_problems(parse: Any) -> None:
    result = parse(fixture("strong.csv"), today=date(2024, 3, 6))
    assert result.problems == ("line 10: date 2024-03-07 is in the future",)
    assert len(result.sets) == 7
    assert parse(fixture("strong.csv"), today=date(2024, 3, 7)).problems == ()


# --- keys -------------------------------------------------------------------------------------

ALL_FIXTURES = sorted(path.name for path in FIXTURES.glob("*.csv"))


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_keys_are_stable_and_unique(parse: Any, name: str) -> None:
    first, second = parse(fixture(name)), parse(fixture(name))
    keys = [s.key for s in first.sets]
    assert keys == [s.key for s in second.sets]
    assert len(set(keys)) == len(keys)
    for key in keys:
        assert key is not None
        prefix, digest = key.split(":")
        assert prefix == first.source and len(digest) == 24 and int(digest, 16) >= 0


def test_identical_looking_sets_get_different_keys() -> None:
    # Hevy numbers sets per exercise block, so a second block of the same exercise repeats them.
    text = (
        "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
        "set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe\n"
        + 'Legs,"1 Feb 2026, 09:00",,,Glute Bridge,,,0,normal,20,12,,,\n'
        * 2
    )
    result = parse_export(text, aliases={}, known_ids={"glute-bridge"})
    one, two = result.sets
    assert replace(one, key=None) == replace(two, key=None)
    assert one.key != two.key


def test_keys_of_old_workouts_survive_a_later_export(parse: Any) -> None:
    before = parse(fixture("strong.csv"))
    later = parse(
        fixture("strong.csv")
        + "2024-03-09 18:00:00,Legs,1h,Romanian Deadlift (Barbell),1,80,8,0,0,\n"
    )
    assert [s.key for s in later.sets[: len(before.sets)]] == [s.key for s in before.sets]


def test_large_strong_file_parses(parse: Any) -> None:
    header = fixture("strong.csv").splitlines()[0]
    rows = [
        f"2024-{1 + n % 12:02d}-{1 + n % 28:02d} 18:00:00,W{n % 7},1h,Glute Bridge,{n % 5 + 1},{n % 50},10,0,0,"
        for n in range(2000)
    ]
    result = parse(header + "\n" + "\n".join(rows))
    assert len(result.sets) == 2000 and result.problems == ()


# --- names and dates --------------------------------------------------------------------------

KNOWN = {"glute-bridge", "romanian-deadlift", "barbell-romanian-deadlift", "step-up", "hip-thrust"}
ALIASES = {
    "romanian deadlift (barbell)": "barbell-romanian-deadlift",
    "romanian deadlift (dumbbell)": "romanian-deadlift",
    "hip bridge": "glute-bridge",
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Romanian Deadlift (Barbell)", "barbell-romanian-deadlift"),
        ("  romanian   deadlift (DUMBBELL) ", "romanian-deadlift"),
        ("Hip Bridge (Band)", "glute-bridge"),  # no alias with the band, so the brackets go
        ("glute-bridge", "glute-bridge"),  # already one of our ids
        ("Glute Bridge", "glute-bridge"),  # our name, by slug
        ("Step-Up (Bodyweight)", "step-up"),
        ("Leg Press (Machine)", "custom:leg-press-machine"),
        ("Élévation du bassin", "custom:elevation-du-bassin"),
        ("Становая тяга", "custom:становая-тяга"),
        ("#$%", "custom:8aa48163"),
    ],
)
def test_map_exercise(name: str, expected: str) -> None:
    assert map_exercise(name, ALIASES, KNOWN) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Glute Bridge (Band) [New]", "glute-bridge"),  # every bracketed part goes
        ("Glute Bridge [Band", "custom:glute-bridge-band"),  # an unclosed bracket stays
        ("Glute Bridge (Band", "custom:glute-bridge-band"),
        ("Glute Bridge ((Band))", "glute-bridge"),  # up to the first closing one
    ],
)
def test_map_exercise_brackets(name: str, expected: str) -> None:
    assert map_exercise(name, ALIASES, KNOWN) == expected


QUADRATIC_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")  # the regex before finding 1


@given(st.text(alphabet="([)] ab-", max_size=40))
def test_map_exercise_strips_brackets_as_the_quadratic_regex_did(name: str) -> None:
    aliases = {" ".join(QUADRATIC_BRACKETS.sub(" ", normalise_name(name)).split()): "step-up"}
    assert map_exercise(name, aliases, KNOWN) == "step-up"


def test_a_name_of_brackets_is_mapped_in_linear_time() -> None:
    """Audit finding 1: a 15 KB name of "(" held a worker for seconds (quadratic regex); at
    200 KB that was a quarter of an hour. Run apart, so a regression fails instead of hanging."""
    code = (
        "from hamstrong.core.import_names import map_exercise\n"
        "for text in ('(' * 200_000, '[' * 100_000 + ' x' * 50_000 + ')', ' (' * 100_000):\n"
        "    print(map_exercise(text, {}, set())[:7])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["custom:"] * 3


def test_a_control_character_in_a_name_is_a_problem_of_its_row(parse: Any) -> None:
    row = "2024-03-09 18:00:00,Legs,1h,Leg\x00curl,1,0,10,0,0,\n"
    result = parse(fixture("strong.csv") + row)
    assert result.problems == (
        "line 11: the exercise name must be plain text: remove the control character U+0000",
    )
    assert table(result) == table(parse(fixture("strong.csv")))


def test_an_over_long_exercise_name_is_a_problem_of_its_row(parse: Any) -> None:
    row = "2024-03-09 18:00:00,Legs,1h," + "(" * 15_000 + ",1,0,10,0,0,\n"
    result = parse(fixture("strong.csv") + row)
    assert result.problems == ("line 11: the exercise name must be at most 200 characters",)
    assert table(result) == table(parse(fixture("strong.csv")))


def test_shipped_aliases_are_valid_and_realistic(
    aliases: dict[str, str], ids: frozenset[str]
) -> None:
    assert len(aliases) >= 40
    assert set(aliases.values()) <= ids
    assert all(name == " ".join(name.lower().split()) for name in aliases)
    assert aliases["romanian deadlift (barbell)"] == "barbell-romanian-deadlift"
    assert aliases["romanian deadlift (dumbbell)"] == "romanian-deadlift"
    assert aliases["nordic hamstring curl"] == "nordic-hamstring-curl"
    assert aliases["glute bridge"] == "glute-bridge"
    assert aliases["single leg glute bridge"] == "single-leg-bridge"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({}, "invalid aliases file: it has no [aliases] table"),
        (
            {"aliases": {"Leg Press": "leg-press"}},
            "invalid aliases file: 'Leg Press': 'leg-press' is not an exercise id",
        ),
        ({"aliases": {"bridge": 3}}, "invalid aliases file: 'bridge': 3 is not an exercise id"),
        (
            {"aliases": {"Bridge": "glute-bridge", "bridge": "step-up"}},
            "invalid aliases file: 'bridge': the name already maps to 'glute-bridge'",
        ),
    ],
    ids=["no-table", "unknown-id", "not-text", "clash"],
)
def test_parse_aliases_rejects(document: dict[str, Any], expected: str) -> None:
    with pytest.raises(InvalidCatalogue) as caught:
        parse_aliases(document, KNOWN)
    assert str(caught.value) == expected


def test_parse_aliases_normalises_names() -> None:
    assert parse_aliases({"aliases": {" Hip  Bridge ": "glute-bridge"}}, KNOWN) == {
        "hip bridge": "glute-bridge"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05 18:01:12", datetime(2024, 3, 5, 18, 1, 12)),
        ("2024-03-05T18:01:12", datetime(2024, 3, 5, 18, 1, 12)),
        ("2024-03-01 10:00:00 +0000", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        (
            "2024-03-01 10:00:00 +0130",
            datetime(2024, 3, 1, 10, tzinfo=timezone(timedelta(minutes=90))),
        ),
        ("22 Dec 2025, 08:00", datetime(2025, 12, 22, 8, 0)),
        ("5 September 2025, 17:45:30", datetime(2025, 9, 5, 17, 45, 30)),
        ("2025-12-22 08:00:00", datetime(2025, 12, 22, 8, 0)),
        ("31 Feb 2025, 08:00", None),
        ("22 Foo 2025, 08:00", None),
        ("yesterday", None),
    ],
)
def test_parse_when(text: str, expected: datetime | None) -> None:
    parsed = parse_when(text)
    assert parsed == expected
    if parsed is not None and expected is not None:
        assert parsed.utcoffset() == expected.utcoffset()


def test_imported_sets_are_plain_set_entries(parse: Any) -> None:
    entry = parse(fixture("hevy-kg.csv")).sets[1]
    assert entry == SetEntry(
        day=date(2025, 12, 22),
        exercise="barbell-romanian-deadlift",
        reps=8,
        kg=90.0,
        rpe=7.5,
        warmup=False,
        source="hevy",
        order=2,
        at=datetime(2025, 12, 22, 8, 0),
        key=entry.key,
        name="Romanian Deadlift (Barbell)",
    )


def test_a_self_test_out_of_range_is_a_problem_row_not_stored(parse: Any) -> None:
    text = (
        '{"schema": "hamstrong.export/1", "sets": [], "tests": ['
        '{"date": "2026-11-02", "kind": "ake", "value": 1e308, "side": "left"},'
        '{"date": "2026-11-02", "kind": "chair-stand", "value": 12, "side": "right"},'
        '{"date": "2026-11-03", "kind": "sit-reach", "value": 15, "side": "both"}]}'
    )
    result = parse(text, today=date(2026, 12, 7))
    assert result.problems == (
        "test 1: value: active knee extension must be 0-90 degrees, not 1e+308",
        "test 2: side: only the knee extension is tested per leg: pick both",
    )
    assert [(t.kind.value, t.value) for t in result.tests] == [("sit-reach", 15)]


@pytest.mark.parametrize("name", ["strong.csv", "hevy-kg.csv", "fitbod-kg.csv"])
def test_a_zone_for_times_written_without_one_keeps_the_keys(parse: Any, name: str) -> None:
    eastern = timezone(timedelta(hours=-5))
    naive, zoned = parse(fixture(name)), parse(fixture(name), zone=eastern)
    assert [s.key for s in zoned.sets] == [s.key for s in naive.sets]
    for before, after in zip(naive.sets, zoned.sets, strict=True):
        assert before.at is not None and after.at is not None
        expected = before.at if before.at.tzinfo else before.at.replace(tzinfo=eastern)
        assert after.at == expected and after.at.tzinfo is not None


def test_a_set_imported_again_keeps_its_key(parse: Any) -> None:
    """Keys as they were before loads in pounds were kept exactly (then rounded to 0.01 kg):
    re-importing a file imported before adds nothing."""
    assert [s.key for s in parse(fixture("hevy-lbs.csv")).sets] == [
        "hevy:f65e369119d3b6774f919c1c",
        "hevy:f909006a8902f4f4ac753ab8",
        "hevy:0a6e440559404a61477cef2e",
        "hevy:ee035cb738f38d60106b39e6",
        "hevy:46ee8b0b9a6719b258f12a2b",
    ]
    assert [s.key for s in parse(fixture("fitbod-kg.csv")).sets][-2] == (
        "fitbod:455a184bd12dd56e410ffa8f"  # 9.07184 kg, kept as written
    )


def test_a_weight_over_the_limit_is_said_in_the_files_unit() -> None:
    text = (
        "Date,Exercise,Reps,Weight(lbs),Duration(s),Distance(m),isWarmup,Note,multiplier\n"
        "2024-03-04 18:20:00 +0000,Glute Bridge,12,3000,0,0,0,,1\n"
    )
    result = parse_export(text, aliases={}, known_ids=set())
    assert result.problems == ("line 2: weight 3000 is more than 2204.6 lb",)
