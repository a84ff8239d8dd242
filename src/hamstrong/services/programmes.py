"""Programme use-cases: start, the plan as saved and as adapted, today, a session, moves, swaps."""

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from hamstrong.core.exercises import Library
from hamstrong.core.planner import plan_programme
from hamstrong.core.populations import heavy_eccentric, in_match_window
from hamstrong.core.profile import Profile
from hamstrong.core.programme import Programme, Session
from hamstrong.core.progression import Adapted, Replayed, project, replay, unread
from hamstrong.core.rules import Finding
from hamstrong.core.sessions import is_done, rows_done
from hamstrong.core.training_log import SetEntry, TrainingLog, sets_above
from hamstrong.core.units import Unit
from hamstrong.errors import InvalidInput, Next, NoProgramme, NotFound
from hamstrong.services.planning import plan as plan
from hamstrong.services.planning import require_screen as require_screen
from hamstrong.services.planning import screen_referral as screen_referral
from hamstrong.services.planning import unanswered_questions as unanswered_questions
from hamstrong.services.plans import PlanCache, added_since, first, renewed, shared_of
from hamstrong.services.plans import snapshot as kept_snapshot
from hamstrong.services.summaries import KeptRow
from hamstrong.services.training_log import LoggedSet

if TYPE_CHECKING:
    from hamstrong.core.screen import Referral
    from hamstrong.core.swaps import SwapOption
    from hamstrong.services.summaries import Summaries
    from hamstrong.store import Store
    from hamstrong.store.repository import SavedProgramme, Snapshot, Window


@dataclass(frozen=True, slots=True)
class Current:
    """The active programme, re-planned from the log as of ``today``."""

    adapted: Adapted
    screened_at: datetime | None
    log: TrainingLog
    set_ids: tuple[int, ...]  # the ids of ``log.sets``, in the same order
    # the user's swaps kept until changed back: session day -> planned id -> chosen id
    swaps: Mapping[date, Mapping[str, str]] = field(default_factory=dict)
    # what it was worked out from (``current`` compares the next snapshot with it)
    source: "Snapshot | None" = field(default=None, compare=False, repr=False)

    @property
    def programme(self) -> Programme:
        """As planned and adapted, before the user's swaps (``swapped`` applies them)."""
        return self.adapted.programme

    def swapped(self, session: Session, library: Library) -> Session:
        """``session`` with the swaps the user keeps for it, where they still hold (what was
        logged that day wins: a stand-in logged swaps in; a swap the plan has moved past is
        left out)."""
        kept = self.swaps.get(session.date)
        logged = {s.exercise for s in self.log.sets[self.log.on(session.date)]}
        if not kept and logged <= {item.exercise for item in session.main_items}:
            return session
        from hamstrong.core.swaps import with_swaps

        profile = self.programme.profile
        return with_swaps(
            session, profile=profile, library=library, asked={}, logged=logged, kept=kept
        )[0]

    def logged_on(self, day: date) -> tuple[LoggedSet, ...]:
        """The sets logged on ``day``, with their ids, in the order done."""
        on = self.log.on(day)
        return tuple(
            LoggedSet(*pair) for pair in zip(self.set_ids[on], self.log.sets[on], strict=True)
        )


@dataclass(frozen=True, slots=True)
class SessionDay:
    """A planned (adapted) session, why training is blocked (if it is), the profile it was
    planned for, and the sets logged that day."""

    session: Session
    blocked: str | None
    profile: Profile
    logged: tuple[LoggedSet, ...]
    notes: tuple[str, ...] = ()  # what changed in this session and why (calibration sets too)
    halt: Finding | None = None  # a stop rule or a pause: show this, not the session


@dataclass(frozen=True, slots=True)
class Today:
    """The session due on ``day`` (or the next one), with the reasons it changed."""

    day: date
    session: Session | None
    next_date: date | None
    notes: tuple[str, ...] = ()
    blocked: str | None = None
    next: Next | None = None  # what to do now: answer the screen again, check in, or start
    halt: Finding | None = None  # a stop rule or a pause holds training back: no session
    done: bool = False  # today's session is finished, or every planned set of it is logged
    sets_logged: int = 0  # working sets logged today (planned or not)
    planned_logged: tuple[int, int] = (0, 0)  # (planned sets logged, planned sets) of today's
    checkin: int | None = None  # this morning's pain, once recorded
    free_day: bool = False  # no session today, but a day of the programme: a free session

    def to_dict(self) -> dict[str, Any]:
        """The ``Today JSON`` contract of the spec, plus ``blocked``, ``next``, ``halt``,
        ``done``, the sets logged today and this morning's check-in."""
        return {
            "date": self.day.isoformat(),
            "session": self.session.to_dict() if self.session else None,
            "next_date": self.next_date.isoformat() if self.next_date else None,
            "notes": list(self.notes),
            "blocked": self.blocked,
            "next": self.next.value if self.next else None,
            "halt": self.halt.to_dict() if self.halt else None,
            "done": self.done,
            "sets_logged": self.sets_logged,
            "checkin": self.checkin,
        }


PREPARE_ROUNDS = 3  # writes that come while today's page is prepared, caught up with
TODAY_DAYS = 13  # today's page adapts two weeks ahead: its week and the next one's
AROUND_DAYS = 6  # a session's page adapts up to its programme week's end (the weekly cap)


def start_programme(
    store: "Store", *, user_id: int, profile: Profile, start: date, weeks: int, library: Library
) -> Programme:
    """Plan and save; a red flag returns the referral, saves nothing, and ends the programme
    the user was following (R13: red flags win over training). The programme starts 48 hours
    after the last logged hamstring work when ``start`` is sooner, and says so.

    The profile's unit becomes the user's only when it is new: a first programme, or a unit
    changed in the profile. Re-answering the screen (the same profile again) keeps the unit
    the user picked since on the account page."""
    before = saved_profile(store, user_id=user_id)
    programme = _from_first_day(store, user_id, profile, start, weeks, library)
    if programme.referral is not None:
        store.end_programme(user_id)
    else:
        store.save_programme(user_id, profile=profile.to_dict(), start=programme.start, weeks=weeks)
        if before is None or before.get("units", Unit.KG.value) != profile.units.value:
            store.set_unit(user_id, profile.units.value)
    return programme


def _from_first_day(
    store: "Store", user_id: int, profile: Profile, start: date, weeks: int, library: Library
) -> Programme:
    """The programme from its ``first_day``, with a warning saying why when that is later."""
    from hamstrong.core.dates import short_day
    from hamstrong.core.scheduling import MIN_GAP_DAYS, MIN_GAP_HOURS

    first = first_day(store, user_id=user_id, library=library, start=start)
    programme = plan_programme(profile, first, weeks, library)
    if first == start or programme.referral is not None:
        return programme
    why = (
        f"The programme starts on {short_day(first)}, {MIN_GAP_HOURS} hours after your last "
        f"session ({short_day(first - timedelta(days=MIN_GAP_DAYS))}), so your hamstrings "
        "recover first."
    )
    return replace(programme, warnings=(why, *programme.warnings))


def first_day(store: "Store", *, user_id: int, library: Library, start: date) -> date:
    """The day a programme asked to start on ``start`` really starts: 48 hours after the last
    logged hamstring work when that is later (R2 across programmes)."""
    from hamstrong.core.scheduling import earliest_start

    return earliest_start(start, trained_days(store, user_id=user_id, library=library, since=start))


def screen_answered(
    store: "Store",
    *,
    user_id: int,
    answers: "Mapping[str, bool]",
    assessed_strain: bool = False,
) -> "Referral | None":
    """A red flag on the safety screen ends the active programme at once, before any new plan
    is made: whoever reports one is sent to a clinician, not to their next session (R13).
    ``assessed_strain``: signs of a recent strain a clinician has assessed are not a red flag."""
    referral = screen_referral(answers, assessed_strain=assessed_strain)
    if referral is not None:
        store.end_programme(user_id)
    return referral


def planned(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    saved: "SavedProgramme | None" = None,
    plans: PlanCache | None = None,
) -> Programme:
    """The saved programme as planned, with the sessions the user moved (before the log)."""
    saved = saved or store.active_programme(user_id)
    if saved is None:
        raise NoProgramme
    return _moved_plan(saved, store.moves(user_id), library, plans)


def _moved_plan(
    saved: "SavedProgramme",
    moves: Sequence[tuple[date, date]],
    library: Library,
    plans: PlanCache | None,
) -> Programme:
    """``plans`` keeps the plan for the next call; without one, it is planned afresh."""
    return (plans if plans is not None else PlanCache(kept=1)).plan(saved, library).moved(moves)


@dataclass(frozen=True, slots=True)
class MoveChoice:
    """A day a session could move to, and why not when it cannot."""

    day: date
    problem: str | None


def move_choices(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    day: date,
    today: date,
    plans: PlanCache | None = None,
) -> list[MoveChoice]:
    """The other days of that session's programme week, each with its verdict (R1, R2)."""
    from hamstrong.core.dates import programme_week, week_start
    from hamstrong.core.scheduling import move_problem

    programme = planned(store, user_id=user_id, library=library, plans=plans)
    dates = [s.date for s in programme.sessions]
    if day not in dates:
        raise NotFound("session", day.isoformat())
    first = week_start(programme.start, programme_week(programme.start, day))
    trained = trained_days(store, user_id=user_id, library=library, since=first)
    return [
        MoveChoice(
            d,
            move_problem(
                programme.start,
                dates,
                day,
                d,
                today=today,
                before_match=_before_match(programme, library, day, d),
                trained=trained,
            ),
        )
        for d in (first + timedelta(days=n) for n in range(7))
        if d != day
    ]


def trained_days(
    store: "Store", *, user_id: int, library: Library, since: date | None = None
) -> frozenset[date]:
    """Days with logged hamstring work (from two days before ``since``): a session logged
    there stays put, and no session moves within 48 hours of one."""
    from hamstrong.core.rules import training_days
    from hamstrong.core.scheduling import MIN_GAP_DAYS

    start = None if since is None else since - timedelta(days=MIN_GAP_DAYS)
    return frozenset(training_days(store.sets(user_id, since=start), library))


def _before_match(programme: Programme, library: Library, day: date, to: date) -> bool:
    """Moving the session on ``day`` to ``to`` would bring Nordic or eccentric work into the
    48 h before the profile's match day."""
    session = next((s for s in programme.sessions if s.date == day), None)
    return (
        session is not None
        and in_match_window(to, programme.profile.match_day)
        and any(heavy_eccentric(library.get(i.exercise)) for i in session.main_items)
    )


def move_session(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    day: date,
    to: date,
    today: date,
    plans: PlanCache | None = None,
) -> None:
    """Move a planned session to another day of its week, if the 48-hour rule allows it."""
    from hamstrong.core.scheduling import move_problem

    programme = planned(store, user_id=user_id, library=library, plans=plans)
    problem = move_problem(
        programme.start,
        [s.date for s in programme.sessions],
        day,
        to,
        today=today,
        before_match=_before_match(programme, library, day, to),
        trained=trained_days(store, user_id=user_id, library=library, since=min(day, to)),
    )
    if problem is not None:
        raise InvalidInput({"to": problem})
    store.add_move(user_id, from_day=day, to_day=to)


def current(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    today: date,
    horizon: date | None = None,
    plans: PlanCache | None = None,
) -> Current:
    """The saved programme, re-planned deterministically and adapted to the log (up to
    ``horizon`` when given: later sessions stay as planned). The web app keeps the answer
    until the user's data changes (years of history take a second to replay), and keeps its
    adaptation while only sets the engine does not read today were added (``unread``: sets
    logged today without a stop rule), so logging a set does not replay the whole log. The
    adaptation is also kept in the database for the other workers and the next start
    (``_Kept``): a worker that finds one that still holds does not replay the log."""

    def compute(stale: Current | None) -> Current:
        # one read: the programme, its moves and the log agree; kept, as the pages that ask
        # for other horizons read the same
        snapshot = kept_snapshot(plans, store, user_id)
        if snapshot.programme is None:
            raise NoProgramme
        if stale is not None and _only_unread_added(stale.source, snapshot, today):
            return replace(stale, log=snapshot.log, set_ids=snapshot.set_ids, source=snapshot)
        shared = _shared(plans, store, user_id, library, today, horizon)
        if shared is not None:
            found = shared.read()
            if found is not None and _holds(
                *found, snapshot, added_above(snapshot, found[1].top), today
            ):
                return _current(found[1].adapted, snapshot)
        read = _replayed(plans, store, user_id, library, today, snapshot)
        adapted = project(read, library=library, horizon=horizon)
        if shared is not None:
            shared.write(snapshot.version, _Kept.of(adapted, snapshot))
        return _current(adapted, snapshot)

    return renewed(plans, store, user_id, ("current", today, horizon), compute)


@dataclass(frozen=True, slots=True)
class _Replay:
    """The log replayed on one day (``core.progression.replay``) and the snapshot it read."""

    replayed: Replayed
    source: "Snapshot"


def _replayed(
    plans: PlanCache | None,
    store: "Store",
    user_id: int,
    library: Library,
    today: date,
    snapshot: "Snapshot",
) -> Replayed:
    """The log of ``snapshot`` replayed on ``today``: nearly all the cost of ``adapt`` over a
    long history, and the same for every horizon, so the pages that ask for different ones
    (today's, a session's, the whole programme) project one replay per data version in a
    worker, and a page that asks while another thread replays waits for that replay."""
    saved = snapshot.programme
    assert saved is not None  # the callers checked

    def read(stale: _Replay | None) -> _Replay:
        if stale is not None and stale.source is snapshot:
            return stale
        programme = _moved_plan(saved, snapshot.moves, library, plans)
        found = replay(
            programme, snapshot.log, library=library, today=today, screened_at=saved.saved_at
        )
        return _Replay(found, snapshot)

    return renewed(plans, store, user_id, ("replay", today), read).replayed


def _current(adapted: Adapted, snapshot: "Snapshot") -> Current:
    assert snapshot.programme is not None  # the callers checked
    swaps: dict[date, dict[str, str]] = {}
    for day, planned_id, chosen in snapshot.swaps:
        swaps.setdefault(day, {})[planned_id] = chosen
    return Current(
        adapted, snapshot.programme.saved_at, snapshot.log, snapshot.set_ids, swaps, snapshot
    )


@dataclass(frozen=True, slots=True)
class _Kept:
    """An adaptation kept in the database for every worker (``summaries.Shared``), with what
    it was derived from besides the sets up to id ``top``: the short parts a worker reads
    afresh to tell whether it still holds (``_holds``)."""

    adapted: Adapted
    programme: "SavedProgramme"
    moves: tuple[tuple[date, date], ...]
    swaps: tuple[tuple[date, str, str], ...]
    rest: tuple[object, ...]  # the log's check-ins, self-tests and sessions
    top: int  # the newest set id of the log it was derived from

    @classmethod
    def of(cls, adapted: Adapted, snapshot: "Snapshot") -> "_Kept":
        assert snapshot.programme is not None  # the callers checked
        return cls(
            adapted,
            snapshot.programme,
            snapshot.moves,
            snapshot.swaps,
            _rest(snapshot),
            max(snapshot.set_ids, default=0),
        )

    def short(self) -> tuple[object, ...]:
        return (self.programme, self.moves, self.swaps, *self.rest)


def _rest(snapshot: "Snapshot") -> tuple[object, ...]:
    log = snapshot.log
    return (log.checkins, log.tests, log.sessions)


def _short(snapshot: "Snapshot") -> tuple[object, ...]:
    """What of the user's data an adaptation reads besides the sets: the programme, its
    moves and swaps, the check-ins, self-tests and sessions."""
    return (snapshot.programme, snapshot.moves, snapshot.swaps, *_rest(snapshot))


def added_above(snapshot: "Snapshot", top: int) -> tuple[SetEntry, ...]:
    """The sets of ``snapshot`` with ids above ``top`` (added since an answer was kept)."""
    return sets_above(snapshot.log.sets, snapshot.set_ids, top)


def sets_unchanged(
    version: int, snapshot: "Snapshot", added: "tuple[SetEntry, ...] | None"
) -> bool:
    """Whether an answer derived at data ``version`` still stands for the sets of
    ``snapshot`` it read: the snapshot is not older than it, no set was changed or removed
    since (``log_version``), and the sets added since are known (``added``)."""
    return added is not None and version <= snapshot.version and snapshot.log_version <= version


def _holds(
    version: int,
    kept: _Kept,
    snapshot: "Snapshot",
    added: "tuple[SetEntry, ...] | None",
    today: date,
) -> bool:
    """Whether ``kept`` (derived at data ``version``) is what ``adapt`` gives for
    ``snapshot`` on ``today``, where ``added`` are the sets above ``kept.top``: no set it read
    was changed or removed since, only sets ``adapt`` does not read today were added
    (``unread``), and the programme, moves, swaps, check-ins, tests and sessions are the same."""
    if not sets_unchanged(version, snapshot, added) or kept.short() != _short(snapshot):
        return False
    return all(unread(entry, today) for entry in added or ())


def _shared(
    plans: PlanCache | None,
    store: "Store",
    user_id: int,
    library: Library,
    today: date,
    horizon: date | None,
) -> "KeptRow[_Kept] | None":
    """Where the adaptation for ``today`` up to ``horizon`` is kept for every worker: one row
    per user and page (the whole programme, today's page, a session page: a later answer
    overwrites it, so rows never pile up), keyed by the day, the horizon and the library."""
    shared = shared_of(plans)
    if shared is None:
        return None
    days = None if horizon is None else (horizon - today).days
    name = "current" if days is None else "current+13" if days == TODAY_DAYS else "session"
    what = f"{name}:{today.isoformat()}:{days}:{library_mark(library)}"
    return KeptRow(shared, store, user_id, name, what, _Kept)


def library_mark(library: Library) -> str:
    """The library in a kept answer's key: its size and a checksum of its exercise ids."""
    ids = zlib.crc32("\n".join(sorted(library.exercises)).encode())
    return f"{len(library)}:{ids:08x}"


def _only_unread_added(old: "Snapshot | None", new: "Snapshot", today: date) -> bool:
    """Whether ``new`` is ``old`` with only sets added that ``adapt`` does not read on
    ``today``: the same programme, moves, swaps, check-ins, tests and sessions, and the sets
    of ``old`` (the very objects: brought up to date, not read again) followed by new ones."""
    if old is None:
        return False
    if _short(old) != _short(new):
        return False
    added = added_since(old, new)
    return added is not None and all(unread(entry, today) for entry in added)


def current_around(
    store: "Store",
    user_id: int,
    library: Library,
    *,
    day: date,
    today: date,
    plans: PlanCache | None = None,
) -> Current:
    """``current`` adapted up to the week after ``day`` (or today, if later): what a page about
    the session on ``day`` reads, kept under one key by the pages that share it."""
    horizon = max(day, today) + timedelta(days=AROUND_DAYS)
    return current(
        store, user_id=user_id, library=library, today=today, horizon=horizon, plans=plans
    )


def today_session(
    store: "Store", *, user_id: int, library: Library, today: date, plans: PlanCache | None = None
) -> Today:
    """The session due today, or when the next one is; none at all while a stop rule or a pause
    holds training back (the halt says why and what to check).

    A web worker that holds no answer for the user's data as it is now first tries the
    adaptation kept in the database by any worker: with the sets from the last training day
    before today on (and the few added since it was kept) it shows today without reading the
    whole log."""
    horizon = today + timedelta(days=TODAY_DAYS)

    def find() -> Today | None:
        kept = windowed(store, user_id, library, today=today, horizon=horizon, plans=plans)
        return None if kept is None else _today(kept[0], today, library)

    def work() -> Today:
        now = current(
            store, user_id=user_id, library=library, today=today, horizon=horizon, plans=plans
        )
        return _today(now, today, library)

    return first(plans, store, user_id, ("current", today, horizon), find, work)


def windowed(
    store: "Store",
    user_id: int,
    library: Library,
    *,
    today: date,
    horizon: date | None,
    plans: PlanCache | None,
    also: "Callable[[], int | None] | None" = None,
    programme_long: bool = False,
) -> "tuple[Current, Window] | None":
    """``current`` for ``today`` up to ``horizon`` from the adaptation any worker kept in the
    database, with only the log's window (``Store.window``: the sets from the last training
    day before today on, and those added since it was kept): None when this worker holds the
    answer already (nothing to save), nothing is kept, or what is kept no longer holds. The
    returned ``Current`` holds only that window of the log: for pages about today.
    ``also()`` reads another kept answer the page needs and gives the newest set id it was
    derived from, so that the window's added sets cover it too (None: none kept, so None).
    Without ``also`` what is found is kept in the worker under the data version, so the next
    request does not read the kept answer and the window again.
    ``programme_long``: the window starts at the programme's first day instead (for pages of
    the whole programme, which show what was logged on each of its session days)."""
    shared = _shared(plans, store, user_id, library, today, horizon)
    summaries = None if plans is None else plans.summaries
    if shared is None or summaries is None:
        return None

    def find() -> "tuple[Current, Window] | None":
        return _windowed(store, user_id, today, horizon, shared, summaries, also, programme_long)

    if also is not None:  # the caller keeps what it makes of both answers
        return find()
    return summaries.found(store, user_id, ("windowed", today, horizon, programme_long), find)


def _windowed(
    store: "Store",
    user_id: int,
    today: date,
    horizon: date | None,
    shared: "KeptRow[_Kept]",
    summaries: "Summaries",
    also: "Callable[[], int | None] | None",
    programme_long: bool,
) -> "tuple[Current, Window] | None":
    """``windowed``, read from the database (the caller keeps what it finds)."""
    version = store.data_version(user_id)
    if summaries.held(user_id, ("current", today, horizon), version):
        return None
    found = shared.read()
    other = None if found is None or also is None else also()
    if found is None or (also is not None and other is None):
        return None
    top = found[1].top if other is None else min(found[1].top, other)
    first = min(today, found[1].programme.start) if programme_long else today
    window = store.window(user_id, day=first, after=top)
    partial = window.snapshot
    if partial.programme is None or not _holds(*found, partial, window.above(found[1].top), today):
        return None
    return _current(found[1].adapted, partial), window


def _today(now: Current, today: date, library: Library) -> Today:
    """Today's view from ``now``, of whose log it reads only the check-ins, the self-tests,
    the sessions and the sets from the last training day before today on (``Store.window``:
    the last day trained, today's sets, whether a self-test was asked for already)."""
    adapted = now.adapted
    upcoming = [s for s in adapted.programme.sessions if s.date >= today]
    due = now.swapped(upcoming[0], library) if upcoming and upcoming[0].date == today else None
    following = [s.date for s in upcoming if s.date > today]
    notes = list(adapted.notes)
    shown = due or (upcoming[0] if upcoming else None)
    if shown is not None:
        notes += adapted.session_notes.get(shown.date, ())
    if due is None and upcoming:
        earlier = [s.date for s in adapted.programme.sessions if s.date < today]
        notes.insert(
            0,
            _rest_reason(
                now.log,
                today,
                upcoming[0].date,
                earlier[-1] if earlier else None,
            ),
        )
    if not upcoming:
        notes.insert(0, "The programme has ended.")
    checkin = next((c.pain for c in now.log.checkins if c.day == today), None)
    halt = adapted.halt
    if halt is not None:
        # Nothing of the session underneath (its changes, calibration sets, rest days, when
        # the next one is): only what the engine found, the halt first.
        found = tuple(f.text for f in adapted.findings)
        return Today(today, None, None, found, adapted.blocked, halt.next, halt, checkin=checkin)
    if due is not None:  # the final session has no next one
        notes += _retests_due(adapted.programme, now.log, today)
        nxt = following[0] if following else None
    else:
        nxt = upcoming[0].date if upcoming else None
    logged = now.log.sets[now.log.on(today)]  # a bisection: the log may hold 113,000 sets
    return Today(
        today,
        due,
        nxt,
        tuple(notes),
        adapted.blocked,
        None if upcoming else Next.START,
        done=due is not None and is_done(due, logged, now.log.session(today)),
        sets_logged=sum(not s.warmup for s in logged),
        planned_logged=rows_done(due, logged) if due else (0, 0),
        checkin=checkin,
        free_day=due is None and adapted.programme.start <= today,
    )


def _retests_due(programme: Programme, log: TrainingLog, today: date) -> list[str]:
    """On a training day, the self-tests due (every 4 weeks, evidence §9), after the warm-up:
    on the first day trained in each due period only (``Retest.reminds``), never a nag."""
    from hamstrong.core.assessments import repeated_tests, retests

    kinds = repeated_tests(older=programme.profile.older)
    return [
        f"{r.text()} Do it after the warm-up; the steps are with the self-tests."
        for r in retests(log.tests, kinds, start=programme.start)
        if r.reminds(today, log)
    ]


def _rest_reason(log: TrainingLog, today: date, nxt: date, planned_before: date | None) -> str:
    """Why there is no session today: the 48-hour rule, or simply not a training day."""
    candidates = [d for d in log.days() if d <= today]
    if planned_before is not None:
        candidates.append(planned_before)
    last = max(candidates) if candidates else None
    from hamstrong.core.dates import long_day, short_day
    from hamstrong.core.scheduling import MIN_GAP_DAYS, MIN_GAP_HOURS

    when = long_day(nxt)
    if last is not None and (today - last).days < MIN_GAP_DAYS:
        return (
            f"Rest day: the last session was {short_day(last)}, and sessions stay at least "
            f"{MIN_GAP_HOURS} hours apart so the hamstrings recover. Next session: {when}."
        )
    return f"Not a training day in your plan. Next session: {when}."


@dataclass(frozen=True, slots=True)
class Summary:
    """After a session: the next one and what changes in it, with the reasons."""

    day: date
    next_session: Session | None
    notes: tuple[str, ...]


def saved_profile(store: "Store", *, user_id: int) -> dict[str, Any] | None:
    """The profile of the active programme, as saved (the profile file's keys)."""
    saved = store.active_programme(user_id)
    return saved.profile if saved else None


def preview_programme(
    store: "Store",
    *,
    user_id: int,
    profile: Profile,
    start: date,
    weeks: int,
    library: Library,
    show_weeks: int = 2,
) -> Programme:
    """The plan ``start_programme`` would save, cut to its first ``show_weeks`` weeks."""
    programme = _from_first_day(store, user_id, profile, start, weeks, library)
    return replace(programme, sessions=tuple(s for s in programme.sessions if s.week <= show_weeks))


def session_on(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    day: date,
    today: date,
    plans: PlanCache | None = None,
) -> SessionDay:
    """The planned (adapted) session on ``day`` with what was logged that day.

    NotFound when no session is planned that day.
    """
    now = current_around(store, user_id, library, day=day, today=today, plans=plans)
    for session in now.programme.sessions:
        if session.date == day:
            return SessionDay(
                now.swapped(session, library),
                now.adapted.blocked,
                now.programme.profile,
                now.logged_on(day),
                tuple(now.adapted.session_notes.get(day, ())),
                now.adapted.halt,
            )
    raise NotFound("session", day.isoformat(), "Pick a day from your programme.")


def session_summary(
    store: "Store", *, user_id: int, library: Library, day: date, plans: PlanCache | None = None
) -> Summary:
    """What the engine changes after the session on ``day``: the next session and why."""
    now = current(
        store, user_id=user_id, library=library, today=day + timedelta(days=1), plans=plans
    )
    if day not in {s.date for s in now.programme.sessions}:
        raise NotFound("session", day.isoformat(), "Pick a day from your programme.")
    return summary_of(now, day, library)


def summary_of(now: Current, day: date, library: Library) -> Summary:
    """The session after ``day`` in the programme as re-planned in ``now`` (with the user's
    swaps), and why it changes."""
    upcoming = [s for s in now.programme.sessions if s.date > day]
    following = now.swapped(upcoming[0], library) if upcoming else None
    notes = (
        *now.adapted.notes,
        *(now.adapted.session_notes.get(following.date, ()) if following else ()),
    )
    return Summary(day, following, tuple(notes))


def active_plan(
    store: "Store", *, user_id: int, library: Library, today: date, plans: PlanCache | None = None
) -> Programme:
    """The programme as it stands today (adapted to the log, with the user's swaps), for
    calendars and printing. A web worker that does not hold the user's log reads only the
    sets from the programme's first day on when a kept adaptation holds (``windowed``)."""

    def find() -> Current | None:
        kept = windowed(
            store, user_id, library, today=today, horizon=None, plans=plans, programme_long=True
        )
        return None if kept is None else kept[0]

    def work() -> Current:
        return current(store, user_id=user_id, library=library, today=today, plans=plans)

    now = first(plans, store, user_id, ("current", today, None), find, work)
    if not now.swaps:
        return now.programme
    sessions = tuple(now.swapped(s, library) for s in now.programme.sessions)
    return replace(now.programme, sessions=sessions)


@dataclass(frozen=True, slots=True)
class SwapSlot:
    """An exercise of a planned session: what stands in for it now, if anything, and what may."""

    planned: str
    chosen: str | None
    options: "tuple[SwapOption, ...]"


@dataclass(frozen=True, slots=True)
class _SwapState:
    now: Current
    session: Session  # as planned
    swapped: Session  # with its swaps
    options: "Mapping[str, Sequence[SwapOption]]"
    applied: Mapping[str, str]
    logged: frozenset[str]


def _swap_state(
    store: "Store",
    user_id: int,
    library: Library,
    day: date,
    today: date,
    plans: PlanCache | None,
) -> _SwapState:
    from hamstrong.core.swaps import with_swaps

    now = current_around(store, user_id, library, day=day, today=today, plans=plans)
    session = next((s for s in now.programme.sessions if s.date == day), None)
    if session is None:
        raise NotFound("session", day.isoformat(), "Pick a day from your programme.")
    logged = frozenset(s.entry.exercise for s in now.logged_on(day))
    swapped, options, applied = with_swaps(
        session,
        profile=now.programme.profile,
        library=library,
        asked={},
        logged=logged,
        kept=now.swaps.get(day),
    )
    return _SwapState(now, session, swapped, options, applied, logged)


def swap_slots(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    day: date,
    today: date,
    plans: PlanCache | None = None,
) -> list[SwapSlot]:
    """Each exercise of the session on ``day``: its stand-in now and the ones allowed."""
    state = _swap_state(store, user_id, library, day, today, plans)
    return [
        SwapSlot(
            item.exercise, state.applied.get(item.exercise), tuple(state.options[item.exercise])
        )
        for item in state.session.main_items
    ]


def swap_exercise(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    day: date,
    planned: str,
    chosen: str,
    today: date,
    plans: PlanCache | None = None,
) -> None:
    """Do ``planned`` as ``chosen`` in the session on ``day`` until changed back; ``chosen ==
    planned`` changes it back. The same rules as any swap (``core.swaps.swap_problem``: the
    same family, what equipment, level and injuries allow), and what was trained stays as it
    was. NotFound without a session that day; InvalidInput with the reason otherwise."""
    from hamstrong.core.swaps import swap_problem

    state = _swap_state(store, user_id, library, day, today, plans)
    adapted = state.now.adapted
    if adapted.halt is not None or adapted.blocked:
        raise InvalidInput({"swap": adapted.blocked or "Training is on hold: no swaps now."})
    sets = list(state.now.log.sets[state.now.log.on(day)])
    problem = swap_problem(
        state.session,
        planned,
        chosen,
        options=state.options.get(planned, ()),
        library=library,
        logged=state.logged,
        current=state.applied.get(planned),
        done=is_done(state.swapped, sets, state.now.log.session(day)),
    )
    if problem is not None:
        raise InvalidInput({"swap": problem})
    if chosen == planned:
        store.clear_swap(user_id, day=day, planned=planned)
    else:
        store.set_swap(user_id, day=day, planned=planned, chosen=chosen)


def session_with_swaps(
    session: Session,
    *,
    profile: Profile,
    library: Library,
    asked: dict[str, str],
    logged_today: Sequence[LoggedSet],
    kept: Mapping[str, str] | None = None,
) -> "tuple[Session, dict[str, list[SwapOption]], dict[str, str]]":
    """The session with the swaps asked for (planned id -> chosen id), logged that day or kept
    by the user, checked first (``core.swaps``): the session, each planned exercise's options,
    the swaps applied. A swap asked for that the rules do not allow raises InvalidInput."""
    from hamstrong.core.swaps import with_swaps

    logged = {s.entry.exercise for s in logged_today}
    return with_swaps(
        session, profile=profile, library=library, asked=asked, logged=logged, kept=kept
    )
