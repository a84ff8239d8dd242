"""The progression engine: from what was prescribed and what was done, decide what comes next.

Order of the rules (evidence §4-§7): the pain gate first, then double progression inside the
rep range with the RPE band, 2-for-2 load steps (or one rung up the ladder when no load step fits),
regression after two missed sessions, lighter weeks when morning pain rises, and return rules after
time off. Every change carries a reason a user can read; every change of volume says why.
"""

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from hamstrong.core import dates, rules
from hamstrong.core import protocols as P
from hamstrong.core.dates import programme_week
from hamstrong.core.dosing import (
    implement,
    load_above,
    loads_below,
    owned,
    rep_range,
    rpe_band,
    start_load,
    suits,
)
from hamstrong.core.exercises import Exercise, Library
from hamstrong.core.ladders import Direction, next_rungs, rungs
from hamstrong.core.populations import (
    PRONE_HOLD,
    BackRoute,
    heavy_eccentric,
    in_match_window,
    strain_watch,
)
from hamstrong.core.profile import Profile
from hamstrong.core.programme import Block, BlockKind, Item, Programme, Session
from hamstrong.core.rules import (
    MORNING_VOLUME,
    REGRESS_LOAD,
    Alert,
    Finding,
    Grade,
    SideGap,
    Zone,
    percent_text,
)
from hamstrong.core.timing import item_seconds, too_long
from hamstrong.core.training_log import STOP_PAIN, SetEntry, TrainingLog
from hamstrong.core.units import Unit, weight_text
from hamstrong.core.vocab import Dose, Level, Load, Pattern, Side

MAX_STEP = 0.10  # evidence §3: a load step raises the demand by at most 10%
PAIN_LOAD = 0.80  # pain above 5 during a set: load -20% (evidence §5)
NORDIC_PAIN = 3  # Nordic pain above this during the sets cuts the Nordic volume too
DELOAD_VOLUME = 0.60  # morning pain rising two weeks running: a week at -40% volume
BREAK_STEP_DAYS = 14  # evidence §6: 14+ days off resume one step lower
BREAK_HALF_DAYS = 28  # 28+ days off restart at about half the volume...
RAMP_START = 0.5  # ...and build back to full over about a week of sessions
HOLD_STEP_S = 5  # a hold grows 5 s at a time
LIGHTER_ZONES = (Zone.LIGHTER, Zone.PAUSE)  # morning pain that makes the next session lighter
WELL_BELOW = 1.0  # a last set this far under the band's bottom counts as "well below"


MORNING_CUT = percent_text(1 - MORNING_VOLUME)  # the "30%" of "about 30% fewer sets"
WEEKLY_RISE = percent_text(rules.MAX_WEEKLY_RISE - 1)  # the "20%" of R9's note


class Verdict(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"


@dataclass(frozen=True, slots=True)
class State:
    """Where one exercise stands now; one-leg work has one state for both legs (same load)."""

    exercise: str
    sets: int  # sets prescribed for the session being judged
    reps: int  # reps, or seconds for a hold
    kg: float | None = None
    top_streak: int = 0  # consecutive sessions with every set at the top of the range
    miss_streak: int = 0  # consecutive sessions 2+ reps short or at RPE 10
    cut: float = 1.0  # share of the planned sets next time, after pain (evidence §5)


@dataclass(frozen=True, slots=True)
class Decision:
    state: State
    verdict: Verdict
    reason: str


def load_step(
    kg: float, profile: Profile, exercise: Exercise, *, reps_now: int, reps_next: int
) -> float | None:
    """Evidence §3: the next load, or None when no load that exists is a small enough step.

    The increment is +5% (novice, two-leg) or +2.5%, but at least the next load the user can buy
    or set (dumbbell, kettlebell or plates). With the reps going back from ``reps_now`` to
    ``reps_next``, the estimated demand (Epley) may rise by at most 10%.
    """
    kind = implement(exercise)
    if kind is None:
        return None
    share = 0.05 if profile.level is Level.BEGINNER and not exercise.unilateral else 0.025
    unit, have = profile.units, owned(profile, kind)
    heavier = max(
        load_above(kg, kind, unit, have) or 0.0,
        loads_below(kg * (1 + share), kind, unit, have) or 0.0,
    )
    if heavier <= kg + 1e-9:
        return None  # nothing heavier at hand
    if heavier * (1 + reps_next / 30) > kg * (1 + reps_now / 30) * (1 + MAX_STEP) + 1e-9:
        return None
    return heavier


def _rung(
    library: Library,
    profile: Profile,
    exercise: Exercise,
    direction: Direction,
    *,
    same_kind: bool = False,
) -> Exercise | None:
    """The first rung next to ``exercise`` the profile may do; ``same_kind`` keeps to its kind
    of move (a slow hinge never becomes a ballistic swing, which has another place)."""
    for candidate in next_rungs(library, exercise.id, direction):
        if same_kind and candidate.has("ballistic") != exercise.has("ballistic"):
            continue
        if suits(profile, candidate):
            return candidate
    return None


def _by_side(working: Sequence[SetEntry]) -> dict[Side, list[SetEntry]]:
    sides: dict[Side, list[SetEntry]] = defaultdict(list)
    for s in working:
        sides[s.side].append(s)
    return sides


def decide(
    state: State,
    done: Sequence[SetEntry],
    *,
    profile: Profile,
    library: Library,
    morning_pain: int | None = None,
    pain_base: int = 0,
    known: Mapping[str, float] | None = None,
) -> Decision:
    """The next prescription after one session of this exercise (both legs for one-leg work).

    ``known`` holds the working weights the user already has on other exercises (another
    slot's): a move up the ladder onto one of them starts there, not at a guessed light load.
    """
    exercise = library.get(state.exercise)
    working = [s for s in done if not s.warmup]
    if not working:
        return Decision(state, Verdict.HOLD, "nothing logged for it: same again")
    nordic = exercise.has("nordic")
    during = max((s.pain or 0) for s in working)
    strict = profile.rehab  # evidence §5: the rehab track allows pain up to 2 only
    if during > STOP_PAIN or (strict and during > rules.STRAIN_DURING):
        regressed = _regress(
            state,
            exercise,
            profile,
            library,
            PAIN_LOAD,
            f"pain {during}/10 during the sets: one step down",
        )
        return _cut_nordic(regressed, nordic)
    morning = rules.zone(morning_pain, pain_base) if morning_pain is not None else Zone.SETTLED
    if morning_pain is not None and morning in LIGHTER_ZONES:
        return _lighter(state, exercise, profile, library, morning_pain)
    if nordic and during > NORDIC_PAIN:
        return Decision(
            replace(state, top_streak=0, cut=MORNING_VOLUME),
            Verdict.HOLD,
            f"pain {during}/10 during the Nordics: same rung and about {MORNING_CUT} fewer "
            "Nordic reps until it settles",
        )
    if during >= rules.DURING_HOLD or morning is Zone.HOLD:
        why = (
            f"pain {during}/10 during"
            if during >= rules.DURING_HOLD
            else f"morning pain {morning_pain}/10"
        )
        return Decision(
            replace(state, top_streak=0, cut=1.0),
            Verdict.HOLD,
            f"{why}: hold, no increase until it settles",
        )
    state = replace(state, cut=1.0)
    if _protocol_dose(exercise):
        return _protocol(state, working, exercise, profile, library)
    sides = _by_side(working)
    if exercise.unilateral and Side.BOTH not in sides and len(sides) < 2:
        return Decision(
            replace(state, top_streak=0),
            Verdict.HOLD,
            "only one leg logged: same again, both legs (the weaker one first)",
        )
    low, high = rep_range(profile, exercise)
    band_low, top = rpe_band(profile)
    reps = [s.reps for s in working]
    short = max(state.reps - r for r in reps)
    hold = exercise.dose is Dose.HOLD
    # "Well short": 2 reps, or one hold step (5 s): a second or two off a hold is close.
    well_short = HOLD_STEP_S if hold else 2
    # The harder side decides: the highest last-set RPE of the sides.
    rated = [side_sets[-1].rpe for side_sets in sides.values() if side_sets[-1].rpe is not None]
    last_rpe = max(rated) if rated else None
    failed = any((s.rpe or 0) >= 10 for s in working)
    lagging = _lagging_side(state, sides, low) if exercise.unilateral else None
    if lagging is not None:
        side, managed, target = lagging
        return Decision(
            replace(state, reps=target, miss_streak=0, top_streak=0),
            Verdict.HOLD,
            f"your {side.value} leg managed {managed} of {state.reps}: both legs work at "
            f"{_dose(exercise, target)}, the {side.value} leg first, until it catches up",
        )
    if short >= well_short or failed:
        if state.miss_streak + 1 >= 2:
            return _regress(
                state,
                exercise,
                profile,
                library,
                REGRESS_LOAD,
                "two sessions in a row well short of target: one step down",
            )
        return Decision(
            replace(state, miss_streak=state.miss_streak + 1, top_streak=0),
            Verdict.HOLD,
            "well short of target: same again (two misses step down)",
        )
    if min(len(v) for v in sides.values()) < state.sets:
        return Decision(
            replace(state, miss_streak=0, top_streak=0),
            Verdict.HOLD,
            f"fewer than the {state.sets} sets planned: same again",
        )
    if short > 0 or (last_rpe is not None and last_rpe > top):
        return Decision(
            replace(state, miss_streak=0, top_streak=0),
            Verdict.HOLD,
            "close to target or effort above the band: same again",
        )
    easy = last_rpe is not None and last_rpe <= top - 1
    # Evidence §4: an RPE well below the band means the load is too light: move faster.
    well_below = last_rpe is not None and last_rpe <= band_low - WELL_BELOW
    step = HOLD_STEP_S if hold else 1
    if min(reps) < high:
        grown = min(high, state.reps + step * (4 if well_below else 2 if easy else 1))
        spare = (
            f" at RPE {last_rpe:g}, well below the {band_low:g}-{top:g} band"
            if well_below
            else f" with {'time' if hold else 'reps'} to spare"
            if easy
            else ""
        )
        return Decision(
            replace(state, reps=grown, miss_streak=0, top_streak=0),
            Verdict.PROGRESS,
            f"every set done{spare}: {_dose(exercise, grown)} next time",
        )
    streak = state.top_streak + 1
    if streak < 2 and not well_below:
        return Decision(
            replace(state, top_streak=streak, miss_streak=0),
            Verdict.HOLD,
            "top of the range once: repeat it, then it gets harder (2-for-2 rule)",
        )
    return _progress(
        replace(state, top_streak=streak), exercise, profile, library, low, well_below, known or {}
    )


def _lagging_side(
    state: State, sides: Mapping[Side, Sequence[SetEntry]], low: int
) -> tuple[Side, int, int] | None:
    """One leg well short while the other made the target: an asymmetry, not a failed session.

    Both legs then work at the reps the weaker leg managed (never under the range), so the
    one-leg work that corrects the gap is kept instead of stepping down to two-leg work; the
    gap rule adds the weaker leg's extra set. Returns the leg, what it managed and the target.
    """
    if not (Side.LEFT in sides and Side.RIGHT in sides):
        return None
    short = {
        side: max(state.reps - s.reps for s in sides[side]) for side in (Side.LEFT, Side.RIGHT)
    }
    behind = [side for side, gap in short.items() if gap >= 2]
    if len(behind) != 1:
        return None
    side = behind[0]
    other = Side.RIGHT if side is Side.LEFT else Side.LEFT
    if short[other] > 0:
        return None
    managed = min(s.reps for s in sides[side])
    return side, managed, max(low, min(managed, state.reps))


def _lighter(
    state: State, exercise: Exercise, profile: Profile, library: Library, morning_pain: int
) -> Decision:
    """Evidence §5: next-morning pain of 4-5 (or 2+ over the usual): the next session is one
    step easier with about 30% fewer sets."""
    regressed = _regress(
        state,
        exercise,
        profile,
        library,
        REGRESS_LOAD,
        f"next-morning pain {morning_pain}/10: lighter next time and about {MORNING_CUT} "
        "fewer sets",
    )
    return replace(regressed, state=replace(regressed.state, cut=MORNING_VOLUME))


def _cut_nordic(decision: Decision, nordic: bool) -> Decision:
    """Pain cuts Nordic volume as well as the rung (evidence §5, §1.4)."""
    if not nordic:
        return decision
    return Decision(
        replace(decision.state, cut=MORNING_VOLUME),
        decision.verdict,
        f"{decision.reason}, and about {MORNING_CUT} fewer Nordic reps",
    )


def _progress(
    state: State,
    exercise: Exercise,
    profile: Profile,
    library: Library,
    low: int,
    well_below: bool,
    known: Mapping[str, float],
) -> Decision:
    why = "an RPE well below the band" if well_below else "top of the range twice"
    if state.kg is not None:
        heavier = load_step(state.kg, profile, exercise, reps_now=state.reps, reps_next=low)
        if heavier is not None:
            return Decision(
                replace(state, kg=heavier, reps=low, top_streak=0),
                Verdict.PROGRESS,
                f"{why}: {weight_text(heavier, profile.units)} and back to {_dose(exercise, low)} "
                "(2-for-2 rule)",
            )
    harder = _rung(library, profile, exercise, "harder", same_kind=True)
    if harder is None and state.kg is not None:
        bridge = _bridge(state, exercise, profile, low)
        if bridge is not None:
            return bridge
    if harder is None:
        # The tempo written is the slowest the plan asks for; the note says how to go past it,
        # so that it never reads as a tempo the prescription does not show. A hold has no
        # lowering to slow: its note says it is at the top of its range.
        slower = (
            f"{_dose(exercise, state.reps)} is the top of this hold's range"
            if exercise.dose is Dose.HOLD
            else "once it feels easy, take a second longer over each lowering than the tempo says"
        )
        if exercise.has("ballistic"):
            advice = "keep this bell and make every rep crisper"
        elif state.kg is not None:
            advice = (
                f"the next load that exists would be a jump of more than {percent_text(MAX_STEP)}: "
                f"keep this load; {slower}"
            )
        else:
            advice = f"top of the ladder here: keep it; {slower}"
        # the streak stays: every later session at the top says the same, not "repeat it"
        return Decision(state, Verdict.HOLD, advice)
    low_next = rep_range(profile, harder)[0]
    first = start_load(profile, harder)
    if first is None:
        load = ""
    elif harder.id in known:  # the weight the user already works with on it (another day)
        first = known[harder.id]
        load = f", at {weight_text(first, profile.units)} as on your other day"
    else:
        load = f", starting light at {weight_text(first, profile.units)}"
    return Decision(
        State(harder.id, state.sets, low_next, first),
        Verdict.PROGRESS,
        f"{why}: up the ladder to {harder.name}, {_dose(harder, low_next)}{load}",
    )


BRIDGE_REPS = 4  # at most this many reps over the range's top to earn a coarse load step


def _bridge(state: State, exercise: Exercise, profile: Profile, low: int) -> Decision | None:
    """When the next weight that exists is more than a 10% jump (10 -> 12 kg dumbbells), a few
    more reps at this weight first, until the step back to the range's bottom fits: double
    progression across a coarse step, instead of a load the user never leaves. The reps stay
    inside the exercise's own range (the catalogue's), which the population's range may not
    reach."""
    kg = state.kg
    if kg is None:
        return None
    most = min(state.reps + BRIDGE_REPS, exercise.dose_range[1])  # never over its own range
    for reps in range(state.reps + 1, most + 1):
        heavier = load_step(kg, profile, exercise, reps_now=reps, reps_next=low)
        if heavier is not None:
            return Decision(
                replace(state, reps=reps, top_streak=1),
                Verdict.PROGRESS,
                f"the next weight, {weight_text(heavier, profile.units)}, is too big a jump "
                f"from {_dose(exercise, state.reps)}: {reps} reps at "
                f"{weight_text(kg, profile.units)} first, then the heavier weight",
            )
    return None


def _regress(
    state: State, exercise: Exercise, profile: Profile, library: Library, factor: float, why: str
) -> Decision:
    low = min(rep_range(profile, exercise)[0], state.reps)  # never more reps after a setback
    kind = implement(exercise)
    if state.kg is not None and kind is not None:
        lighter = loads_below(state.kg * factor, kind, profile.units, owned(profile, kind))
        if lighter is not None and lighter < state.kg:
            return Decision(
                State(state.exercise, state.sets, low, lighter),
                Verdict.REGRESS,
                f"{why}: {weight_text(lighter, profile.units)}, {_dose(exercise, low)}",
            )
    easier = _rung(library, profile, exercise, "easier")
    if easier is not None:
        low = rep_range(profile, easier)[0]
        return Decision(
            State(easier.id, state.sets, low, start_load(profile, easier)),
            Verdict.REGRESS,
            f"{why}: {easier.name}, {_dose(easier, low)}",
        )
    cut = max(1, state.sets - 1) / state.sets
    return Decision(
        State(state.exercise, state.sets, min(state.reps, low), state.kg, cut=cut),
        Verdict.REGRESS,
        f"{why}: one set fewer, {_dose(exercise, min(state.reps, low))}",
    )


def _protocol(
    state: State,
    working: Sequence[SetEntry],
    exercise: Exercise,
    profile: Profile,
    library: Library,
) -> Decision:
    """Nordic and Askling doses follow their protocols; only the Nordic rung moves (§1.4)."""
    if exercise.has("askling"):
        return Decision(
            state, Verdict.HOLD, "Askling protocol dose; go further and faster only while pain-free"
        )
    controlled = min(s.reps for s in working) >= state.reps and all(
        (s.rpe or 10) <= 7 and (s.pain or 0) <= 2 for s in working
    )
    if any(s.reps == 0 for s in working):
        easier = _rung(library, profile, exercise, "easier")
        if easier is not None:
            return Decision(
                replace(state, exercise=easier.id, kg=start_load(profile, easier), top_streak=0),
                Verdict.REGRESS,
                f"a rep collapsed: down to {easier.name}",
            )
    if not controlled:
        return Decision(
            replace(state, top_streak=0),
            Verdict.HOLD,
            "Nordic: same rung until two sessions are controlled at RPE 7 or less",
        )
    streak = state.top_streak + 1
    harder = _rung(library, profile, exercise, "harder")
    if harder is None:
        return Decision(
            replace(state, top_streak=streak),
            Verdict.HOLD,
            "Nordic: controlled on the highest rung open to you; the protocol's reps and sets are "
            "the progress",
        )
    if streak < 2:
        return Decision(
            replace(state, top_streak=streak),
            Verdict.HOLD,
            "Nordic: controlled; one more session like it moves you up a rung",
        )
    return Decision(
        replace(state, exercise=harder.id, kg=start_load(profile, harder), top_streak=0),
        Verdict.PROGRESS,
        f"two controlled Nordic sessions: up to {harder.name}",
    )


# ---- the whole programme -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Adapted:
    """The programme with its remaining sessions re-planned from the log.

    ``findings`` are the symptom rules the engine acted on (the progress report shows the same
    ones); ``halt`` is the one that holds training back today: a stop rule, or a pause.
    """

    programme: Programme
    notes: tuple[str, ...] = ()
    session_notes: Mapping[date, tuple[str, ...]] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    halt: Finding | None = None

    @property
    def blocked(self) -> str | None:
        """Why training waits for the safety screen (a stop rule), if it does."""
        stop = self.halt if self.halt and self.halt.alert is Alert.STOPPED else None
        return stop.text if stop else None


@dataclass
class _Notes:
    """Reasons gathered while re-planning: for the whole programme and for each session."""

    general: list[str] = field(default_factory=list)
    by_day: dict[date, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, day: date, note: str) -> None:
        if note not in self.by_day[day]:
            self.by_day[day].append(note)


def unread(entry: SetEntry, today: date) -> bool:
    """True for a set ``adapt(..., today=today)`` does not read: one done today or later that
    hit no stop rule and is not a back-extension hold (the back gates count every hold). The
    engine judges a day once it is over, so a set logged today changes nothing it says until
    tomorrow; the web keeps an adaptation while only such sets are added (a property test
    holds ``adapt`` to this)."""
    return entry.day >= today and not entry.stops_session and entry.exercise != PRONE_HOLD


def adapt(
    programme: Programme,
    log: TrainingLog,
    *,
    library: Library,
    today: date,
    screened_at: datetime | None = None,
    horizon: date | None = None,
) -> Adapted:
    """Re-plan the sessions from ``today`` on from what the log shows.

    With ``horizon``, sessions after it stay as planned: a caller that needs one day's session
    passes that day plus six, so that its whole programme week is settled (the weekly cap).
    """
    read = replay(programme, log, library=library, today=today, screened_at=screened_at)
    return project(read, library=library, horizon=horizon)


@dataclass(frozen=True, slots=True)
class Replayed:
    """What the log says on ``today``, before any session ahead is rewritten: where each slot
    stands and why, the notes so far, the symptom findings and the logged spike. Reading it
    is nearly all the cost of ``adapt`` over years of history, and it is the same for every
    ``horizon``: pages that ask for different horizons share one (``project`` each)."""

    programme: Programme
    today: date
    plan: "_Plan | None" = None  # None for a referral: nothing to re-plan
    past: tuple[SetEntry, ...] = ()
    general: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    halt: Finding | None = None
    spike: rules.Spike | None = None


def project(replayed: Replayed, *, library: Library, horizon: date | None = None) -> Adapted:
    """The sessions from ``replayed.today`` up to ``horizon`` re-planned from a replay."""
    programme, plan, today = replayed.programme, replayed.plan, replayed.today
    if plan is None:
        return Adapted(programme)
    notes = _Notes(list(replayed.general))
    sessions = _rewrite(programme, plan, today, library, horizon, notes, logged=replayed.past)
    sessions = _nordic_steps(sessions, programme, replayed.past, today, library, horizon, notes)
    if replayed.spike is not None:
        notes.general.append(
            f"Last week's hard sets rose more than {rules.SPIKE_PERCENT}%: this week holds the "
            "level of the week before, with no extra sets."
        )
    sessions = _cap_weekly(sessions, programme, today, horizon, library, notes, replayed.spike)
    adapted = replace(programme, sessions=tuple(sessions))
    session_notes = {day: tuple(found) for day, found in notes.by_day.items() if found}
    return Adapted(adapted, tuple(notes.general), session_notes, replayed.findings, replayed.halt)


def replay(
    programme: Programme,
    log: TrainingLog,
    *,
    library: Library,
    today: date,
    screened_at: datetime | None = None,
) -> Replayed:
    """Read the log up to ``today``: each slot's progression, the pain and symptom rules, the
    gaps between sides, time off and the weekly spike (``adapt`` is ``project(replay(...))``)."""
    if programme.referral is not None:
        return Replayed(programme, today)
    profile = programme.profile
    general: list[str] = []  # notes for the whole programme
    route = BackRoute.read(log) if profile.back_pain else None
    if route is not None:  # §10: the log opens the route from phase A to loaded hinges
        gates = route.gates(today, hold=profile.floor_ok)
        if _loaded_hinge_possible(profile, library):  # else the route leads nowhere: no note
            general.append(gates.note())
    phases = _Phases(profile, route)
    profile = phases.on(today)
    general.extend(strain_watch(profile, log, today))
    first_item = _first_items(programme)
    planned_on = _planned_items(programme)
    # Nothing logged after a stop rule on its day counts (a stopped session is stopped).
    past = [s for s in rules.counted(log.sets) if not s.warmup and s.day < today]
    by_day: dict[date, list[SetEntry]] = defaultdict(list)
    for entry in past:
        by_day[entry.day].append(entry)
    days = sorted(by_day)
    trained = rules.training_days(past, library)
    states: dict[str, State] = {}
    reasons: dict[str, str] = {}
    eased: set[str] = set()  # exercises whose last session stepped them down
    for planned, item in first_item.items():
        states[planned] = State(planned, item.sets, item.reps or item.hold_s or 1, item.load_kg)
    unlogged = dict(states)  # where each exercise starts before the log moves it
    judged: dict[str, date] = {}  # the slots the log has moved, and the last day it did
    slots_on = _slots_by_day(programme)
    sessions_on = {session.date: session for session in programme.sessions}
    session_days = sorted(slots_on)
    for day in days:
        todays = by_day[day]
        after = bisect_right(trained, day)  # the next training day (trained is sorted)
        following = trained[after] if after < len(trained) else today
        morning_pain = rules.morning_after(log.checkins, day, following)
        # a day's log is judged as the session after it was told: with that day's §10 phase
        profile = phases.on(following)
        pain_base = rules.usual_level(log.checkins, day + timedelta(days=1))
        for planned in slots_on.get(day, ()):
            _carry_on(planned, states, judged, reasons, library)
        judged_today = _judged(slots_on.get(day, ()), todays, states)
        planned_session = sessions_on.get(day)
        fitted = (
            _fitted(planned_session, _moved(states, unlogged, judged), profile, library)
            if planned_session
            else {}
        )
        for planned in judged_today:
            state = states[planned]
            done = [s for s in todays if s.exercise == state.exercise]
            if not done:
                continue
            that_day = planned_on.get((day, planned))
            if that_day is not None:
                sets = math.floor(that_day.sets * state.cut)
                if planned in fitted:  # R14 took sets off a session the log had grown
                    sets = min(sets, fitted[planned].sets)
                state = replace(state, sets=max(1, sets))
            if planned in fitted:  # R14 asked for fewer reps or a shorter hold than grown
                state = replace(state, reps=_fitted_amount(state, fitted[planned], library))
            state, adopted = _adopt_load(state, done, library, profile.units)
            decision = decide(
                state,
                done,
                profile=profile,
                library=library,
                morning_pain=morning_pain,
                pain_base=pain_base,
                known={
                    states[k].exercise: kg
                    for k in judged
                    if k != planned and (kg := states[k].kg) is not None
                },
            )
            states[planned] = decision.state
            judged[planned] = day
            label = library.get(state.exercise).name  # the exercise judged, then what comes
            reasons[planned] = f"{label}: {adopted}{decision.reason}"
            if decision.verdict is Verdict.REGRESS:
                eased.add(planned)
            else:
                eased.discard(planned)
        if morning_pain is not None and rules.zone(morning_pain, pain_base) in LIGHTER_ZONES:
            # the whole next session is lighter, its other day's exercises too
            nxt = bisect_right(session_days, day)
            for planned in slots_on[session_days[nxt]] if nxt < len(session_days) else ():
                if planned in judged_today:
                    continue
                ex = library.get(states[planned].exercise)
                decision = _lighter(states[planned], ex, profile, library, morning_pain)
                states[planned] = decision.state
                judged[planned] = day
                reasons[planned] = f"{ex.name}: {decision.reason}"
                eased.add(planned)
    profile = phases.on(today)
    for planned in first_item:
        _carry_on(planned, states, judged, reasons, library)
    moved = set(judged)
    gaps = _side_gaps(states, past, library)
    for planned, gap in gaps.items():
        if gap.grade is not Grade.NONE:
            general.append(rules.gap_text(library.get(states[planned].exercise).name, gap))
    last_day = days[-1] if days else None
    gap_days = (today - last_day).days if last_day else 0
    ramp = False
    if last_day is not None and gap_days >= BREAK_STEP_DAYS:
        why = f"one step lower after {gap_days} days without training"
        for key, state in list(states.items()):
            ex = library.get(state.exercise)
            decision = _regress(state, ex, profile, library, REGRESS_LOAD, why)
            states[key] = decision.state
            reasons[key] = f"{ex.name}: {decision.reason}"  # the exercise it was, then what now
        eased = set(states)
        general.append(
            f"{gap_days} days since your last session: everything resumes one step lower."
        )
        if gap_days >= BREAK_HALF_DAYS:
            ramp = True
            general.append(
                "After 4+ weeks off, the first sessions back start at about half the sets and "
                "build back to the full plan over about a week of sessions."
            )
    else:
        general.extend(_nordic_break(states, reasons, past, today, profile, library))
    findings = rules.morning_findings(log.checkins, trained, today)
    alerts = {f.alert for f in findings}
    resuming = Alert.RESUMING in alerts
    if resuming:  # the first session back: one step lower and fewer sets, then the plan again
        for key, state in list(states.items()):
            if key not in eased:  # no harder rung or load straight after a pause (evidence §5)
                ex = library.get(state.exercise)
                decision = _regress(state, ex, profile, library, REGRESS_LOAD, "after the pause")
                states[key] = decision.state
                reasons[key] = f"{ex.name}: {decision.reason}"  # the exercise it was, then now
        states = {key: replace(state, cut=1.0) for key, state in states.items()}
    # An exercise the log has not moved keeps the plan's own dose for each week (its planned
    # rep steps included), rather than its first week's.
    states = _moved(states, unlogged, moved)
    stop = rules.stopped([s for s in log.sets if s.day <= today], screened_at)
    if stop is not None:
        findings = (stop, *findings)
    general.extend(f.text for f in findings)
    halt = stop or next((f for f in findings if f.alert is Alert.PAUSED), None)
    return Replayed(
        programme,
        today,
        _Plan(
            MappingProxyType(states),  # shared by every projection: read-only
            MappingProxyType(reasons),
            MappingProxyType(gaps),
            ramp,
            Alert.RISING in alerts,
            resuming,
        ),
        tuple(past),
        tuple(general),
        tuple(findings),
        halt,
        _logged_spike(past, today, library, programme.start),
    )


@dataclass
class _Phases:
    """The profile with the §10 phase of each day: phase B from the day the gates are met."""

    profile: Profile
    route: BackRoute | None
    _seen: dict[date, Profile] = field(default_factory=dict)

    def on(self, day: date) -> Profile:
        if self.route is None:
            return self.profile
        if day not in self._seen:
            passed = self.route.gates(day, hold=self.profile.floor_ok).passed
            self._seen[day] = replace(self.profile, back_phase_b=passed)
        return self._seen[day]


def _loaded_hinge_possible(profile: Profile, library: Library) -> bool:
    """Whether phase B could bring a loaded hinge at all: with no weights and no band it
    cannot. A band counts, as it does for the gate itself (``dosing.suits``)."""
    phase_b = replace(profile, back_phase_b=True)
    return any(
        e.pattern is Pattern.HINGE and e.load is not Load.NONE and suits(phase_b, e)
        for e in library
    )


def _nordic_break(
    states: dict[str, State],
    reasons: dict[str, str],
    past: Sequence[SetEntry],
    today: date,
    profile: Profile,
    library: Library,
) -> list[str]:
    """Evidence §1.3: 14+ days without a Nordic session (while other training went on) restart
    the Nordic one rung lower; its gains fade within 2-4 weeks."""
    notes = []
    for key, state in list(states.items()):
        exercise = library.get(state.exercise)
        if not exercise.has("nordic"):
            continue
        done = [s for s in past if s.exercise in library and library.get(s.exercise).has("nordic")]
        if not done or (today - done[-1].day).days < BREAK_STEP_DAYS:
            continue
        # One rung below the last one done, not below a move up earned but never done.
        last = library.get(done[-1].exercise)
        states[key] = _regress(
            replace(state, exercise=last.id), last, profile, library, REGRESS_LOAD, ""
        ).state
        days = (today - done[-1].day).days
        rung = library.get(states[key].exercise).name
        reasons[key] = f"{rung}: {days} days without Nordics, so one rung lower"
        notes.append(
            f"{days} days since your last Nordic session: the Nordic restarts one rung lower "
            f"({rung}), as its gains fade within a few weeks."
        )
    return notes


def _adopt_load(
    state: State, done: Sequence[SetEntry], library: Library, unit: Unit
) -> tuple[State, str]:
    """The user's logged working weight wins over the plan's guess (a calibration set).

    Both legs of one-leg work use the same load: the lighter of the two sides' loads is taken.
    """
    exercise = library.get(state.exercise)
    if exercise.load is not Load.KG:
        return state, ""
    per_side: dict[Side, list[float]] = defaultdict(list)
    for s in done:
        if s.kg and not s.warmup:
            per_side[s.side].append(s.kg)
    if not per_side:
        return state, ""
    used = min(max(set(loads), key=loads.count) for loads in per_side.values())
    if state.kg is not None and abs(used - state.kg) < 1e-9:
        return state, ""
    planned = f" (planned {weight_text(state.kg, unit)})" if state.kg is not None else ""
    return (
        replace(state, kg=used, top_streak=0, miss_streak=0),
        f"you used {weight_text(used, unit)}{planned}, so the plan follows "
        f"{weight_text(used, unit)}; ",
    )


def _side_gaps(
    states: Mapping[str, State], past: Sequence[SetEntry], library: Library
) -> dict[str, SideGap]:
    """Evidence §7, decided in ``rules``: the gap of the exercise each one-leg item is now on."""
    compared = {
        planned: state.exercise
        for planned, state in states.items()
        if rules.compares_sides(state.exercise, library)
    }
    sets_of: dict[str, list[SetEntry]] = {exercise: [] for exercise in compared.values()}
    for entry in past:  # one pass over the log for every exercise compared, in log order
        found = sets_of.get(entry.exercise)
        if found is not None:
            found.append(entry)
    gaps = {}
    for planned, exercise in compared.items():
        gap = rules.judge_asymmetry(rules.side_pairs(sets_of[exercise]))
        if gap is not None:
            gaps[planned] = gap
    return gaps


def _carry_on(
    slot: str,
    states: dict[str, State],
    judged: dict[str, date],
    reasons: dict[str, str],
    library: Library,
) -> None:
    """A slot the log has not reached yet starts where the user already is on its exercise.

    The plan can bring in an exercise (tandem stand in week 5) that the log has already moved
    another slot onto (semi-tandem stand, climbed in week 4): the new slot carries on from the
    dose the user has reached on it, not the plan's guess, so a 20 s hold never jumps to 30 s.
    """
    if slot in judged:
        return
    exercise = states[slot].exercise
    donors = [key for key in judged if key != slot and states[key].exercise == exercise]
    if not donors:
        return
    latest = max(donors, key=lambda key: judged[key])
    donor = states[latest]
    states[slot] = replace(donor, sets=states[slot].sets, cut=1.0)
    judged[slot] = judged[latest]
    ex = library.get(exercise)
    reasons[slot] = f"{ex.name}: carries on from where you are: {_dose(ex, donor.reps)}"


def _dose(exercise: Exercise, amount: int) -> str:
    """A dose as said to the user: seconds for a hold, reps otherwise."""
    return f"{amount} s" if exercise.dose is Dose.HOLD else f"{amount} reps"


def _slots_by_day(programme: Programme) -> dict[date, tuple[str, ...]]:
    """The slots (keyed by the exercise the plan first gave them) each session day holds."""
    return {
        session.date: tuple(dict.fromkeys(item.exercise for item in session.main_items))
        for session in programme.sessions
    }


def _judged(
    planned: Sequence[str], done: Sequence[SetEntry], states: Mapping[str, State]
) -> list[str]:
    """The slots one day's sets move: the day's own slots, each by the exercise it is on now.

    Two slots can reach one exercise (a ladder move onto an exercise another day already has):
    each keeps its own state and is judged only by its own sessions, never by the other day's
    sets and dose. Sets no slot of the day is on (a session done on a day it was not planned,
    or an off-plan day) move one slot on that exercise: the one planned as it, else the first.
    """
    chosen = list(planned)
    covered = {states[key].exercise for key in chosen}
    slots_on: dict[str, list[str]] = {}
    for key, state in states.items():
        slots_on.setdefault(state.exercise, []).append(key)
    for exercise in dict.fromkeys(s.exercise for s in done):
        on_it = slots_on.get(exercise)
        if on_it and exercise not in covered:
            chosen.append(exercise if exercise in on_it else on_it[0])
            covered.add(exercise)
    return chosen


def _first_items(programme: Programme) -> dict[str, Item]:
    first: dict[str, Item] = {}
    for session in programme.sessions:
        for item in session.main_items:
            first.setdefault(item.exercise, item)
    return first


def _planned_items(programme: Programme) -> dict[tuple[date, str], Item]:
    return {
        (session.date, item.exercise): item
        for session in programme.sessions
        for item in session.main_items
    }


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the log says for the sessions ahead."""

    states: Mapping[str, State]
    reasons: Mapping[str, str]
    gaps: Mapping[str, SideGap]
    ramp: bool  # back after 4+ weeks off: build back over a week of sessions
    deload: bool  # morning pain rising: the first week is lighter
    resuming: bool = False  # after a pause for morning pain: the first session is lighter


def _rewrite(
    programme: Programme,
    plan: _Plan,
    today: date,
    library: Library,
    horizon: date | None,
    notes: _Notes,
    logged: Sequence[SetEntry],
) -> list[Session]:
    sessions: list[Session] = []
    first_week = None
    per_week = max(
        (len(programme.week_sessions(w)) for w in range(1, programme.weeks + 1)), default=1
    )
    loaded_before = {s.exercise for s in logged if s.kg}
    back = 0  # sessions re-planned so far, for the ramp after time off
    for session in programme.sessions:
        if session.date < today or (horizon is not None and session.date > horizon):
            sessions.append(session)
            continue
        if first_week is None:
            first_week = session.week
        scale, why_scale = 1.0, ""
        if plan.ramp:
            share = RAMP_START + (1 - RAMP_START) * back / max(1, per_week)
            if share < 1:
                scale = share
                why_scale = f"back after time off: about {round(share * 100)}% of the sets"
        if plan.deload and session.week == first_week:
            scale = min(scale, DELOAD_VOLUME)
            why_scale = f"morning pain rising: a lighter week (-{percent_text(1 - DELOAD_VOLUME)})"
        if plan.resuming and back == 0 and scale > MORNING_VOLUME:
            scale = MORNING_VOLUME
            why_scale = (
                f"the first session after a pause for morning pain: about {MORNING_CUT} fewer sets"
            )
        back += 1
        items: list[Item] = []
        for item in session.main_items:
            new_items = _adjust(item, plan, scale, library, programme.profile)
            near = in_match_window(session.date, programme.profile.match_day)
            if near and any(heavy_eccentric(library.get(i.exercise)) for i in new_items):
                # §12: a rung up must not bring eccentric work into the 48 h before a match
                new_items = [replace(item, sets=new_items[0].sets)]
            items.extend(new_items)
            _explain(session.date, item, new_items, plan, why_scale, library, notes)
            _calibration(session.date, new_items, loaded_before, library, notes)
        # Ballistic moves stay first, before slow eccentric work (as the planner orders them).
        items.sort(key=lambda i: not library.get(i.exercise).has("ballistic"))
        fitted, trims = _fit_time(_with_main(session, items, library), programme.profile, library)
        for trim in trims:
            notes.add(session.date, trim)
        sessions.append(fitted)
    return sessions


def _moved(
    states: Mapping[str, State], unlogged: Mapping[str, State], judged: Collection[str]
) -> dict[str, State]:
    """The slots the log has moved; the others keep the plan's own dose for each week."""
    return {k: state for k, state in states.items() if k in judged or state != unlogged[k]}


def _fit_time(session: Session, profile: Profile, library: Library) -> tuple[Session, list[str]]:
    """R14 on a session the log has grown (longer holds, a hold now done per side, more reps):
    one set at a time off the last main item that has more than one, until the estimate fits
    the user's minutes plus 10%. Nordic and Askling doses follow their protocols and keep
    theirs; items done one side at a time keep their sides' sets. When no set can go (every
    other item at one set, a protocol dose or a split), the grown reps and holds give way: one
    rep or 5 s at a time off the last item that has some above the low end of its range (as
    the planner fits a session), both sides alike. Returns a note for each item cut."""
    minutes = profile.minutes
    within = f"so that the session stays within your {minutes} minutes"
    items = list(session.main_items)
    fewer_sets: list[str] = []
    doses: dict[str, tuple[int, int]] = {}  # exercise -> (dose before the cuts, dose after)
    while too_long(session.minutes, minutes):
        position = _set_to_cut(items, library)
        if position is not None:
            fewer_sets.append(library.get(items[position].exercise).name)
            items[position] = _one_set_fewer(items[position])
        else:
            cut = _dose_to_cut(items, profile, library)
            if cut is None:
                break
            exercise_id, before, after = cut
            items = [_with_amount(i, after) if i.exercise == exercise_id else i for i in items]
            doses[exercise_id] = (doses.get(exercise_id, (before, after))[0], after)
        session = _with_main(session, items, library)
    notes = [
        f"{name}: one set fewer, {within} (your reps and holds have grown)."
        for name in dict.fromkeys(fewer_sets)
    ]
    for exercise_id, (before, after) in doses.items():
        exercise = library.get(exercise_id)
        notes.append(
            f"{exercise.name}: {_dose(exercise, after)} this time rather than "
            f"{_dose(exercise, before)}, {within}."
        )
    return session, notes


def _set_to_cut(items: Sequence[Item], library: Library) -> int | None:
    """The last main item that can do with one set fewer (see ``_fit_time``)."""
    for position in range(len(items) - 1, -1, -1):
        item = items[position]
        if item.sets > 1 and item.side is None and not _protocol_dose(library.get(item.exercise)):
            return position
    return None


def _dose_to_cut(
    items: Sequence[Item], profile: Profile, library: Library
) -> tuple[str, int, int] | None:
    """The last main item whose reps or hold can still give way: its exercise, its dose, and
    the dose one rep or one hold step lower, never under the low end of its range."""
    for item in reversed(items):
        exercise = library.get(item.exercise)
        amount = item.hold_s if item.hold_s is not None else item.reps
        if amount is None or item.reps_by_set or _protocol_dose(exercise):
            continue
        low = rep_range(profile, exercise)[0]
        step = HOLD_STEP_S if item.hold_s is not None else 1
        if amount > low:
            return exercise.id, amount, max(low, amount - step)
    return None


def _with_amount(item: Item, amount: int) -> Item:
    return replace(item, hold_s=amount) if item.hold_s is not None else replace(item, reps=amount)


def _protocol_dose(exercise: Exercise) -> bool:
    return exercise.has("nordic") or exercise.has("askling")


def _fitted(
    session: Session, states: Mapping[str, State], profile: Profile, library: Library
) -> dict[str, Item]:
    """Each slot of ``session`` as it is prescribed once R14 fits it, given the states before
    it: what "the sets planned" and the reps or hold asked for mean when that day is judged."""
    plan = _Plan(states, {}, {}, ramp=False, deload=False)
    slots: list[str] = []
    items: list[Item] = []
    for item in session.main_items:
        for new in _adjust(item, plan, 1.0, library, profile):
            slots.append(item.exercise)
            items.append(new)
    order = sorted(
        range(len(items)), key=lambda i: not library.get(items[i].exercise).has("ballistic")
    )
    fitted, _ = _fit_time(_with_main(session, [items[i] for i in order], library), profile, library)
    return {slots[i]: new for i, new in zip(order, fitted.main_items, strict=True)}


def _fitted_amount(state: State, fitted: Item, library: Library) -> int:
    """The reps or hold a day's sets are judged against: the state's, or the fewer R14 asked
    for that day (``_fit_time``), so that a hold done as the shorter one written is never
    "well short" of the longer one the log had grown to."""
    amount = fitted.hold_s if fitted.hold_s is not None else fitted.reps
    if fitted.exercise != state.exercise or _protocol_dose(library.get(state.exercise)):
        return state.reps
    return min(state.reps, amount) if amount is not None else state.reps


def _with_main(session: Session, items: Sequence[Item], library: Library) -> Session:
    blocks = tuple(
        Block(b.kind, tuple(items), sum(item_seconds(i, library.get(i.exercise)) for i in items))
        if b.kind is BlockKind.MAIN
        else b
        for b in session.blocks
    )
    return replace(session, blocks=blocks)


def _scaled(sets: int, share: float) -> int:
    return max(1, math.floor(sets * share + 1e-9)) if share < 1 else sets


def _adjust(
    item: Item, plan: _Plan, scale: float, library: Library, profile: Profile
) -> list[Item]:
    """The planned item as the log has moved it: rung, load, reps, sets and sides."""
    state = plan.states.get(item.exercise)
    if state is None:
        return [replace(item, sets=_scaled(item.sets, scale))]
    exercise = library.get(state.exercise)
    hold = exercise.dose is Dose.HOLD
    protocol = _protocol_dose(exercise)
    sets = _scaled(item.sets, scale * state.cut)
    reps = item.reps if protocol else state.reps
    by_set = item.reps_by_set if protocol else None
    if protocol and sets < item.sets and by_set:
        by_set = by_set[-sets:]  # keep the lighter sets of 12-10-8
        reps = max(by_set)
    elif protocol and sets == item.sets and (scale * state.cut) < 1 and reps is not None:
        reps = max(3, math.floor(reps * scale * state.cut))  # one set: fewer reps instead
        by_set = tuple(min(r, reps) for r in by_set) if by_set else None
    reason = plan.reasons.get(item.exercise)
    base = replace(
        item,
        exercise=exercise.id,
        sets=sets,
        reps=None if hold else reps,
        hold_s=state.reps if hold else None,
        load_kg=state.kg if not protocol else item.load_kg,
        load_per=exercise.load_per if (state.kg is not None and not protocol) else item.load_per,
        reps_by_set=by_set,
        band=_band(item, exercise, profile),
        per_side=exercise.unilateral,
        side=None,
        tempo=str(exercise.tempo) if exercise.tempo else item.tempo,
        why=item.why + (f" Changed: {reason}." if reason else ""),
    )
    if protocol:
        base = replace(base, load_kg=item.load_kg, load_per=item.load_per)
    gap = plan.gaps.get(item.exercise)
    if not exercise.unilateral or gap is None or gap.weaker is None:
        return [base]
    if gap.grade.rank < Grade.MONITOR.rank:
        return [base]
    # Evidence §7: the weaker side goes first; from 15% it gets one extra set, never more.
    weaker = gap.weaker
    stronger = Side.RIGHT if weaker is Side.LEFT else Side.LEFT
    extra = 1 if gap.grade.rank >= Grade.FLAG.rank else 0
    return [
        replace(base, side=weaker, per_side=False, sets=sets + extra),
        replace(base, side=stronger, per_side=False),
    ]


def _explain(
    day: date,
    item: Item,
    new_items: Sequence[Item],
    plan: _Plan,
    why_scale: str,
    library: Library,
    notes: _Notes,
) -> None:
    """Every change of sets gets a note that names the exercise and the reason."""
    state = plan.states.get(item.exercise)
    reason = plan.reasons.get(item.exercise)
    if reason:
        notes.add(day, reason)
    for new in new_items:
        if new.sets == item.sets:
            continue
        causes = []
        if why_scale:
            causes.append(why_scale)
        if state is not None and state.cut < 1:
            causes.append(f"after pain or a setback: about {MORNING_CUT} fewer sets")
        if new.sets > item.sets:
            causes.append("one extra set for the weaker side, which goes first")
        name = library.get(new.exercise).name
        side = f" ({new.side.value})" if new.side else ""
        notes.add(
            day,
            f"{name}{side}: {new.sets} set{'s' if new.sets != 1 else ''} instead of "
            f"{item.sets}, {'; '.join(causes)}.",
        )


def _calibration(
    day: date,
    new_items: Sequence[Item],
    loaded_before: set[str],
    library: Library,
    notes: _Notes,
) -> None:
    """The first session with a load asks for a calibration set (no logged weight yet)."""
    for item in new_items:
        if item.load_kg is None or item.exercise in loaded_before:
            continue
        loaded_before.add(item.exercise)
        name = library.get(item.exercise).name
        notes.add(
            day,
            f"{name}: first time with a load. After the warm-up, do one calibration set of "
            f"{item.reps} with {item.load_text}: if you could have done 4 or more reps more, take "
            "the next weight up for your working sets; if form slipped, go lighter. Log the weight "
            "you use and the plan follows it.",
        )


# ---- Nordic: a rung change and a volume step never share a week --------------------------------
def _nordic_steps(
    sessions: list[Session],
    programme: Programme,
    past: Sequence[SetEntry],
    today: date,
    library: Library,
    horizon: date | None,
    notes: _Notes,
) -> list[Session]:
    """Never a harder Nordic rung in a week whose Nordic volume rises (evidence §1.1, §1.4).

    A move up waits for a week whose volume does not rise; a move down in such a week keeps the
    volume of the week before. Past weeks count what was logged, weeks ahead what is planned.
    """

    nordic = frozenset(e.id for e in library if e.has("nordic")).__contains__
    done: dict[int, int] = defaultdict(int)
    rung: str | None = None
    logged = [e for e in past if nordic(e.exercise) and e.day >= programme.start]
    for entry in sorted(logged, key=lambda e: e.day):
        done[programme_week(programme.start, entry.day)] += entry.reps
        rung = entry.exercise
    out = list(sessions)
    ahead = [
        i for i, s in enumerate(out) if s.date >= today and (horizon is None or s.date <= horizon)
    ]

    def volume(week: int) -> int:
        planned = sum(
            _nordic_reps(item)
            for i in ahead
            if out[i].week == week
            for item in out[i].main_items
            if nordic(item.exercise)
        )
        return done[week] + planned

    for week in sorted({out[i].week for i in ahead}):
        in_week = [i for i in ahead if out[i].week == week]
        found = [it.exercise for i in in_week for it in out[i].main_items if nordic(it.exercise)]
        if not found:
            continue
        reference = rung or found[0]
        new = found[0]
        before, now = volume(week - 1), volume(week)
        if new != reference and 0 < before < now:
            first_day = out[in_week[0]].date
            if new in _climb(library, reference):
                for i in in_week:
                    out[i] = _with_nordic_rung(out[i], reference, library, programme.profile)
                notes.add(
                    first_day,
                    f"{library.get(reference).name}: the move up to {library.get(new).name} "
                    "waits for a week whose Nordic volume does not rise (a harder rung and more "
                    "reps never come in the same week).",
                )
                new = reference
            else:
                while volume(week) > before and _trim_nordic(out, in_week, nordic, library):
                    pass
                notes.add(
                    first_day,
                    f"{library.get(new).name}: Nordic reps held at last week's {before} while the "
                    "rung steps down (never a new rung and more reps in the same week).",
                )
        rung = new
    return out


def _nordic_reps(item: Item) -> int:
    return sum(item.reps_by_set) if item.reps_by_set else item.sets * (item.reps or 0)


def _climb(library: Library, start: str) -> set[str]:
    """Every rung above ``start`` on its ladder."""
    return {rung.id for rung in rungs(library, start, "harder")}


def _with_nordic_rung(session: Session, rung: str, library: Library, profile: Profile) -> Session:
    exercise = library.get(rung)
    items = [
        replace(
            item,
            exercise=rung,
            band=_band(item, exercise, profile),
            tempo=str(exercise.tempo) if exercise.tempo else item.tempo,
        )
        if library.get(item.exercise).has("nordic")
        else item
        for item in session.main_items
    ]
    return _with_main(session, items, library)


def _band(item: Item, exercise: Exercise, profile: Profile) -> str | None:
    """A band only for banded exercises; an assisted Nordic's band helps, others resist."""
    if exercise.load is not Load.BAND:
        return None
    table = P.ASSIST_BAND if exercise.has("nordic") else P.RESIST_BAND
    return item.band or table[profile.level]


def _trim_nordic(
    out: list[Session], indices: Sequence[int], nordic: Callable[[str], bool], library: Library
) -> bool:
    """One Nordic set fewer (the heaviest of 12-10-8 first), else one rep fewer, latest first."""
    for shrink_sets in (True, False):
        for k in reversed(indices):
            items = list(out[k].main_items)
            for position in range(len(items) - 1, -1, -1):
                item = items[position]
                if not nordic(item.exercise):
                    continue
                if shrink_sets and item.sets > 1:
                    by_set = item.reps_by_set[1:] if item.reps_by_set else None
                    items[position] = replace(
                        item,
                        sets=item.sets - 1,
                        reps_by_set=by_set,
                        reps=max(by_set) if by_set else item.reps,
                    )
                elif not shrink_sets and (item.reps or 0) > 3 and not item.reps_by_set:
                    items[position] = replace(item, reps=(item.reps or 0) - 1)
                else:
                    continue
                out[k] = _with_main(out[k], items, library)
                return True
    return False


# ---- weekly volume: planned with planned, logged with logged (evidence §6) ----------------------
def _logged_spike(
    past: Sequence[SetEntry], today: date, library: Library, start: date
) -> rules.Spike | None:
    """The spike insight warns about, for the last complete programme week before today.

    Weeks are the programme's (from its first day's weekday), as insight counts them: calendar
    weeks would compare a first week of one session, or half a lighter week, with a full one,
    and call the programme's own schedule a spike.
    """
    this_week = dates.week_of(today, start.weekday())
    loads = rules.loading(library)
    loading = [s for s in past if s.day < this_week and loads(s.exercise)]
    if not loading:
        return None
    weeks = dates.weeks_between(
        min(s.day for s in loading), this_week - timedelta(days=1), start.weekday()
    )
    return rules.weekly_spike(rules.weekly_hard_sets(loading, library, weeks))


def _cap_weekly(
    sessions: list[Session],
    programme: Programme,
    today: date,
    horizon: date | None,
    library: Library,
    notes: _Notes,
    spike: rules.Spike | None,
) -> list[Session]:
    """R9 on the re-planned weeks: at most 20% over the highest earlier planned week.

    Planned weeks are compared with planned weeks, never with logged sets, so a user who trains
    as written at an easy effort keeps the plan's volume. After a logged spike the week ahead
    holds the highest earlier level. Every set taken off gets a note.
    """
    athlete = programme.track == "athlete"

    def counted(item: Item) -> bool:
        return not (athlete and library.get(item.exercise).has("nordic"))

    out = list(sessions)
    ahead = [
        i for i, s in enumerate(out) if s.date >= today and (horizon is None or s.date <= horizon)
    ]
    weeks = sorted({out[i].week for i in ahead})

    def volume(week: int) -> int:
        return sum(_main_sets(s, counted) for s in out if s.week == week)

    for week in weeks:
        earlier = [volume(w) for w in range(1, week)]
        cap = rules.weekly_cap(earlier)
        if cap is None:
            continue
        why = f"planned sets stay within {WEEKLY_RISE} of the highest earlier week"
        if spike is not None and week == weeks[0]:
            cap = min(cap, max(earlier))
            why = (
                f"last week's logged sets rose more than {rules.SPIKE_PERCENT}%, so this week "
                "adds none"
            )
        indices = [i for i in ahead if out[i].week == week]
        while volume(week) > cap:
            trimmed = _trim_one(out, indices, counted, library)
            if trimmed is None:
                break
            day, name = trimmed
            notes.add(day, f"{name}: one set fewer this week: {why}.")
    return out


def _main_sets(session: Session, counted: Callable[[Item], bool]) -> int:
    """Sets in the main block, as the planner counts them (R9): the two sides of a one-leg
    exercise count once, with the weaker side's extra set."""
    total = 0
    sided: dict[str, int] = {}
    for item in session.main_items:
        if not counted(item):
            continue
        if item.side is None:
            total += item.sets
        else:
            sided[item.exercise] = max(sided.get(item.exercise, 0), item.sets)
    return total + sum(sided.values())


def _trim_one(
    sessions: list[Session],
    indices: Sequence[int],
    counted: Callable[[Item], bool],
    library: Library,
) -> tuple[date, str] | None:
    """One set off the last counted item that has more than one, latest session first; of the
    two sides of a one-leg exercise, the side with more sets, or both when they are equal."""
    for k in reversed(indices):
        session = sessions[k]
        items = list(session.main_items)
        for position in range(len(items) - 1, -1, -1):
            item = items[position]
            if item.sets <= 1 or not counted(item):
                continue
            pair = [
                i
                for i, other in enumerate(items)
                if item.side is not None
                and other.side is not None
                and other.exercise == item.exercise
            ] or [position]
            most = max(items[i].sets for i in pair)
            for i in pair:
                if items[i].sets == most:
                    items[i] = _one_set_fewer(items[i])
            sessions[k] = _with_main(session, items, library)
            return session.date, library.get(item.exercise).name
    return None


def _one_set_fewer(item: Item) -> Item:
    by_set = item.reps_by_set[1:] if item.reps_by_set else None
    return replace(
        item, sets=item.sets - 1, reps_by_set=by_set, reps=max(by_set) if by_set else item.reps
    )
