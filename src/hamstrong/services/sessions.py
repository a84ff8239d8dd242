"""The training screen's use-cases, for the web page and the terminal session alike: a session
(planned, or free outside the plan) with "last time" beside each set, sets and exercises added,
a set saved, edited or undone in place with the records it beat, the session started and
finished (its duration) with its note, and what it all adds up to afterwards."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING

from hamstrong.core.dates import monday, programme_week
from hamstrong.core.exercises import Exercise, Library
from hamstrong.core.profile import Profile
from hamstrong.core.programme import Block, BlockKind, Item, Session
from hamstrong.core.records import (
    NO_RECORDS,
    Best,
    LastTime,
    Record,
    RecordKey,
    Streak,
    beaten,
    beaten_by,
    bests,
    last_time,
    merged,
    personal_records,
    record_dict,
    same_set,
    week_streak,
)
from hamstrong.core.rules import Finding, loading
from hamstrong.core.sessions import (
    added_item,
    duration,
    is_done,
    item_sides,
    item_target,
    rows_done,
)
from hamstrong.core.swaps import SwapOption
from hamstrong.core.training_log import (
    MAX_NOTE,
    SessionEntry,
    SetEntry,
    TrainingLog,
    text_problem,
)
from hamstrong.core.vocab import Side
from hamstrong.errors import HamstrongError, InvalidInput, NotFound
from hamstrong.services.plans import PlanCache, added_since, first, renewed, shared_of
from hamstrong.services.programmes import (
    AROUND_DAYS,
    PREPARE_ROUNDS,
    Current,
    Summary,
    added_above,
    current,
    current_around,
    library_mark,
    session_with_swaps,
    sets_unchanged,
    summary_of,
    today_session,
    windowed,
)
from hamstrong.services.summaries import KeptRow
from hamstrong.services.training_log import LoggedSet, delete_logged_set, log_sets, replace_set

if TYPE_CHECKING:
    from hamstrong.store import Store
    from hamstrong.store.repository import FormCheckJob, Snapshot

MAX_ADDED = 20  # exercises added to one session from the library
MAX_MORE = 20  # sets added to one exercise beyond the plan


@dataclass(frozen=True, slots=True)
class SetRow:
    """One set to do (one side of it for one-leg work): what was logged for it, if anything,
    and last time's set with the same number, exercise and side."""

    exercise: Exercise
    item: Item
    order: int
    side: Side
    target: int
    logged: LoggedSet | None
    last: SetEntry | None = None
    planned_id: str = ""  # the planned exercise when this row is a swap
    extra: bool = False  # a set beyond the plan

    @property
    def swap(self) -> str | None:
        return (
            f"{self.planned_id}:{self.exercise.id}"
            if self.planned_id and self.planned_id != self.exercise.id
            else None
        )

    @property
    def id(self) -> str:
        return row_id(self.exercise.id, self.order, self.side)

    @property
    def hold(self) -> bool:
        return self.item.reps is None


def row_id(exercise: str, order: int, side: Side) -> str:
    return f"set-{exercise}-{order}-{side.value}"


@dataclass(frozen=True, slots=True)
class Station:
    """One exercise of the session with its rows; ``planned`` differs from ``exercise`` when it
    is swapped today; ``added`` when it is not in the plan at all."""

    exercise: Exercise
    item: Item
    rows: tuple[SetRow, ...]
    planned: Exercise
    options: tuple[SwapOption, ...] = ()
    added: bool = False
    last_day: date | None = None  # the day "last time" was

    @property
    def swapped(self) -> bool:
        return self.planned.id != self.exercise.id

    @property
    def next_order(self) -> int:
        return max((row.order for row in self.rows), default=0) + 1


@dataclass(frozen=True, slots=True)
class View:
    """What the page shows beyond the plan: the swaps asked for (planned -> chosen), the
    exercises added from the library, and the sets added to each exercise."""

    swaps: Mapping[str, str] = field(default_factory=dict)
    added: tuple[str, ...] = ()
    more: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SessionScreen:
    """A session as the training screen shows it."""

    day: date
    session: Session  # the plan with today's swaps, or a free session (no planned items)
    stations: tuple[Station, ...]
    free: bool
    blocked: str | None
    notes: tuple[str, ...]
    entry: SessionEntry | None
    records: tuple[Record, ...]  # beaten this day so far
    streak: Streak
    later: tuple[SetEntry, ...]  # the sets logged on the day and after it, in log order
    last: LastTime  # last time's sets of each exercise and side
    future: bool
    addable: tuple[Exercise, ...] = ()  # what the profile allows adding from the library
    halt: Finding | None = None  # a stop rule or a pause: show this, not the session
    kept: Mapping[str, str] = field(default_factory=dict)  # the user's stored swaps this day
    form_checks: "tuple[FormCheckJob, ...]" = ()  # filmed for this day's session, oldest first
    # the best of each record over the whole log: what a new set beats
    held: Mapping[RecordKey, Best] = field(default_factory=dict)
    # the best of each record before the day: with ``later``, what an edited set beats
    earlier: Mapping[RecordKey, Best] = field(default_factory=dict)

    def checks_of(self, exercise: str) -> "tuple[FormCheckJob, ...]":
        """The day's form checks of one exercise, each with a page of its own."""
        return tuple(job for job in self.form_checks if job.exercise == exercise)

    @property
    def logged(self) -> tuple[LoggedSet, ...]:
        return tuple(row.logged for st in self.stations for row in st.rows if row.logged)

    @property
    def duration(self) -> timedelta | None:
        return duration(self.entry, [s.entry for s in self.logged])

    @property
    def started(self) -> datetime | None:
        """When the session was started, else when its first set was done, if known."""
        if self.entry and self.entry.started:
            return self.entry.started
        return min((s.entry.at for s in self.logged if s.entry.at), default=None)

    @property
    def done(self) -> bool:
        return is_done(self.session, [s.entry for s in self.logged], self.entry)

    @property
    def counts(self) -> tuple[int, int]:
        """(planned sets logged, planned sets)."""
        return rows_done(self.session, [s.entry for s in self.logged])

    def row(self, wanted: str) -> SetRow | None:
        return next((r for st in self.stations for r in st.rows if r.id == wanted), None)

    def row_of(self, set_id: int) -> SetRow | None:
        return next(
            (r for st in self.stations for r in st.rows if r.logged and r.logged.id == set_id),
            None,
        )


@dataclass(frozen=True, slots=True)
class Saved:
    """A set saved on the training screen: its row, and the records it beat."""

    row: SetRow
    records: tuple[Record, ...]


def _free(day: date, week: int) -> Session:
    blocks = tuple(Block(kind, ()) for kind in BlockKind)
    return Session(day, week, blocks, focus="free session")


def session_screen(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    day: date,
    today: date,
    view: View | None = None,
    plans: PlanCache | None = None,
) -> SessionScreen:
    """The session of ``day`` as it stands: the plan (swaps applied) or, on a day without one
    up to today, a free session; each exercise with its rows, last time and what was logged.

    NotFound for a future day without a session. A swap the rules refuse is InvalidInput.
    """
    view = view or View()
    summaries = None if plans is None else plans.summaries
    extras: _Extras | None = None
    if day == today and summaries is not None:  # from what any worker kept, when it holds

        def find() -> tuple[Current, _Extras] | None:
            return summaries.found(
                store,
                user_id,
                ("session-windowed", today),
                lambda: _windowed(store, user_id, library, today=today, plans=plans),
            )

        def work() -> tuple[Current, _Extras]:
            now = current_around(store, user_id, library, day=day, today=today, plans=plans)
            return now, _extras(store, user_id, now, library, day, today, plans)

        horizon = today + timedelta(days=AROUND_DAYS)
        now, extras = first(plans, store, user_id, ("current", today, horizon), find, work)
    else:
        now = current_around(store, user_id, library, day=day, today=today, plans=plans)
    planned = next((s for s in now.programme.sessions if s.date == day), None)
    logged = now.logged_on(day)
    # A free session: a day of the active programme up to today. Not a day before it (a day
    # stopped by a stop rule, before a new programme, stays stopped; history keeps its sets).
    if planned is None and not now.programme.start <= day <= today:
        raise NotFound("session", day.isoformat(), "Pick a day from your programme.")
    notes: tuple[str, ...] = ()
    options: Mapping[str, Sequence[SwapOption]] = {}
    applied: Mapping[str, str] = {}
    if planned is None:
        session = _free(day, programme_week(now.programme.start, day))  # start <= day: week 1 on
    else:
        notes = tuple(now.adapted.session_notes.get(day, ()))
        session, options, applied = session_with_swaps(
            planned,
            profile=now.programme.profile,
            library=library,
            asked=dict(view.swaps),
            logged_today=logged,
            kept=now.swaps.get(day),
        )
    if extras is None:
        extras = _extras(store, user_id, now, library, day, today, plans)
    last = extras.before.last
    stations = _stations(session, logged, library, view, options, applied, last)
    return SessionScreen(
        day=day,
        session=session,
        stations=tuple(stations),
        free=planned is None,
        blocked=now.adapted.blocked,
        notes=notes,
        entry=now.log.session(day),
        records=extras.records,
        streak=extras.streak,
        later=now.log.sets[now.log.first_from(day) :],
        last=last,
        future=day > today,
        addable=addable(now.programme.profile, library, week=session.week),
        halt=now.adapted.halt,
        kept=dict(now.swaps.get(day, {})),
        form_checks=tuple(store.form_checks(user_id, day=day)),
        held=extras.held,
        earlier=extras.before.held,
    )


@dataclass(frozen=True, slots=True)
class _Before:
    """What the session screen of ``day`` reads of the sets before that day: last time, the
    best of each record and the hamstring training days. Shared by every request: read-only."""

    last: LastTime
    held: Mapping[RecordKey, Best]
    days: frozenset[date]

    @classmethod
    def of(cls, earlier: Sequence[SetEntry], day: date, library: Library) -> "_Before":
        return cls(
            MappingProxyType(last_time(earlier, day)),
            MappingProxyType(bests(earlier, library)),
            _hamstring_days(earlier, library),
        )


@dataclass(frozen=True, slots=True)
class _KeptBefore:
    """``_Before`` as kept in the database for every worker (``summaries.Shared``): derived
    from the sets up to id ``top``, so it holds while no set was changed or removed since and
    every set added since is of the day or later (``_before_holds``)."""

    last: dict[tuple[str, Side], tuple[SetEntry, ...]]
    held: dict[RecordKey, Best]
    days: frozenset[date]
    top: int

    @classmethod
    def of(cls, before: _Before, top: int) -> "_KeptBefore":
        """Kept for today's screen: its days are all before today, so the Monday of each
        stands for them (the streak counts weeks): a tenth of the days of a long history."""
        last = {key: tuple(sets) for key, sets in before.last.items()}
        return cls(last, dict(before.held), frozenset(map(monday, before.days)), top)

    def before(self) -> _Before:
        return _Before(MappingProxyType(self.last), MappingProxyType(self.held), self.days)


@dataclass(frozen=True, slots=True)
class _Extras:
    """What the session screen shows beside the plan that depends on the whole log."""

    before: _Before
    records: tuple[Record, ...]  # beaten on the day
    streak: Streak
    held: Mapping[RecordKey, Best]  # over the whole log
    source: "Snapshot | None" = None  # the snapshot they were read from

    @classmethod
    def of(
        cls, before: _Before, log: TrainingLog, day: date, today: date, library: Library
    ) -> "_Extras":
        """From what the sets before ``day`` give and the log's sets from ``day`` on (all a
        window of the log holds)."""
        later = log.sets[log.first_from(day) :]
        return cls(
            before,
            beaten_by(before.held, [s for s in later if s.day == day], library),
            week_streak(before.days | _hamstring_days(later, library), max(day, today)),
            MappingProxyType(merged(before.held, bests(later, library))),
        )


def _extras(
    store: "Store",
    user_id: int,
    now: Current,
    library: Library,
    day: date,
    today: date,
    plans: PlanCache | None,
) -> _Extras:
    """Last time, records and the streak read the whole log (a second of CPU at 113,000
    sets): the web keeps them until the user's data changes, keeps their part from the days
    before ``day`` while only sets of that day or later are added (a set just logged), and
    keeps that part for today's session in the database for every worker (``_KeptBefore``)."""

    def read(stale: _Extras | None) -> _Extras:
        added = None
        if stale is not None and now.source is not None:
            added = added_since(stale.source, now.source)
        if stale is not None and added is not None and all(e.day >= day for e in added):
            before = stale.before
        else:
            before = whole_before()
        extras = _Extras.of(before, now.log, day, today, library)
        return replace(extras, source=now.source)

    def whole_before() -> _Before:
        """From the whole log in ``now``; for today's session, as kept by any worker when
        that still holds, else worked out and kept."""
        shared = _kept_before(plans, store, user_id, library, day) if day == today else None
        source = now.source
        if shared is None or source is None:
            return _Before.of(now.log.sets[: now.log.first_from(day)], day, library)
        found = shared.read()
        if found is not None:
            added = added_above(source, found[1].top)
            if _before_holds(*found, source, added, day):
                return found[1].before()
        before = _Before.of(now.log.sets[: now.log.first_from(day)], day, library)
        shared.write(source.version, _KeptBefore.of(before, max(source.set_ids, default=0)))
        return before

    return renewed(plans, store, user_id, ("session-extras", day, max(day, today)), read)


def _before_holds(
    version: int,
    kept: _KeptBefore,
    snapshot: "Snapshot",
    added: tuple[SetEntry, ...] | None,
    day: date,
) -> bool:
    """Whether ``kept`` (derived at data ``version`` from the sets up to id ``kept.top``) is
    what the sets before ``day`` give in ``snapshot``, where ``added`` are its sets above
    ``kept.top``: no set was changed or removed since (``log_version``), and every set added
    since is of ``day`` or later. Nothing else of the user's data enters it."""
    return sets_unchanged(version, snapshot, added) and all(e.day >= day for e in added or ())


def _kept_before(
    plans: PlanCache | None, store: "Store", user_id: int, library: Library, day: date
) -> "KeptRow[_KeptBefore] | None":
    """Where ``_KeptBefore`` of ``day`` is kept for every worker: one row per user."""
    shared = shared_of(plans)
    if shared is None:
        return None
    what = f"before:{day.isoformat()}:{library_mark(library)}"
    return KeptRow(shared, store, user_id, "session-before", what, _KeptBefore)


def _windowed(
    store: "Store",
    user_id: int,
    library: Library,
    *,
    today: date,
    plans: PlanCache | None,
) -> "tuple[Current, _Extras] | None":
    """Today's session screen in a worker that does not hold the user's log as it is now:
    from the adaptation and the part of the screen before today that a worker kept in the
    database (while they hold), and the log's window (``programmes.windowed``: the sets from
    the last training day before today on), without reading the whole log. None: read it."""
    day = today
    shared = _kept_before(plans, store, user_id, library, day)
    if shared is None:
        return None
    found: list[tuple[int, _KeptBefore]] = []

    def top() -> int | None:
        kept = shared.read()
        found.extend(() if kept is None else (kept,))
        return None if kept is None else kept[1].top

    horizon = today + timedelta(days=AROUND_DAYS)
    kept = windowed(store, user_id, library, today=today, horizon=horizon, plans=plans, also=top)
    if kept is None or not found:
        return None
    now, window = kept
    version, before = found[0]
    if now.source is None or not _before_holds(
        version, before, now.source, window.above(before.top), day
    ):
        return None
    return now, _Extras.of(before.before(), now.log, day, today, library)


def _hamstring_days(sets: Sequence[SetEntry], library: Library) -> frozenset[date]:
    """The days of hamstring training: what the streak counts, as the progress page does."""
    loads = loading(library)
    return frozenset(s.day for s in sets if not s.warmup and loads(s.exercise))


def prepare_today(
    store: "Store", *, user_id: int, library: Library, today: date, plans: PlanCache | None
) -> None:
    """Work out today's page, today's session screen and the whole programme now, and keep
    what they derive from the whole log for every worker (one replay of the log for all
    three): the web runs this right after answering a write that makes every worker read the
    whole log again (an import, an edit or a delete of a set), so the next request, in any
    worker, finds it ready. One at a time per user in each worker: a second write meanwhile
    does not start another, the one under way works the pages out again for it (a few rounds
    at most); a request in the same worker that needs the same answer meanwhile waits for it
    (``Summaries.renew``) instead of working it out too. Nothing without a programme, and
    nothing for the command line, which keeps nothing."""
    summaries = None if plans is None else plans.summaries
    if summaries is None or summaries.shared is None:
        return
    with summaries.alone(user_id) as mine:
        for _ in range(PREPARE_ROUNDS if mine else 0):
            before = store.data_version(user_id)
            try:
                with summaries.preparing(store, user_id):  # other workers wait for it
                    today_session(store, user_id=user_id, library=library, today=today, plans=plans)
                    current(store, user_id=user_id, library=library, today=today, plans=plans)
                    session_screen(  # NotFound before the programme starts: the rest is kept
                        store, user_id=user_id, library=library, day=today, today=today, plans=plans
                    )
            except HamstrongError:  # no programme (or no user) now: nothing to prepare
                return
            if store.data_version(user_id) == before:
                return  # nothing written meanwhile: what was kept is current


def addable(profile: Profile, library: Library, *, week: int) -> tuple[Exercise, ...]:
    """The exercises that may be added to a session: what the profile allows (equipment,
    level, injuries; bodyweight only in a beginner's first two weeks), as for a swap. Warm-up
    drills and stretches have their own blocks."""
    from hamstrong.core.dosing import early_week, suits

    early = early_week(week)
    return tuple(
        e for e in library if e.pattern not in NO_RECORDS and suits(profile, e, early=early)
    )


def streak(sets: Sequence[SetEntry], library: Library, today: date) -> Streak:
    """Weeks in a row with hamstring training: the same days the progress page counts."""
    return week_streak(_hamstring_days(sets, library), today)


def _stations(
    session: Session,
    logged: Sequence[LoggedSet],
    library: Library,
    view: View,
    options: Mapping[str, Sequence[SwapOption]],
    applied: Mapping[str, str],
    last: LastTime,
) -> list[Station]:
    done = {(s.entry.exercise, s.entry.order, s.entry.side): s for s in logged}
    planned_for = {chosen: planned for planned, chosen in applied.items()}
    stations = []
    for item in session.main_items:
        exercise = library.get(item.exercise)
        planned = library.get(planned_for.get(item.exercise, item.exercise))
        choices = tuple(options.get(planned.id, ()))
        stations.append(_station(exercise, item, planned, done, view, last, choices))
    shown = {st.exercise.id for st in stations}
    extra = [s.entry.exercise for s in logged if s.entry.exercise not in shown]
    extra += list(view.added[:MAX_ADDED])
    # in the order logged, then added; an imported name logged that day stays in the history
    for exercise_id in dict.fromkeys(e for e in extra if e in library and e not in shown):
        exercise = library.get(exercise_id)
        item = added_item(exercise)
        stations.append(_station(exercise, item, exercise, done, view, last, (), added=True))
    return stations


def _station(
    exercise: Exercise,
    item: Item,
    planned: Exercise,
    done: Mapping[tuple[str, int, Side], LoggedSet],
    view: View,
    last: LastTime,
    options: tuple[SwapOption, ...],
    *,
    added: bool = False,
) -> Station:
    """Rows for the item's sets, for sets added beyond them, and for any set logged beyond."""
    more = min(max(view.more.get(exercise.id, 0), 0), MAX_MORE)
    logged_orders = [order for (ex, order, _) in done if ex == exercise.id]
    count = max([item.sets + more, *logged_orders])
    sides = item_sides(item)
    rows = tuple(
        SetRow(
            exercise,
            item,
            order,
            side,
            item_target(item, min(order, item.sets)),
            done.get((exercise.id, order, side)),
            same_set(last, exercise.id, side, order),
            planned.id,
            extra=order > item.sets,
        )
        for order in range(1, count + 1)
        for side in sides
    )
    days = [e.day for side in sides for e in last.get((exercise.id, side), ())]
    return Station(exercise, item, rows, planned, options, added, max(days, default=None))


def save_set(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    screen: SessionScreen,
    entry: SetEntry,
    today: date,
) -> Saved:
    """Save one set of the screen's session: a planned row, a set added after the last one of
    an exercise, or the first set of an exercise added from the library. A second tap on a
    saved row saves nothing more. Checked first; committed before this returns."""
    if entry.exercise not in library:
        raise InvalidInput({"exercise": "is not an exercise of the library"})
    row = screen.row(row_id(entry.exercise, entry.order, entry.side)) or _new_row(
        screen, entry, library
    )
    if row.logged is not None:
        return Saved(row, ())
    (new_id,) = log_sets(store, user_id=user_id, entries=[entry], library=library, today=today)
    return Saved(
        replace(row, logged=LoggedSet(new_id, entry)), beaten_by(screen.held, [entry], library)
    )


def _new_row(screen: SessionScreen, entry: SetEntry, library: Library) -> SetRow:
    """A row the page did not show yet: the next set of an exercise, or an added exercise."""
    exercise = library.get(entry.exercise)
    station = next((st for st in screen.stations if st.exercise.id == exercise.id), None)
    if station is None and exercise not in screen.addable:
        raise InvalidInput({"exercise": "is not one your profile allows today"})
    item = station.item if station else added_item(exercise)
    following = station.next_order if station else 1
    if entry.side not in item_sides(item):
        sides = " or ".join(side.value for side in item_sides(item))
        raise InvalidInput({"side": f"must be {sides} for this exercise"})
    if not 1 <= entry.order <= following:
        raise InvalidInput({"order": f"must be a set number from 1 to {following}"})
    return SetRow(
        exercise,
        item,
        entry.order,
        entry.side,
        item_target(item, min(entry.order, item.sets)),
        None,
        same_set(screen.last, exercise.id, entry.side, entry.order),
        station.planned.id if station else exercise.id,
        extra=entry.order > item.sets,
    )


def edit_set(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    screen: SessionScreen,
    set_id: int,
    entry: SetEntry,
    today: date,
) -> Saved:
    """Change a saved set of the screen's session in place (the same id): its numbers and note,
    never which exercise, set or side it is."""
    row = screen.row_of(set_id)
    if row is None or row.logged is None:
        raise NotFound("set", str(set_id))
    old = row.logged.entry
    changed = replace(
        entry, day=old.day, exercise=old.exercise, order=old.order, side=old.side, key=None
    )
    replace_set(store, user_id=user_id, set_id=set_id, entry=changed, library=library, today=today)
    others = list(screen.later)
    others.remove(old)  # against every other set: the best before the day, then the rest
    held = merged(screen.earlier, bests(others, library))
    saved = LoggedSet(set_id, replace(changed, key=old.key))
    return Saved(replace(row, logged=saved), beaten_by(held, [changed], library))


def undo_set(store: "Store", *, user_id: int, screen: SessionScreen, set_id: int) -> SetRow:
    """Take back a saved set of the screen's session: its row, ready to be saved again."""
    row = screen.row_of(set_id)
    if row is None:
        raise NotFound("set", str(set_id))
    delete_logged_set(store, user_id=user_id, set_id=set_id)
    return replace(row, logged=None)


def start_session(store: "Store", *, user_id: int, day: date, today: date, at: datetime) -> None:
    """Note when today's session started (its duration runs from here). Another day's start
    is not noted: a past session cannot start now, and a future one not yet."""
    if day == today:
        store.start_session(user_id, day, at=at)


def finish_session(
    store: "Store", *, user_id: int, day: date, today: date, at: datetime, note: str | None
) -> None:
    """Keep the session's note and, for today's, when it finished; a later finish (after
    taking the session up again) replaces an earlier one."""
    if day > today:
        raise InvalidInput({"note": "this session is in the future: finish it on the day"})
    if note is not None and (problem := text_problem(note, MAX_NOTE)):
        raise InvalidInput({"note": problem})
    store.finish_session(user_id, day, at=at if day == today else None, note=note)


@dataclass(frozen=True, slots=True)
class Report:
    """After a session: what was done, how long it took, the records it beat, the week streak,
    and the next session with what changes in it."""

    day: date
    summary: Summary
    free: bool
    sets: tuple[SetEntry, ...]
    entry: SessionEntry | None
    records: tuple[Record, ...]
    streak: Streak
    counts: tuple[int, int]  # (planned sets logged, planned sets); (n, 0) for a free session

    @property
    def duration(self) -> timedelta | None:
        return duration(self.entry, self.sets)

    def to_dict(self) -> dict[str, object]:
        """The report as ``hamstrong finish --format json`` writes it."""
        done, planned = self.counts
        length = self.duration
        following = self.summary.next_session
        return {
            "date": self.day.isoformat(),
            "free": self.free,
            "sets_done": done,
            "sets_planned": None if self.free else planned,
            "started": _iso(self.entry.started if self.entry else None),
            "finished": _iso(self.entry.finished if self.entry else None),
            "seconds": None if length is None else round(length.total_seconds()),
            "note": self.entry.note if self.entry else None,
            "records": [record_dict(r, today=self.day) for r in self.records],
            "streak": {"weeks": self.streak.weeks, "best": self.streak.best},
            "next_session": None if following is None else following.date.isoformat(),
            "changes": list(self.summary.notes),
        }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


@dataclass(frozen=True, slots=True)
class Records:
    """Every personal record in the log (best estimated max, most reps at each load, longest
    hold, best Nordic set, per exercise and side) and the week streak."""

    records: tuple[Record, ...]
    streak: Streak
    today: date

    def to_dict(self) -> dict[str, object]:
        return {
            "records": [record_dict(r, today=self.today) for r in self.records],
            "streak": {"weeks": self.streak.weeks, "best": self.streak.best},
        }


def records_of(store: "Store", *, user_id: int, library: Library, today: date) -> Records:
    """The records of the whole log up to ``today``: the same readings the session page and
    its summary celebrate when one is beaten (core/records.py)."""
    sets = [s for s in store.training_log(user_id).sets if s.day <= today]
    return Records(personal_records(sets, library), streak(sets, library, today), today)


def finish_and_report(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    day: date,
    today: date,
    at: datetime,
    note: str | None,
    plans: PlanCache | None = None,
) -> Report:
    """``hamstrong finish``: the session of ``day`` finished as the web's Finish button does
    (``note`` None keeps the note it has), then its report. A day with neither a planned
    session nor anything logged is NotFound, and nothing is stored for it."""
    session_report(store, user_id=user_id, library=library, day=day, plans=plans)
    if note is None:
        kept = store.session_entry(user_id, day)
        note = kept.note if kept else None
    finish_session(store, user_id=user_id, day=day, today=today, at=at, note=note or None)
    return session_report(store, user_id=user_id, library=library, day=day, plans=plans)


def session_report(
    store: "Store", *, user_id: int, library: Library, day: date, plans: PlanCache | None = None
) -> Report:
    """The summary of the session of ``day``, planned or free; NotFound for a day with neither
    a planned session nor anything logged."""
    now = current(
        store, user_id=user_id, library=library, today=day + timedelta(days=1), plans=plans
    )
    return report_of(now, day, library)


def report_of(now: Current, day: date, library: Library) -> Report:
    """The report of ``day`` from the programme and log as read in ``now``."""
    planned = next((s for s in now.programme.sessions if s.date == day), None)
    sets = now.log.sets[now.log.on(day)]
    entry = now.log.session(day)
    if planned is None and not sets and entry is None:
        raise NotFound("session", day.isoformat(), "Pick a day from your programme.")
    history = now.log.sets
    done = (
        rows_done(now.swapped(planned, library), sets)
        if planned
        else (sum(not s.warmup for s in sets), 0)
    )
    return Report(
        day,
        summary_of(now, day, library),
        planned is None,
        sets,
        entry,
        beaten([s for s in history if s.day < day], sets, library),
        streak(history, library, day),
        done,
    )
