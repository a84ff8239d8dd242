"""A simulated user: follows a profile's programme day by day through the services (the door
the CLI and the web use), logs each main item exactly as `today` prescribes it, checks in the
next morning, and keeps every session and note it was told. No mocks: a real SQLite store, a
copy of the migrated database (``tests.databases.migrated_copy``)."""

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

from hamstrong.core.exercises import Library
from hamstrong.core.insight import Progress
from hamstrong.core.profile import Profile
from hamstrong.core.programme import Item, Session
from hamstrong.core.training_log import SetEntry, Symptom
from hamstrong.core.vocab import Side
from hamstrong.library import load_library
from hamstrong.services.plans import PlanCache
from hamstrong.services.programmes import Today, planned, start_programme, today_session
from hamstrong.services.progress import progress
from hamstrong.services.training_log import check_in, log_sets
from hamstrong.store import Store, open_store
from tests.databases import migrated_copy

LIBRARY = load_library()
START = date(2026, 3, 2)  # a Monday

# How hard the sets felt: a fixed RPE, or one per item (``in_band`` by default)
Effort = Callable[[Item], float]


def in_band(item: Item) -> float:
    """The middle of the item's RPE band (to the half point), 7 when it has none."""
    if item.rpe is None:
        return 7
    return round(item.rpe[0] + item.rpe[1]) / 2


@dataclass(frozen=True)
class Visit:
    """One session as `today` gave it on its day, beside the plan for that day."""

    day: date
    told: Session
    planned: Session
    notes: tuple[str, ...]


@dataclass
class SimUser:
    """One user on a store of their own, training each due session as `today` prescribes it."""

    store: Store
    profile: Profile
    weeks: int
    library: Library = LIBRARY
    seen: dict[date, Today] = field(default_factory=dict)
    visits: list[Visit] = field(default_factory=list)
    plans: PlanCache = field(default_factory=PlanCache)  # planned once, as the web app does
    _days: list[date] | None = None

    @cached_property
    def id(self) -> int:
        """The store's one local user (asked once: the same user for the whole simulation)."""
        return self.store.local_user()

    def start(self, day: date = START) -> None:
        """Start (or, after a stop, start again with a freshly answered screen)."""
        start_programme(
            self.store, user_id=self.id, profile=self.profile, start=day, weeks=self.weeks,
            library=self.library,
        )  # fmt: skip
        self._days = None

    def today(self, day: date) -> Today:
        view = today_session(
            self.store, user_id=self.id, library=self.library, today=day, plans=self.plans
        )
        self.seen[day] = view
        return view

    def train(self, day: date, *, pain: int = 0, rpe: float | Effort = in_band,
              stop_at: int | None = None, symptom: Symptom | None = None) -> Session | None:  # fmt: skip
        """Do the session due on ``day`` exactly as prescribed (each side in turn, as the CLI
        logs it); with ``stop_at``, the set of that number (counted over the session) hits a
        stop rule and the user stops there."""
        view = self.today(day)
        if view.session is None or view.session.date != day:
            return None
        effort = rpe if callable(rpe) else (lambda item: rpe)
        entries = [e for item in view.session.main_items for e in as_prescribed(
            item, day, rpe=effort(item), pain=pain)]  # fmt: skip
        if stop_at is not None and stop_at <= len(entries):
            entries = entries[:stop_at]  # the user stops at the stopping set
            entries[-1] = replace(
                entries[-1],
                pain=7 if symptom is None else pain,
                symptoms=(symptom,) if symptom else (),
            )
        log_sets(self.store, user_id=self.id, entries=entries, library=self.library, today=day)
        self.visits.append(
            Visit(day, view.session, self.planned_on(day), view.notes)
        )  # fmt: skip
        return view.session

    def check_in(self, day: date, pain: int) -> None:
        check_in(self.store, user_id=self.id, day=day, pain=pain, today=day)

    def progress(self, day: date) -> Progress:
        return progress(
            self.store, user_id=self.id, library=self.library, today=day, plans=self.plans
        )

    def follow(self, until: date, *, start: date = START, pain: int = 0,
               rpe: float | Effort = in_band,
               morning: Callable[[date], int | None] = lambda d: None) -> None:  # fmt: skip
        """Walk each day from ``start`` to ``until`` (not included): check in when ``morning``
        gives a pain for that day, then train the session `today` says is due."""
        day = start
        while day < until:
            pain_now = morning(day)
            if pain_now is not None:
                self.check_in(day, pain_now)
            self.train(day, pain=pain, rpe=rpe)
            day += timedelta(days=1)

    def session_days(self) -> list[date]:
        if self._days is None:
            self._days = sorted({s.date for s in self.planned_sessions()})
        return self._days

    def planned_sessions(self) -> list[Session]:
        return list(
            planned(self.store, user_id=self.id, library=self.library, plans=self.plans).sessions
        )

    def planned_on(self, day: date) -> Session:
        return next(s for s in self.planned_sessions() if s.date == day)


def main_sets(session: Session) -> int:
    """Sets in the main block as R9 counts them: the two sides of one exercise count once."""
    total, sided = 0, defaultdict(int)
    for item in session.main_items:
        if item.side is None:
            total += item.sets
        else:
            sided[item.exercise] = max(sided[item.exercise], item.sets)
    return total + sum(sided.values())


def as_prescribed(item: Item, day: date, *, rpe: float | None, pain: int) -> list[SetEntry]:
    """The sets of one item exactly as written: reps (or seconds) per set at the load given,
    every set of one side and then the other for per-side work."""
    sides = [Side.LEFT, Side.RIGHT] if item.per_side else [item.side or Side.BOTH]
    by_set = item.reps_by_set or (item.reps or item.hold_s or 1,)
    amounts = [by_set[min(n, len(by_set) - 1)] for n in range(item.sets)]
    at = datetime.now(UTC)  # the wall clock, as logged
    return [
        SetEntry(day, item.exercise, amount, item.load_kg, rpe, pain, side, order=n + 1, at=at)
        for side in sides
        for n, amount in enumerate(amounts)
    ]


@contextmanager
def simulated(profile: Profile, weeks: int, start: date = START) -> Iterator[SimUser]:
    """A user who has started ``profile``'s programme on ``start``, on a fresh store."""
    with migrated_copy() as url, open_store(url) as store:
        person = SimUser(store, profile, weeks)
        person.start(start)
        yield person
