"""The plans of saved programmes, kept for the life of the app that owns the cache.

Planning is deterministic (R16), so a saved programme need be planned, and its saved profile
validated, only once: ``create_app`` builds one ``PlanCache`` for the web app (its routes plan
from several threads), the command line one per command. Nothing here is module state.

The web app's cache also carries ``summaries``: what is derived from a user's log (the adapted
programme, progress, charts, the PDF), kept until that user's data changes
(``services.summaries``). The command line, which derives each thing once, keeps none.
"""

import json
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import date
from threading import Lock
from typing import TYPE_CHECKING, Protocol, TypeVar

from hamstrong.core.units import Unit, parse_unit
from hamstrong.services.summaries import Shared, Summaries

if TYPE_CHECKING:
    from hamstrong.core.exercises import Library
    from hamstrong.core.profile import Profile
    from hamstrong.core.programme import Programme
    from hamstrong.core.training_log import SetEntry, TrainingLog
    from hamstrong.store import Store
    from hamstrong.store.repository import SavedProgramme, Snapshot

T = TypeVar("T")


class PlanCache:
    """The ``kept`` most recently used plans, each with the library it was planned from."""

    def __init__(self, kept: int = 512, *, summaries: Summaries | None = None) -> None:
        self.kept = kept
        self.summaries = summaries
        self._plans: OrderedDict[tuple[str, date, int, str], tuple[Library, Programme]] = (
            OrderedDict()
        )
        self._profiles: OrderedDict[str, Profile] = OrderedDict()
        self._lock = Lock()

    def plan(self, saved: "SavedProgramme", library: "Library") -> "Programme":
        """The saved programme as planned (before moves and the log)."""
        from hamstrong.core.planner import plan_programme

        profile_json = json.dumps(saved.profile, sort_keys=True)
        key = (profile_json, saved.start, saved.weeks, saved.unit)
        with self._lock:
            found = self._plans.get(key)
            if found is not None and found[0] is library:
                self._plans.move_to_end(key)
                return found[1]
        # the user's unit wins (the account page may have changed it); the weights the profile
        # lists were read in the profile's own unit
        profile = replace(self._profile(profile_json), units=parse_unit(saved.unit) or Unit.KG)
        programme = plan_programme(profile, saved.start, saved.weeks, library)
        with self._lock:
            self._plans[key] = (library, programme)
            if len(self._plans) > self.kept:
                self._plans.popitem(last=False)
        return programme

    def _profile(self, profile_json: str) -> "Profile":
        """Saved profiles were valid when saved; validating each once is enough."""
        with self._lock:
            found = self._profiles.get(profile_json)
        if found is not None:
            return found
        from hamstrong.profiles import profile_from_mapping  # pydantic: only when planning

        profile = profile_from_mapping(json.loads(profile_json))
        with self._lock:
            self._profiles[profile_json] = profile
            if len(self._profiles) > self.kept:
                self._profiles.popitem(last=False)
        return profile

    def __len__(self) -> int:
        with self._lock:
            return len(self._plans)


class _FromSnapshot(Protocol):
    @property
    def source(self) -> "Snapshot | None": ...


K = TypeVar("K", bound=_FromSnapshot)


def shared_of(plans: PlanCache | None) -> Shared | None:
    """Where the web app keeps answers for every worker (None: the command line, or an app
    that shares nothing)."""
    return None if plans is None or plans.summaries is None else plans.summaries.shared


def first(
    plans: PlanCache | None,
    store: "Store",
    user_id: int,
    held: Hashable,
    find: "Callable[[], T | None]",
    work: "Callable[[], T]",
) -> T:
    """A page about today: what any worker kept (``find``), else worked out from the whole
    log (``work``), waiting for another worker doing that now (``Summaries.first``). The
    command line keeps nothing: it works the page out."""
    summaries = None if plans is None else plans.summaries
    if summaries is None:
        return work()
    return summaries.first(store, user_id, held, find, work)


def renewed(
    plans: PlanCache | None,
    store: "Store",
    user_id: int,
    key: Hashable,
    read: Callable[[K | None], K],
) -> K:
    """``read(the kept answer or None)``, kept in the summaries ``plans`` carries under the
    version of the snapshot it was read from: ``read`` may bring a stale answer up to date from
    the sets added since, instead of reading the whole log (the command line keeps nothing)."""
    summaries = None if plans is None else plans.summaries
    if summaries is None:
        return read(None)
    return summaries.renew(
        store, user_id, key, read, lambda found: found.source.version if found.source else 0
    )


def log_since(log: "TrainingLog", since: date) -> "TrainingLog":
    """The log with its sets from ``since`` on (check-ins, tests and sessions whole), as
    ``Store.training_log(since=...)`` reads it; the sets are in log order, by day."""
    return replace(log, sets=log.sets[log.first_from(since) :])


def added_since(old: "Snapshot | None", new: "Snapshot") -> "tuple[SetEntry, ...] | None":
    """The sets ``new`` adds to ``old`` when it is ``old`` with sets added after its own (as
    ``Store.snapshot(kept=old)`` brings it up to date), else None."""
    if old is None:
        return None
    kept = len(old.set_ids)
    if new.set_ids[:kept] != old.set_ids:
        return None
    if new.log.sets[:kept] != old.log.sets:  # the same objects: one comparison of pointers each
        return None
    return new.log.sets[kept:]


def snapshot(plans: PlanCache | None, store: "Store", user_id: int) -> "Snapshot":
    """The user's programme and whole log (``Store.snapshot``). The web app keeps the last one
    per user and, after a write, reads only the sets added since (the whole log again after an
    edit or a delete of a set): a long history is read once per worker, not once per write."""
    summaries = None if plans is None else plans.summaries
    if summaries is None:
        return store.snapshot(user_id)
    return summaries.renew(
        store,
        user_id,
        ("snapshot",),
        lambda kept: store.snapshot(user_id, kept=kept),
        lambda found: found.version,
    )
