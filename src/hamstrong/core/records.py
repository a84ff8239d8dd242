"""Personal records, week streaks and "last time": readings of the log that the session page, its
summary, the progress page and the terminal session all take from here, so they always agree."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from hamstrong.core.dates import monday
from hamstrong.core.exercises import Library
from hamstrong.core.strength import epley
from hamstrong.core.training_log import SetEntry
from hamstrong.core.units import Unit, weight_text
from hamstrong.core.vocab import Dose, Pattern, Side

NORDIC = "nordic"  # the catalogue tag of every rung of the Nordic ladder
NEW_DAYS = 7  # a record set this many days ago or less is still news on the progress page
NO_RECORDS = frozenset({Pattern.STRETCH, Pattern.WARMUP})  # a longer stretch is not a record


class RecordKind(StrEnum):
    """What a set can beat. One set counts for each kind that fits it."""

    E1RM = "e1rm"  # best estimated one-rep max (Epley with reps in reserve) of a loaded exercise
    REPS = "reps"  # most reps in one set at one load (bodyweight is a load of its own)
    HOLD = "hold"  # longest hold, in seconds
    NORDIC = "nordic"  # best Nordic set: the hardest rung, then the heavier load, then more reps


# (kind, exercise, side, load): the load only tells records of most reps apart. Every rung of the
# Nordic ladder shares one key (exercise "nordic"), since moving up a rung is the record there.
RecordKey = tuple[RecordKind, str, Side, float | None]


@dataclass(frozen=True, slots=True)
class Record:
    """The best set of one kind for one exercise and side, and the best it beat (None: the first
    set of its kind, which is a start, not a record beaten)."""

    kind: RecordKind
    exercise: str  # "nordic" for the Nordic record: ``best.exercise`` names the rung
    side: Side
    best: SetEntry
    value: float  # kg (estimated max), reps, or seconds held
    previous: SetEntry | None = None
    previous_value: float | None = None

    @property
    def beaten(self) -> bool:
        return self.previous is not None

    def is_new(self, today: date) -> bool:
        """Beaten within the last week: still worth a cheer on the progress page."""
        return self.beaten and (today - self.best.day).days < NEW_DAYS


@dataclass(frozen=True, slots=True)
class Streak:
    """Weeks in a row with training, up to this week (an empty week so far does not break it),
    and the longest such run."""

    weeks: int
    best: int


def _is_hold(exercise: str, library: Library) -> bool:
    return exercise in library and library.get(exercise).dose is Dose.HOLD


def _is_nordic(exercise: str, library: Library) -> bool:
    return exercise in library and library.get(exercise).has(NORDIC)


def nordic_rung(exercise: str, library: Library) -> int:
    """How far up the Nordic ladder an exercise stands: 0 for its easiest rung."""
    rung, seen = 0, {exercise}
    frontier = [exercise]
    while frontier:
        easier = [
            e
            for current in frontier
            for e in library.get(current).easier
            if e in library and e not in seen and _is_nordic(e, library)
        ]
        seen.update(easier)
        frontier = easier
        rung += bool(easier)
    return rung


class _Sort(StrEnum):
    """What kind of record an exercise's sets compete for (its pattern, tags and dose)."""

    NONE = "none"  # stretches and warm-up drills
    NORDIC = "nordic"
    HOLD = "hold"
    LIFT = "lift"  # e1RM when loaded, and most reps at a load


Sorts = dict[str, tuple[_Sort, int]]  # exercise → its sort and Nordic rung, found once


def _sort(exercise: str, library: Library, sorts: Sorts) -> tuple[_Sort, int]:
    found = sorts.get(exercise)
    if found is None:
        if exercise not in library:
            found = (_Sort.LIFT, 0)  # an imported name: a lift
        elif library.get(exercise).pattern in NO_RECORDS:
            found = (_Sort.NONE, 0)
        elif _is_nordic(exercise, library):
            found = (_Sort.NORDIC, nordic_rung(exercise, library))
        elif _is_hold(exercise, library):
            found = (_Sort.HOLD, 0)
        else:
            found = (_Sort.LIFT, 0)
        sorts[exercise] = found
    return found


def counts_for(
    entry: SetEntry, library: Library, sorts: Sorts | None = None
) -> list[tuple[RecordKey, tuple[float, ...]]]:
    """The records a set competes for, each with its score (compared as a tuple, higher wins);
    ``sorts`` keeps what each exercise competes for (years of history ask of a few exercises).

    Warm-up sets, sets of no reps, stretches and warm-up drills, and sets that hit a stop rule
    never set a record: a set that hurt is not one to beat.
    """
    if entry.warmup or entry.reps <= 0 or entry.stops_session:
        return []
    sort, rung = _sort(entry.exercise, library, {} if sorts is None else sorts)
    side = entry.side
    if sort is _Sort.NONE:
        return []
    if sort is _Sort.NORDIC:
        score = (float(rung), entry.kg or 0.0, float(entry.reps))
        return [((RecordKind.NORDIC, NORDIC, side, None), score)]
    if sort is _Sort.HOLD:
        return [((RecordKind.HOLD, entry.exercise, side, None), (float(entry.reps),))]
    found: list[tuple[RecordKey, tuple[float, ...]]] = []
    if entry.kg:
        e1rm = _e1rm(entry.kg, entry.reps, entry.rpe)
        found.append(((RecordKind.E1RM, entry.exercise, side, None), (e1rm,)))
    found.append(((RecordKind.REPS, entry.exercise, side, entry.kg or None), (float(entry.reps),)))
    return found


@lru_cache(maxsize=8192)
def _e1rm(kg: float, reps: int, rpe: float | None) -> float:
    """The estimated max a record compares, to 0.1 kg; a long log repeats the same sets."""
    return round(epley(kg, reps, rpe), 1)


def _value(kind: RecordKind, score: tuple[float, ...]) -> float:
    return score[-1] if kind is RecordKind.NORDIC else score[0]


Best = tuple[tuple[float, ...], SetEntry]  # a record's score and the first set that reached it


def bests(sets: Iterable[SetEntry], library: Library) -> dict[RecordKey, Best]:
    """The best score of each record and the first set that reached it, in log order."""
    best: dict[RecordKey, Best] = {}
    sorts: Sorts = {}
    for entry in sets:
        for key, score in counts_for(entry, library, sorts):
            held = best.get(key)
            if held is None or score > held[0]:
                best[key] = (score, entry)
    return best


def personal_records(sets: Sequence[SetEntry], library: Library) -> tuple[Record, ...]:
    """Every current record, each with the best it beat when it was set; in log order (the
    store's: by day, then time done), newest record last."""
    best: dict[RecordKey, Best] = {}
    beat: dict[RecordKey, Best] = {}
    sorts: Sorts = {}
    for entry in sets:
        for key, score in counts_for(entry, library, sorts):
            held = best.get(key)
            if held is None or score > held[0]:
                if held is not None:
                    beat[key] = held
                best[key] = (score, entry)
    records = [_record(key, held, beat.get(key)) for key, held in best.items()]
    return tuple(sorted(records, key=lambda r: r.best.day))


def merged(
    first: Mapping[RecordKey, Best], then: Mapping[RecordKey, Best]
) -> dict[RecordKey, Best]:
    """``bests(a + b)`` from ``bests(a)`` and ``bests(b)``: a later set holds a record only by
    beating it (a tie stays with the first set that reached it)."""
    out = dict(first)
    for key, held in then.items():
        kept = out.get(key)
        if kept is None or held[0] > kept[0]:
            out[key] = held
    return out


def beaten(
    earlier: Iterable[SetEntry], new: Iterable[SetEntry], library: Library
) -> tuple[Record, ...]:
    """The records that ``new`` sets beat, against the best of ``earlier`` ones: one per record,
    the best of ``new``. A record with nothing earlier to beat is a first, not a record beaten.

    The summary of a day passes that day's sets as ``new`` and the days before as ``earlier``;
    a set just saved is ``new`` against every other set logged.
    """
    return beaten_by(bests(earlier, library), new, library)


def beaten_by(
    before: Mapping[RecordKey, Best], new: Iterable[SetEntry], library: Library
) -> tuple[Record, ...]:
    """``beaten`` against the ``bests`` of the earlier sets, worked out already."""
    found = []
    for key, (score, entry) in bests(new, library).items():
        held = before.get(key)
        if held is not None and score > held[0]:
            found.append(_record(key, (score, entry), held))
    return tuple(found)


def _record(key: RecordKey, held: Best, previous: Best | None) -> Record:
    kind, exercise, side, _ = key
    return Record(
        kind,
        exercise,
        side,
        held[1],
        _value(kind, held[0]),
        previous[1] if previous else None,
        _value(kind, previous[0]) if previous else None,
    )


def week_streak(days: Iterable[date], today: date) -> Streak:
    """Consecutive Monday-based weeks with at least one training day, counted back from this
    week (or from last week while this one has none yet), and the longest run ever."""
    weeks = sorted({monday(d) for d in days if d <= today})
    best = run = 0
    for i, week in enumerate(weeks):
        run = run + 1 if i and week - weeks[i - 1] == timedelta(weeks=1) else 1
        best = max(best, run)
    trained = set(weeks)
    week = monday(today)
    if week not in trained:
        week -= timedelta(weeks=1)
    current = 0
    while week in trained:
        current += 1
        week -= timedelta(weeks=1)
    return Streak(current, best)


def streak_text(streak: Streak) -> str | None:
    """The streak as the summary page and the terminal say it; None before any training."""
    if streak.weeks >= 2:
        longest = streak.weeks >= streak.best
        best = ": your longest streak yet" if longest else f" (best {streak.best})"
        return f"{streak.weeks} weeks in a row with training{best}."
    if streak.weeks == 1:
        return "A week with training: come back next week to start a streak."
    return None


LastTime = Mapping[tuple[str, Side], Sequence[SetEntry]]


def last_time(
    sets: Iterable[SetEntry], before: date
) -> dict[tuple[str, Side], tuple[SetEntry, ...]]:
    """For each exercise and side: its working sets on the last day it was done before
    ``before``, in the order done (what "last time" shows beside each set)."""
    latest: dict[tuple[str, Side], date] = {}
    kept: dict[tuple[str, Side], list[SetEntry]] = {}
    for entry in sets:
        if entry.warmup or entry.day >= before:
            continue
        key = (entry.exercise, entry.side)
        day = latest.get(key)
        if day is None or entry.day > day:
            latest[key] = entry.day
            kept[key] = [entry]
        elif entry.day == day:
            kept[key].append(entry)
    return {key: tuple(sorted(found, key=lambda e: e.order)) for key, found in kept.items()}


def same_set(last: LastTime, exercise: str, side: Side, order: int) -> SetEntry | None:
    """Last time's set with the same number (set 2 beside set 2), or None when it had fewer."""
    for entry in last.get((exercise, side), ()):
        if entry.order == order:
            return entry
    return None


def exercise_name(exercise: str, library: Library, imported: str | None = None) -> str:
    """The library's name, else the name an import carried, else the id."""
    return library.get(exercise).name if exercise in library else imported or exercise


def _amount(entry: SetEntry, library: Library, unit: Unit) -> str:
    seconds = " s" if _is_hold(entry.exercise, library) else ""
    load = f" × {weight_text(entry.kg, unit)}" if entry.kg else ""
    return f"{entry.reps}{seconds}{load}"


def set_text(entry: SetEntry, library: Library, *, pain: bool = True, unit: Unit = Unit.KG) -> str:
    """A logged set as read beside a set to do: "10 × 12 kg, RPE 8, pain 1"; "30 s" a hold."""
    parts = [_amount(entry, library, unit)]
    if entry.rpe is not None:
        parts.append(f"RPE {entry.rpe:g}")
    if pain and entry.pain is not None:
        parts.append(f"pain {entry.pain}")
    return ", ".join(parts)


def _figure(
    record: Record, value: float | None, entry: SetEntry, library: Library, unit: Unit
) -> str:
    if record.kind is RecordKind.E1RM:
        return weight_text(value or 0.0, unit)
    if record.kind is RecordKind.HOLD:
        return f"{value:g} s"
    if record.kind is RecordKind.NORDIC:
        load = f" with {weight_text(entry.kg, unit)}" if entry.kg else ""
        return f"{entry.reps} reps of {exercise_name(entry.exercise, library)}{load}"
    return f"{value:g} reps"


def record_title(record: Record, library: Library, unit: Unit = Unit.KG) -> str:
    """What the record is: "Romanian deadlift, estimated max" or "Nordic, best set"."""
    side = "" if record.side is Side.BOTH else f" ({record.side.value} leg)"
    if record.kind is RecordKind.NORDIC:
        return f"Nordic curl{side}, best set"
    name = exercise_name(record.exercise, library, record.best.name) + side
    if record.kind is RecordKind.E1RM:
        return f"{name}, estimated max"
    if record.kind is RecordKind.HOLD:
        return f"{name}, longest hold"
    load = weight_text(record.best.kg, unit) if record.best.kg else "bodyweight"
    return f"{name}, most reps at {load}"


def record_text(record: Record, library: Library, *, unit: Unit = Unit.KG) -> str:
    """One line: the record, its figure, the set that made it and what it beat."""
    figure = _figure(record, record.value, record.best, library, unit)
    text = f"{record_title(record, library, unit)}: {figure}"
    if record.kind is RecordKind.E1RM:
        text += f" (from {_amount(record.best, library, unit)})"
    if record.previous is not None:
        was = _figure(record, record.previous_value, record.previous, library, unit)
        text += f", up from {was}"
    return text


def in_order(records: Iterable[Record], library: Library, unit: Unit = Unit.KG) -> list[Record]:
    """Records as lists show them (the terminal, the progress page): by exercise, then kind."""
    return sorted(records, key=lambda r: record_text(r, library, unit=unit))


def record_dict(record: Record, *, today: date) -> dict[str, object]:
    """A record in the Progress JSON: what, for which exercise and side, its value and day,
    what it beat, and whether it is news (beaten within the last week)."""
    return {
        "kind": record.kind.value,
        "exercise": record.best.exercise,
        "side": record.side.value,
        "value": record.value,
        "kg": record.best.kg,
        "reps": record.best.reps,
        "date": record.best.day.isoformat(),
        "previous": record.previous_value,
        "new": record.is_new(today),
    }
