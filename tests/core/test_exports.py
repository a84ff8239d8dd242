"""HamStrong's own exports: the contract's fields, safe CSV, and exact round trips through import."""

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.assessments import RANGES, self_test_problems
from hamstrong.core.exports import (
    CSV_COLUMNS,
    SCHEMA,
    SYMPTOM_SEPARATOR,
    SetFields,
    _plain,
    csv_columns,
    csv_lines,
    escape_cell,
    export_csv,
    export_json,
    export_json_text,
    keyed,
    keyed_fields,
    set_fields,
    unescape_cell,
)
from hamstrong.core.imports import ImportResult, parse_export
from hamstrong.core.training_log import (
    Checkin,
    SelfTest,
    SessionEntry,
    SetEntry,
    Symptom,
    TrainingLog,
)
from hamstrong.core.training_log import TestKind as SelfTestKind
from hamstrong.core.units import Unit, shown, to_kg
from hamstrong.core.vocab import Side
from tests.strategies import examples

IDS = ("glute-bridge", "romanian-deadlift", "nordic-hamstring-curl", "single-leg-rdl")
PROPERTY = settings(max_examples=examples(100), deadline=None)


def reimport(text: str) -> ImportResult:
    return parse_export(text, aliases={}, known_ids=IDS)


# --- strategies -------------------------------------------------------------------------------

days = st.dates(date(2015, 1, 1), date(2030, 12, 31))
zones = st.none() | st.builds(
    timezone, st.integers(-14 * 60, 14 * 60).map(lambda minutes: timedelta(minutes=minutes))
)


# The hours around the changes to and from summer time in Berlin and New York (2024), either
# side of each fold, as that zone's offset at the instant (a ZoneInfo time in a fold compares
# unequal to the same instant in another zone, PEP 495) or in UTC, as the store gives them back.
def _around_change(wall: datetime, minutes: int, fold: int, zone: ZoneInfo | None) -> datetime:
    local = (wall + timedelta(minutes=minutes)).replace(tzinfo=zone or UTC, fold=fold)
    offset = local.utcoffset()
    return local.astimezone(UTC if zone is None or offset is None else timezone(offset))


DST_ZONES = st.sampled_from([ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), None])
DST_CHANGES = [datetime(2024, 3, 31, 2), datetime(2024, 10, 27, 2), datetime(2024, 3, 10, 2)]
around_changes = st.builds(
    _around_change,
    st.sampled_from([*DST_CHANGES, datetime(2024, 11, 3, 1)]),
    st.integers(-150, 150),
    st.integers(0, 1),
    DST_ZONES,
)
moments = (
    st.none()
    | st.datetimes(datetime(2015, 1, 1), datetime(2030, 12, 31), timezones=zones)
    | around_changes
)
names = (
    st.none()
    | st.sampled_from(
        [
            "Romanian Deadlift (Barbell)",
            'Hip Thrust, "heavy"',
            '=HYPERLINK("http://x","y")',
            "'=already quoted",
            "+1 set",
            "-slow",
            "@here",
            "line\nbreak\r\nand CR\r",
            "  spaced  ",
        ]
    )
    | st.text(  # what a log may hold: plain text (``text_problem``)
        st.characters(exclude_categories=["Cs", "Cc"], include_characters="\t\n\r"),
        min_size=1,
        max_size=20,
    )
)
# custom:[a-z0-9]+(-[a-z0-9]+)* built from parts: st.from_regex took a quarter of the draw time
SLUG_PARTS = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
CUSTOM_IDS = st.lists(SLUG_PARTS, min_size=1, max_size=3).map(lambda p: "custom:" + "-".join(p))
exercises = st.sampled_from(IDS) | CUSTOM_IDS


@st.composite
def set_entries(draw: st.DrawFn) -> SetEntry:
    return SetEntry(
        day=draw(days),
        exercise=draw(exercises),
        reps=draw(REPS),
        kg=draw(LOADS),
        rpe=draw(RPES),
        pain=draw(PAINS),
        side=draw(SIDES),
        warmup=draw(st.booleans()),
        source=draw(SOURCES),
        order=draw(ORDERS),
        at=draw(moments),
        symptoms=tuple(draw(SYMPTOMS)),
        key=None,
        name=draw(names),
        note=draw(names),  # a person's note: commas, quotes, formulas and line breaks come back
    )


@st.composite
def logs(draw: st.DrawFn) -> TrainingLog:
    """Logs whose sets are partly imported (unique keys) and partly logged here (no key)."""
    entries = draw(SET_LISTS)
    # Repeat some sets exactly: identical sets logged twice must still get two keys.
    entries += draw(st.lists(st.sampled_from(entries), max_size=3)) if entries else []
    imported = draw(st.lists(st.booleans(), min_size=len(entries), max_size=len(entries)))
    sets = tuple(
        replace(entry, key=f"strong:{index:024x}") if is_imported else entry
        for index, (entry, is_imported) in enumerate(zip(entries, imported, strict=True))
    )
    checkins = draw(CHECKIN_LISTS)
    tests = draw(SELF_TEST_LISTS)
    sessions = draw(SESSION_LISTS)
    return TrainingLog(
        sets=sets, checkins=tuple(checkins), tests=tuple(tests), sessions=tuple(sessions)
    )


@st.composite
def session_entries(draw: st.DrawFn) -> SessionEntry:
    """A session's start, finish and note as the training screen keeps them: times on its day,
    in one zone (or none), the finish after the start; either may be missing."""
    day = draw(days)
    zone = draw(zones)
    start = datetime.combine(day, datetime.min.time(), zone) + timedelta(
        minutes=draw(MINUTE_OF_DAY)
    )
    finish = start + timedelta(minutes=draw(SESSION_MINUTES))
    return SessionEntry(
        day,
        start if draw(st.booleans()) else None,
        finish if draw(st.booleans()) else None,
        draw(SESSION_NOTES),
    )


@st.composite
def self_tests(draw: st.DrawFn) -> SelfTest:
    """Self-tests any door accepts (assessments.self_test_problems): in range, whole chair
    stands, one side only for the knee extension."""
    kind = draw(st.sampled_from(SelfTestKind))
    value = draw(TEST_VALUES[kind])
    side = draw(SIDES) if kind is SelfTestKind.AKE else Side.BOTH
    return SelfTest(day=draw(days), kind=kind, value=value, side=side)


# loads as typed on a form: in kg to 0.01, or in lb to 0.1 (kept in kg, unrounded)
KG_TYPED = st.integers(50, 30_000).map(lambda cents: cents / 100)
LB_TYPED = st.integers(10, 6_600).map(lambda tenths: to_kg(tenths / 10, Unit.LB))
units = st.sampled_from(Unit)

# Built once: a strategy made afresh inside each draw is validated afresh each time, which cost
# more than the export and import under test.
REPS = st.integers(0, 50)
LOADS = st.none() | KG_TYPED | LB_TYPED
RPES = st.none() | st.integers(2, 20).map(lambda halves: halves / 2)
PAINS = st.none() | st.integers(0, 10)
SIDES = st.sampled_from(Side)
SOURCES = st.sampled_from(["hamstrong", "strong", "hevy", "fitbod"])
ORDERS = st.integers(1, 20)
SYMPTOMS = st.lists(st.sampled_from(Symptom), unique=True, max_size=2)
MINUTE_OF_DAY = st.integers(0, 24 * 60 - 1)
SESSION_MINUTES = st.integers(0, 180)
SESSION_NOTES = st.none() | names.filter(bool)
TEST_VALUES = {
    kind: st.integers(int(low), int(high)).map(float)
    if kind is SelfTestKind.CHAIR_STAND
    else st.floats(low, high)
    for kind, (low, high, _) in RANGES.items()
}
SET_LISTS = st.lists(set_entries(), max_size=12)
SELF_TEST_LISTS = st.lists(self_tests(), max_size=4)
CHECKIN_LISTS = st.lists(st.builds(Checkin, day=days, pain=st.integers(0, 10)), max_size=4)
SESSION_LISTS = st.lists(session_entries(), max_size=4, unique_by=lambda entry: entry.day)

profiles = st.none() | st.fixed_dictionaries(
    {"level": st.sampled_from(["beginner", "advanced"]), "minutes": st.integers(15, 90)}
)


# --- properties -------------------------------------------------------------------------------


@PROPERTY
@given(profile=profiles, log=logs(), unit=units)
def test_json_round_trip(profile: dict[str, Any] | None, log: TrainingLog, unit: Unit) -> None:
    """In either unit: the kg stored come back to the last digit (no kg -> lb -> kg drift)."""
    result = reimport(json.dumps(export_json(profile, log, unit)))
    assert result.problems == ()
    assert result.sets == keyed(log.sets)
    assert result.checkins == log.checkins
    assert result.tests == log.tests
    assert result.sessions == log.sessions
    assert result.profile == profile
    assert (result.layout, result.source) == ("hamstrong-json", "hamstrong")


def _in_log_order(log: TrainingLog) -> TrainingLog:
    """The sets as the store reads them: day by day."""
    return replace(log, sets=tuple(sorted(log.sets, key=lambda entry: entry.day)))


@PROPERTY
@given(
    profile=profiles | st.just({"name": 'Zoë \u2028 "q"', "days": ["mon"], "x": {"y": [1.5]}}),
    log=logs(),
    per_batch=st.integers(1, 4),
    unit=units,
)
def test_the_streamed_export_is_the_same_text_as_the_whole_document(
    profile: dict[str, Any] | None, log: TrainingLog, per_batch: int, unit: Unit
) -> None:
    """The exports written a batch at a time from the sets' fields (the fast path: names and
    notes with quotes, commas, line breaks, formula starts and any text, both units, every
    side, times in any zone and around summer time changes) are the texts of the general
    writers: ``json.dumps`` of the whole document, and ``csv.writer`` writing each set's
    escaped cells."""
    log = _in_log_order(log)
    whole = json.dumps(export_json(profile, log, unit), indent=2, ensure_ascii=False) + "\n"
    pieces = export_json_text(
        profile,
        _keyed_batches(log, per_batch),
        log.checkins,
        log.tests,
        log.sessions,
        unit=unit,
    )
    assert "".join(pieces) == whole
    text = "".join(csv_lines(_keyed_batches(log, per_batch), unit))
    assert text == export_csv(log, unit) == _written_cell_by_cell(keyed(log.sets), unit)


def _keyed_batches(log: TrainingLog, per_batch: int) -> list[list[SetFields]]:
    """The log's sets as the store streams them: fields in batches, keyed as they come."""
    rows = [set_fields(entry) for entry in log.sets]
    batches = [rows[n : n + per_batch] for n in range(0, len(rows), per_batch)]
    used = {entry.key for entry in log.sets if entry.key}
    return [list(batch) for batch in keyed_fields(batches, used)]


def test_keys_derived_a_batch_at_a_time_are_the_whole_logs() -> None:
    """A day's keyless sets on both sides of a batch whose sets all have keys (an imported
    set between two identical ones logged here) count as one run of that day."""
    imported = replace(LOGGED, reps=5, key="strong:000000000000000000000001")
    log = TrainingLog(sets=(LOGGED, imported, LOGGED, LOGGED))
    for per_batch in (1, 2, 3):
        keys = [row[12] for batch in _keyed_batches(log, per_batch) for row in batch]
        assert keys == [entry.key for entry in keyed(log.sets)]
        assert len(set(keys)) == 4


def _written_cell_by_cell(sets: tuple[SetEntry, ...], unit: Unit) -> str:
    """The CSV as ``csv.writer`` writes each set's escaped cells (what ``csv_lines`` does
    faster, a batch of lines at a time when no cell needs escaping or quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_columns(unit))
    for entry in sets:
        writer.writerow([escape_cell(cell) for cell in _cells(entry, unit)])
    return buffer.getvalue()


def _cells(entry: SetEntry, unit: Unit) -> list[str]:
    """A set's cells in ``csv_columns(unit)``'s order, from the set itself."""
    kg = "" if entry.kg is None else repr(entry.kg)
    pounds = [] if unit is Unit.KG else ["" if entry.kg is None else f"{shown(entry.kg, unit):g}"]
    return [
        entry.day.isoformat(),
        entry.exercise,
        str(entry.reps),
        kg,
        *pounds,
        "" if entry.rpe is None else repr(entry.rpe),
        "" if entry.pain is None else str(entry.pain),
        entry.side.value,
        "true" if entry.warmup else "false",
        entry.source,
        str(entry.order),
        "" if entry.at is None else entry.at.isoformat(),
        SYMPTOM_SEPARATOR.join(symptom.value for symptom in entry.symptoms),
        entry.key or "",
        entry.name or "",
        entry.note or "",
    ]


@PROPERTY
@given(log=logs(), unit=units)
def test_csv_round_trip(log: TrainingLog, unit: Unit) -> None:
    result = reimport(export_csv(log, unit))
    assert result.problems == ()
    assert result.sets == keyed(log.sets)
    assert (result.layout, result.source) == ("hamstrong", "hamstrong")


@PROPERTY
@given(log=logs())
def test_keys_are_unique_within_one_export(log: TrainingLog) -> None:
    keys = [entry["key"] for entry in export_json(None, log)["sets"]]
    assert all(keys) and len(set(keys)) == len(keys)


@PROPERTY
@given(log=logs())
def test_exporting_an_import_again_changes_nothing(log: TrainingLog) -> None:
    first = export_json(None, log)
    imported = reimport(json.dumps(first))
    again = export_json(
        None, TrainingLog(imported.sets, imported.checkins, imported.tests, imported.sessions)
    )
    assert again == first
    assert reimport(export_csv(log)).sets == reimport(export_csv(log)).sets


@given(st.text())
def test_escape_cell_is_undone_exactly(text: str) -> None:
    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))


# --- examples ---------------------------------------------------------------------------------

LOGGED = SetEntry(day=date(2026, 1, 5), exercise="glute-bridge", reps=12)
IMPORTED = SetEntry(
    day=date(2025, 12, 22),
    exercise="custom:cable-pull-through",
    reps=15,
    kg=34.02,
    rpe=8.5,
    pain=2,
    side=Side.LEFT,
    warmup=False,
    source="hevy",
    order=3,
    at=datetime(2025, 12, 22, 8, 0, tzinfo=UTC),
    symptoms=(Symptom.SHARP, Symptom.BELOW_KNEE),
    key="hevy:0123456789abcdef01234567",
    name="=Cable Pull Through, rope",
    note='=2+2 felt "easy", left knee fine',
)
LOG = TrainingLog(
    sets=(LOGGED, IMPORTED, LOGGED),
    checkins=(Checkin(date(2026, 1, 6), 3),),
    tests=(SelfTest(date(2026, 1, 7), SelfTestKind.AKE, 22.5, Side.RIGHT),),
    sessions=(
        SessionEntry(
            date(2026, 1, 5),
            datetime(2026, 1, 5, 17, 30, tzinfo=UTC),
            datetime(2026, 1, 5, 18, 11, 40, tzinfo=UTC),
            "Gym was busy; left hamstring tight",
        ),
        SessionEntry(date(2025, 12, 22), note="Hevy day"),
    ),
)


def test_export_json_follows_the_contract() -> None:
    document = export_json({"level": "beginner"}, LOG)
    assert document["schema"] == SCHEMA == "hamstrong.export/1"
    assert document["profile"] == {"level": "beginner"}
    logged, imported, logged_again = document["sets"]
    assert imported == {
        "date": "2025-12-22",
        "exercise": "custom:cable-pull-through",
        "reps": 15,
        "kg": 34.02,
        "rpe": 8.5,
        "pain": 2,
        "side": "left",
        "warmup": False,
        "source": "hevy",
        "order": 3,
        "at": "2025-12-22T08:00:00+00:00",
        "symptoms": ["sharp", "below_knee"],
        "key": "hevy:0123456789abcdef01234567",  # an imported set keeps its key
        "name": "=Cable Pull Through, rope",
        "note": '=2+2 felt "easy", left knee fine',  # the person's note travels with the set
    }
    assert {k: v for k, v in logged.items() if k != "key"} == {
        "date": "2026-01-05",
        "exercise": "glute-bridge",
        "reps": 12,
        "kg": None,  # bodyweight
        "rpe": None,
        "pain": None,
        "side": "both",
        "warmup": False,
        "source": "hamstrong",
        "order": 1,
        "at": None,
        "symptoms": [],
        "name": None,
        "note": None,
    }
    # A set logged here gets a derived key, different for the same set logged twice.
    assert logged["key"].startswith("hamstrong:") and len(logged["key"]) == len("hamstrong:") + 24
    assert logged_again["key"].startswith("hamstrong:") and logged_again["key"] != logged["key"]
    assert document["checkins"] == [{"date": "2026-01-06", "pain": 3}]
    assert document["tests"] == [
        {"date": "2026-01-07", "kind": "ake", "value": 22.5, "side": "right"}
    ]
    assert document["sessions"] == [
        {
            "date": "2026-01-05",
            "started": "2026-01-05T17:30:00+00:00",
            "finished": "2026-01-05T18:11:40+00:00",
            "note": "Gym was busy; left hamstring tight",
        },
        {"date": "2025-12-22", "started": None, "finished": None, "note": "Hevy day"},
    ]
    json.dumps(document)  # serialisable as it is


def test_export_csv_is_safe_in_a_spreadsheet() -> None:
    text = export_csv(LOG)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    assert (
        ",".join(rows[0])
        == "date,exercise,reps,kg,rpe,pain,side,warmup,source,order,at,symptoms,key,name,note"
    )
    assert rows[1][:12] == [
        "2026-01-05",
        "glute-bridge",
        "12",
        "",
        "",
        "",
        "both",
        "false",
        "hamstrong",
        "1",
        "",
        "",
    ]
    assert rows[2] == [
        "2025-12-22",
        "custom:cable-pull-through",
        "15",
        "34.02",
        "8.5",
        "2",
        "left",
        "false",
        "hevy",
        "3",
        "2025-12-22T08:00:00+00:00",
        "sharp;below_knee",
        "hevy:0123456789abcdef01234567",
        "'=Cable Pull Through, rope",  # defused, and restored on import
        '\'=2+2 felt "easy", left knee fine',
    ]
    assert reimport(text).sets[1] == IMPORTED


def test_derived_keys_do_not_depend_on_later_sets() -> None:
    short = export_json(None, TrainingLog(sets=(LOGGED,)))["sets"][0]["key"]
    longer = export_json(None, LOG)["sets"][0]["key"]
    assert short == longer


def test_own_csv_problems_name_lines() -> None:
    header = ",".join(CSV_COLUMNS)
    text = (
        f"{header}\n"
        "2026-01-05,glute-bridge,12,,,,both,false,hamstrong,1,,,,,\n"
        "2026-01-05,glute-bridge,ten,-3,11,,up,maybe,hamstrong,1,noon,itchy,,,\n"
        "2026-01-05,glute-bridge\n"
        "2031-01-05,glute-bridge,12,,,,both,false,hamstrong,1,,,,,\n"
    )
    result = parse_export(text, aliases={}, known_ids=IDS, today=date(2026, 1, 10))
    assert result.problems == (
        "line 3: reps 'ten' is not a whole number from 0 to 10000; kg '-3' is not a number from "
        "0 to 1000; rpe '11' is not a number from 0 to 10; side 'up' is not left, right or both; "
        "warmup 'maybe' is not true or false; at 'noon' is not a date and time like "
        "2024-03-05T18:01:12; symptoms ['itchy'] are not among sharp, below_knee, numbness, chest",
        "line 4: has 2 fields where the header has 15",
        "line 5: date 2031-01-05 is in the future",
    )
    assert len(result.sets) == 1 and result.sets[0].key is not None


def test_own_json_problems_name_entries() -> None:
    document = {
        "schema": SCHEMA,
        "profile": None,
        "sets": [
            {"date": "2026-01-05", "exercise": "glute-bridge", "reps": 12},
            {"date": "5/1/2026", "exercise": "", "reps": True},
            "not an object",
        ],
        "checkins": [{"date": "2026-01-06", "pain": 11}, {"date": "2026-01-06", "pain": 2}],
        "tests": [{"date": "2026-01-07", "kind": "plank", "value": "long"}],
    }
    result = reimport(json.dumps(document))
    assert result.problems == (
        "set 2: date '5/1/2026' is not a date like 2024-03-05; exercise must be an exercise id; "
        "reps True is not a whole number from 0 to 10000",
        "set 3: must be an object",
        "checkin 1: pain 11 is not a whole number from 0 to 10",
        "test 1: kind 'plank' is not one of ake, sit-reach, chair-stand; value 'long' is not a number",
    )
    assert [s.exercise for s in result.sets] == ["glute-bridge"]
    assert result.checkins == (Checkin(date(2026, 1, 6), 2),)
    assert result.unmatched == ()


@PROPERTY
@given(
    test=st.builds(
        SelfTest,
        day=days,
        kind=st.sampled_from(SelfTestKind),
        value=st.floats(-50, 1e308, allow_nan=False) | st.floats(-50, 200, allow_nan=False),
        side=st.sampled_from(Side),
    )
)
def test_an_exported_self_test_comes_back_exactly_when_the_one_check_allows_it(
    test: SelfTest,
) -> None:
    result = reimport(json.dumps(export_json(None, TrainingLog(tests=(test,)))))
    wrong = self_test_problems(test, today=None)
    assert result.tests == (() if wrong else (test,))
    reasons = "; ".join(f"{field}: {text}" for field, text in wrong.items())
    assert result.problems == ((f"test 1: {reasons}",) if wrong else ())


def test_a_control_character_in_a_text_is_a_problem_of_its_row() -> None:
    """PostgreSQL refuses a NUL: an imported row with one is named and left out, on every
    database, and the rows around it are kept."""
    header = ",".join(CSV_COLUMNS)
    good = "2026-01-05,glute-bridge,12,,,,both,false,hamstrong,1,,,k1,,fine"
    rows = [
        good,
        "2026-01-05,glute-bridge,10,,,,both,false,hamstrong,2,,,k2,,a\x00b",
        "2026-01-05,glute-bridge,10,,,,both,false,hamstrong,3,,,k3,Bridge\x1b,",
    ]
    result = reimport(header + "\n" + "\n".join(rows) + "\n")
    assert [s.key for s in result.sets] == ["k1"]
    assert result.problems == (
        "line 3: note must be plain text: remove the control character U+0000",
        "line 4: name must be plain text: remove the control character U+001B",
    )


def test_a_note_over_the_limit_is_a_problem_of_its_row_not_a_crash() -> None:
    header = ",".join(CSV_COLUMNS)
    row = "2026-01-05,glute-bridge,12,,,,both,false,hamstrong,1,,,k1,," + "x" * 1001
    result = reimport(header + "\n" + row + "\n")
    assert result.sets == ()
    assert result.problems == ("line 2: note must be at most 1000 characters",)


def test_an_export_from_before_notes_still_imports() -> None:
    old = (
        ",".join(CSV_COLUMNS[:-1])
        + "\n2026-01-05,glute-bridge,12,,,,both,false,hamstrong,1,,,k1,\n"
    )
    result = reimport(old)
    assert result.problems == ()
    assert [(entry.exercise, entry.note) for entry in result.sets] == [("glute-bridge", None)]


def test_own_json_session_problems_name_entries_and_leave_the_session_out_whole() -> None:
    good = {"date": "2026-01-05", "started": "2026-01-05T17:30:00+00:00", "note": "fine"}
    document = {
        "schema": SCHEMA,
        "sets": [],
        "sessions": [
            good,
            {"date": "2026-01-06", "started": "at six", "note": "kept? no"},
            {
                "date": "2026-01-07",
                "started": "2026-01-07T18:00:00+00:00",
                "finished": "2026-01-07T17:00:00+00:00",
            },
            {"date": "2026-01-08", "finished": "2026-01-11T17:00:00+00:00", "note": 5},
            {
                "date": "2026-01-09",
                "started": "2026-01-09T17:00:00",
                "finished": "2026-01-09T18:00:00Z",
            },
            {"date": "2026-01-05", "note": "a second one"},
            {"date": "2031-01-05"},
            ["not", "an", "object"],
        ],
    }
    result = parse_export(json.dumps(document), aliases={}, known_ids=IDS, today=date(2026, 1, 10))
    assert result.problems == (
        "session 2: started 'at six' is not a date and time like 2024-03-05T18:01:12",
        "session 3: finished 2026-01-07T17:00:00+00:00 is before started",
        "session 4: note must be text; "
        "finished 2026-01-11T17:00:00+00:00 is not on the day of the session",
        "session 5: started and finished must both have a time zone, or neither",
        "session 6: date 2026-01-05 is already in session 1",
        "session 7: date 2031-01-05 is in the future",
        "session 8: must be an object",
    )
    assert result.sessions == (
        SessionEntry(date(2026, 1, 5), datetime(2026, 1, 5, 17, 30, tzinfo=UTC), note="fine"),
    )


def test_an_export_from_before_sessions_still_imports() -> None:
    old = export_json(None, LOG)
    del old["sessions"]
    result = reimport(json.dumps(old))
    assert result.problems == ()
    assert result.sessions == ()
    assert len(result.sets) == 3
    wrong = {**old, "sessions": {"date": "2026-01-05"}}
    assert reimport(json.dumps(wrong)).problems == ("sessions: must be a list, not dict",)


# --- units ------------------------------------------------------------------------------------

FORTY_FIVE_LB = replace(LOGGED, kg=to_kg(45, Unit.LB), key="hamstrong:" + "4" * 24)


def test_an_export_in_lb_states_both_units_and_the_users() -> None:
    document = export_json(None, TrainingLog(sets=(FORTY_FIVE_LB, LOGGED)), Unit.LB)
    assert document["unit"] == "lb"
    loaded, bodyweight = document["sets"]
    assert (loaded["kg"], loaded["lb"]) == (20.41165665, 45.0)  # kg exact, lb as shown
    assert (bodyweight["kg"], bodyweight["lb"]) == (None, None)
    assert list(loaded)[3:5] == ["kg", "lb"]
    assert export_json(None, TrainingLog(sets=(FORTY_FIVE_LB,)))["unit"] == "kg"
    assert "lb" not in export_json(None, TrainingLog(sets=(FORTY_FIVE_LB,)))["sets"][0]


def test_a_csv_in_lb_has_an_lb_column_after_kg() -> None:
    rows = list(csv.reader(io.StringIO(export_csv(TrainingLog(sets=(FORTY_FIVE_LB,)), Unit.LB))))
    assert rows[0] == list(csv_columns(Unit.LB))
    assert rows[0][3:5] == ["kg", "lb"] and csv_columns(Unit.KG) == CSV_COLUMNS
    assert rows[1][3:5] == ["20.41165665", "45"]


def test_a_file_with_only_pounds_imports_them_in_kg() -> None:
    """A hand-made file (or another tool's) that writes ``lb`` and no ``kg``."""
    header = ",".join(c for c in CSV_COLUMNS if c != "kg").replace("reps,", "reps,lb,")
    text = f"{header}\n2026-01-05,glute-bridge,10,45,,,both,false,hamstrong,1,,,k1,,\n"
    result = reimport(text)
    assert result.problems == ()
    assert result.sets[0].kg == to_kg(45, Unit.LB)
    document = {
        "schema": SCHEMA,
        "sets": [{"date": "2026-01-05", "exercise": "glute-bridge", "reps": 10, "lb": 45}],
    }
    assert reimport(json.dumps(document)).sets[0].kg == to_kg(45, Unit.LB)
    document["sets"][0]["lb"] = 5000
    assert reimport(json.dumps(document)).problems == (
        "set 1: lb 5000 is not a number from 0 to 2205",
    )


def test_an_older_export_without_a_unit_still_imports() -> None:
    """Files written before units: no ``unit``, ``kg`` only."""
    document = {
        "schema": SCHEMA,
        "profile": None,
        "sets": [{"date": "2026-01-05", "exercise": "glute-bridge", "reps": 10, "kg": 20.5}],
        "checkins": [],
        "tests": [],
    }
    result = reimport(json.dumps(document))
    assert (result.problems, result.sets[0].kg) == ((), 20.5)


CELL_TEXTS = st.text(st.sampled_from([*"ab1 .-=+@';\t\u00e9\u2028", ",", '"', "\r", "\n"]))


@PROPERTY
@given(rows=st.lists(st.lists(CELL_TEXTS, min_size=3, max_size=3), min_size=1, max_size=4))
def test_a_batch_taken_as_plain_is_what_the_csv_writer_writes(rows: list[list[str]]) -> None:
    lines = [["2024-05-01", *cells] for cells in rows]  # a line starts with its day
    text = "".join(",".join(cells) + "\r\n" for cells in lines)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([escape_cell(cell) for cell in cells] for cells in lines)
    if _plain(text, len(lines), 3):
        assert text == buffer.getvalue()
    cells = [cell for cells in rows for cell in cells]
    if not any(c in cell for cell in cells for c in ',"\r\n') and not any(
        cell.startswith(tuple("=+-@'\t")) for cell in cells
    ):
        assert _plain(text, len(lines), 3)  # the fast path is taken whenever it can be
