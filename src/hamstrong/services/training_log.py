"""Training-log use-cases: log, edit and delete sets, check in, record self-tests."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from uuid import uuid4

from hamstrong.core.dates import short_day
from hamstrong.core.exercises import Library
from hamstrong.core.rules import stopped
from hamstrong.core.training_log import (
    EARLIEST_DAY,
    HOLD_SECONDS,
    KG,
    MAX_NOTE,
    MAX_ORDER,
    PAIN,
    REPS,
    RPE,
    Checkin,
    Limit,
    SelfTest,
    SetEntry,
    TestKind,
    text_problem,
)
from hamstrong.core.vocab import Dose, Side
from hamstrong.errors import InvalidInput, Next, NotFound, TrainingStopped, shown

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
        problems["exercise"] = f"{shown(entry.exercise)} is not in the library"
    if entry.day > today:
        problems["date"] = f"{short_day(entry.day)} is in the future; log what you have done"
    elif entry.day < EARLIEST_DAY:
        problems["date"] = f"{short_day(entry.day)} is before {EARLIEST_DAY.year}"
    if not 1 <= entry.order <= MAX_ORDER:
        problems["order"] = f"must be a set number from 1 to {MAX_ORDER}"
    for name, value, limit in (
        ("reps", entry.reps, reps_limit(entry.exercise, library)),
        ("kg", entry.kg, KG),
        ("rpe", entry.rpe, RPE),
        ("pain", entry.pain, PAIN),
    ):
        if value is not None and (problem := limit.problem(value)):
            problems[name] = problem
    if entry.note is not None and (problem := text_problem(entry.note, MAX_NOTE)):
        problems["note"] = problem
    if (
        entry.exercise in library
        and library.get(entry.exercise).unilateral
        and entry.side is Side.BOTH
    ):
        problems["side"] = "this is one-leg work: pick left or right"
    if problems:
        raise InvalidInput(problems, next=Next.EXERCISES if "exercise" in problems else None)


def reps_limit(exercise: str, library: Library) -> Limit:
    """Reps for a set, seconds for a hold (and for an imported name, which may be either)."""
    if exercise in library and library.get(exercise).dose is Dose.REPS:
        return REPS
    return HOLD_SECONDS


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
    screened_at, stopping = store.stop_candidates(user_id)  # not the whole log: every write
    stop = stopped(stopping, screened_at)
    if stop is not None:
        raise TrainingStopped(stop.text)


def check_in(store: "Store", *, user_id: int, day: date, pain: int, today: date) -> None:
    """Next-morning pain, 0-10 (evidence §5)."""
    store.add_checkin(user_id, _checkin(day, pain, today))


def check_in_local(database_url: str, *, day: date, pain: int, today: date, now: datetime) -> None:
    """The command line's `checkin`: checked as `check_in` checks it, then recorded for the local
    user without importing SQLAlchemy when the store is a SQLite file (fast start-up)."""
    from hamstrong.store import add_local_checkin

    add_local_checkin(database_url, _checkin(day, pain, today), now=now)


def _checkin(day: date, pain: int, today: date) -> Checkin:
    if problem := PAIN.problem(pain):
        raise InvalidInput({"pain": problem})
    if day > today:
        raise InvalidInput({"date": f"{short_day(day)} is in the future"})
    if day < EARLIEST_DAY:
        raise InvalidInput({"date": f"{short_day(day)} is before {EARLIEST_DAY.year}"})
    return Checkin(day, pain)


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


def next_test(store: "Store", *, user_id: int, kind: TestKind, today: date) -> date:
    """When a self-test of ``kind`` is next due (evidence §9), as the progress page and today's
    session count it: every ``RETEST_WEEKS`` from the last one of its kind, or ``today``."""
    from hamstrong.core.assessments import retests

    return retests(store.tests(user_id), [kind], start=today)[0].due


def logged_sets(store: "Store", *, user_id: int, since: date | None = None) -> list[LoggedSet]:
    """Every set of the user (from ``since``), with ids, oldest first."""
    return [LoggedSet(set_id, entry) for set_id, entry in store.logged_sets(user_id, since=since)]


def logged_set(store: "Store", *, user_id: int, set_id: int) -> LoggedSet:
    """One of the user's sets; another user's (or no) set is NotFound."""
    entry = store.logged_set(user_id, set_id)
    if entry is None:
        raise NotFound("set", str(set_id))
    return LoggedSet(set_id, entry)


def training_days(
    store: "Store", *, user_id: int, days: int | None = None, before: date | None = None
) -> list[tuple[date, list[LoggedSet]]]:
    """The training days, most recent first, each with its sets in the order logged; only the
    ``days`` most recent (before ``before``) when given: those are all that is read."""
    if days is None:
        found = store.logged_sets(user_id)
        if before is not None:
            found = [(i, e) for i, e in found if e.day < before]
    else:
        found = store.recent_days(user_id, days=days, before=before)
    return _by_day(LoggedSet(set_id, entry) for set_id, entry in found)


def _by_day(sets: Iterable[LoggedSet]) -> list[tuple[date, list[LoggedSet]]]:
    """Sets in log order grouped by day, the most recent day first."""
    by_day: dict[date, list[LoggedSet]] = {}
    for logged in sets:
        by_day.setdefault(logged.entry.day, []).append(logged)
    return sorted(by_day.items(), key=lambda pair: pair[0], reverse=True)


HISTORY_PAGE = 100  # sets per history page: about 70 KB of HTML
_CURSOR = re.compile(r"(\d{4}-\d{2}-\d{2})_(n|-?\d{1,20})_(\d{1,19})")


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """One page of the history, newest day first (each day's sets in the order done), with the
    cursors of the pages next to it: ``older`` and ``newer`` (None: there is none)."""

    days: tuple[tuple[date, tuple[LoggedSet, ...]], ...]
    older: str | None
    newer: str | None
    newest: bool  # the first page (no cursor was given)


def history_page(
    store: "Store",
    *,
    user_id: int,
    before: str | None = None,
    after: str | None = None,
    limit: int = HISTORY_PAGE,
) -> HistoryPage:
    """The newest ``limit`` sets, or those just older than the cursor ``before`` or just newer
    than ``after``. A cursor names the place of a set, not a page number, so the pages stay put
    while new sets are logged (they appear on the first page)."""
    older_than = None if before is None else parse_cursor(before, "before")
    newer_than = None if after is None else parse_cursor(after, "after")
    if not 1 <= limit <= 1000:
        raise InvalidInput({"limit": "must be from 1 to 1000"})
    found, more = store.set_page(user_id, before=older_than, after=newer_than, limit=limit)
    sets = [LoggedSet(set_id, entry) for set_id, entry in found]
    days = tuple((day, tuple(day_sets[::-1])) for day, day_sets in _newest_first_days(sets))
    first_page = older_than is None and newer_than is None
    if not sets:  # the sets around the cursor were deleted, or it was made up
        return HistoryPage(days, None, None, first_page)
    newest, oldest = _cursor(sets[0]), _cursor(sets[-1])
    if newer_than is not None:
        return HistoryPage(days, oldest, newest if more else None, first_page)
    return HistoryPage(days, oldest if more else None, None if first_page else newest, first_page)


def _newest_first_days(sets: Sequence[LoggedSet]) -> list[tuple[date, list[LoggedSet]]]:
    """Sets newest first, grouped by day (each group newest first too)."""
    days: list[tuple[date, list[LoggedSet]]] = []
    for logged in sets:
        if days and days[-1][0] == logged.entry.day:
            days[-1][1].append(logged)
        else:
            days.append((logged.entry.day, [logged]))
    return days


def _cursor(logged: LoggedSet) -> str:
    """``2026-12-07_1796371200000000_42``: the day, the time done in µs since 1970 (``n``:
    unknown) and the id of a set."""
    at = logged.entry.at
    moment = "n" if at is None else str((at - _EPOCH) // timedelta(microseconds=1))
    return f"{logged.entry.day.isoformat()}_{moment}_{logged.id}"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_cursor(text: str, field: str) -> tuple[date, datetime | None, int]:
    """A cursor of ``_cursor`` back as (day, time done, id); InvalidInput names ``field``."""
    found = _CURSOR.fullmatch(text)
    problem = {field: "is not a place in your history; start again from the newest sets"}
    if found is None:
        raise InvalidInput(problem)
    try:
        day = date.fromisoformat(found[1])
        at = None if found[2] == "n" else _EPOCH + timedelta(microseconds=int(found[2]))
    except (ValueError, OverflowError):
        raise InvalidInput(problem) from None
    return day, at, int(found[3])


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
    """Edit a set: check the new values, then change the set in place in one transaction, so
    it keeps its id (an address to it stays valid) and its key, and a failure changes nothing."""
    validate_set(entry, library=library, today=today)
    if not store.replace_set(user_id, set_id, entry):
        raise NotFound("set", str(set_id))
    return set_id
