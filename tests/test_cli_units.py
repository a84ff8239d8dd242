"""Units on the command line: the local user's unit (``profile units``), ``log --lb``, and the
history and plan in pounds; a profile file's ``units`` becomes the user's at ``start``."""

import tomllib
from datetime import date, timedelta

from typer.testing import CliRunner

from hamstrong.cli import app
from hamstrong.core.dates import long_day, short_day
from hamstrong.core.units import KG_PER_LB
from hamstrong.store import open_store
from tests.terminal import lines, tables
from tests.test_cli_training import RIA

runner = CliRunner()


def run(db: str, *args: str):
    return runner.invoke(app, ["--db", db, *args], env={"COLUMNS": "200"})


def test_pounds_in_pounds_out(tmp_path):
    db = f"sqlite:///{tmp_path / 'h.db'}"
    assert run(db, "profile", "units").stdout.strip() == "Loads are in kg."
    assert (
        run(db, "profile", "units", "lbs").stdout.strip()
        == "Loads are now entered and shown in lb."
    )
    logged = run(db, "log", "romanian-deadlift", "--reps", "10,9", "--lb", "45", "--rpe", "7")
    assert logged.exit_code == 0, logged.output
    with open_store(db) as store:
        assert [s.kg for s in store.sets(store.local_user())] == [45 * KG_PER_LB] * 2
    history = tables(run(db, "history").stdout)["Training history"]
    assert (
        " | ".join(history.header)
        == "Day | Exercise | Side | Sets (reps or seconds × lb) | RPE | Pain"
    )
    assert history.rows == [  # the day, the house way
        [
            short_day(date.today()),
            "Romanian deadlift (dumbbells)",
            "",
            "10 × 45 lb, 9 × 45 lb",
            "7, 7",
            "",
        ]
    ]
    both = run(db, "log", "romanian-deadlift", "--reps", "10", "--lb", "45", "--kg", "20")
    assert both.exit_code == 2
    assert both.stderr.strip() == "Error: lb: give the load once, in kg or in lb"
    stone = run(db, "profile", "units", "stone")
    assert stone.exit_code == 2 and stone.stderr.strip() == "Error: unit: 'stone' is not kg or lb"


def test_a_profile_in_pounds_plans_weights_sold_in_pounds(tmp_path):
    db = f"sqlite:///{tmp_path / 'h.db'}"
    profile = tmp_path / "lb.toml"
    text = RIA.read_text()
    profile.write_text(text.replace("level = ", 'units = "lb"\nlevel = ', 1))
    start = date.today() - timedelta(days=date.today().weekday() + 14)
    started = run(db, "start", "--profile", str(profile), "--start", start.isoformat())
    assert started.exit_code == 0, started.output
    assert lines(started.stdout) == [
        f"Saved: 8 weeks, 24 sessions, first on {long_day(start)} (track athlete).",
        "Next: hamstrong today",
    ]
    assert run(db, "profile", "units").stdout.strip() == "Loads are in lb."
    plan = run(db, "plan", "--profile", str(profile), "--format", "table", "--weeks", "4").stdout
    assert " lb " in plan and " kg " not in plan


def test_profile_init_asks_the_unit_and_the_weights_you_have(tmp_path):
    from hamstrong.core.screen import QUESTIONS

    out = tmp_path / "sam.toml"
    answers = ["Sam", "30", "beginner", "general", "2", "mon,thu", "", "30", "mat,dumbbell"]
    answers += ["lb", "15, x", "15, 25"]  # a weight that is not a number is asked again
    answers += ["y", "", "n"]  # floor, no goals, no injury
    answers += ["n" for _ in QUESTIONS]
    result = runner.invoke(
        app, ["profile", "init", "--out", str(out)], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "  Please give numbers with commas between them, like 4, 6, 8" in (
        result.output.splitlines()
    )
    written = tomllib.loads(out.read_text())
    assert written["units"] == "lb" and written["dumbbells"] == [15.0, 25.0]
    assert run(f"sqlite:///{tmp_path / 'h.db'}", "profile", "check", str(out)).exit_code == 0


def test_exports_and_imports_in_pounds(tmp_path):
    db = f"sqlite:///{tmp_path / 'h.db'}"
    run(db, "profile", "units", "lb")
    assert run(db, "log", "romanian-deadlift", "--reps", "10", "--lb", "45").exit_code == 0
    lines = run(db, "export", "--format", "csv").stdout.splitlines()
    assert lines[0].split(",")[3:5] == ["kg", "lb"]
    assert lines[1].split(",")[3:5] == ["20.41165665", "45"]
    history = run(db, "history", "--format", "json").stdout
    assert '"lb": 45.0' in history and '"kg": 20.41165665' in history
    strong = tmp_path / "strong.csv"  # Strong's plain Weight column does not say its unit
    strong.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
        "2025-12-01 18:00:00,Legs,40m,Romanian Deadlift (Dumbbell),1,25,10,0,0,,,\n"
    )
    assert run(db, "import", str(strong)).exit_code == 0  # read in the user's lb
    assert run(db, "import", str(strong), "--unit", "kg").exit_code == 0  # said: another set
    with open_store(db) as store:
        loads = sorted(s.kg for s in store.sets(store.local_user()))
    assert loads == [25 * KG_PER_LB, 45 * KG_PER_LB, 25.0]


def test_loads_over_the_limit_are_refused_in_the_unit_typed(tmp_path):
    db = f"sqlite:///{tmp_path / 'h.db'}"
    heavy = run(db, "log", "romanian-deadlift", "--reps", "10", "--lb", "1200")
    assert heavy.exit_code == 2
    assert heavy.stderr.splitlines() == [
        "Error: lb: must be a number from 1.5 to 1100 lb (leave it empty for bodyweight)"
    ]
    heavy = run(db, "log", "romanian-deadlift", "--reps", "10", "--kg", "600")
    assert heavy.exit_code == 2
    assert heavy.stderr.splitlines() == [
        "Error: kg: must be a number from 0.5 to 500 kg (leave it empty for bodyweight)"
    ]


def test_progress_in_pounds(tmp_path):
    db = f"sqlite:///{tmp_path / 'h.db'}"
    run(db, "profile", "units", "lb")
    assert run(db, "log", "romanian-deadlift", "--reps", "10", "--lb", "45").exit_code == 0
    table = run(db, "progress").stdout
    assert tables(table)["Strength"].rows == [
        ["Romanian deadlift (dumbbells)", "▄", "60 lb estimated max (lifted 45 lb × 10)", "new"]
    ]
    assert lines(table)[:2] == [
        "Adherence: 0 of 0 planned sessions; 1 extra; streak 1 week (best 1).",
        "Weekly hard sets (last 1 week): ▄ now 1",
    ]
    assert " kg" not in table
    document = run(db, "progress", "--format", "json").stdout
    assert '"unit": "kg"' in document  # JSON stays in kg and says so


def test_text_output_writes_days_the_house_way_and_json_stays_iso(tmp_path):
    db = f"sqlite:///{tmp_path / 'h.db'}"
    logged = run(db, "log", "glute-bridge", "--reps", "10", "--date", "2026-11-30")
    assert logged.stdout.strip() == "Logged 1 set of glute-bridge on Monday 30 November 2026."
    checked = run(db, "checkin", "--pain", "2", "--date", "2026-11-30")
    assert checked.stdout.strip() == "Morning pain 2/10 recorded for Monday 30 November 2026."
    assert '"date": "2026-11-30"' in run(db, "history", "--format", "json").stdout
