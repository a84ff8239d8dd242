"""The progress charts: one figure of six panels, or any one panel alone, as PNG or SVG bytes.

Built with matplotlib's object-oriented API (``Figure`` + the Agg canvas), never pyplot, so no
global figure state leaks between requests. The bytes are reproducible: the SVG hash salt is fixed
and the date and software stamps are left out. Each panel has one drawing function, shared by the
combined figure and the one-panel charts.
"""

import math
import textwrap
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from io import BytesIO
from typing import Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.typing import RcKeyType

from hamstrong.core.assessments import RETEST_WEEKS
from hamstrong.core.dates import long_day
from hamstrong.core.insight import Progress
from hamstrong.core.readings import PANELS
from hamstrong.core.rules import ASYM_MONITOR, SPIKE_PERCENT
from hamstrong.core.training_log import HARD_RPE, STOP_PAIN, TestKind
from hamstrong.errors import InvalidInput, NotFound, shown

FORMATS = ("png", "svg")
DPI = 120
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
BLUE, ORANGE, SKY, GREEN = "#0072B2", "#E69F00", "#56B4E9", "#009E73"
VERMILLION, PURPLE, YELLOW, BLACK = "#D55E00", "#CC79A7", "#F0E442", "#000000"
GREY, LIGHT, INK, PANEL = "#9A9A9A", "#D9D9D9", "#333333", "#F5F5F5"
LINES = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION)
MARKERS = ("o", "s", "^", "D", "v", "P")
TITLES = (
    "Sessions per week",
    "Weekly hard sets",
    "Strength trend",
    "Left vs right",
    "Pain: during vs next morning",
    "Self-tests",
)
STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 22,  # room for the one-line note under each title
    "axes.labelsize": 10,
    "axes.labelcolor": INK,
    "axes.edgecolor": GREY,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": "#E8E8E8",
    "grid.linewidth": 0.8,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "figure.facecolor": "white",
    "svg.hashsalt": "hamstrong",  # fixed ids, so the same progress gives the same SVG
    "svg.fonttype": "path",  # text as paths: looks the same without the font installed
}
_TREND_MARK = {"up": "↑", "down": "↓", "flat": "→", "new": "•"}
_UNIT_LABEL = {
    "kg": "estimated 1RM (kg)",
    "lb": "estimated 1RM (lb)",
    "reps": "best reps",
    "s": "best hold (s)",
}
_TEST_LABEL = {
    TestKind.AKE: "Knee extension (° short)",
    TestKind.SIT_REACH: "Sit-and-reach (in)",
    TestKind.CHAIR_STAND: "Chair stands (30 s)",
}
_FLAG_COLOUR = {"none": GREY, "monitor": INK, "flag": VERMILLION, "clinician": VERMILLION}


def progress_chart(progress: Progress, fmt: str = "png") -> bytes:
    """Render the six progress panels; ``fmt`` is "png" (120 dpi) or "svg"."""
    _check_format(fmt)
    with mpl.rc_context(STYLE):
        layout = ConstrainedLayoutEngine(w_pad=0.15, h_pad=0.12, hspace=0.1, wspace=0.08)
        figure = Figure(figsize=(15, 9), layout=layout)
        FigureCanvasAgg(figure)
        axes = figure.subplots(2, 3)
        figure.suptitle(
            f"HamStrong progress to {long_day(progress.today)}",
            x=0.01,
            ha="left",
            fontsize=15,
            fontweight="bold",
            color=INK,
        )
        for ax, panel in zip(axes.flat, PANELS, strict=True):
            _DRAW[panel](ax, progress)
        return _save(figure, fmt)


def panel_chart(progress: Progress, panel: str, fmt: str = "png") -> bytes:
    """Render one panel of ``PANELS`` alone (8 × 5 in), drawn as in the six-panel figure."""
    _check_format(fmt)
    if panel not in _DRAW:
        raise NotFound("chart", panel, f"Charts: {', '.join(PANELS)}.")
    with mpl.rc_context(STYLE):
        layout = ConstrainedLayoutEngine(w_pad=0.15, h_pad=0.12)
        figure = Figure(figsize=(8, 5), layout=layout)
        FigureCanvasAgg(figure)
        _DRAW[panel](figure.subplots(), progress)
        return _save(figure, fmt)


def warm() -> None:
    """Draw one small figure as a chart is drawn, so that the fonts, the layout and the Agg
    canvas are loaded (a web worker calls it as it starts: no user's first chart pays it)."""
    with mpl.rc_context(STYLE):
        figure = Figure(figsize=(2, 2), layout=ConstrainedLayoutEngine(w_pad=0.15, h_pad=0.12))
        FigureCanvasAgg(figure)
        _placeholder(figure.subplots(), "Warm", "up")
        _save(figure, "png")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidInput({"format": f"must be {' or '.join(FORMATS)}, not {shown(fmt)}"})


def _save(figure: Figure, fmt: str) -> bytes:
    out = BytesIO()
    if fmt == "png":
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    else:
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def _placeholder(ax: Axes, title: str, hint: str) -> None:
    ax.set_title(title)
    ax.text(
        0.5,
        0.55,
        "No data yet",
        ha="center",
        va="center",
        fontsize=13,
        color=GREY,
        transform=ax.transAxes,
    )
    ax.text(
        0.5, 0.42, hint, ha="center", va="center", fontsize=9, color=GREY, transform=ax.transAxes
    )
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.set_facecolor(PANEL)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _week_ticks(ax: Axes, weeks: Sequence[date]) -> None:
    """Label at most about eight weeks so the labels never overlap."""
    step = max(1, math.ceil(len(weeks) / 8))
    positions = list(range(0, len(weeks), step))
    ax.set_xticks(positions, [f"{weeks[i].day} {weeks[i]:%b}" for i in positions])
    spare = max(0, 4 - len(weeks)) / 2  # a lone week should not become one huge bar
    ax.set_xlim(-0.6 - spare, len(weeks) - 0.4 + spare)
    ax.set_xlabel("week starting")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def _x(days: Sequence[date]) -> list[int]:
    """Dates as day numbers: plain floats keep the axis simple, typed and reproducible."""
    return [d.toordinal() for d in days]


def _day_label(x: float, _position: object = None) -> str:
    day = date.fromordinal(max(1, round(x)))
    return f"{day.day} {day:%b}"


def _date_axis(ax: Axes, days: Sequence[date]) -> None:
    """The days themselves when few, else about five Mondays; labelled like "5 Jan"."""
    first, last = min(days), max(days)
    distinct = sorted({d.toordinal() for d in days})
    if len(distinct) <= 5:
        ticks = distinct
    else:
        monday = first.toordinal() - first.weekday()
        step = 7 * max(1, math.ceil((last.toordinal() - monday + 1) / 7 / 5))
        ticks = list(range(monday, last.toordinal() + step, step))
    ax.set_xticks(ticks)
    ax.xaxis.set_major_formatter(FuncFormatter(_day_label))
    margin = max(3, (last - first).days // 20)
    ax.set_xlim(first.toordinal() - margin, last.toordinal() + margin)


def _bars(
    ax: Axes,
    x: Sequence[float],
    heights: Sequence[float],
    width: float,
    color: str | Sequence[str],
    label: str | None = None,
    *,
    bottom: Sequence[float] | None = None,
) -> None:
    """Bars centred on ``x`` as one collection of rectangles, drawn as ``Axes.bar`` draws them
    (no edge): ``bar`` makes an artist per bar, and years of weeks are thousands of them."""
    base = bottom if bottom is not None else [0.0] * len(x)
    half = width / 2
    rectangles = [
        [(i - half, b), (i - half, b + h), (i + half, b + h), (i + half, b)]
        for i, h, b in zip(x, heights, base, strict=True)
    ]
    colors = [color] * len(x) if isinstance(color, str) else list(color)
    bars = PolyCollection(
        rectangles, facecolors=colors, edgecolors="none", linewidths=0, label=label
    )
    ax.add_collection(bars)


def _note(ax: Axes, text: str) -> None:
    ax.text(0.0, 1.0, text, transform=ax.transAxes, ha="left", va="bottom", fontsize=9, color=GREY)


def _sessions(ax: Axes, progress: Progress) -> None:
    weeks = progress.adherence.weeks
    if not weeks:
        _placeholder(ax, TITLES[0], "Planned and logged sessions appear here.")
        return
    ax.set_title(TITLES[0])
    x = range(len(weeks))
    any_plan = any(w.planned for w in weeks)
    if any_plan:
        _bars(ax, [i - 0.2 for i in x], [w.planned for w in weeks], 0.4, LIGHT, "planned")
        _bars(ax, [i + 0.2 for i in x], [w.done for w in weeks], 0.4, BLUE, "done")
        _bars(
            ax,
            [i + 0.2 for i in x],
            [w.trained - w.done for w in weeks],
            0.4,
            SKY,
            "extra days",
            bottom=[w.done for w in weeks],
        )
    else:
        _bars(ax, list(x), [w.trained for w in weeks], 0.6, BLUE, "training days")
    _week_ticks(ax, [w.week_start for w in weeks])
    ax.set_ylabel("sessions")
    top = max(max(w.planned, w.trained) for w in weeks)
    ax.set_ylim(0, max(3, top) * 1.45)
    ax.legend(loc="upper left", ncols=3)
    a = progress.adherence
    parts = [f"{a.done} of {a.planned} planned sessions done ({a.percent}%)"] if a.planned else []
    parts.append(f"streak {a.streak_weeks} wk (best {a.best_streak_weeks})")
    _note(ax, "  ·  ".join(parts))


def _hard_sets(ax: Axes, progress: Progress) -> None:
    weekly = progress.weekly
    if not any(w.hard_sets for w in weekly):
        _placeholder(ax, TITLES[1], f"Working sets at RPE {HARD_RPE} or more, counted per week.")
        return
    ax.set_title(TITLES[1])
    x = list(range(len(weekly)))
    sets = [w.hard_sets for w in weekly]
    _bars(ax, x, sets, 0.65, [VERMILLION if w.warning else BLUE for w in weekly])
    # Where last week's count plus SPIKE_PERCENT would sit: a bar above the tick is a spike (§6).
    rise = 1 + SPIKE_PERCENT / 100
    limits = [prev * rise if prev else math.nan for prev in [0, *sets[:-1]]]
    ax.plot(
        x,
        limits,
        linestyle="none",
        marker="_",
        markersize=16,
        markeredgewidth=2,
        color=INK,
    )
    for i, w in enumerate(weekly):
        if w.warning:
            ax.annotate(
                "jump",
                (i, w.hard_sets),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                color=VERMILLION,
                fontweight="bold",
            )
    _week_ticks(ax, [w.week_start for w in weekly])
    ax.set_ylabel("hard sets")
    ax.set_ylim(0, max([1, *sets, *(v for v in limits if not math.isnan(v))]) * 1.35)
    handles = [
        Patch(color=BLUE, label="hard sets"),
        Patch(color=VERMILLION, label=f"> {SPIKE_PERCENT}% jump"),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="_",
            markersize=14,
            markeredgewidth=2,
            color=INK,
            label=f"last week + {SPIKE_PERCENT}%",
        ),
    ]
    ax.legend(handles=handles, loc="upper left", ncols=3)
    warned = sum(1 for w in weekly if w.warning)
    plural = "week" if warned == 1 else "weeks"
    over = f"{SPIKE_PERCENT}%"
    jumps = f"{warned} {plural} jumped more than {over}" if warned else f"no jumps over {over}"
    _note(ax, f"this week {sets[-1]} sets  ·  {jumps}")


def _strength(ax: Axes, progress: Progress) -> None:
    shown = sorted(progress.strength, key=lambda s: (-len(s.points), s.exercise))[:4]
    if not shown:
        _placeholder(ax, TITLES[2], "Your best set per exercise per day.")
        return
    ax.set_title(TITLES[2])
    units = {s.unit for s in shown}
    same_unit = len(units) == 1
    load = next((u for u in ("kg", "lb") if u in units), None)  # the user's, after in_unit
    days: list[date] = []
    values_shown: list[float] = []
    for i, series in enumerate(shown):
        points = [p for p in series.points if p.unit == series.unit]
        values = [p.value for p in points]
        if not same_unit:  # kg and reps share no axis: plot each as % of its first point
            values = [v / values[0] * 100 if values[0] else math.nan for v in values]
        days += [p.date for p in points]
        values_shown += [v for v in values if not math.isnan(v)]
        name = textwrap.shorten(series.name, 30, placeholder="…")
        ax.plot(
            _x([p.date for p in points]),
            values,
            color=LINES[i],
            marker=MARKERS[i],
            markersize=4,
            linewidth=2,
            label=f"{name}: {points[-1].value:g} {series.unit} {_TREND_MARK[series.trend]}",
        )
    _date_axis(ax, days)
    low, high = (min(values_shown), max(values_shown)) if values_shown else (0.0, 1.0)
    ax.set_ylim(min(0, low) if same_unit else low * 0.9, high + max(high - low, high * 0.1) * 0.7)
    ax.set_ylabel(_UNIT_LABEL.get(units.pop(), "value") if same_unit else "% of first session")
    ax.legend(loc="upper left")
    _note(ax, "best set per day" + (f"  ·  {load} = estimated 1-rep max (Epley)" if load else ""))


def _sides(ax: Axes, progress: Progress) -> None:
    items = sorted(progress.asymmetry, key=lambda a: (-a.percent, a.exercise))[:5]
    if not items:
        _placeholder(ax, TITLES[3], "Log one-leg sets for each side to compare legs.")
        return
    ax.set_title(TITLES[3])
    x = list(range(len(items)))
    strong = [max(a.left, a.right) or 1.0 for a in items]
    ax.bar(
        [i - 0.19 for i in x],
        [a.left / s * 100 for a, s in zip(items, strong, strict=True)],
        0.36,
        color=BLUE,
        label="left",
    )
    ax.bar(
        [i + 0.19 for i in x],
        [a.right / s * 100 for a, s in zip(items, strong, strict=True)],
        0.36,
        color=ORANGE,
        label="right",
    )
    for i, a in enumerate(items):
        flag = "" if a.flag == "none" else f"\n{a.flag}"
        ax.text(
            i,
            103,
            f"{a.percent:g}% gap{flag}",
            ha="center",
            va="bottom",
            fontsize=9,
            color=_FLAG_COLOUR[a.flag],
            fontweight="bold" if a.flag in ("flag", "clinician") else "normal",
        )
    ax.set_xticks(x, [textwrap.fill(a.name, 18) for a in items], fontsize=8.5)
    ax.set_xlim(-0.6, max(len(items), 2) - 0.4)
    ax.set_ylim(0, 140)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.set_ylabel("% of the stronger side")
    ax.axhline(100 - ASYM_MONITOR, color=GREY, linewidth=1, linestyle=":")
    ax.legend(loc="upper left", ncols=2)
    _note(ax, f"mean of the last 2 sessions  ·  dotted line: a {ASYM_MONITOR:g}% gap")


def _pain(ax: Axes, progress: Progress) -> None:
    rows = [p for p in progress.pain if p.during is not None or p.next_morning is not None]
    if not rows:
        _placeholder(ax, TITLES[4], "Pain during sets and at the next-morning check-in.")
        return
    ax.set_title(TITLES[4])
    ax.axhspan(STOP_PAIN, 12, color=VERMILLION, alpha=0.07, linewidth=0)
    limit = f"{STOP_PAIN}/10 limit"
    ax.axhline(STOP_PAIN, color=VERMILLION, linewidth=1.2, linestyle="--", label=limit)
    during = [(p.date, p.during) for p in rows if p.during is not None]
    morning = [(p.date, p.next_morning) for p in rows if p.next_morning is not None]
    if during:
        ax.plot(
            _x([d for d, _ in during]),
            [v for _, v in during],
            color=ORANGE,
            marker="o",
            markersize=5,
            linewidth=1.8,
            label="during sets",
        )
    if morning:
        ax.plot(
            _x([d for d, _ in morning]),
            [v for _, v in morning],
            color=BLUE,
            marker="s",
            markersize=5,
            linewidth=1.8,
            label="next morning",
        )
    _date_axis(ax, [p.date for p in rows])
    ax.set_ylim(-0.3, 12)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel("pain (0-10)")
    ax.legend(loc="upper left", ncols=3)
    _note(ax, f"up to {STOP_PAIN}/10 is acceptable if it settles by the next morning")


def _tests(ax: Axes, progress: Progress) -> None:
    if not progress.tests:
        _placeholder(ax, TITLES[5], "Knee extension, sit-and-reach and chair-stand results.")
        return
    ax.set_title(TITLES[5])
    lines: dict[tuple[TestKind, str], list[tuple[date, float]]] = defaultdict(list)
    for test in progress.tests:
        lines[(test.kind, test.side.value)].append((test.day, test.value))
    for i, ((kind, side), points) in enumerate(sorted(lines.items())):
        label = _TEST_LABEL[kind] + ("" if side == "both" else f", {side}")
        ax.plot(
            _x([d for d, _ in points]),
            [v for _, v in points],
            color=LINES[i % len(LINES)],
            marker=MARKERS[i % len(MARKERS)],
            markersize=5,
            linewidth=1.8,
            label=label,
        )
    _date_axis(ax, [t.day for t in progress.tests])
    ax.set_ylabel("result (units in the legend)")
    ax.set_ylim(0, max(t.value for t in progress.tests) * (1.35 + 0.1 * len(lines)) or 1)
    ax.legend(loc="upper right")
    ake = "knee extension: lower is better  ·  " if TestKind.AKE in {k for k, _ in lines} else ""
    _note(ax, f"{ake}re-test every {RETEST_WEEKS} weeks")


# Panel name (PANELS, also the web's chart URLs) → its drawing function, in page order.
_DRAW: dict[str, Callable[[Axes, Progress], None]] = {
    "sessions": _sessions,
    "hard-sets": _hard_sets,
    "strength": _strength,
    "balance": _sides,
    "pain": _pain,
    "self-tests": _tests,
}
