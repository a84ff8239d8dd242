"""The command line: formats, exit codes and one-line messages for every kind of bad input."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from hamstrong.cli import app
from hamstrong.core.dates import long_day, short_day
from hamstrong.core.screen import DISCLAIMER, QUESTIONS, SECTION_TITLES
from hamstrong.library import load_library, photo_file
from hamstrong.present import BLOCK_TITLES
from hamstrong.profiles import SAMPLE_PROFILE
from hamstrong.services.programmes import screen_referral
from tests.terminal import flat, lines, tables
from tests.web.soup import one, parse, text

runner = CliRunner()
WIDE = {"COLUMNS": "160"}
KEYS = """level = "beginner"
sessions_per_week = 2
days = ["mon", "thu"]
minutes = 30
equipment = ["mat", "slider"]
goals = ["strength"]
"""
SCREEN = "[screen]\n" + "".join(f"{q.key} = false\n" for q in QUESTIONS)  # all answered, no flag
GOOD = KEYS + SCREEN


def run(*args: str, input: str | None = None):
    """The command as a person types it (its name in messages is ``hamstrong``), on a terminal
    wide enough that tables wrap the same way on every machine."""
    return runner.invoke(app, list(args), input=input, prog_name="hamstrong", env=WIDE)


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "me.toml"
    path.write_text(GOOD)
    return path


def test_plan_json_is_the_plan_contract(profile):
    result = run(
        "plan",
        "--profile",
        str(profile),
        "--start",
        "2026-12-07",
        "--weeks",
        "3",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["schema"] == "hamstrong.plan/1"
    assert plan["start"] == "2026-12-07" and plan["weeks"] == 3 and plan["referral"] is None
    assert plan["profile"]["level"] == "beginner"
    session = plan["sessions"][0]
    assert session["date"] == "2026-12-07" and session["week"] == 1
    assert [b["kind"] for b in session["blocks"]] == ["warmup", "main", "mobility", "cooldown"]
    main = session["blocks"][1]["items"][0]
    assert {"exercise", "sets", "reps", "per_side", "load", "tempo", "rest_s", "rpe", "why"} <= set(
        main
    )
    ids = json.loads(run("exercises", "--format", "json").stdout)
    known = {e["id"] for e in ids}
    assert all(
        i["exercise"] in known for s in plan["sessions"] for b in s["blocks"] for i in b["items"]
    )


def test_plan_ical_parses_back_with_one_event_per_session(profile, tmp_path):
    out = tmp_path / "plan.ics"
    result = run(
        "plan",
        "--profile",
        str(profile),
        "--start",
        "2026-12-07",
        "--weeks",
        "4",
        "--format",
        "ical",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 8
    assert str(events[0]["DTSTART"].dt) == "2026-12-07"
    described = str(events[0]["DESCRIPTION"]).splitlines()
    assert described[:3] == ["Monday 7 December 2026", "Warm-up:", "- Marching on the spot: 1 × 40"]
    assert str(events[0]["SUMMARY"]) == (
        "HamStrong week 1: hip hinge, hamstring curl, bridge, leg strength (25 min)"
    )
    assert len({str(e["UID"]) for e in events}) == 8


def test_plan_html_is_a_printable_page(profile):
    args = ("plan", "--profile", str(profile), "--start", "2026-12-07", "--weeks", "2")
    result = run(*args, "--format", "html")
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith("<!doctype html>") and "@media print" in page
    plan = json.loads(run(*args, "--format", "json").stdout)
    shown = parse(page)
    assert text(one(shown, "p.meta")) == (  # the house date format, never 2026-12-07
        "2 weeks from Monday 7 December 2026 · beginner · 30 min sessions · plan: general strength"
    )
    assert [text(h) for h in shown.select("section.week h2")] == ["Week 1", "Week 2"]
    assert [text(h) for h in shown.select("section.week h3")] == [
        f"{long_day(date.fromisoformat(s['date']))} · {s['focus']} · about {s['minutes']} min"
        for s in plan["sessions"]
    ]
    assert "2026-12-07" not in text(shown)
    one_week = parse(run(*args[:-1], "1", "--format", "html").stdout)
    assert text(one(one_week, "p.meta")).startswith("1 week from Monday 7 December 2026 · ")


def test_plan_table_shows_each_week(profile):
    args = ("plan", "--profile", str(profile), "--start", "2026-12-07", "--weeks", "2")
    result = run(*args)
    assert result.exit_code == 0, result.output
    plan = json.loads(run(*args, "--format", "json").stdout)
    library = load_library()
    shown = tables(result.stdout)
    assert list(shown) == ["Week 1", "Week 2"]
    assert flat(result.stdout).startswith(
        "HamStrong programme: 2 weeks from Monday 7 December 2026 · beginner · 30 min · "
        "plan: general strength Week 1 "
    )
    for week, table in shown.items():
        sessions = [s for s in plan["sessions"] if f"Week {s['week']}" == week]
        assert table.header == ["Day", "Block", "Exercise", "Dose", "Why"]
        assert len(table.sections) == len(sessions) == 2
        for n, session in enumerate(sessions):
            day, blocks, names, _, _ = table.columns(n)
            when = date.fromisoformat(session["date"])
            assert day == f"{short_day(when)} ~{session['minutes']} min"
            assert blocks == " ".join(
                BLOCK_TITLES[b["kind"]] for b in session["blocks"] if b["items"]
            )
            assert names == " ".join(
                library.get(i["exercise"]).name for b in session["blocks"] for i in b["items"]
            )


EMERGENCY = (
    "Seek emergency care now (call your local emergency number or go to an emergency "
    "department): these signs can mean pressure on the nerves at the base of the spine, which "
    "needs urgent assessment."
)
UNANSWERED = (
    "Error: screen.chest_pain: not answered yet (Chest pain, pressure or tightness, at rest or "
    "when active?); answer yes or no; screen.dvt_signs: not answered yet (A calf or thigh that "
    "is swollen, warm, red or tender, especially after a long journey, surgery, a plaster cast "
    "or time in bed?); answer yes or no. Add the answers to the profile's [screen] table or "
    "pass --ask, then run the command again"
)


def test_no_plan_without_a_screen_names_each_unanswered_question_with_exit_2(tmp_path):
    partial = "[screen]\n" + "".join(
        f"{q.key} = false\n" for q in QUESTIONS if q.key not in ("chest_pain", "dvt_signs")
    )
    path = tmp_path / "half.toml"
    path.write_text(KEYS + partial)
    for args in (("--format", "json"), ("--no-ask",), ("--format", "ical")):
        result = run("plan", "--profile", str(path), *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stdout == ""  # never a plan that reads the gaps as "no"
        assert " ".join(result.stderr.split()) == UNANSWERED
    db = f"sqlite:///{tmp_path / 'h.db'}"
    start = runner.invoke(app, ["--db", db, "start", "--profile", str(path), "--no-ask"])
    assert start.exit_code == 2 and " ".join(start.stderr.split()) == UNANSWERED
    assert runner.invoke(app, ["--db", db, "today"]).exit_code == 2  # nothing was saved


def test_unanswered_screen_questions_are_asked_and_a_yes_refers(tmp_path):
    path = tmp_path / "half.toml"
    path.write_text(KEYS + "[screen]\n" + "".join(f"{q.key} = false\n" for q in QUESTIONS[1:]))
    first = QUESTIONS[0]
    asked = run("plan", "--profile", str(path), "--ask", "--weeks", "1", input="n\n")
    assert asked.exit_code == 0, asked.output
    assert first.key == "chest_pain"
    assert lines(asked.stdout)[:5] == [
        "Your profile leaves 1 safety-screen question unanswered. Answer yes or no:",
        "",
        SECTION_TITLES[first.urgency],
        f"  {first.text} [y/N]: n",
        f"HamStrong programme: 1 week from {long_day(date.today())} · beginner · 30 min · "
        "plan: general strength",
    ]
    assert list(tables(asked.stdout)) == ["Week 1"]
    flagged = run("plan", "--profile", str(path), "--ask", input="y\n")
    assert flagged.exit_code == 3
    assert flat(flagged.stdout).endswith(
        "· plan: see a clinician first Do not start training yet "
        f"{screen_referral({'chest_pain': True}).advice} • {first.text} {DISCLAIMER}"
    )


def test_red_flag_exits_3_with_a_referral(tmp_path):
    path = tmp_path / "flag.json"
    path.write_text(json.dumps({**SAMPLE_PROFILE, "screen": {"saddle_numbness": True}}))
    result = run("plan", "--profile", str(path), "--format", "json")
    assert result.exit_code == 3
    plan = json.loads(result.stdout)
    assert plan["sessions"] == [] and plan["referral"]["urgency"] == "emergency"
    assert plan["referral"]["advice"] == f"{EMERGENCY} Do not train."
    assert result.stderr.strip() == f"Safety screen: {EMERGENCY} Do not train."
    table = run("plan", "--profile", str(path))
    assert table.exit_code == 3
    [saddle] = [q.text for q in QUESTIONS if q.key == "saddle_numbness"]
    assert flat(table.stdout) == (
        f"HamStrong programme for Sam: 8 weeks from {long_day(date.today())} · beginner · "
        f"30 min · plan: see a clinician first Do not start training yet {EMERGENCY} Do not "
        f"train. • {saddle} {DISCLAIMER}"
    )


BAD_INPUTS = {  # each profile's content, and the one line a person reads ({path}: the file)
    "missing-file": (
        None,
        "profile: {path} does not exist. Create one with `hamstrong profile init`.",
    ),
    "empty-file": ("", "profile: {path} is empty. Create one with `hamstrong profile init`."),
    "binary": (b"\x00\x01\xff\xfe", "profile: {path} is not a UTF-8 text file (binary?)"),
    "broken-toml": (
        'level = "beginner\n',
        "profile: {path} is not valid TOML (Illegal character '\\n' (at line 1, column 18))",
    ),
    "broken-json": (
        "{",
        "profile: {path} is not valid JSON (line 1: Expecting property name enclosed in double "
        "quotes)",
    ),
    "wrong-type": (
        GOOD.replace("minutes = 30", 'minutes = "thirty"'),
        "minutes: must be a whole number, not 'thirty'",
    ),
    "unknown-equipment": (
        GOOD.replace('"slider"', '"treadmill"'),
        "equipment.1: must be dumbbell, barbell, kettlebell, stability_ball, resistance_band, "
        "ankle_anchor, bench, step, slider, chair, wall or mat, not 'treadmill'",
    ),
    "minutes-out-of-range": (
        GOOD.replace("minutes = 30", "minutes = 5"),
        "minutes: must be 15 or more",
    ),
    "sessions-out-of-range": (
        GOOD.replace("sessions_per_week = 2", "sessions_per_week = 5"),
        "sessions_per_week: must be 2 or 3, not 5",
    ),
    "duplicate-days": (
        GOOD.replace('["mon", "thu"]', '["mon", "mon"]'),
        "days: lists mon more than once; give each once",
    ),
    "unknown-key": (
        KEYS + "favourite = 3\n" + SCREEN,
        "favourite: is not a profile key; the keys are name, age, level, sessions_per_week, "
        "days, minutes, equipment, goals, population, injuries, screen, floor, supervised, "
        "match_day, units, dumbbells, kettlebells",
    ),
    "missing-level": (GOOD.replace('level = "beginner"\n', ""), "level: is required"),
    "older-without-chair": (
        KEYS + 'population = "older_adult"\n' + SCREEN,
        "equipment: older adults train next to a sturdy chair (for support and sit-to-stands): "
        'add "chair" to equipment',
    ),
    "unknown-screen-question": (
        GOOD + "feels_fine = false\n",
        "screen: unknown question feels_fine; the questions are "
        + ", ".join(q.key for q in QUESTIONS),
    ),
    "huge-file": (
        "#" * 200_000,
        "profile: {path} is 200,000 bytes; a profile is a small text file (at most 64 KiB)",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_profile_gives_exit_2_and_one_line(tmp_path, case):
    content, expected = BAD_INPUTS[case]
    suffix = ".json" if case == "broken-json" else ".toml"
    path = tmp_path / f"profile{suffix}"
    if content is not None:
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run("plan", "--profile", str(path), "--format", "json")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == ["Error: " + expected.replace("{path}", str(path))]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["plan", "--sample", "--start", "2026-02-30"],
            "start: '2026-02-30' is not a date; use YYYY-MM-DD",
        ),
        (
            ["plan", "--sample", "--start", "tomorrow"],
            "start: 'tomorrow' is not a date; use YYYY-MM-DD",
        ),
        (["plan", "--sample", "--weeks", "0"], "weeks: must be a whole number from 1 to 52, not 0"),
        (
            ["plan", "--sample", "--weeks", "many"],
            "Invalid value for '--weeks': Input should be a valid integer, unable to parse string "
            "as an integer (see `hamstrong plan --help`)",
        ),
        (
            ["plan", "--sample", "--format", "docx"],
            "Invalid value for '--format' / '-f': Value error, 'docx' is not one of 'table', "
            "'json', 'ical', 'html', 'pdf'. (see `hamstrong plan --help`)",
        ),
        (["plan"], "profile: give --profile FILE (or --sample for the built-in one)"),
        (
            ["exercise", "nordic-crul"],
            "No exercise called 'nordic-crul'. Run `hamstrong exercises` to list the ids.",
        ),
        (
            ["exercises", "--pattern", "squat"],
            "pattern: 'squat' is not allowed; use one of hinge, knee_flexion, knee_extension, "
            "bridge, lunge, isometric, stretch, warmup, balance",
        ),
        (
            ["exercises", "--equipment", "treadmill"],
            "equipment: 'treadmill' is not allowed; use one of dumbbell, barbell, kettlebell, "
            "stability_ball, resistance_band, ankle_anchor, bench, step, slider, chair, wall, mat",
        ),
        (
            ["exercises", "--level", "expert"],
            "level: 'expert' is not allowed; use one of beginner, intermediate, advanced",
        ),
        (
            ["catalogue", "--level", "pro"],
            "level: 'pro' is not allowed; use one of beginner, intermediate, expert",
        ),
        (["catalogue", "--show", "Nope"], "show: no catalogue entry has the id 'Nope'"),
        (["catalogue", "--file", "/no/such.json"], "file: /no/such.json does not exist"),
        (["nonsense"], "No such command 'nonsense'. (see `hamstrong --help`)"),
    ],
    ids=[
        "impossible-date",
        "word-date",
        "weeks-zero",
        "weeks-text",
        "unknown-format",
        "no-profile",
        "unknown-exercise",
        "unknown-pattern",
        "unknown-equipment",
        "unknown-level",
        "catalogue-level",
        "catalogue-id",
        "catalogue-file",
        "unknown-command",
    ],
)
def test_bad_arguments_give_exit_2_and_one_line(args, expected):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [f"Error: {expected}"]


def test_out_to_a_folder_is_bad_input_and_writes_nothing(tmp_path):
    result = run("plan", "--sample", "--format", "json", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: out: {tmp_path} is a folder; give a file name"
    assert list(tmp_path.iterdir()) == []


def test_exercises_filters_and_json_contract():
    result = run(
        "exercises",
        "--pattern",
        "hinge",
        "--equipment",
        "dumbbell",
        "--level",
        "beginner",
        "--format",
        "json",
    )
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert found and all(
        e["pattern"] == "hinge" and set(e["equipment"]) <= {"dumbbell"} and e["level"] == "beginner"
        for e in found
    )
    assert {"romanian-deadlift", "hip-hinge-dowel"} <= {e["id"] for e in found}
    bodyweight = json.loads(run("exercises", "--equipment", "mat", "--format", "json").stdout)
    assert all(e["equipment"] in ([], ["mat"]) for e in bodyweight)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        (
            "nordik",
            ["band-assisted-nordic", "partial-nordic", "nordic-hamstring-curl", "loaded-nordic"],
        ),
        ("RDL", None),
        ("single leg deadlift", None),
    ],
    ids=["typo", "short-form", "other-apps-name"],
)
def test_exercises_search_forgives_like_the_web(search, expected):
    from hamstrong.library import load_library
    from hamstrong.services.catalogue import find_exercises

    result = run("exercises", "--search", search, "--format", "json")
    assert result.exit_code == 0
    ids = [e["id"] for e in json.loads(result.stdout)]
    assert ids == [e.id for e in find_exercises(load_library(), text=search)]
    if expected is not None:
        assert ids == expected
    assert ids


def test_exercises_search_that_finds_nothing_says_what_to_try():
    result = run("exercises", "--search", "zzz qqq")
    assert result.exit_code == 0
    assert result.stdout == (
        "No exercise matches. Check the spelling, use fewer words, or drop a filter "
        "(`hamstrong exercises` lists them all).\n"
    )


def test_exercises_equipment_none_lists_bodyweight_only():
    found = json.loads(run("exercises", "--equipment", "none", "--format", "json").stdout)
    assert found and all(e["equipment"] == [] for e in found)
    everything = json.loads(run("exercises", "--format", "json").stdout)
    assert len(everything) > len(found)


def test_exercise_text_shows_cues_ladder_and_photos():
    result = run("exercise", "romanian-deadlift")
    assert result.exit_code == 0
    e = load_library().get("romanian-deadlift")
    assert flat(result.stdout) == " ".join(
        [
            "Romanian deadlift (dumbbells) (romanian-deadlift)",
            e.summary,
            "Pattern hinge Level beginner One leg at a time no Equipment dumbbell",
            "Tempo 3-1-1-0 Dose 8-12 reps Muscles hamstrings, glutes, lower back",
            "Cues",
            *(f"• {cue}" for cue in e.cues),
            "Common mistakes",
            *(f"• {mistake}" for mistake in e.mistakes),
            "Easier Hip hinge with a dowel (hip-hinge-dowel), "
            "Kettlebell deadlift (kettlebell-deadlift)",
            "Harder Barbell Romanian deadlift (barbell-romanian-deadlift)",
            "Left out of plans for: hamstring strain, low back pain",
            "Photos",
            *(str(photo_file(photo)) for photo in e.photos),
            "Photos: free-exercise-db (public domain, Unlicense), "
            "https://github.com/yuhonas/free-exercise-db",
        ]
    )
    data = json.loads(run("exercise", "nordic-hamstring-curl", "--format", "json").stdout)
    assert data["id"] == "nordic-hamstring-curl" and "ankle_anchor" in data["equipment"]


def test_catalogue_search_and_skipped_entries(tmp_path):
    result = run("catalogue", "curl", "--muscle", "hamstrings", "--format", "json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert found and all("hamstrings" in e["primaryMuscles"] + e["secondaryMuscles"] for e in found)
    broken = tmp_path / "cat.json"
    broken.write_text(json.dumps([found[0], {"id": 5}]))
    result = run("catalogue", "--file", str(broken))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ["Skipped: entry 2: id must be non-empty text; skipped"]
    listed = tables(result.stdout)["1 of 1 catalogue entries"]
    assert listed.header == ["id", "name", "level", "equipment", "muscles"]
    assert listed.rows == [
        [
            found[0]["id"],
            found[0]["name"],
            found[0]["level"],
            found[0]["equipment"] or "none",
            ", ".join(found[0]["primaryMuscles"]),
        ]
    ]


def interview_answers(flag: str | None = None) -> str:
    answers = [
        "Dana",
        "67",
        "beginner",
        "older_adult",
        "2",
        "mon,wed,fri",
        "",  # no match day
        "30",
        "mat",
        "n",  # cannot get down to the floor: chair-based work
        "balance",
        "n",
    ]
    answers += ["y" if q.key == flag else "n" for q in QUESTIONS]
    return "\n".join(answers) + "\n"


def test_profile_init_asks_and_writes_a_valid_profile(tmp_path):
    out = tmp_path / "dana.toml"
    result = run("profile", "init", "--out", str(out), input=interview_answers())
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert 'population = "older_adult"' in text and '"chair"' in text  # chair added for support
    assert "floor = false" in text and "match_day" not in text
    assert run("profile", "check", str(out)).exit_code == 0
    plan = run("plan", "--profile", str(out), "--format", "json", "--weeks", "2")
    assert plan.exit_code == 0 and json.loads(plan.stdout)["track"] == "older_adult"
    ids = {
        i["exercise"]
        for s in json.loads(plan.stdout)["sessions"]
        for b in s["blocks"]
        for i in b["items"]
    }
    assert "standing-hip-extension" in ids and "glute-bridge" not in ids


def test_profile_init_asks_a_young_athlete_about_a_coach_a_match_day_and_strain_signs(tmp_path):
    out = tmp_path / "kai.toml"
    answers = ["Kai", "15", "intermediate", "athlete", "3", "mon,wed,fri", "sat", "45"]
    answers += ["ankle_anchor,mat", "y", "n", "sprint"]  # floor yes, no coach
    answers += [
        "y",
        "hamstring_strain",
        "left",
        "3",
        "n",
        "n",
    ]  # 3 weeks ago, not assessed or cleared
    answers += ["y", "y", "n", "y", "y", "y", "y", "y"]  # every sign but jogging
    answers += ["n"]  # no other injury
    answers += ["n" for _ in QUESTIONS]
    result = run("profile", "init", "--out", str(out), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert 'match_day = "sat"' in text and "supervised = " not in text and "floor = true" in text
    assert '"walking"' in text and '"jogging"' not in text
    plan = json.loads(run("plan", "--profile", str(out), "--format", "json").stdout)
    assert plan["track"] == "strain" and plan["profile"]["match_day"] == "sat"


def test_profile_init_red_flag_exits_3_and_says_what_to_do(tmp_path):
    out = tmp_path / "flag.toml"
    result = run("profile", "init", "--out", str(out), input=interview_answers("bladder_change"))
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        "Do not start training yet.",
        f"{EMERGENCY} Do not train.",
        "  - New trouble passing urine, or loss of bladder control or feeling?",
    ]
    assert run("profile", "check", str(out)).exit_code == 3


def test_profile_init_never_overwrites_without_force(profile):
    result = run("profile", "init", "--out", str(profile))
    assert result.exit_code == 2 and result.stderr.strip() == (
        f"Error: out: {profile} already exists; pass --force to overwrite it"
    )
    assert profile.read_text() == GOOD


def test_json_is_byte_identical_across_processes(profile):
    command = [
        sys.executable,
        "-m",
        "hamstrong",
        "plan",
        "--profile",
        str(profile),
        "--start",
        "2026-12-07",
        "--weeks",
        "6",
        "--format",
        "json",
    ]
    first = subprocess.run(command, capture_output=True, check=True)
    second = subprocess.run(command, capture_output=True, check=True)
    assert first.stdout == second.stdout and first.stdout.startswith(b"{")


def test_a_real_process_prints_no_traceback_on_bad_input(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    done = subprocess.run(
        [sys.executable, "-m", "hamstrong", "plan", "--profile", str(bad)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (
            GOOD.replace("minutes = 30", "minutes = -5"),
            "Error: minutes: must be 15 or more",
        ),
        (
            GOOD.replace('["mon", "thu"]', "[]"),
            "Error: days: must have at least 1 entry",
        ),
        (
            GOOD.replace('level = "beginner"', f'level = "{"x" * 10_000}"'),
            f"Error: level: must be beginner, intermediate or advanced, not '{'x' * 39}…'",
        ),
    ],
    ids=["below-the-range", "empty-list", "long-value-cut"],
)
def test_profile_messages_are_plain_words_and_cut_long_values(tmp_path, profile, message):
    """Issue 10: no "List should have at least 1 item after validation", no "(got -5)", and a
    10,000-character value is not echoed back in full."""
    path = tmp_path / "profile.toml"
    path.write_text(profile)
    result = run("plan", "--profile", str(path), "--format", "json")
    assert result.exit_code == 2
    assert " ".join(result.stderr.split()) == message


def test_an_unknown_long_id_is_cut_in_the_message():
    result = run("exercise", "y" * 10_000)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"Error: No exercise called '{'y' * 39}…'.")
