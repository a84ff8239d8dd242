"""Benchmarks: print figures, never assert. Run with `make bench`.

- plan: median time to plan 12 weeks in-process over 1,000 generated profiles (target < 5 ms)
- cli:  median end-to-end time of `hamstrong plan --format json` from process start, and its
        ratio to a bare `python -c pass` start on the same machine (< 8x), wall and CPU time,
        the runs interleaved
- log:  median end-to-end time of `hamstrong log` for one set (< 300 ms)
- checkin, today: the same for `hamstrong checkin --pain 2` (the quick path, no SQLAlchemy) and
        `hamstrong today --format json` (reads the store through SQLAlchemy), on the log's store
- progress: time to compute `progress` over 5 years of 3 sessions a week, ~40,000 sets (< 500 ms)
- import: rows per second importing a 50,000-row Strong CSV into SQLite (> 20,000 rows/s)
"""

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hamstrong.core.planner import plan_programme
from hamstrong.core.screen import SCREEN_KEYS
from hamstrong.core.training_log import SetEntry
from hamstrong.core.vocab import Equipment, Goal, InjuryKind, Level, Population, Side, Weekday
from hamstrong.library import load_library
from hamstrong.profiles import SAMPLE_PROFILE, profile_from_mapping


def random_profile(rng: random.Random) -> dict[str, Any]:
    equipment = rng.sample([e.value for e in Equipment], rng.randint(0, len(Equipment)))
    population = rng.choice([None, *[p.value for p in Population]])
    if population == "older_adult" and "chair" not in equipment:
        equipment.append("chair")
    data: dict[str, Any] = {
        "level": rng.choice([lv.value for lv in Level]),
        "sessions_per_week": rng.choice([2, 3]),
        "days": rng.sample([d.value for d in Weekday], rng.randint(1, 7)),
        "minutes": rng.randint(15, 90),
        "equipment": equipment,
        "goals": rng.sample([g.value for g in Goal], rng.randint(0, 3)),
        "injuries": [
            {
                "kind": rng.choice([k.value for k in InjuryKind]),
                "weeks_ago": rng.randint(0, 30),
                "cleared": rng.random() < 0.5,
            }
        ]
        if rng.random() < 0.3
        else [],
        "screen": dict.fromkeys(SCREEN_KEYS, False),
    }
    if population:
        data["population"] = population
    return data


def bench_plan(count: int = 1000) -> float:
    rng = random.Random(20261207)
    library = load_library()
    profiles = [profile_from_mapping(random_profile(rng)) for _ in range(count)]
    timings = []
    for profile in profiles:
        started = time.perf_counter()
        plan_programme(profile, date(2026, 12, 7), 12, library)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def _plan_command(folder: Path) -> list[str]:
    path = folder / "profile.json"
    path.write_text(json.dumps(SAMPLE_PROFILE))
    return [
        _hamstrong(),
        "plan",
        "--profile",
        str(path),
        "--start",
        "2026-12-07",
        "--weeks",
        "12",
        "--format",
        "json",
    ]


def _log_command(folder: Path) -> list[str]:
    db = f"sqlite:///{folder / 'log.db'}"
    profile = folder / "p.json"
    profile.write_text(json.dumps(SAMPLE_PROFILE))
    subprocess.run(
        [_hamstrong(), "--db", db, "start", "--profile", str(profile)],
        check=True,
        capture_output=True,
    )
    return [_hamstrong(), "--db", db, "log", "glute-bridge", "--reps", "12", "--rpe", "7"]


def bench_starts(folder: Path, runs: int = 15) -> dict[str, tuple[float, float]]:
    """Median wall and CPU time (ms, from process start to exit) of a bare `python -c pass`,
    `hamstrong plan --format json`, `hamstrong log`, `checkin` and `today`, after one warm-up
    run each.

    The three run in turn, round after round, so a change in the machine's load meets all of
    them alike and their ratios hold; CPU time (the child's user + system) barely moves with
    the load. As installed: the warm-up writes the bytecode (pip compiles it at install; an
    editable install on first use) and the parsed exercise catalogue beside it, so the children
    run without PYTHONDONTWRITEBYTECODE, which would have every run compile hamstrong afresh."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    commands = {
        "bare": [sys.executable, "-c", "pass"],
        "plan": _plan_command(folder),
        "log": _log_command(folder),
    }
    store = commands["log"][:3]  # hamstrong --db URL: the store log writes to
    commands["checkin"] = [*store, "checkin", "--pain", "2"]
    commands["today"] = [*store, "today", "--format", "json"]
    for command in commands.values():
        subprocess.run(command, check=True, capture_output=True, env=env)  # warm the caches
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            started = time.perf_counter()
            child = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
            )
            _, status, usage = os.wait4(child.pid, 0)
            walls[name].append(time.perf_counter() - started)
            cpus[name].append(usage.ru_utime + usage.ru_stime)
            if status != 0:
                raise SystemExit(f"{name}: {' '.join(command)} failed ({status})")
    return {
        name: (statistics.median(walls[name]) * 1000, statistics.median(cpus[name]) * 1000)
        for name in commands
    }


def _hamstrong() -> str:
    return str(Path(sys.executable).with_name("hamstrong"))


def five_years(start: date) -> list[SetEntry]:
    """3 sessions a week for 5 years, about 51 sets a session: one-leg work on both sides."""
    exercises = [
        ("romanian-deadlift", Side.BOTH, 20.0),
        ("single-leg-rdl-dumbbell", Side.LEFT, 8.0),
        ("single-leg-rdl-dumbbell", Side.RIGHT, 8.0),
        ("slider-leg-curl", Side.BOTH, None),
        ("nordic-hamstring-curl", Side.BOTH, None),
        ("glute-bridge", Side.BOTH, None),
    ]
    sets = []
    for week in range(260):
        for offset in (0, 2, 4):
            day = start + timedelta(weeks=week, days=offset)
            for exercise, side, kg in exercises:
                for order in range(1, 9):
                    sets.append(
                        SetEntry(
                            day,
                            exercise,
                            8 + week % 4,
                            kg and kg + week * 0.1,
                            7.0,
                            1,
                            side,
                            order=order,
                        )
                    )
    return sets


def bench_progress(folder: Path) -> tuple[int, float, float]:
    from hamstrong.core.insight import progress
    from hamstrong.core.training_log import TrainingLog
    from hamstrong.services.progress import progress as service_progress
    from hamstrong.store import open_store

    start = date(2021, 11, 1)
    sets = five_years(start)
    library = load_library()
    today = start + timedelta(weeks=260)
    log = TrainingLog(tuple(sets))
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        progress(log, library=library, today=today)
        timings.append(time.perf_counter() - started)
    with open_store(f"sqlite:///{folder / 'progress.db'}") as store:
        user = store.local_user()
        store.add_sets(user, sets)
        started = time.perf_counter()
        service_progress(store, user_id=user, library=library, today=today)
        with_store = time.perf_counter() - started
    return len(sets), statistics.median(timings) * 1000, with_store * 1000


def strong_csv(rows: int) -> str:
    lines = ["Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE"]
    names = [
        "Romanian Deadlift (Barbell)",
        "Nordic Hamstring Curl",
        "Glute Bridge",
        "Lying Leg Curl",
    ]
    day = datetime(2020, 1, 1, 18, 0)
    for n in range(rows):
        workout = day + timedelta(days=2 * (n // 20))
        lines.append(
            f"{workout:%Y-%m-%d %H:%M:%S},Posterior,1h 5m,{names[(n // 5) % 4]},"
            f"{n % 5 + 1},{40 + n % 7 * 2.5},{8 + n % 3},0,0,{7 + n % 3}"
        )
    return "\n".join(lines) + "\n"


def bench_import(folder: Path, rows: int = 50_000) -> float:
    from hamstrong.services.transfer import import_text
    from hamstrong.store import open_store

    text = strong_csv(rows)
    with open_store(f"sqlite:///{folder / 'import.db'}") as store:
        user = store.local_user()
        started = time.perf_counter()
        summary = import_text(
            store, user_id=user, text=text, library=load_library(), today=date(2040, 1, 1)
        )
        elapsed = time.perf_counter() - started
    if summary.added != rows:
        raise SystemExit(f"import bench: {summary.added} of {rows} rows imported")
    return rows / elapsed


def main() -> None:
    plan_ms = bench_plan()
    print(f"plan 12 weeks in-process, median over 1,000 profiles: {plan_ms:.2f} ms (target < 5 ms)")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        starts = bench_starts(folder)
        (bare_ms, bare_cpu), (cli_ms, cli_cpu), (log_ms, log_cpu) = (
            starts["bare"],
            starts["plan"],
            starts["log"],
        )
        print(
            f"`hamstrong plan --format json` end to end, median of 15 runs: {cli_ms:.0f} ms; "
            f"bare `python -c pass` {bare_ms:.0f} ms: {cli_ms / bare_ms:.1f}x (target < 8x); "
            f"CPU {cli_cpu:.0f} ms against {bare_cpu:.0f} ms: {cli_cpu / bare_cpu:.1f}x"
        )
        print(
            f"`hamstrong log` one set end to end, median of 15 runs: {log_ms:.0f} ms, "
            f"{log_ms / bare_ms:.1f}x a bare start (target < 300 ms); CPU {log_cpu:.0f} ms"
        )
        for name in ("checkin", "today"):
            wall, cpu = starts[name]
            print(
                f"`hamstrong {name}` end to end, median of 15 runs: {wall:.0f} ms, "
                f"{wall / bare_ms:.1f}x a bare start; CPU {cpu:.0f} ms"
            )
        count, core_ms, store_ms = bench_progress(folder)
        print(
            f"progress over 5 years ({count:,} sets): {core_ms:.0f} ms computing, "
            f"{store_ms:.0f} ms with reading the store (target < 500 ms)"
        )
        rate = bench_import(folder)
        print(f"import a 50,000-row Strong CSV: {rate:,.0f} rows/s (target > 20,000 rows/s)")


if __name__ == "__main__":
    main()
