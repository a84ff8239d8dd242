"""The quick path (hamstrong.cli.fast): the same commands as the typer app, option by option;
the same output, messages and exit codes; and a start that imports none of the heavy
libraries."""

import ast
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from hamstrong.cli import app, commands, fast
from hamstrong.profiles import SAMPLE_PROFILE
from tests.databases import copy_database

ROOT = Path(__file__).parent.parent
RIA = ROOT / "examples" / "ria.toml"
runner = CliRunner()
HEAVY = (
    "typer",
    "click",
    "pydantic",
    "rich",
    "sqlalchemy",
    "alembic",
    "jinja2",
    "reportlab",
    "matplotlib",
    "starlette",
    "fastapi",
    "uvicorn",
    "huey",
    "icalendar",
    "psycopg",
    "argon2",
)
KINDS = {str: "str", int: "int", float: "float", Path: "path", bool: "flag"}


def _kind(param) -> str:
    annotation = param.type_descriptor.annotation
    if param.multiple:
        return "list"
    if isinstance(annotation, type) and issubclass(annotation, fast.StrEnum):
        return "choice"
    return KINDS[annotation]


def _declared(command) -> list[fast.Param]:
    """The typer command's parameters, written as the quick path writes them."""
    found = []
    for param in command.params:
        if param.name == "help":
            continue
        kind = _kind(param)
        names = tuple(param.opts) if param.param_type_name == "option" else ()
        choices = param.type_descriptor.annotation if kind == "choice" else None
        found.append(
            fast.Param(
                param.name,
                kind,
                names,
                tuple(param.secondary_opts),
                choices=choices,
                required=param.required,
            )
        )
    return found


def test_the_quick_path_knows_each_option_exactly_as_the_typer_app_declares_it():
    group = typer.main.get_command(app)
    assert _declared(group) == list(fast.ROOT)
    for name, command in fast.COMMANDS.items():
        assert _declared(group.commands[name]) == list(command.params), name


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("plan", commands.plan),
        ("log", commands.log),
        ("today", commands.today_command),
        ("checkin", commands.checkin),
        ("exercises", commands.exercises),
        ("exercise", commands.exercise),
    ],
)
def test_left_out_options_get_the_typer_apps_defaults(name, body):
    declared = typer.main.get_command(app).commands[name]
    defaults = {p.name: p.default for p in inspect.signature(body).parameters.values()}
    for param in declared.params:
        if param.name != "help" and not param.required:
            assert defaults[param.name] == (param.default if param.default != () else None)


def _quick(argv: list[str], capsys) -> tuple[int, str, str] | None:
    code = fast.run(argv)
    out, err = capsys.readouterr()
    return None if code is None else (code, out, err)


def _typer(argv: list[str]) -> tuple[int, str, str]:
    result = runner.invoke(app, argv, prog_name="hamstrong")
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    profile = tmp_path / "me.json"
    profile.write_text(json.dumps(SAMPLE_PROFILE))
    unanswered = tmp_path / "unanswered.json"
    unanswered.write_text(json.dumps({**SAMPLE_PROFILE, "screen": {}}))
    flagged = tmp_path / "flagged.json"
    flagged.write_text(json.dumps({**SAMPLE_PROFILE, "screen": {"chest_pain": True}}))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**SAMPLE_PROFILE, "minutes": 5, "days": []}))
    return {
        "profile": str(profile),
        "unanswered": str(unanswered),
        "flagged": str(flagged),
        "bad": str(bad),
        "out": str(tmp_path / "plan.ics"),
    }


PLANS = [
    ["plan", "--profile", "{profile}", "--start", "2026-12-07", "--format", "json"],
    ["plan", "--profile={profile}", "--weeks", "3", "-f", "json", "--no-ask"],
    ["plan", "--sample", "--start", "2026-12-07", "--weeks", "2"],
    ["plan", "--profile", "{profile}", "--format", "ical", "--out", "{out}"],
    ["plan", "--profile", "{unanswered}", "--format", "json"],  # exit 2, the questions named
    ["plan", "--profile", "{flagged}", "--format", "json"],  # exit 3, the referral
    ["plan", "--profile", "{bad}"],  # exit 2, each problem named
    ["plan", "--profile", "{profile}", "--start", "7 Dec"],  # exit 2, not a date
    ["plan", "--profile", "{profile}", "--weeks", "99", "-f", "json"],  # exit 2, too many
    ["plan"],  # exit 2, no profile
    ["plan", "--profile", "{profile}", "--sample"],  # exit 2, both
    ["plan", "--profile", "{profile}/nothing.toml"],  # exit 2, no such file
]


@pytest.mark.parametrize("words", PLANS, ids=" ".join)
def test_plan_on_the_quick_path_says_and_exits_as_the_typer_app(words, files, capsys):
    argv = [w.format(**files) for w in words]
    quick = _quick(argv, capsys)
    assert quick is not None, "the quick path should take this one"
    if "--out" in argv:
        written = Path(files["out"]).read_bytes()
        Path(files["out"]).unlink()
    assert quick == _typer(argv)
    if "--out" in argv:
        assert Path(files["out"]).read_bytes() == written


LEFT_TO_TYPER = [
    [],
    ["--help"],
    ["plan", "--help"],
    ["plan", "--sample", "--weeks", "three"],  # typer's own message
    ["plan", "--sample", "--weeks", "-3"],
    ["plan", "--sample", "--format", "yaml"],
    ["plan", "--sample", "-fjson"],
    ["plan", "--sample", "--sample"],
    ["plan", "--sample", "extra"],
    ["plan", "--sample", "--"],
    ["plan", "--profile"],
    ["plan", "--profile", ""],
    ["plan", "--sample", "--no-such-option"],
    ["plan", "--db", "x.db", "--sample"],
    ["--db"],
    ["--db", "x.db"],
    ["--verbose", "plan", "--sample"],
    ["history"],
    ["nonsense"],
    ["log", "glute-bridge"],  # --reps missing
    ["log", "--reps", "10"],  # the exercise missing
    ["log", "glute-bridge", "--reps", "10", "--kg", "1e3"],
    ["log", "glute-bridge", "--reps", "10", "--pain", "2.5"],
    ["log", "glute-bridge", "--reps", "10", "--note", "--kg"],
]


@pytest.mark.parametrize("argv", LEFT_TO_TYPER, ids=" ".join)
def test_anything_unusual_is_left_to_typer_untouched(argv, capsys):
    assert _quick(argv, capsys) is None
    assert capsys.readouterr() == ("", "")


@pytest.fixture(scope="session")
def started_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with RIA's programme started today, made once per worker process (migrating a
    new file and planning took most of each test that compares the two paths on one)."""
    path = tmp_path_factory.mktemp("started") / "started.db"
    result = runner.invoke(app, ["--db", f"sqlite:///{path}", "start", "--profile", str(RIA)])
    assert result.exit_code == 0, result.output
    return path


def _started(started_database: Path, tmp_path: Path, name: str) -> str:
    """A copy of ``started_database`` of its own for one test."""
    return copy_database(started_database, tmp_path / name)


LOGS = [
    ["log", "glute-bridge", "--reps", "12,12,10", "--rpe", "7", "--note", "easy"],
    ["log", "--reps", "10", "romanian-deadlift", "--kg", "20.5", "--date", "2026-11-02"],
    ["log", "single-leg-rdl-dumbbell", "--reps", "8", "--lb=20", "--side", "left"],
    ["log", "glute-bridge", "--reps", "10", "--pain", "3", "--symptom", "sharp"],  # exit 3
    ["log", "glute-bridge", "--reps", "10", "--symptom", "chest", "--symptom", "numbness"],
    ["log", "glute-bridge", "--reps", "ten"],  # exit 2
    ["log", "glute-bridge", "--reps", "10", "--kg", "2", "--lb", "4"],  # exit 2, both
    ["log", "glute-bridge", "--reps", "10", "--side", "middle"],  # exit 2
    ["log", "no-such-exercise", "--reps", "10"],  # exit 2
]


def _same_on_both_paths(words, started_database, tmp_path, capsys) -> tuple[str, str]:
    """Run ``words`` on the quick path and through the Typer app, each on its own copy of a
    started store; both must print and exit alike. Returns the two databases."""
    quick_db = _started(started_database, tmp_path, "quick.db")
    typer_db = _started(started_database, tmp_path, "typer.db")
    quick = _quick(["--db", quick_db, *words], capsys)
    assert quick is not None, "the quick path should take this one"
    assert quick == _typer(["--db", typer_db, *words])
    return quick_db, typer_db


@pytest.mark.parametrize("words", LOGS, ids=" ".join)
def test_log_on_the_quick_path_says_exits_and_stores_as_the_typer_app(
    words, started_database, tmp_path, capsys
):
    quick_db, typer_db = _same_on_both_paths(words, started_database, tmp_path, capsys)
    exported = [
        json.loads(_typer(["--db", db, "history", "--format", "json"])[1])
        for db in (quick_db, typer_db)
    ]
    for logged in [*exported[0], *exported[1]]:
        del logged["at"], logged["key"]  # the clock moved between the two; keys are random
    assert exported[0] == exported[1]


STORE = ("sqlalchemy", "alembic", "psycopg")  # today reads the store through them


STORED = [
    ["today"],
    ["today", "-f", "json"],
    ["today", "--date", "2026-11-02"],
    ["today", "--date", "2Nov"],  # exit 2
    ["checkin", "--pain", "2"],
    ["checkin", "--pain", "2", "--date", "2026-11-02"],
    ["checkin", "--pain", "11"],  # exit 2
    ["checkin", "--pain", "2", "--date", "2099-01-01"],  # exit 2: the future
]


@pytest.mark.parametrize("words", STORED, ids=" ".join)
def test_today_and_checkin_on_the_quick_path_say_and_exit_as_the_typer_app(
    words, started_database, tmp_path, capsys
):
    _same_on_both_paths(words, started_database, tmp_path, capsys)


@pytest.mark.parametrize("words", STORED[:1], ids=" ".join)
def test_today_before_any_programme_says_what_to_do_on_both_paths(words, tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    quick = _quick(["--db", db, *words], capsys)
    assert quick is not None and quick[0] == 2
    assert quick == _typer(["--db", db, *words])


LIBRARY = [
    ["exercises"],
    ["exercises", "--search", "single leg deadlift", "--equipment", "dumbbell"],
    ["exercises", "--pattern", "hinge", "--level", "beginner", "-f", "json"],
    ["exercises", "--equipment", "none", "--equipment", "chair"],
    ["exercises", "--search", "zzzz"],  # nothing matches
    ["exercises", "--pattern", "twist"],  # exit 2
    ["exercise", "nordic-hamstring-curl"],
    ["exercise", "glute-bridge", "--format", "json"],
    ["exercise", "no-such-exercise"],  # exit 2
]


@pytest.mark.parametrize("words", LIBRARY, ids=" ".join)
def test_the_library_on_the_quick_path_says_and_exits_as_the_typer_app(words, capsys):
    quick = _quick(words, capsys)
    assert quick is not None, "the quick path should take this one"
    assert quick == _typer(words)


@pytest.mark.parametrize(
    ("words", "needs"),
    [
        (["plan", "--sample", "--start", "2026-12-07", "--format", "json"], ()),
        (["log", "glute-bridge", "--reps", "10", "--rpe", "7"], ()),  # SQLite without SQLAlchemy
        (["exercises", "--search", "rdl", "-f", "json"], ()),
        (["exercises", "--equipment", "none"], ("rich",)),
        (["exercise", "nordic-hamstring-curl"], ("rich",)),
        (["today", "-f", "json"], STORE),
        (["today"], (*STORE, "rich")),
        (["checkin", "--pain", "1"], ()),  # SQLite without SQLAlchemy, as log
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_the_quick_commands_start_without_the_heavy_libraries(
    words, needs, started_database, tmp_path
):
    db = _started(started_database, tmp_path, "h.db")
    script = (
        "import sys\n"
        "from hamstrong.cli import main\n"
        f"sys.argv = ['hamstrong', '--db', {db!r}, *{words!r}]\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert done.code == 0, done.code\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    imported = set(ast.literal_eval(result.stdout.splitlines()[-1]))
    assert imported <= set(needs)
    assert "typer" not in imported and "pydantic" not in imported


def test_a_reader_that_stops_early_ends_the_quick_path_quietly_as_click_does():
    """`hamstrong plan -f json | head`: exit 1, nothing on stderr (no BrokenPipeError trace)."""
    script = "from hamstrong.cli import main\nmain()\n"
    argv = ["plan", "--sample", "--weeks", "12", "--format", "json"]
    child = subprocess.Popen(
        [sys.executable, "-c", script, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # more than a pipe holds is coming: the write fails
    with child.stderr:
        assert child.wait(timeout=60) == 1
        assert child.stderr.read() == b""
