"""Programmes and today's session as terminal text (tables per week)."""

import io
import shutil
import sys
from itertools import groupby
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from hamstrong.core.dates import long_day, short_day
from hamstrong.core.exercises import Exercise, Library
from hamstrong.core.programme import Programme
from hamstrong.core.rules import Alert, Finding
from hamstrong.core.screen import DISCLAIMER
from hamstrong.errors import Next
from hamstrong.present import (
    BLOCK_TITLES,
    counted,
    dose_text,
    gap_text,
    item_name,
    notation,
    side_value,
    track_title,
)

if TYPE_CHECKING:
    from hamstrong.core.formhistory import FormTrend
    from hamstrong.core.insight import Progress
    from hamstrong.core.units import Unit
    from hamstrong.services.programmes import Today
    from hamstrong.services.sessions import Records, Report


NEXT_COMMANDS: dict[Next, str] = {
    Next.START: "Start a programme with `hamstrong start --profile FILE`.",
    Next.RESCREEN: (
        "Answer the safety screen again: `hamstrong profile init`, then `hamstrong start`."
    ),
    Next.EXERCISES: "Run `hamstrong exercises` to list the ids.",
    Next.PROFILE: "Create one with `hamstrong profile init`.",
    Next.CHECKIN: "Record each morning's pain: `hamstrong checkin --pain N`.",
    Next.VIDEO_EXTRA: (
        "Install the video extra: run `make install`, or `pip install 'hamstrong[video]'` then "
        "`pip install --no-deps mediapipe==0.10.21`."
    ),
}


def with_next(message: str, next: Next | None) -> str:
    """A message followed by the command that does what comes next (the web shows a link)."""
    if next is None:
        return message
    stop = "" if message.endswith((".", "!", "?")) else "."
    return f"{message}{stop} {NEXT_COMMANDS[next]}"


def programme_tables(programme: Programme, library: Library) -> str:
    """Rendered text (with colour when stdout is a terminal)."""
    colour = sys.stdout.isatty()
    width = min(max(shutil.get_terminal_size((120, 40)).columns, 80), 160)
    console = Console(
        file=io.StringIO(), width=width, record=True, force_terminal=colour, highlight=False
    )
    p = programme.profile
    who = f" for {escape(p.name)}" if p.name else ""
    console.print(
        f"[bold]HamStrong programme{who}[/]: {counted(programme.weeks, 'week', 'weeks')} from "
        f"{long_day(programme.start)} · {p.level.value} · {p.minutes} min · "
        f"plan: {track_title(programme.track)}"
    )
    if programme.referral is not None:
        r = programme.referral
        console.print(
            Panel(
                Group(Text(r.advice, style="bold"), *(Text(f"• {reason}") for reason in r.reasons)),
                title="Do not start training yet",
                border_style="red",
            )
        )
    for warning in programme.warnings:
        console.print(f"[yellow]![/] {escape(warning)}")
    if programme.daily:
        console.print(
            "[bold]Every day:[/] "
            + "; ".join(f"{library.get(h.exercise).name} ({h.how})" for h in programme.daily)
        )
    for week, sessions in groupby(programme.sessions, key=lambda s: s.week):
        table = Table(
            title=f"Week {week}",
            title_style="bold",
            title_justify="left",
            header_style="bold",
            expand=True,
        )
        table.add_column("Day", no_wrap=True)
        table.add_column("Block", no_wrap=True)
        table.add_column("Exercise", ratio=2)
        table.add_column("Dose", ratio=3)
        table.add_column("Why", ratio=4, style="dim")
        for session in sessions:
            day = f"{short_day(session.date)}\n~{session.minutes} min"
            for block in session.blocks:
                for position, item in enumerate(block.items):
                    table.add_row(
                        day,
                        BLOCK_TITLES[block.kind.value] if position == 0 else "",
                        item_name(item, library),
                        dose_text(item),
                        item.why
                        if block.kind.value in ("main", "mobility") or position == 0
                        else "",
                    )
                    day = ""
            table.add_section()
        console.print(table)
    for line in notation(programme.sessions):
        console.print(f"[dim]{escape(line)}[/]")
    console.print(f"[dim]{DISCLAIMER}[/]")
    return console.export_text(styles=colour)


def how_to(exercise: Exercise, indent: str = "    ") -> list[str]:
    """Every cue and every common mistake of an exercise, as lines of terminal markup."""
    return [f"{indent}[green]✓[/] {escape(cue)}" for cue in exercise.cues] + [
        f"{indent}[red]✗[/] {escape(mistake)}" for mistake in exercise.mistakes
    ]


HALT_TITLES = {
    Alert.STOPPED: "Session stopped: do not train today",
    Alert.PAUSED: "Loading paused: no session today",
}


def halt_panel(halt: Finding, title: str | None = None) -> Panel:
    """A stop or a pause: what happened, what to check, and the way back."""
    lines = [escape(halt.text), ""]
    lines += [f"• {escape(check)}" for check in halt.checks]
    if halt.next is not None:
        lines += ["", escape(NEXT_COMMANDS[halt.next])]
    return Panel("\n".join(lines), title=title or HALT_TITLES[halt.alert], border_style="red")


def today_text(view: "Today", library: Library) -> str:
    """Today's session with cues, tempo, rest and why; or when the next one is and why."""
    colour = sys.stdout.isatty()
    console = Console(
        file=io.StringIO(),
        width=min(shutil.get_terminal_size((100, 40)).columns, 120),
        record=True,
        force_terminal=colour,
        highlight=False,
    )
    if view.halt is not None:
        console.print(halt_panel(view.halt))
    for note in view.notes:
        if view.halt is None or note != view.halt.text:
            console.print(f"[yellow]•[/] {escape(note)}")
    if view.next and view.halt is None:
        console.print(f"[yellow]•[/] {escape(NEXT_COMMANDS[view.next])}")
    session = view.session
    if session is None:
        if view.next_date:
            console.print(f"Next session: [bold]{long_day(view.next_date)}[/].")
        return console.export_text(styles=colour)
    console.print(
        f"[bold]Today, {long_day(session.date)}[/]: {escape(session.focus)},"
        f" about {session.minutes} min"
    )
    for block in session.blocks:
        if not block.items:
            continue
        console.print(f"\n[bold]{BLOCK_TITLES[block.kind.value]}[/]")
        for item in block.items:
            exercise = library.get(item.exercise)
            side = f" ({item.side.value} side)" if item.side else ""
            name = item_name(item, library)
            console.print(f"  [bold]{escape(name)}{side}[/]: {dose_text(item)}")
            for line in how_to(exercise):
                console.print(line)
            if block.kind.value == "main":
                console.print(f"    [dim]{escape(item.why)}[/]")
    if view.next_date:
        console.print(f"\nAfter today: next session {long_day(view.next_date)}.")
    return console.export_text(styles=colour)


def progress_text(report: "Progress") -> str:
    """A compact terminal summary with sparklines; the charts carry the detail."""
    from hamstrong.core.assessments import TEST_NAMES
    from hamstrong.core.insight import sparkline

    colour = sys.stdout.isatty()
    console = Console(
        file=io.StringIO(), width=100, record=True, force_terminal=colour, highlight=False
    )
    a = report.adherence
    done = f"{a.done} of {a.planned} planned sessions" + (
        f" ({a.percent}%)" if a.percent is not None else ""
    )
    streak = counted(a.streak_weeks, "week", "weeks")
    console.print(
        f"[bold]Adherence[/]: {done}; {a.extra} extra; streak {streak} "
        f"(best {a.best_streak_weeks})."
    )
    if report.weekly:
        sets = [w.hard_sets for w in report.weekly][-12:]
        last = counted(len(sets), "week", "weeks")
        console.print(f"[bold]Weekly hard sets[/] (last {last}): {sparkline(sets)} now {sets[-1]}")
    if report.nordic and any(n.reps for n in report.nordic):
        reps = [n.reps for n in report.nordic][-12:]
        console.print(f"[bold]Nordic reps a week[/]: {sparkline(reps)} now {reps[-1]}")
    if report.strength:
        table = Table(title="Strength", title_justify="left", header_style="bold")
        for column in ("Exercise", "Trend", "Latest best", ""):
            table.add_column(column)
        for series in report.strength:
            table.add_row(
                escape(series.name),
                sparkline([p.value for p in series.points][-12:]),
                series.points[-1].label,
                series.trend,
            )
        console.print(table)
    if report.asymmetry:
        table = Table(
            title="Left / right", title_justify="left", header_style="bold", show_lines=True
        )
        for column in ("Exercise", "Left", "Right"):
            table.add_column(column, no_wrap=column != "Exercise")
        table.add_column("Difference", ratio=1)
        for item in report.asymmetry:
            table.add_row(
                escape(item.name),
                side_value(item.left, item.unit),
                side_value(item.right, item.unit),
                escape(gap_text(item)),
            )
        console.print(table)
    if report.pain:
        during = [p.during for p in report.pain][-14:]
        morning = [p.next_morning for p in report.pain][-14:]
        console.print(f"[bold]Pain during[/]:   {sparkline(_floats(during))}")
        console.print(f"[bold]Next morning[/]: {sparkline(_floats(morning))}")
    if not (report.weekly or report.strength):
        console.print("Nothing logged yet: `hamstrong session` or `hamstrong log` first.")
    for warning in report.warnings:
        console.print(f"[yellow]![/] {escape(warning)}")
    for retest in report.retests:
        when = "due now" if retest.due_by(report.today) else short_day(retest.due)
        console.print(
            f"[bold]Next {escape(TEST_NAMES[retest.kind])} test[/]: {when} "
            f"(`hamstrong test {retest.kind.value}` shows how)."
        )
    return console.export_text(styles=colour)


def form_trends_text(trends: "list[FormTrend]") -> str:
    """Saved form checks per exercise: the reading, then lowering time (and break angle) per day."""
    colour = sys.stdout.isatty()
    console = Console(
        file=io.StringIO(), width=100, record=True, force_terminal=colour, highlight=False
    )
    for trend in trends:
        table = Table(
            title=f"Form checks: {escape(trend.title)}", title_justify="left", header_style="bold"
        )
        nordic = any(p.break_deg is not None for p in trend.points)
        for column in ("Day", "Lowering", "Tempo", *(["Break angle"] if nordic else [])):
            table.add_column(column)
        for p in trend.points:
            cells = [
                short_day(p.day),
                "" if p.lowering_s is None else f"{p.lowering_s:.1f} s",
                f"{p.tempo_s:g} s" if p.tempo_s else "",
            ]
            if nordic:
                cells.append("" if p.break_deg is None else f"{p.break_deg:.0f}°")
            table.add_row(*cells)
        console.print(table)
        console.print(escape(trend.reading))
    return console.export_text(styles=colour)


def _floats(values: "list[int | None]") -> "list[float | None]":
    return [float(v) if v is not None else None for v in values]


def report_lines(report: "Report", library: Library, unit: "Unit") -> list[str]:
    """A finished session as plain lines: the same facts, in the same words, as the web's
    summary page (sets, duration, streak, note, records beaten, next time and why)."""
    from hamstrong.core.records import record_text, streak_text
    from hamstrong.core.sessions import minutes_text

    done, planned = report.counts
    if report.free:
        sets = f"{done} set{'' if done == 1 else 's'}"
    else:
        sets = f"{done} of {planned} planned sets"
    length = report.duration
    took = f" in {minutes_text(length)}" if length else ""
    kind = "free session" if report.free else "session"
    lines = [f"Finished: your {kind} of {long_day(report.day)}, {sets}{took}."]
    streak = streak_text(report.streak)
    if streak:
        lines.append(streak)
    if report.entry and report.entry.note:
        lines.append(f"Your note: {report.entry.note}")
    if report.records:
        lines.append("New personal records:")
        lines += [f"  - {record_text(r, library, unit=unit)}" for r in report.records]
    following = report.summary.next_session
    if following is None:
        lines.append("That was the last session of this programme.")
    else:
        lines.append(f"Next time: {long_day(following.date)}.")
        lines += [
            f"  - {library.get(item.exercise).name}: {dose_text(item)}"
            for item in following.main_items
        ]
    if report.summary.notes:
        lines.append("What changes, and why:")
        lines += [f"  - {note}" for note in report.summary.notes]
    else:
        lines.append("No changes: the same again next time.")
    return lines


def records_lines(found: "Records", library: Library, unit: "Unit") -> list[str]:
    """Every personal record, one a line with the day it was set (a record beaten within the
    last week is marked new), by exercise; then the week streak."""
    from hamstrong.core.records import in_order, record_text, streak_text

    if not found.records:
        return ["No records yet: every set you log is one to beat next time."]
    ordered = in_order(found.records, library, unit)
    lines = [
        f"{short_day(r.best.day)}  {record_text(r, library, unit=unit)}"
        + ("  (new)" if r.is_new(found.today) else "")
        for r in ordered
    ]
    streak = streak_text(found.streak)
    return [*lines, streak] if streak else lines
