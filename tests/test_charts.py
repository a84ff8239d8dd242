"""The progress chart: valid PNG and SVG, every panel titled, placeholders, identical bytes."""

import functools
import struct
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from io import BytesIO

import matplotlib as mpl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from hamstrong.core.insight import in_unit, progress
from hamstrong.core.training_log import Checkin, SelfTest, SetEntry, TrainingLog
from hamstrong.core.training_log import TestKind as Kind  # "Test*" names confuse pytest
from hamstrong.core.units import Unit, shown
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput
from hamstrong.library import load_library
from hamstrong.outputs.charts import (
    BLUE,
    TITLES,
    VERMILLION,
    _bars,
    panel_chart,
    progress_chart,
    warm,
)
from tests.strategies import examples

LIBRARY = load_library()
START = date(2026, 1, 5)  # a Monday
TODAY = date(2026, 3, 15)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def full_log() -> TrainingLog:
    sets, checkins = [], []
    for week in range(10):
        for weekday in (0, 3):
            on = START + timedelta(weeks=week, days=weekday)
            sets += [SetEntry(on, "romanian-deadlift", 8, kg=20 + week, rpe=8, pain=2)] * (
                3 + week // 2 + (4 if week == 6 else 0)
            )
            for side, reps in ((Side.LEFT, 8), (Side.RIGHT, 10)):  # same load, like with like
                sets.append(SetEntry(on, "single-leg-rdl-dumbbell", reps, kg=8, rpe=8, side=side))
            sets.append(SetEntry(on, "nordic-hamstring-curl", 3 + week // 3, rpe=9))
            checkins.append(Checkin(on + timedelta(days=1), week % 3))
    tests = (
        SelfTest(START, Kind.AKE, 38, Side.LEFT),
        SelfTest(START + timedelta(weeks=8), Kind.AKE, 25, Side.LEFT),
        SelfTest(START, Kind.SIT_REACH, 12),
        SelfTest(START + timedelta(weeks=8), Kind.SIT_REACH, 14.5),
    )
    return TrainingLog(tuple(sets), tuple(checkins), tests)


FULL = progress(
    full_log(),
    library=LIBRARY,
    today=TODAY,
    planned=[START + timedelta(weeks=w, days=d) for w in range(11) for d in (0, 3)],
)
EMPTY = progress(TrainingLog(), library=LIBRARY, today=TODAY)


@functools.cache
def full_chart(fmt: str) -> bytes:
    """The full chart, drawn once per process for the tests that only read it (a drawing takes
    about a second)."""
    return progress_chart(FULL, fmt)


def png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("prog", ["full", "empty"])
def test_png_is_a_sane_png(prog):
    data = full_chart("png") if prog == "full" else progress_chart(EMPTY, "png")
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 10_000
    assert png_size(data) == (1800, 1080)  # 15 × 9 in at 120 dpi
    assert b"Software" not in data


def test_svg_parses_and_titles_every_panel():
    text = full_chart("svg").decode("utf-8")
    root = ET.fromstring(text)
    assert root.tag.endswith("svg")
    for title in TITLES:
        assert title in text
    assert "No data yet" not in text
    assert "<dc:date>" not in text


def test_empty_progress_shows_a_placeholder_in_every_panel():
    text = progress_chart(EMPTY, "svg").decode("utf-8")
    ET.fromstring(text)
    assert text.count("No data yet") == len(TITLES)
    for title in TITLES:
        assert title in text


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_same_input_same_bytes_and_matplotlibs_global_state_left_alone(fmt):
    before = dict(mpl.rcParams)
    assert progress_chart(FULL, fmt) == full_chart(fmt)  # a new drawing, the same bytes
    assert dict(mpl.rcParams) == before  # the chart's style stays inside its drawing
    warm()  # what a web worker does as it starts changes nothing drawn after it
    assert progress_chart(FULL, fmt) == full_chart(fmt)
    assert dict(mpl.rcParams) == before


def test_partial_progress_mixes_panels_and_placeholders():
    log = TrainingLog((SetEntry(TODAY, "glute-bridge", 12, rpe=8),))
    text = progress_chart(progress(log, library=LIBRARY, today=TODAY), "svg").decode("utf-8")
    assert text.count("No data yet") == 3  # left vs right, pain, self-tests


def test_unknown_format_is_invalid_input():
    with pytest.raises(InvalidInput) as caught:
        progress_chart(FULL, "gif")
    assert caught.value.problems == {"format": "must be png or svg, not 'gif'"}


def test_a_user_in_pounds_reads_pounds_on_the_strength_chart():
    text = panel_chart(in_unit(FULL, Unit.LB), "strength", "svg").decode("utf-8")
    rdl = next(s for s in FULL.strength if s.exercise == "romanian-deadlift")
    latest = shown(rdl.points[-1].value, Unit.LB)
    assert f"Romanian deadlift (dumbbells): {latest:g} lb →" in text
    assert "lb = estimated 1-rep max (Epley)" in text
    assert "kg" not in text
    alone = progress(TrainingLog(full_log().sets[:3]), library=LIBRARY, today=TODAY)
    axis = panel_chart(in_unit(alone, Unit.LB), "strength", "svg").decode("utf-8")
    assert "estimated 1RM (lb)" in axis and "kg" not in axis


@settings(max_examples=examples(10), deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 10), st.booleans()), min_size=1, max_size=120
    ),
    st.sampled_from([0.4, 0.65]),
)
def test_weekly_bars_draw_the_pixels_axes_bar_draws(weeks, width):
    """The charts draw weekly bars as one collection (years of weeks were thousands of
    artists): the picture is ``Axes.bar``'s, pixel for pixel, legend included."""
    x = [i + 0.2 for i in range(len(weeks))]
    heights = [h for h, _, _ in weeks]
    bottom = [b for _, b, _ in weeks]
    colors = [VERMILLION if warned else BLUE for _, _, warned in weeks]

    def drawn(plain: bool) -> bytes:
        figure = Figure(figsize=(6, 3))
        FigureCanvasAgg(figure)
        ax = figure.subplots()
        if plain:
            ax.bar(x, heights, width, bottom=bottom, color=colors, label="done")
        else:
            _bars(ax, x, heights, width, colors, "done", bottom=bottom)
        ax.set_xlim(-1, len(weeks) + 1)
        ax.set_ylim(0, 45)
        ax.legend(loc="upper left")
        out = BytesIO()
        figure.savefig(out, format="png", dpi=60)
        return out.getvalue()

    assert drawn(plain=False) == drawn(plain=True)


def test_the_charts_state_each_rule_from_its_one_definition():
    """Each rule a chart names comes from its one definition in core."""
    from hamstrong.core.assessments import RETEST_WEEKS
    from hamstrong.core.rules import ASYM_MONITOR, SPIKE_PERCENT
    from hamstrong.core.training_log import HARD_RPE

    full = full_chart("svg").decode("utf-8")
    for said in (
        f"jumped more than {SPIKE_PERCENT}%",
        f"&gt; {SPIKE_PERCENT}% jump",
        f"last week + {SPIKE_PERCENT}%",
        f"dotted line: a {ASYM_MONITOR:g}% gap",
        f"re-test every {RETEST_WEEKS} weeks",
    ):
        assert said in full
    assert f"Working sets at RPE {HARD_RPE} or more" in progress_chart(EMPTY, "svg").decode()
