"""A long, realistic training history as a Hevy CSV export, the same bytes every time.

The web bench (bench/history_load.py) imports it through the web page and then loads every page
and chart; ``python bench/hevy_history.py OUT.csv [SETS]`` writes one to look at.

It mimics a lifter who has logged with Hevy for years: six workouts a week rotating through
lower-body (hamstring-heavy) and upper-body days, warm-ups before the barbell lifts, RPE on about
half the sets, the odd failure set and drop set, timed holds, loads that rise slowly with deloads,
weeks off now and then. About a third of the exercises map to the library through
``aliases.toml``; the rest import as custom exercises, as a real export's do.
"""

import csv
import io
import math
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

SETS = 113_000
SEED = 20_240_607
HEADER = (
    "title",
    "start_time",
    "end_time",
    "description",
    "exercise_title",
    "superset_id",
    "exercise_notes",
    "set_index",
    "set_type",
    "weight_kg",
    "reps",
    "distance_km",
    "duration_seconds",
    "rpe",
)


@dataclass(frozen=True, slots=True)
class Lift:
    """One exercise as Hevy names it: starting load (None: bodyweight), reps, working sets,
    warm-up sets, and whether its dose is a hold in seconds."""

    name: str
    kg: float | None
    reps: int
    sets: int
    warmups: int = 0
    hold: bool = False


LOWER_A = (
    Lift("Romanian Deadlift (Barbell)", 60, 8, 4, 2),
    Lift("Squat (Barbell)", 70, 5, 5, 2),
    Lift("Nordic Hamstring Curl", None, 5, 3),
    Lift("Lying Leg Curl (Machine)", 35, 10, 4, 1),
    Lift("Single Leg Romanian Deadlift (Dumbbell)", 14, 10, 3),
    Lift("Glute Bridge", None, 15, 3),
    Lift("Plank", None, 45, 3, hold=True),
)
UPPER_A = (
    Lift("Bench Press (Barbell)", 60, 6, 5, 2),
    Lift("Bent Over Row (Barbell)", 50, 8, 4, 1),
    Lift("Overhead Press (Barbell)", 35, 6, 4, 1),
    Lift("Lat Pulldown (Cable)", 50, 10, 4),
    Lift("Bicep Curl (Dumbbell)", 12, 12, 3),
    Lift("Triceps Pushdown (Cable)", 25, 12, 3),
    Lift("Face Pull (Cable)", 15, 15, 3),
)
LOWER_B = (
    Lift("Hip Thrust (Barbell)", 70, 10, 4, 1),
    Lift("Deadlift (Barbell)", 90, 5, 3, 2),
    Lift("Seated Leg Curl (Machine)", 30, 12, 4),
    Lift("Kettlebell Swing", 20, 15, 4),
    Lift("Romanian Deadlift (Dumbbell)", 20, 10, 3),
    Lift("Leg Press (Machine)", 120, 10, 4, 1),
    Lift("Wall sit (bodyweight)", None, 40, 3, hold=True),
    Lift("Standing Calf Raise (Machine)", 60, 12, 3),
)
UPPER_B = (
    Lift("Incline Bench Press (Dumbbell)", 22, 8, 4, 1),
    Lift("Pull Up", None, 8, 4),
    Lift("Seated Cable Row - V Grip (Cable)", 55, 10, 4),
    Lift("Lateral Raise (Dumbbell)", 8, 15, 4),
    Lift("Hammer Curl (Dumbbell)", 14, 10, 3),
    Lift("Skullcrusher (Barbell)", 25, 10, 3),
    Lift("Hanging Leg Raise", None, 12, 3),
)
WORKOUTS = (
    ("Lower A", LOWER_A),
    ("Upper A", UPPER_A),
    ("Lower B", LOWER_B),
    ("Upper B", UPPER_B),
)
WEEKDAYS = (0, 1, 2, 3, 4, 5)  # Monday to Saturday; Sunday off


def _stamp(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}, {moment:%H:%M}"


def _load(lift: Lift, week: int, rng: random.Random) -> float | None:
    """The load in week ``week``: +0.6% a week, a deload every 8th week, 2.5 kg plates."""
    if lift.kg is None:
        return None
    growth = min(1.0 + 0.006 * week, 2.2)
    deload = 0.85 if week % 8 == 7 else 1.0
    wobble = 1.0 + 0.02 * math.sin(week / 3) + rng.uniform(-0.01, 0.01)
    step = 2.5 if lift.kg >= 20 else 1.0
    return max(step, round(lift.kg * growth * deload * wobble / step) * step)


def rows(count: int = SETS, *, end: date, seed: int = SEED) -> list[tuple[object, ...]]:
    """``count`` set rows (Hevy's column order), the last workout on ``end`` or just before."""
    per_workout = sum(lift.sets + lift.warmups for _, lifts in WORKOUTS for lift in lifts) / len(
        WORKOUTS
    )
    weeks = math.ceil(count / per_workout / len(WEEKDAYS)) + 1
    while len(found := _generate(weeks, end, seed)) < count:
        weeks += weeks // 10 + 1
    return found[-count:]


def _generate(weeks: int, end: date, seed: int) -> list[tuple[object, ...]]:
    rng = random.Random(seed)
    first = end - timedelta(weeks=weeks)
    first -= timedelta(days=first.weekday())
    out: list[tuple[object, ...]] = []
    workout_number = 0
    day = first
    while day <= end:
        week = (day - first).days // 7
        off = week % 26 == 25  # a week off twice a year
        if day.weekday() in WEEKDAYS and not off and rng.random() > 0.05:
            title, lifts = WORKOUTS[workout_number % len(WORKOUTS)]
            workout_number += 1
            start = datetime.combine(day, datetime.min.time()) + timedelta(
                hours=rng.choice((7, 12, 17, 18, 19)), minutes=rng.choice((0, 10, 20, 30, 45))
            )
            finish = start + timedelta(minutes=rng.randint(55, 95))
            for lift in lifts:
                index = 0
                load = _load(lift, week, rng)
                for warm in range(lift.warmups):
                    warm_kg = None if load is None else round(load * (0.4 + 0.2 * warm) / 2.5) * 2.5
                    kg = None if warm_kg is None else f"{warm_kg:g}"
                    out.append(
                        (title, _stamp(start), _stamp(finish), "", lift.name, "", "", index,
                         "warmup", kg or "", lift.reps + 2, "", "", "")
                    )  # fmt: skip
                    index += 1
                for n in range(lift.sets):
                    reps = max(1, lift.reps - (n == lift.sets - 1 and rng.random() < 0.3))
                    kind = "normal"
                    if n == lift.sets - 1 and rng.random() < 0.05:
                        kind = rng.choice(("failure", "dropset"))
                    rpe = rng.choice((6.5, 7, 7.5, 8, 8.5, 9)) if rng.random() < 0.5 else ""
                    seconds = ""
                    if lift.hold:
                        seconds, reps = str(lift.reps + rng.randint(-5, 10)), 0
                    out.append(
                        (title, _stamp(start), _stamp(finish), "", lift.name, "", "", index,
                         kind, "" if load is None else f"{load:g}", "" if lift.hold else reps,
                         "", seconds, rpe)
                    )  # fmt: skip
                    index += 1
        day += timedelta(days=1)
    return out


def hevy_csv(count: int = SETS, *, end: date, seed: int = SEED) -> str:
    """The export as text, newest workout last (Hevy writes oldest first too)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows(count, end=end, seed=seed))
    return buffer.getvalue()


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python bench/hevy_history.py OUT.csv [SETS]")
    count = int(sys.argv[2]) if len(sys.argv) == 3 else SETS
    text = hevy_csv(count, end=date.today() - timedelta(days=1))
    Path(sys.argv[1]).write_text(text, encoding="utf-8")
    print(f"{sys.argv[1]}: {count:,} sets, {len(text.encode()) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
