"""Training-log use-cases: log, edit and delete sets, check in, record self-tests."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import uuid4

from hamstrong.core.exercises import Library
from hamstrong.core.rules import stopped
from hamstrong.core.training_log import (
    EARLIEST_DAY,
    MAX_KG,
    MAX_ORDER,
    MAX_REPS,
    Checkin,
    SelfTest,
    SetEntry,
)
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput, Next, NotFound, TrainingStopped

if TYPE_CHECKING:
    from hamstrong.core.assessments import AkeGap, Reading
    from hamstrong.core.rules import Finding
    from hamstrong.store import Store


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """A stored set with its id, so the web app can edit or delete it."""

    id: int
    entry: SetEntry


def validate_set(entry: SetEntry, *, library: Library, today: date) -> None:
    """Bad values are refused before anything is stored."""
    problems: dict[str, str] = {}
    if entry.exercise not in library and not entry.exercise.startswith("custom:"):
        problems["exercise"] = f"{entry.exercise!r} is not in the library"
    if entry.day > today:
        problems["date"] = f"{entry.day.isoformat()} is in the future; log what you have done"
    elif entry.day < EARLIEST_DAY:
        problems["date"] = f"{entry.day.isoformat()} is before {EARLIEST_DAY.year}"
    if not 1 <= entry.order <= MAX_ORDER:
        problems["order"] = f"must be a set number from 1 to {MAX_ORDER}"
    if not 0 <= entry.reps <= MAX_REPS:
        problems["reps"] = f"must be a whole number from 0 to {MAX_REPS}"
    if entry.kg is not None and not 0 < entry.kg <= MAX_KG:
        problems["kg"] = f"must be more than 0 and at most {MAX_KG:g} (leave it out for bodyweight)"
    if entry.rpe is not None and not 1 <= entry.rpe <= 10:
        problems["rpe"] = f"must be from 1 to 10, not {entry.rpe:g}"
    if entry.pain is not None and not 0 <= entry.pain <= 10:
        problems["pain"] = f"must be from 0 to 10, not {entry.pain}"
    if (
        entry.exercise in library
        and library.get(entry.exercise).unilateral
        and entry.side is Side.BOTH
    ):
        problems["side"] = "this is one-leg work: pick left or right"
    if problems:
        raise InvalidInput(problems, next=Next.EXERCISES if "exercise" in problems else None)


def prepare_sets(entries: Sequence[SetEntry], *, library: Library, today: date) -> list[SetEntry]:
    """Check every set before anything is stored, and give each a key of its own so that an
    exported set is idempotent on re-import, like an imported one."""
    for entry in entries:
        validate_set(entry, library=library, today=today)
    return [e if e.key else replace(e, key=f"hamstrong:{uuid4().hex[:24]}") for e in entries]


def log_sets(
    store: "Store", *, user_id: int, entries: Sequence[SetEntry], library: Library, today: date
) -> list[int]:
    """Check every set first, then save each one (committed before this returns).

    After a stop rule nothing more is accepted until the safety screen is answered again.
    """
    ready = prepare_sets(entries, library=library, today=today)
    refuse_after_stop(store, user_id=user_id)
    return [store.add_set(user_id, entry) for entry in ready]


def stop_rule(entries: Sequence[SetEntry]) -> "Finding | None":
    """The stop rule these sets hit, if any: what to do now, with emergency wording for chest
    symptoms (evidence §10 E)."""
    return stopped(entries, None)


def refuse_after_stop(store: "Store", *, user_id: int) -> None:
    """Raise TrainingStopped while a stop rule holds training back (evidence §10 E)."""
    snapshot = store.snapshot(user_id)
    screened_at = snapshot.programme.saved_at if snapshot.programme else None
    stop = stopped(snapshot.log.sets, screened_at)
    if stop is not None:
        raise TrainingStopped(stop.text)


def check_in(store: "Store", *, user_id: int, day: date, pain: int, today: date) -> None:
    """Next-morning pain, 0-10 (evidence §5)."""
    if not 0 <= pain <= 10:
        raise InvalidInput({"pain": f"must be from 0 to 10, not {pain}"})
    if day > today:
        raise InvalidInput({"date": f"{day.isoformat()} is in the future"})
    if day < EARLIEST_DAY:
        raise InvalidInput({"date": f"{day.isoformat()} is before {EARLIEST_DAY.year}"})
    store.add_checkin(user_id, Checkin(day, pain))


def record_test(
    store: "Store",
    *,
    user_id: int,
    entry: SelfTest,
    today: date,
    sex: str | None = None,
    age: int | None = None,
) -> "Reading":
    """Check a self-test (the same ranges as an imported one), read it against the norms and the
    last test of its kind and side, then save it. ``age`` defaults to the saved profile's."""
    from hamstrong.core.assessments import read_test, self_test_problems

    problems = self_test_problems(entry, today=today)
    if problems:
        raise InvalidInput(problems)
    if age is None:
        saved = store.active_programme(user_id)
        found = saved.profile.get("age") if saved else None
        age = found if isinstance(found, int) else None
    earlier = [t for t in store.tests(user_id) if t.kind is entry.kind and t.side is entry.side]
    reading = read_test(
        entry.kind,
        entry.value,
        age=age,
        sex=sex,
        previous=earlier[-1].value if earlier else None,
        side=entry.side,
    )
    store.add_test(user_id, entry)
    return reading


def knee_extension_gap(store: "Store", *, user_id: int, day: date) -> "AkeGap | None":
    """The left/right knee-extension gap of ``day``, when both knees were measured that day."""
    from hamstrong.core.assessments import ake_gap

    gap = ake_gap(store.tests(user_id))
    return gap if gap is not None and gap.day == day else None


def logged_sets(store: "Store", *, user_id: int, since: date | None = None) -> list[LoggedSet]:
    """Every set of the user (from ``since``), with ids, oldest first."""
    return [LoggedSet(set_id, entry) for set_id, entry in store.logged_sets(user_id, since=since)]


def training_days(
    store: "Store", *, user_id: int, days: int | None = None
) -> list[tuple[date, list[LoggedSet]]]:
    """The training days, most recent first, each with its sets in the order logged; only the
    ``days`` most recent when given."""
    by_day: dict[date, list[LoggedSet]] = {}
    for logged in logged_sets(store, user_id=user_id):
        by_day.setdefault(logged.entry.day, []).append(logged)
    newest_first = sorted(by_day.items(), key=lambda pair: pair[0], reverse=True)
    return newest_first if days is None else newest_first[:days]


def undo(store: "Store", *, user_id: int) -> str | None:
    """Remove the last thing logged (a set, a check-in or a self-test): what it was, or None."""
    return store.undo(user_id)


def log_local_sets(
    database_url: str, *, entries: Sequence[SetEntry], library: Library, today: date, now: datetime
) -> list[SetEntry]:
    """The command line's `log`: check every set, then append them for the local user in one
    transaction, without importing SQLAlchemy when the store is a SQLite file (fast start-up)."""
    from hamstrong.store import add_local_sets

    ready = prepare_sets(entries, library=library, today=today)
    add_local_sets(
        database_url,
        ready,
        now=now,
        guard=lambda store, user: refuse_after_stop(store, user_id=user),
    )
    return ready


def delete_logged_set(store: "Store", *, user_id: int, set_id: int) -> None:
    """Delete one of the user's sets; another user's (or no) set is NotFound."""
    if not store.delete_set(user_id, set_id):
        raise NotFound("set", str(set_id))


def replace_set(
    store: "Store",
    *,
    user_id: int,
    set_id: int,
    entry: SetEntry,
    library: Library,
    today: date,
) -> int:
    """Edit a set: check the new values, then swap the old set for the new one in one
    transaction, so a failure leaves the old set as it was."""
    (checked,) = prepare_sets([entry], library=library, today=today)
    new_id = store.replace_set(user_id, set_id, checked)
    if new_id is None:
        raise NotFound("set", str(set_id))
    return new_id
