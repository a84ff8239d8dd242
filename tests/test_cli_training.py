"""The training commands end to end on a real store (SQLite file and PostgreSQL)."""

import json
import os
import re
import signal
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hamstrong.cli import app
from hamstrong.core.dates import long_day, short_day
from hamstrong.core.rules import RECHECK, STOP_CHECKS
from hamstrong.core.screen import HEART_ADVICE
from hamstrong.library import load_library
from hamstrong.services.clock import now_utc
from hamstrong.store import open_store
from tests.databases import copy_database
from tests.store.conftest import migrated_postgres
from tests.terminal import flat, lines, tables

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "imports"
RIA = ROOT / "examples" / "ria.toml"
runner = CliRunner()
TODAY = date.today()
START = TODAY - timedelta(days=TODAY.weekday() + 14)  # the Monday two weeks back


@pytest.fixture(params=["sqlite", "postgres"])
def db(request, tmp_path, migrated_database) -> str:
    """An empty store: on SQLite a copy of the file migrated once per worker, on PostgreSQL the
    worker's database migrated once and emptied (the CLI on a new file, which it migrates
    first, is tested in tests/test_cli.py and tests/test_cli_units.py)."""
    if request.param == "sqlite":
        return copy_database(migrated_database, tmp_path / "h.db")
    return migrated_postgres()


def run(db: str, *args: str, input: str | None = None):
    """The command on a terminal wide enough that tables wrap the same way on every machine."""
    return runner.invoke(app, ["--db", db, *args], input=input, env={"COLUMNS": "160"})


def started(db: str) -> str:
    result = run(db, "start", "--profile", str(RIA), "--start", START.isoformat())
    assert result.exit_code == 0, result.output
    return db


RESCREEN = "Answer the safety screen again: `hamstrong profile init`, then `hamstrong start`."


def stopped_by(day: date, why: str) -> str:
    """A stop's own words: the day, why, and that the safety screen comes first."""
    return (
        f"Your session on {short_day(day)} stopped ({why}). No more training until you have "
        "answered the safety screen again."
    )


def bullets(lines: tuple[str, ...]) -> str:
    """Lines as a bulleted list reads once flattened."""
    return " ".join(f"• {line}" for line in lines)


def stored_sets(db: str) -> int:
    with open_store(db) as store:
        return len(store.sets(store.local_user()))


def test_today_before_start_says_what_to_do(db):
    result = run(db, "today")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: No programme yet. Start a programme with `hamstrong start --profile FILE`."
    )


def test_start_then_today_json_contract(db):
    started(db)
    result = run(db, "today", "--date", START.isoformat(), "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert set(view) >= {"date", "session", "next_date", "notes"}
    assert view["session"]["date"] == START.isoformat()
    assert view["next_date"] == (START + timedelta(days=2)).isoformat()
    rest = json.loads(
        run(
            db, "today", "--date", (START + timedelta(days=1)).isoformat(), "--format", "json"
        ).stdout
    )
    assert rest["session"] is None and rest["notes"][0] == (
        f"Rest day: the last session was {short_day(START)}, and sessions stay at least 48 hours "
        "apart so the hamstrings recover. Next session: "
        f"{long_day(START + timedelta(days=2))}."
    )


def test_log_checkin_history_undo(db):
    started(db)
    day = START.isoformat()
    assert (
        run(
            db,
            "log",
            "romanian-deadlift",
            "--reps",
            "6,6,6",
            "--kg",
            "8",
            "--rpe",
            "7",
            "--date",
            day,
        ).exit_code
        == 0
    )
    assert (
        run(db, "log", "single-leg-rdl", "--reps", "8,8", "--side", "left", "--date", day).exit_code
        == 0
    )
    assert (
        run(
            db, "checkin", "--pain", "2", "--date", (START + timedelta(days=1)).isoformat()
        ).exit_code
        == 0
    )
    history = json.loads(run(db, "history", "--format", "json").stdout)
    assert len(history) == 5 and {h["side"] for h in history} == {"both", "left"}
    assert run(db, "undo").stdout.startswith("Removed: check-in")
    assert run(db, "undo").stdout.startswith("Removed:")
    assert stored_sets(db) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["log", "nordic-crul", "--reps", "5"],
            "Error: exercise: 'nordic-crul' is not in the library. Run `hamstrong exercises` to list the ids.",
        ),
        (
            ["log", "glute-bridge", "--reps", "12,,x"],
            "Error: reps: '12,,x' is not a list of whole numbers like 12,12,10",
        ),
        (
            ["log", "glute-bridge", "--reps", "12", "--rpe", "11"],
            "Error: rpe: must be a number from 1 to 10 in steps of 0.5",
        ),
        (
            ["log", "glute-bridge", "--reps", "12", "--pain", "-1"],
            "Error: pain: must be a whole number from 0 to 10",
        ),
        (
            ["log", "glute-bridge", "--reps", "12", "--date", "2999-01-01"],
            f"Error: date: {short_day(date(2999, 1, 1))} is in the future; log what you have done",
        ),
        (
            ["log", "single-leg-rdl", "--reps", "8"],
            "Error: side: this is one-leg work: pick left or right",
        ),
        (
            ["log", "glute-bridge", "--reps", "8", "--side", "middle"],
            "Error: side: 'middle' is not allowed; use one of left, right, both",
        ),
        (["checkin", "--pain", "11"], "Error: pain: must be a whole number from 0 to 10"),
        (
            ["test", "ake", "120"],
            "Error: value: active knee extension must be 0-90 degrees, not 120",
        ),
        (
            ["test", "flexibility", "10"],
            "Error: kind: 'flexibility' is not allowed; use one of ake, sit-reach, chair-stand",
        ),
        (
            ["import", str(FIXTURES)],
            f"Error: file: {FIXTURES} is a folder; give the exported file",
        ),
        (
            ["progress", "--chart", "out.pdf"],
            "Error: chart: out.pdf: use a file name ending in .png or .svg",
        ),
    ],
    ids=[
        "unknown-exercise",
        "bad-reps",
        "rpe-11",
        "pain-negative",
        "future-date",
        "no-side",
        "bad-side",
        "checkin-11",
        "ake-out-of-range",
        "unknown-test",
        "import-folder",
        "chart-format",
    ],
)
def test_bad_input_exits_2_in_one_line_and_stores_nothing(db, args, message):
    started(db)
    run(db, "log", "glute-bridge", "--reps", "10", "--date", START.isoformat())
    before = stored_sets(db)
    result = run(db, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [message]
    assert stored_sets(db) == before


def test_stop_rule_ends_and_blocks_until_screened_again(db):
    stopped, rescreen = stopped_by(START, "pain 7/10"), RESCREEN
    started(db)
    result = run(
        db, "log", "glute-bridge", "--reps", "10", "--pain", "7", "--date", START.isoformat()
    )
    assert result.exit_code == 3 and flat(result.stderr) == (
        f"Stop: end the session now {stopped} • Answer the safety screen again before the next "
        "session. • If the pain or symptoms do not settle within a few days, see a "
        f"physiotherapist or doctor. {rescreen}"
    )
    today = run(db, "today", "--format", "json")
    assert today.exit_code == 3 and json.loads(today.stdout)["blocked"]
    assert json.loads(today.stdout)["next"] == "rescreen"
    assert json.loads(today.stdout)["session"] is None  # the stop, not the session underneath
    session = run(db, "session", "--no-timers")
    assert session.exit_code == 3
    assert flat(session.stdout) == (  # the stop, nothing of the session
        f"Session stopped: do not train today {stopped} • Answer the safety screen again before "
        "the next session. • If the pain or symptoms do not settle within a few days, see a "
        f"physiotherapist or doctor. {rescreen}"
    )
    more = run(db, "log", "glute-bridge", "--reps", "10", "--date", START.isoformat())
    assert more.exit_code == 3  # a stopped day takes no more
    assert more.stderr.strip() == f"Error: {stopped} {rescreen}"
    assert stored_sets(db) == 1
    started(db)  # answering the screen again and restarting clears it
    assert run(db, "today", "--format", "json").exit_code == 0


def test_a_pause_for_morning_pain_shows_nothing_of_the_session_underneath(db):
    started(db)
    day = (START + timedelta(days=2)).isoformat()  # a session with first loads (calibration)
    underneath = json.loads(run(db, "today", "--date", day, "--format", "json").stdout)
    assert any("calibration set" in n for n in underneath["notes"])
    assert run(db, "checkin", "--pain", "8", "--date", day).exit_code == 0
    paused = run(db, "today", "--date", day, "--format", "json")
    assert paused.exit_code == 0, paused.output
    view = json.loads(paused.stdout)
    assert view["session"] is None and view["next_date"] is None and view["next"] == "checkin"
    assert view["halt"]["kind"] == "paused"
    assert view["notes"] == [view["halt"]["text"]]  # no calibration set, no session notes
    paused_text = (  # no calibration set, no warm-up: only the pause and the way back
        "Loading paused: no session today Morning pain 8/10 on "
        f"{short_day(date.fromisoformat(day))}: loading pauses, with no session until it settles. "
        "Check in each morning; training resumes, lighter, once morning pain is back to your usual "
        f"level. {bullets(RECHECK)} Record each morning's pain: `hamstrong checkin --pain N`."
    )
    assert flat(run(db, "today", "--date", day).stdout) == paused_text
    assert flat(run(db, "session", "--date", day, "--no-timers").stdout) == paused_text


def test_chest_symptoms_during_a_session_get_emergency_wording_not_ask_your_doctor(db):
    started(db)
    day = START.isoformat()
    result = run(db, "log", "glute-bridge", "--reps", "10", "--symptom", "chest", "--date", day)
    assert result.exit_code == 3
    stopped = stopped_by(START, "chest pain, dizziness or unusual breathlessness")
    rescreen = RESCREEN
    checks = bullets((HEART_ADVICE, *STOP_CHECKS))
    assert flat(result.stderr) == f"Stop: end the session now {stopped} {checks} {rescreen}"
    view = json.loads(run(db, "today", "--date", day, "--format", "json").stdout)
    assert view["session"] is None and view["halt"]["kind"] == "stopped"
    assert view["halt"]["checks"] == [HEART_ADVICE, *STOP_CHECKS]
    shown = flat(run(db, "today", "--date", day).stdout)
    assert shown == f"Session stopped: do not train today {stopped} {checks} {rescreen}"
    plain = flat(run(db, "log", "glute-bridge", "--reps", "10", "--date", day).stderr)
    assert plain == f"Error: {stopped} {rescreen}" and stored_sets(db) == 1


def test_guided_session_saves_each_set_and_stops_on_pain(db):
    started(db)
    day = START.isoformat()
    view = json.loads(run(db, "today", "--date", day, "--format", "json").stdout)
    first = view["session"]["blocks"][1]["items"][0]
    answers = ["", f"{first['reps']}", "", "7", "0", "n", f"{first['reps']}", "", "8", "7", "n"]
    result = run(db, "session", "--date", day, "--no-timers", input="\n".join(answers) + "\n")
    assert result.exit_code == 3, result.output
    shown = lines(result.stdout)
    assert shown.count("  saved") == 2  # each set acknowledged once stored
    after = shown[len(shown) - shown[::-1].index("  saved") :]
    assert flat("\n".join(after)) == (
        f"Session ended: stop here {stopped_by(START, 'pain 7/10')} {bullets(STOP_CHECKS)} "
        f"{RESCREEN}"
    )
    assert stored_sets(db) == 2


def test_today_and_the_guided_session_show_every_cue_and_every_mistake_in_plain_words(db):
    started(db)
    day = START.isoformat()
    library = load_library()
    view = json.loads(run(db, "today", "--date", day, "--format", "json").stdout)
    text = " ".join(run(db, "today", "--date", day).stdout.split())
    items = [i for block in view["session"]["blocks"] for i in block["items"]]
    for item in items:
        exercise = library.get(item["exercise"])
        for line in (*exercise.cues, *exercise.mistakes):
            assert " ".join(line.split()) in text, line
    assert not re.search(r"\bR\d+\b|§|_", text)  # no rule codes or internal ids
    assert all(i["rules"] for i in items)  # which stay in the JSON
    first = view["session"]["blocks"][1]["items"][0]
    answers = ["", f"{first['reps']}", "", "7", "0", "n", f"{first['reps']}", "", "8", "7", "n"]
    guided = run(db, "session", "--date", day, "--no-timers", input="\n".join(answers) + "\n")
    said = " ".join(guided.stdout.split())
    exercise = library.get(first["exercise"])
    for line in (*exercise.cues, *exercise.mistakes):
        assert " ".join(line.split()) in said, line


def test_history_reads_a_hold_in_seconds(db):
    started(db)
    day = START.isoformat()
    logged = run(db, "log", "prone-back-extension-hold", "--reps", "30,25", "--date", day)
    assert logged.exit_code == 0, logged.output
    history = tables(run(db, "history").stdout)["Training history"]
    assert (
        " | ".join(history.header)
        == "Day | Exercise | Side | Sets (reps or seconds × kg) | RPE | Pain"
    )
    assert history.rows == [
        [short_day(START), "Prone back-extension hold", "", "30 s, 25 s", "", ""]
    ]


def test_import_is_idempotent_and_a_bad_file_changes_nothing(db, tmp_path):
    started(db)
    first = run(db, "import", str(FIXTURES / "strong.csv"))
    assert first.exit_code == 0, first.output
    count = stored_sets(db)
    assert count == 7 and first.stdout.splitlines() == [
        "Imported 7 new sets from a strong export; 0 already there; 2 rows skipped: "
        "2 that are not sets (rest timers, notes, cardio).",
        "Kept as custom exercises: Seated Leg Curl (Machine), Plank",
    ]
    again = run(db, "import", str(FIXTURES / "strong.csv"))
    assert again.exit_code == 0 and again.stdout.splitlines()[0] == (
        "Imported 0 new sets from a strong export; 7 already there; 2 rows skipped: "
        "2 that are not sets (rest timers, notes, cardio)."
    )
    unknown = tmp_path / "other.csv"
    unknown.write_text("when,what,how many\n2025-01-01,squat,5\n")
    bad = run(db, "import", str(unknown))
    assert bad.exit_code == 2 and bad.stderr.strip() == (
        "Error: file: not a Strong, Hevy, Fitbod or HamStrong export; the first line should be "
        "one of their headers, such as 'Date,Workout Name,Duration,Exercise Name,Set Order,"
        'Weight,Reps,...\' (Strong), \'"title","start_time",...,"exercise_title",...,'
        '"set_type","weight_kg",...\' (Hevy), \'Date,Exercise,Reps,Weight(kg),...,isWarmup,'
        "...' (Fitbod) or 'date,exercise,reps,kg,...' (HamStrong); it starts with "
        "'when,what,how many'"
    )
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Date,Exercise Name\n2025-01-01,Soupl\xe9\n".encode("latin-1"))
    assert run(db, "import", str(latin)).exit_code == 2
    assert stored_sets(db) == count


def test_a_row_with_a_problem_is_listed_and_counted_as_skipped(db, tmp_path):
    started(db)
    text = (FIXTURES / "strong.csv").read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(text + "2024-03-09 18:00:00,Legs,1h,Glute Bridge,1,0,x,0,0,\n")
    result = run(db, "import", str(bad))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "Skipped line 11: reps 'x' is not a whole number of 0 or more"
    ]
    assert result.stdout.splitlines()[0] == (
        "Imported 7 new sets from a strong export; 0 already there; 3 rows skipped: "
        "2 that are not sets (rest timers, notes, cardio) and 1 with a problem."
    )
    assert stored_sets(db) == 7


def test_export_then_import_into_an_empty_store_gives_the_same_data(db, tmp_path):
    started(db)
    run(db, "import", str(FIXTURES / "hevy-kg.csv"))
    run(db, "log", "glute-bridge", "--reps", "12,10", "--pain", "1", "--date", START.isoformat())
    run(db, "checkin", "--pain", "1", "--date", START.isoformat())
    run(db, "test", "chair-stand", "12", "--sex", "female")
    exported = tmp_path / "export.json"
    assert run(db, "export", "--format", "json", "--out", str(exported)).exit_code == 0
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run(empty, "import", str(exported)).exit_code == 0
    again = run(empty, "export", "--format", "json").stdout
    original = json.loads(exported.read_text())
    copy = json.loads(again)
    for key in ("sets", "checkins", "tests", "sessions"):
        assert copy[key] == original[key]
    csv_out = run(db, "export", "--format", "csv").stdout
    assert csv_out.startswith("date,exercise,reps")
    assert run(db, "import", str(exported)).stdout.startswith("Imported 0 new sets")


def test_progress_json_and_chart(db, tmp_path):
    started(db)
    for offset, (left, right) in enumerate([(10, 6), (10, 6)]):
        day = (START + timedelta(days=3 * offset)).isoformat()
        run(
            db,
            "log",
            "single-leg-rdl",
            "--reps",
            f"{left},{left}",
            "--side",
            "left",
            "--rpe",
            "7",
            "--date",
            day,
        )
        run(
            db,
            "log",
            "single-leg-rdl",
            "--reps",
            f"{right},{right}",
            "--side",
            "right",
            "--rpe",
            "7",
            "--date",
            day,
        )
    result = run(db, "progress", "--format", "json", "--chart", str(tmp_path / "p.png"))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"adherence", "weekly", "asymmetry", "pain", "warnings"} <= set(report)
    assert {"planned", "done"} <= set(report["adherence"])
    flagged = report["asymmetry"][0]
    assert flagged["exercise"] == "single-leg-rdl" and flagged["percent"] >= 15
    assert (tmp_path / "p.png").read_bytes().startswith(b"\x89PNG")
    assert (flagged["left"], flagged["right"], flagged["percent"]) == (13, 9, 30.8)
    shown = run(db, "progress").stdout
    advice = (
        "Start with the weaker right leg and give it 1 extra set, and ask a physiotherapist or "
        "doctor to check it, especially if it hurts."
    )
    sides = tables(shown)["Left / right"]
    assert sides.header == ["Exercise", "Left", "Right", "Difference"]
    # the web's words for the same gap (present.gap_text), not the grade's code "clinician"
    assert [sides.columns(n) for n in range(len(sides.sections))] == [
        ["Single-leg RDL (bodyweight)", "13 reps", "9 reps", f"30.8% — {advice}"]
    ]
    assert report["warnings"] == [
        "Single-leg RDL (bodyweight): your right side is 30.8% weaker than your left side over "
        f"the last 2 sessions at the same load. {advice}"
    ]
    assert f"! {report['warnings'][0]}" in flat(shown)


def test_self_test_reads_norms_and_error(db):
    first = run(db, "test", "ake", "30", "--side", "left", "--sex", "male")
    assert first.exit_code == 0, first.output
    second = run(db, "test", "ake", "25", "--side", "left", "--sex", "male")
    assert lines(second.stdout) == [
        # what the web's progress page says first, too (present.recorded_text)
        f"Recorded: active knee extension (left), 25° on {short_day(TODAY)}: normal.",
        "Your left knee stayed 25° short of straight: a normal range (tight means more than 33° "
        "for men, from healthy 18-24 year olds).",
        "5° better than last time (30°), but a change under 15° is within measurement error "
        "(Reurink 2013), so treat it as no real change yet.",
        f"Next active knee extension test: {long_day(TODAY + timedelta(days=28))}.",
    ]


def test_a_back_dated_self_test_names_the_day_the_next_one_is_really_due(db):
    """The next self-test day is counted once (``core.assessments``, through the service), from
    the latest test of its kind, as the progress page and today's session count it: recording an
    earlier day afterwards does not bring it forward."""
    from hamstrong.core.assessments import RETEST_DAYS

    assert run(db, "test", "ake", "30", "--side", "left").exit_code == 0
    earlier = (TODAY - timedelta(days=10)).isoformat()
    result = run(db, "test", "ake", "28", "--side", "left", "--date", earlier)
    assert result.exit_code == 0, result.output
    due = long_day(TODAY + timedelta(days=RETEST_DAYS))
    assert lines(result.stdout)[-1] == f"Next active knee extension test: {due}."


def test_a_self_test_recorded_late_says_the_next_one_is_due_now(db):
    """Recorded today for a day over 4 weeks back, and the only one of its kind: the next test
    is already due, so the day it fell due is no date to wait for."""
    from hamstrong.core.assessments import RETEST_DAYS

    long_ago = TODAY - timedelta(days=RETEST_DAYS + 5)
    result = run(db, "test", "chair-stand", "11", "--date", long_ago.isoformat())
    assert result.exit_code == 0, result.output
    due = long_day(long_ago + timedelta(days=RETEST_DAYS))
    assert lines(result.stdout)[-1] == f"Next 30-second chair stand test: due now (since {due})."


def test_self_test_without_a_result_shows_the_steps_and_stores_nothing(db):
    shown = run(db, "test", "chair-stand")
    assert shown.exit_code == 0, shown.output
    assert lines(shown.stdout) == [
        "30-second chair stand: how to do it",
        "You need: a sturdy chair without arms, seat about 43 cm (17 inches) high; a wall to put "
        "the chair against, so it cannot slide; a timer, and someone nearby if you are unsteady.",
        "  1. Put the chair with its back against a wall.",
        "  2. Sit in the middle of the seat, back straight, feet flat on the floor about "
        "shoulder-width apart.",
        "  3. Cross your arms over your chest, hands on the opposite shoulders, and keep them there.",
        "  4. Practise one or two stands first.",
        "  5. On 'go', stand up fully (hips and knees straight), then sit all the way down; repeat "
        "as many times as you can in 30 seconds.",
        "  6. Count the full stands. If you are more than halfway up when the 30 seconds end, that "
        "stand counts.",
        "Score: full stands in 30 seconds: higher is better; using your arms or hands to push up "
        "scores 0.",
        "Safety: Stop if you feel dizzy, short of breath, pain or unsafe; do the test with someone "
        "nearby if your balance is not steady.",
        "Repeat it every 4 weeks, the same way.",
        "Then record it: hamstrong test chair-stand RESULT",
    ]
    guide = json.loads(run(db, "test", "ake", "--format", "json").stdout)
    assert guide["kind"] == "ake" and len(guide["steps"]) >= 5 and guide["retest_days"] == 28
    with open_store(db) as store:
        assert store.tests(store.local_user()) == []


def test_both_knees_measured_on_one_day_flag_the_gap_and_name_the_tighter_side(db):
    day = START.isoformat()
    run(db, "test", "ake", "20", "--side", "left", "--date", day)
    result = run(db, "test", "ake", "36", "--side", "right", "--date", day)
    assert result.exit_code == 0, result.output
    both = (
        "tight means more than 33° for men and 23.4° for women, from healthy 18-24 year olds). "
        "Your sex was not given, so this reads against both men's and women's norms."
    )
    assert lines(result.stdout) == [
        f"Recorded: active knee extension (right), 36° on {short_day(START)}: shortness (tight).",
        f"Your right knee stayed 36° short of straight: tight hamstrings ({both}",
        "Knee extension: your right knee stayed 36° short of straight and your left knee 20°, so "
        "the right hamstrings reach 22.9% less range. A gap of 20% or more is worth a "
        "physiotherapist's check, especially after a past hamstring strain.",
        f"Next active knee extension test: {long_day(START + timedelta(days=28))}.",
    ]


def test_today_reminds_of_the_self_test_every_4_weeks(db):
    started(db)
    due = (
        "Self-test due: the active knee extension (both legs, on one day), to set your starting "
        "point. Do it after the warm-up; the steps are with the self-tests."
    )
    first = json.loads(run(db, "today", "--date", START.isoformat(), "--format", "json").stdout)
    assert due in first["notes"]
    # trained that day without the test: the next session does not ask again (once a period)
    run(db, "log", "glute-bridge", "--reps", "10", "--date", START.isoformat())
    following = date.fromisoformat(first["next_date"])
    then = json.loads(run(db, "today", "--date", following.isoformat(), "--format", "json").stdout)
    assert then["session"] is not None and due not in then["notes"]
    run(db, "test", "ake", "20", "--side", "left", "--date", START.isoformat())
    run(db, "test", "ake", "22", "--side", "right", "--date", START.isoformat())
    week = json.loads(run(db, "today", "--date", START.isoformat(), "--format", "json").stdout)
    assert not any(n.startswith("Self-test due") for n in week["notes"])


def hamstrong(db: str, *args: str, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "hamstrong", "--db", db, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def test_an_acknowledged_set_survives_kill_9(tmp_path):
    db = started(f"sqlite:///{tmp_path / 'k.db'}")
    day = START.isoformat()
    with hamstrong(db, "session", "--date", day, "--no-timers") as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("\n8\n\n7\n0\nn\n")
        process.stdin.flush()
        seen = ""
        while "saved" not in seen:
            line = process.stdout.readline()
            assert line, "session ended before acknowledging the set"
            seen += line
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert stored_sets(db) == 1


def test_two_processes_logging_at_once_both_succeed(db):
    started(db)
    day = START.isoformat()
    procs = [
        hamstrong(db, "log", "glute-bridge", "--reps", ",".join(["10"] * 20), "--date", day)
        for _ in range(2)
    ]
    results = [p.communicate(timeout=60) for p in procs]
    for p in procs:
        p.__exit__(None, None, None)
    assert [p.returncode for p in procs] == [0, 0], results
    assert stored_sets(db) == 40


def test_move_keeps_48_hours_and_says_why(db):
    started(db)  # Ria trains Mon, Wed, Fri
    future = TODAY + timedelta(days=7 - TODAY.weekday())  # next Monday
    run(db, "start", "--profile", str(RIA), "--start", future.isoformat())
    wednesday = future + timedelta(days=2)
    refused = run(
        db, "move", wednesday.isoformat(), "--to", (future + timedelta(days=1)).isoformat()
    )
    assert refused.exit_code == 2 and refused.stderr.strip() == (
        f"Error: to: the session on {short_day(future)} is too close: sessions stay at least "
        "48 hours apart"
    )
    assert "(R2)" not in refused.stderr
    friday, saturday = future + timedelta(days=4), future + timedelta(days=5)
    moved = run(db, "move", friday.isoformat(), "--to", saturday.isoformat())
    assert moved.exit_code == 0, moved.output
    on_saturday = json.loads(
        run(db, "today", "--date", saturday.isoformat(), "--format", "json").stdout
    )
    assert on_saturday["session"]["date"] == saturday.isoformat()
    assert (
        json.loads(run(db, "today", "--date", friday.isoformat(), "--format", "json").stdout)[
            "session"
        ]
        is None
    )


def test_a_logged_session_stays_and_days_within_48_hours_of_it_are_refused(db, tmp_path):
    days = [(TODAY + timedelta(days=n)).strftime("%a").lower() for n in (0, 2, 4)]
    here = tmp_path / "ria-today.toml"
    here.write_text(RIA.read_text().replace('days = ["mon", "wed", "fri"]', f"days = {days}"))
    assert run(db, "start", "--profile", str(here), "--start", TODAY.isoformat()).exit_code == 0
    assert run(db, "log", "romanian-deadlift", "--reps", "8", "--kg", "20").exit_code == 0
    tomorrow = TODAY + timedelta(days=1)
    logged = run(db, "move", TODAY.isoformat(), "--to", tomorrow.isoformat())
    assert logged.exit_code == 2
    assert flat(logged.stderr) == (
        "Error: to: you have logged sets in that session, and a logged session stays where it "
        "happened"
    )
    near = run(db, "move", (TODAY + timedelta(days=2)).isoformat(), "--to", tomorrow.isoformat())
    assert near.exit_code == 2
    assert flat(near.stderr) == (
        f"Error: to: you trained on {short_day(TODAY)}, too close: sessions stay at least 48 hours "
        "apart"
    )


def test_starting_again_after_training_today_starts_48_hours_later(db):
    assert run(db, "start", "--profile", str(RIA), "--start", TODAY.isoformat()).exit_code == 0
    assert run(db, "log", "romanian-deadlift", "--reps", "8", "--kg", "20").exit_code == 0
    again = run(db, "start", "--profile", str(RIA), "--start", TODAY.isoformat())
    assert again.exit_code == 0, again.output
    later = TODAY + timedelta(days=2)
    assert (
        f"! The programme starts on {short_day(later)}, 48 hours after your last session "
        f"({short_day(TODAY)}), so your hamstrings recover first." in again.stdout.splitlines()
    )
    view = json.loads(run(db, "today", "--format", "json").stdout)
    assert view["session"] is None and view["next_date"] >= later.isoformat()


def test_a_session_with_nordics_cannot_move_into_the_48_hours_before_a_match(db, tmp_path):
    racer = tmp_path / "ria-races.toml"
    racer.write_text(
        RIA.read_text().replace('population = "runner"', 'population = "runner"\nmatch_day = "sat"')
    )
    future = TODAY + timedelta(days=7 - TODAY.weekday())  # next Monday: Mon, Wed, Fri
    assert run(db, "start", "--profile", str(racer), "--start", future.isoformat()).exit_code == 0
    monday = json.loads(run(db, "today", "--date", future.isoformat(), "--format", "json").stdout)
    assert any("nordic" in i["exercise"] for i in monday["session"]["blocks"][1]["items"])
    thursday = future + timedelta(days=3)
    refused = run(db, "move", future.isoformat(), "--to", thursday.isoformat())
    assert refused.exit_code == 2 and refused.stderr.strip() == (
        "Error: to: that day is in the two days before your match, and this session has Nordic "
        "or slow-lowering work that would leave you sore for it"
    )
    friday = json.loads(
        run(
            db, "today", "--date", (future + timedelta(days=4)).isoformat(), "--format", "json"
        ).stdout
    )
    assert not any(
        "nordic" in i["exercise"] for b in friday["session"]["blocks"] for i in b["items"]
    )


def test_a_red_flag_at_start_ends_the_programme_being_followed(db, tmp_path):
    started(db)
    flagged = tmp_path / "flagged.toml"
    flagged.write_text(RIA.read_text().replace("chest_pain = false", "chest_pain = true"))
    assert "chest_pain = true" in flagged.read_text()
    result = run(db, "start", "--profile", str(flagged), "--start", START.isoformat())
    assert result.exit_code == 3
    today = run(db, "today")
    assert today.exit_code == 2 and today.stderr.strip() == (  # no programme now
        "Error: No programme yet. Start a programme with `hamstrong start --profile FILE`."
    )


def test_a_finished_programme_names_the_command_for_the_next_block(db):
    started(db)
    result = run(db, "today", "--date", (START + timedelta(weeks=20)).isoformat())
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [
        "• The programme has ended.",
        "• Start a programme with `hamstrong start --profile FILE`.",
    ]
    view = json.loads(
        run(db, "today", "--date", (START + timedelta(weeks=20)).isoformat(), "-f", "json").stdout
    )
    assert view["notes"][0] == "The programme has ended." and view["next"] == "start"


def test_today_on_the_programme_s_final_session_shows_it_with_no_next_one(db):
    """Issue 8 §5: this raised IndexError (examples/ria.toml from 2026-10-05)."""
    assert run(db, "start", "--profile", str(RIA), "--start", "2026-10-05").exit_code == 0
    result = run(db, "today", "--date", "2026-11-27", "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["session"]["date"] == "2026-11-27" and view["session"]["week"] == 8
    assert view["next_date"] is None and view["halt"] is None
    table = run(db, "today", "--date", "2026-11-27")
    assert table.exit_code == 0, table.output
    shown = lines(table.stdout)
    session = view["session"]
    assert (
        f"Today, Friday 27 November 2026: {session['focus']}, about {session['minutes']} min"
        in shown
    )
    cooldown = shown[shown.index("Cool-down") :]  # the last block, and no next session after it
    assert [line for line in cooldown if not line.startswith("    ")] == [
        "Cool-down",
        "  Supine hamstring stretch: 2 × 30 s per side",
        "  Figure-4 glute stretch: 2 × 30 s per side",
    ]


def test_a_chair_stand_per_leg_is_refused_as_on_the_web_and_nothing_is_stored(db):
    started(db)
    result = run(db, "test", "chair-stand", "11", "--side", "left")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: side: only the knee extension is tested per leg: pick both"
    )
    with open_store(db) as store:
        assert store.tests(store.local_user()) == []


def test_the_guided_session_ends_with_the_summary_the_web_shows(db):
    from hamstrong.library import load_library
    from hamstrong.services.programmes import session_summary

    started(db)
    day = START.isoformat()
    view = json.loads(run(db, "today", "--date", day, "--format", "json").stdout)
    answers = [""]  # warm
    for item in view["session"]["blocks"][1]["items"]:
        done = str(item["reps"] if item["reps"] is not None else item["hold_s"])
        for _ in range(item["sets"] * (2 if item["per_side"] else 1)):
            answers += [done, "", "7", "0", "n"]
    result = run(db, "session", "--date", day, "--no-timers", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        summary = session_summary(
            store, user_id=store.local_user(), library=load_library(), day=START
        )
    when = summary.next_session.date
    shown = lines(result.stdout)
    done = shown[[flat(line) for line in shown].index("Done") + 1 :]  # below the "Done" rule
    assert summary.notes and done == [
        f"Next session: {long_day(when)}.",
        *(f"  • {note}" for note in summary.notes),
        "Tomorrow morning, record how it feels: hamstrong checkin --pain N",
    ]


def test_log_in_a_fresh_process_never_imports_sqlalchemy_on_a_sqlite_file(tmp_path):
    db = started(f"sqlite:///{tmp_path / 'h.db'}")
    script = (
        "import sys\n"
        "from hamstrong.cli import main\n"
        f"sys.argv = ['hamstrong', '--db', {db!r}, 'log', 'glute-bridge', '--reps', '10']\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert done.code == 0, done.code\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "False"
    assert stored_sets(db) == 1


def test_swap_lists_keeps_refuses_and_changes_back(db):
    started(db)  # Ria trains Mon, Wed, Fri
    future = TODAY + timedelta(days=7 - TODAY.weekday())  # next Monday
    day = future.isoformat()
    listed = run(db, "swap", day)
    assert listed.exit_code == 0, listed.output
    rows = listed.stdout.splitlines()
    planned = next(
        line.split()[0]
        for n, line in enumerate(rows[:-1])
        if rows[n + 1].startswith("  ") and not rows[n + 1].startswith("  no swap")
    )
    chosen = rows[rows.index(next(x for x in rows if x.startswith(planned))) + 1].split()[0]
    kept = run(db, "swap", day, planned, "--to", chosen)
    assert kept.exit_code == 0, kept.output
    assert kept.stdout.strip() == (
        f"Swapped {planned} for {chosen} in the session of {long_day(future)}, until you "
        "change it back."
    )
    shown = json.loads(run(db, "today", "--date", day, "--format", "json").stdout)
    [main] = [b for b in shown["session"]["blocks"] if b["kind"] == "main"]
    assert {"exercise": chosen, "swapped_from": planned}.items() <= next(
        i for i in main["items"] if i["exercise"] == chosen
    ).items()
    name = load_library().get(planned).name
    assert f"{planned} ({name}) -> now {chosen}" in lines(run(db, "swap", day).stdout)
    refused = run(db, "swap", day, planned, "--to", "no-such-lift")
    assert refused.exit_code == 2
    assert (
        refused.stderr.strip() == "Error: swap: 'no-such-lift' is not an exercise in the library."
    )
    both = run(db, "swap", day, planned, "--to", chosen, "--back")
    assert both.exit_code == 2
    assert both.stderr.strip() == "Error: to: give --to EXERCISE, or --back to change it back"
    back = run(db, "swap", day, planned, "--back")
    assert back.stdout.strip() == f"Changed {planned} back in the session of {long_day(future)}."
    again = json.loads(run(db, "today", "--date", day, "--format", "json").stdout)
    assert "swapped_from" not in json.dumps(again)


def test_log_note_goes_with_the_last_set_and_a_long_one_is_refused(db):
    started(db)
    day = START.isoformat()
    logged = run(db, "log", "glute-bridge", "--reps", "12,10", "--date", day, "--note", "hips ok")
    assert logged.exit_code == 0, logged.output
    history = json.loads(run(db, "history", "--format", "json").stdout)
    assert [(s["reps"], s["note"]) for s in history] == [(12, None), (10, "hips ok")]
    long = run(db, "log", "glute-bridge", "--reps", "8", "--date", day, "--note", "x" * 1001)
    assert long.exit_code == 2
    assert long.stderr.strip() == "Error: note: must be at most 1000 characters"
    escape = run(db, "log", "glute-bridge", "--reps", "8", "--date", day, "--note", "a\x1bb")
    assert escape.exit_code == 2
    assert escape.stderr.strip() == (
        "Error: note: must be plain text: remove the control character U+001B"
    )
    assert stored_sets(db) == 2


def test_finish_prints_the_summary_with_the_duration_and_keeps_the_note(db):
    from hamstrong.core.sessions import minutes_text

    started(db)
    with open_store(db) as store:  # started 41 minutes ago on the training screen
        store.start_session(store.local_user(), TODAY, at=now_utc() - timedelta(minutes=41))
    run(db, "log", "glute-bridge", "--reps", "12")
    first = run(db, "finish", "--note", "Busy gym", "--format", "json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert (report["date"], report["note"]) == (TODAY.isoformat(), "Busy gym")
    again = run(db, "finish")  # taken up again and finished later: the note is kept
    assert again.exit_code == 0, again.output
    with open_store(db) as store:
        entry = store.session_entry(store.local_user(), TODAY)
    assert entry is not None and entry.started and entry.finished
    took = minutes_text(entry.finished - entry.started)
    kind = "free session" if report["free"] else "session"
    done = report["sets_done"]
    sets = "1 set" if report["free"] else f"{done} of {report['sets_planned']} planned sets"
    lines = again.stdout.splitlines()
    assert lines[0] == f"Finished: your {kind} of {long_day(TODAY)}, {sets} in {took}."
    assert "Your note: Busy gym" in lines
    cleared = run(db, "finish", "--note", "", "--format", "json")
    assert json.loads(cleared.stdout)["note"] is None


def test_finish_of_an_earlier_day_keeps_its_note_and_the_wrong_day_stores_nothing(db):
    started(db)
    day = START.isoformat()
    run(db, "log", "glute-bridge", "--reps", "12,12", "--kg", "20", "--date", day)
    done = run(db, "finish", "--date", day, "--note", "first week", "--format", "json")
    report = json.loads(done.stdout)
    assert (report["note"], report["finished"], report["seconds"]) == ("first week", None, None)
    nothing = run(db, "finish", "--date", "2030-01-01", "--note", "x")
    assert nothing.exit_code == 2
    assert nothing.stderr.strip() == (
        "Error: No session called '2030-01-01'. Pick a day from your programme."
    )
    bad = run(db, "finish", "--date", "tomorrow")
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1
    with open_store(db) as store:
        assert [s.day for s in store.sessions(store.local_user())] == [START]


def test_records_lists_every_personal_record_with_its_day(db):
    started(db)
    assert run(db, "records").stdout == (
        "No records yet: every set you log is one to beat next time.\n"
    )
    first, second = START, START + timedelta(days=2)
    run(db, "log", "romanian-deadlift", "--reps", "10", "--kg", "20", "--date", first.isoformat())
    run(db, "log", "romanian-deadlift", "--reps", "12", "--kg", "20", "--date", second.isoformat())
    run(db, "log", "nordic-hamstring-curl", "--reps", "3", "--date", second.isoformat())
    shown = run(db, "records")
    assert shown.exit_code == 0, shown.output
    when = short_day(second)
    new = "  (new)" if (TODAY - second).days < 7 else ""
    assert shown.stdout.splitlines()[:3] == [
        f"{when}  Nordic curl, best set: 3 reps of Nordic hamstring curl",
        f"{when}  Romanian deadlift (dumbbells), estimated max: 28 kg (from 12 × 20 kg), "
        f"up from 26.7 kg{new}",
        f"{when}  Romanian deadlift (dumbbells), most reps at 20 kg: 12 reps, up from 10 reps{new}",
    ]
    found = json.loads(run(db, "records", "--format", "json").stdout)
    assert sorted((r["kind"], r["exercise"], r["value"]) for r in found["records"]) == [
        ("e1rm", "romanian-deadlift", 28.0),
        ("nordic", "nordic-hamstring-curl", 3.0),
        ("reps", "romanian-deadlift", 12.0),
    ]
    assert set(found["streak"]) == {"weeks", "best"}
    assert run(db, "records", "--format", "xml").exit_code == 2


def test_only_planned_sets_and_their_stand_ins_fill_the_plan(db):
    started(db)
    day = START.isoformat()
    extra = run(db, "log", "wall-sit", "--reps", "30", "--date", day)  # beside the plan
    assert extra.exit_code == 0, extra.output

    def done() -> int:
        report = json.loads(run(db, "finish", "--date", day, "--format", "json").stdout)
        return int(report["sets_done"])

    assert done() == 0
    stand_in = run(db, "log", "glute-bridge", "--reps", "12", "--date", day)  # for the walkout
    assert stand_in.exit_code == 0, stand_in.output
    assert done() == 1
    run(db, "log", "romanian-deadlift", "--reps", "8", "--kg", "9", "--date", day)
    assert done() == 2
