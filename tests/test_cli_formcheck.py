"""`hamstrong check`: the JSON contract, the picture, and one line with exit 2 for every bad clip."""

import json
import sys
from pathlib import Path

import cv2
import pytest
from typer.testing import CliRunner

from hamstrong.cli import app
from tests.clips import REAL, sag_bridge
from tests.terminal import flat, lines, tables

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def sag_clip(tmp_path_factory) -> Path:
    return sag_bridge(tmp_path_factory.mktemp("clips"))


def test_check_json_names_the_mistake_draws_the_worst_rep_and_saves_it(sag_clip, tmp_path):
    picture = tmp_path / "worst.png"
    db = f"sqlite:///{tmp_path / 'h.db'}"
    result = run(
        "--db",
        db,
        "check",
        str(sag_clip),
        "--exercise",
        "glute-bridge",
        "--format",
        "json",
        "--overlay",
        str(picture),
        "--save",
        "--date",
        "2026-12-07",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rep_count"] == 1 and data["worst_rep"] == 1
    # analysed at 15 frames/s this rep reads 2.4 s: inside the worst-rep bound of 0.5 s
    assert data["reps"][0]["lowering_s"] == pytest.approx(2.0, abs=0.5)
    (finding,) = data["findings"]
    assert finding["mistake"].startswith("Hips sagging at the top")
    assert finding["cue"].startswith("Squeeze your glutes")
    image = cv2.imread(str(picture))
    assert image.shape == (480, 640, 3)
    # --save: the result (not the clip) is kept with the day's session and shows on progress
    progress = run("--db", db, "progress", "--format", "json")
    assert progress.exit_code == 0, progress.output
    (trend,) = json.loads(progress.stdout)["form_checks"]
    assert (trend["exercise"], trend["side"]) == ("glute-bridge", None)
    (saved,) = trend["checks"]
    assert saved["date"] == "2026-12-07"
    lowering = next(m["value"] for m in data["summary"] if m["key"] == "lowering_s")
    assert saved["lowering_s"] == pytest.approx(lowering)
    table = run("--db", db, "progress")
    checks = tables(table.stdout)["Form checks: Glute bridge"]
    assert checks.header == ["Day", "Lowering", "Tempo"]
    assert checks.rows == [["Mon 7 Dec 2026", f"{lowering:.1f} s", "2 s"]]
    shown = lines(table.stdout)
    below = shown.index("Form checks: Glute bridge")
    end = next(n for n in range(below, len(shown)) if shown[n].startswith("└"))
    assert flat("\n".join(shown[end + 1 :])).startswith(trend["reading"])  # under its table


def test_check_table_shows_verdict_reps_mistakes_and_limits(library, capsys):
    from hamstrong.cli.formcheck import _table
    from hamstrong.core.formcheck import check
    from tests.core import formsynth as fs

    q, _ = fs.timeline(3, 3.0, 0.5, 1.0, 0.5)
    series = fs.clip(lambda v: fs.hinge(70 * v, 10 + 60 * v), q, q.duration)
    _table(check(series, library.get("barbell-romanian-deadlift")))
    out = capsys.readouterr().out
    shown = lines(out)
    assert shown[0] == (
        "Barbell Romanian deadlift: 3 reps. Lowering 3.1 s against the 3 s tempo. Turning it into "
        "a squat (reps 1, 2, 3)."
    )
    [reps] = tables(out).values()
    assert reps.header == [
        "rep",
        "lowering s",
        "pause s",
        "rising s",
        "trunk lean at the bottom °",
        "hip bend at the bottom °",
        "knee bend at the bottom °",
    ]
    assert reps.rows == [
        [number, "3.1", "0.4", "1.1", "70", "105", "70"] for number in ("1 ←", "2", "3")
    ]
    assert shown[-4:] == [
        "Prescribed lowering: 3 s.",
        "Mistake: Turning it into a squat: knees bent by 70° at the bottom (reps 1, 2, 3).",
        "  Cue: Keep the knee bend small and constant.",
        "View: 0° off side-on; 16.5 s at 30 frames/s.",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--exercise", "march"],
            "The form check does not cover Marching on the spot yet; it covers "
            "band-assisted-nordic, band-good-morning, banded-bridge-walkout, "
            "barbell-romanian-deadlift, glute-bridge, glute-bridge-walkout, hamstring-walkout, "
            "hip-hinge-dowel, hip-thrust, kettlebell-deadlift, loaded-nordic, "
            "nordic-hamstring-curl, partial-nordic, romanian-deadlift, single-leg-ball-curl, "
            "single-leg-bridge, single-leg-rdl, single-leg-rdl-dumbbell, "
            "single-leg-rdl-kettlebell, single-leg-slider-curl, slider-leg-curl, "
            "stability-ball-leg-curl, supported-single-leg-rdl.",
        ),
        (
            ["--exercise", "no-such-thing"],
            "No exercise called 'no-such-thing'. Run `hamstrong exercises` to list the ids.",
        ),
        (
            ["--exercise", "glute-bridge", "--side", "middle"],
            "side: 'middle' is not a side; use left or right",
        ),
        (
            ["--exercise", "glute-bridge", "--overlay", "x.jpg"],
            "overlay: x.jpg: use a file name ending in .png",
        ),
        (
            ["--exercise", "glute-bridge", "--compare", "x.mp4"],
            "compare: left and right are compared for one-leg exercises only",
        ),
    ],
)
def test_bad_options_are_one_line_and_exit_2(sag_clip, args, message):
    result = run("check", str(sag_clip), *args)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"Error: {message}"]


def test_not_a_video_and_no_file(tmp_path):
    fake = tmp_path / "holiday.mov"
    fake.write_bytes(b"\x00\x01 not a movie")
    result = run("check", str(fake), "--exercise", "glute-bridge")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: holiday.mov is not a video this check can read; film an mp4, mov or webm clip."
    )
    missing = run("check", str(tmp_path / "gone.mp4"), "--exercise", "glute-bridge")
    assert missing.exit_code == 2 and missing.stderr.strip() == (
        f"Error: There is no file called {tmp_path / 'gone.mp4'}."
    )


def test_without_the_video_packages_the_command_says_how_to_install_them(sag_clip, monkeypatch):
    monkeypatch.setitem(sys.modules, "mediapipe", None)  # import mediapipe: ImportError
    result = run("check", str(sag_clip), "--exercise", "glute-bridge")
    assert result.exit_code == 2
    assert flat(result.stderr) == (
        "Error: The form check is not available on this installation. Install the video extra: "
        "run `make install`, or `pip install 'hamstrong[video]'` then "
        "`pip install --no-deps mediapipe==0.10.21`."
    )


def test_real_footage_too_short_for_a_rep_is_refused_before_the_model_runs():
    result = run("check", str(REAL / "cam01.mp4"), "--exercise", "single-leg-rdl")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: The clip is 1.7 s long; film the whole set, at least 2 seconds."
    )
