"""Benchmarks: print figures, never assert. Run with `make bench`.

- plan: median time to plan 12 weeks in-process over 1,000 generated profiles (target < 5 ms)
- cli:  median end-to-end time of `hamstrong plan --format json` from process start (< 300 ms)
"""

import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from hamstrong.core.planner import plan_programme
from hamstrong.core.screen import SCREEN_KEYS
from hamstrong.core.vocab import Equipment, Goal, InjuryKind, Level, Population, Weekday
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


def bench_cli(runs: int = 15) -> float:
    import json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profile.json"
        path.write_text(json.dumps(SAMPLE_PROFILE))
        exe = Path(sys.executable).with_name("hamstrong")
        command = [
            str(exe),
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
        subprocess.run(command, check=True, capture_output=True)  # warm the file cache
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main() -> None:
    plan_ms = bench_plan()
    print(f"plan 12 weeks in-process, median over 1,000 profiles: {plan_ms:.2f} ms (target < 5 ms)")
    cli_ms = bench_cli()
    print(
        f"`hamstrong plan --format json` end to end, median of 15 runs: {cli_ms:.0f} ms "
        "(target < 300 ms)"
    )


if __name__ == "__main__":
    main()
