"""The progression engine: from what was prescribed and what was done, decide what comes next.

Order of the rules (evidence §4-§7): the pain gate first, then double progression inside the
rep range with the RPE band, 2-for-2 load steps (or one rung up the ladder when no load step fits),
regression after two missed sessions, lighter weeks when morning pain rises, and return rules after
time off. Every change carries a reason a user can read.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from hamstrong.core import protocols as P
from hamstrong.core.dosing import rep_range, rpe_band, suits
from hamstrong.core.exercises import Exercise, Library
from hamstrong.core.profile import Profile
from hamstrong.core.programme import Block, BlockKind, Item, Programme, Session
from hamstrong.core.strength import session_strength
from hamstrong.core.timing import item_seconds
from hamstrong.core.training_log import Checkin, SetEntry, TrainingLog
from hamstrong.core.vocab import Dose, Level, Side

MIN_INCREMENT_KG = 0.5  # micro-plates or adjustable dumbbells; the smallest step we prescribe
MAX_STEP = 0.10  # evidence §3: never more than +10% in one step
HOLD_STEP_S = 5  # a hold grows 5 s at a time
REGRESS_LOAD = 0.90  # two missed sessions: about -10%
PAIN_LOAD = 0.80  # pain above 5 during a set: load -20% (evidence §5)
MORNING_VOLUME = 0.70  # morning pain up: volume -30%
DELOAD_VOLUME = 0.60  # morning pain rising two weeks running: a week at -40% volume
BREAK_STEP_DAYS = 14  # evidence §6: 14+ days off resume one step lower
BREAK_HALF_DAYS = 28  # 28+ days off restart at about half the volume
ASYMMETRY_FLAG = 15.0  # evidence §7: 15% on two consecutive sessions adds a set for the weaker side


class Verdict(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"


@dataclass(frozen=True, slots=True)
class State:
    """Where one exercise (one side of it, for one-leg work) stands now."""

    exercise: str
    sets: int
    reps: int  # reps, or seconds for a hold
    kg: float | None = None
    steps: int = 0  # load steps and rungs climbed, to keep the sides within one step
    top_streak: int = 0  # consecutive sessions with every set at the top of the range
    miss_streak: int = 0  # consecutive sessions 2+ reps short or at RPE 10


@dataclass(frozen=True, slots=True)
class Decision:
    state: State
    verdict: Verdict
    reason: str


def load_step(kg: float, profile: Profile, exercise: Exercise) -> float | None:
    """Evidence §3: +5% (novice, two-leg) or +2.5%, at least 0.5 kg, never over +10%; or None."""
    share = 0.05 if profile.level is Level.BEGINNER and not exercise.unilateral else 0.025
    increment = max(MIN_INCREMENT_KG, _half(kg * share))
    if increment > _half_down(kg * MAX_STEP):
        return None
    return round(kg + increment, 2)


def _half(kg: float) -> float:
    return round(kg * 2) / 2


def _half_down(kg: float) -> float:
    return math.floor(kg * 2 + 1e-9) / 2


def _start_kg(exercise: Exercise, profile: Profile) -> float | None:
    if exercise.start_kg is None:
        return None
    return float(max(2, round(exercise.start_kg * P.START_LOAD_FACTOR[profile.level] / 2) * 2))


def _rung(library: Library, profile: Profile, ids: Iterable[str]) -> Exercise | None:
    for exercise_id in ids:
        if exercise_id in library:
            candidate = library.get(exercise_id)
            if suits(profile, candidate):
                return candidate
    return None


def decide(
    state: State,
    done: Sequence[SetEntry],
    *,
    profile: Profile,
    library: Library,
    morning_pain: int | None = None,
    pain_base: int = 0,
    max_steps: int | None = None,
) -> Decision:
    """The next prescription after one session of this exercise (one side for one-leg work)."""
    exercise = library.get(state.exercise)
    working = [s for s in done if not s.warmup]
    if not working:
        return Decision(state, Verdict.HOLD, "nothing logged for it: same again")
    during = max((s.pain or 0) for s in working)
    strict = profile.strain_track  # evidence §5: the rehab track allows pain up to 2 only
    if during > P_STOP or (strict and during > 3):
        return _regress(
            state,
            exercise,
            profile,
            library,
            PAIN_LOAD,
            f"pain {during}/10 during the sets: one step down (evidence §5)",
        )
    if morning_pain is not None and (morning_pain > P_STOP or morning_pain > pain_base + 2):
        regressed = _regress(
            state,
            exercise,
            profile,
            library,
            REGRESS_LOAD,
            f"next-morning pain {morning_pain}/10: lighter next time (§5)",
        )
        sets = max(1, math.floor(state.sets * MORNING_VOLUME))
        return replace(regressed, state=replace(regressed.state, sets=sets))
    if during >= 3 or (morning_pain is not None and morning_pain > pain_base):
        why = f"pain {during}/10 during" if during >= 3 else f"morning pain {morning_pain}/10"
        return Decision(
            replace(state, top_streak=0),
            Verdict.HOLD,
            f"{why}: hold, no increase until it settles (evidence §5)",
        )
    if exercise.has("nordic") or exercise.has("askling"):
        return _protocol(state, working, exercise, profile, library, max_steps)
    low, high = rep_range(profile, exercise)
    top = rpe_band(profile)[1]
    reps = [s.reps for s in working]
    short = max(state.reps - r for r in reps)
    last_rpe = working[-1].rpe
    failed = any((s.rpe or 0) >= 10 for s in working)
    if short >= 2 or failed:
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
    success = len(working) >= state.sets and short <= 0 and (last_rpe is None or last_rpe <= top)
    if not success:
        return Decision(
            replace(state, miss_streak=0, top_streak=0),
            Verdict.HOLD,
            "close to target or effort above the band: same again",
        )
    easy = last_rpe is not None and last_rpe <= top - 1
    step = HOLD_STEP_S if exercise.dose is Dose.HOLD else 1
    if min(reps) < high:
        grown = min(high, state.reps + step * (2 if easy else 1))
        return Decision(
            replace(state, reps=grown, miss_streak=0, top_streak=0),
            Verdict.PROGRESS,
            f"every set done{' with reps to spare' if easy else ''}: "
            f"{grown} {'s' if exercise.dose is Dose.HOLD else 'reps'} next time",
        )
    streak = state.top_streak + 1
    if streak < 2:
        return Decision(
            replace(state, top_streak=streak, miss_streak=0),
            Verdict.HOLD,
            "top of the range once: repeat it, then it gets harder (2-for-2 rule)",
        )
    if max_steps is not None and state.steps + 1 > max_steps:
        return Decision(
            replace(state, top_streak=streak, miss_streak=0),
            Verdict.HOLD,
            "this side waits for the other side to catch up (one step ahead at most)",
        )
    return _progress(state, exercise, profile, library, low)


P_STOP = 5  # pain above this is the stop zone of the pain-monitoring model


def _progress(
    state: State, exercise: Exercise, profile: Profile, library: Library, low: int
) -> Decision:
    if state.kg is not None:
        heavier = load_step(state.kg, profile, exercise)
        if heavier is not None:
            return Decision(
                replace(state, kg=heavier, reps=low, steps=state.steps + 1, top_streak=0),
                Verdict.PROGRESS,
                f"top of the range twice: {heavier:g} kg and back to {low} reps (2-for-2 rule)",
            )
    harder = _rung(library, profile, exercise.harder)
    if harder is None:
        return Decision(
            replace(state, top_streak=0),
            Verdict.HOLD,
            "top of the ladder here: keep it and slow the lowering further",
        )
    low_next = rep_range(profile, harder)[0]
    return Decision(
        State(harder.id, state.sets, low_next, _start_kg(harder, profile), state.steps + 1),
        Verdict.PROGRESS,
        f"top of the range twice: up the ladder to {harder.name}, {low_next} "
        f"{'s' if harder.dose is Dose.HOLD else 'reps'}"
        + (f", starting light at {_start_kg(harder, profile):g} kg" if harder.start_kg else ""),
    )


def _regress(
    state: State, exercise: Exercise, profile: Profile, library: Library, factor: float, why: str
) -> Decision:
    low = min(rep_range(profile, exercise)[0], state.reps)  # never more reps after a setback
    if state.kg is not None and state.kg > MIN_INCREMENT_KG:
        lighter = max(MIN_INCREMENT_KG, _half_down(state.kg * factor))
        return Decision(
            State(state.exercise, state.sets, low, lighter, max(0, state.steps - 1)),
            Verdict.REGRESS,
            f"{why}: {lighter:g} kg, {low} reps",
        )
    easier = _rung(library, profile, exercise.easier)
    if easier is not None:
        low = rep_range(profile, easier)[0]
        return Decision(
            State(easier.id, state.sets, low, _start_kg(easier, profile), max(0, state.steps - 1)),
            Verdict.REGRESS,
            f"{why}: {easier.name}, {low} reps",
        )
    fewer = max(1, state.sets - 1)
    return Decision(
        State(state.exercise, fewer, min(state.reps, low), state.kg, max(0, state.steps - 1)),
        Verdict.REGRESS,
        f"{why}: fewer sets and reps",
    )


def _protocol(
    state: State,
    working: Sequence[SetEntry],
    exercise: Exercise,
    profile: Profile,
    library: Library,
    max_steps: int | None,
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
        easier = _rung(library, profile, exercise.easier)
        if easier is not None:
            return Decision(
                replace(
                    state,
                    exercise=easier.id,
                    kg=_start_kg(easier, profile),
                    top_streak=0,
                    steps=max(0, state.steps - 1),
                ),
                Verdict.REGRESS,
                f"a rep collapsed: down to {easier.name} (§1.4)",
            )
    if not controlled:
        return Decision(
            replace(state, top_streak=0),
            Verdict.HOLD,
            "Nordic: same rung until two sessions are controlled at RPE 7 or less",
        )
    streak = state.top_streak + 1
    harder = _rung(library, profile, exercise.harder)
    if streak < 2 or harder is None or (max_steps is not None and state.steps + 1 > max_steps):
        return Decision(
            replace(state, top_streak=streak),
            Verdict.HOLD,
            "Nordic: controlled; one more session like it moves you up a rung",
        )
    return Decision(
        replace(
            state,
            exercise=harder.id,
            kg=_start_kg(harder, profile),
            top_streak=0,
            steps=state.steps + 1,
        ),
        Verdict.PROGRESS,
        f"two controlled Nordic sessions: up to {harder.name} (§1.4)",
    )


# ---- the whole programme -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Adapted:
    """The programme with its remaining sessions re-planned from the log."""

    programme: Programme
    notes: tuple[str, ...] = ()
    session_notes: Mapping[date, tuple[str, ...]] = field(default_factory=dict)
    blocked: str | None = None


def stop_reason(log: TrainingLog, since: datetime | None) -> str | None:
    """A stop-rule set after the last safety screen blocks training until it is answered again."""
    for entry in reversed(log.sets):
        when = entry.at or datetime.combine(entry.day, time.max)
        if entry.stops_session and (since is None or _naive(when) >= _naive(since)):
            what = ", ".join(s.value.replace("_", " ") for s in entry.symptoms) or (
                f"pain {entry.pain}/10"
            )
            return (
                f"Your session on {entry.day.isoformat()} stopped ({what}). Answer the safety "
                "screen again before the next session; see a clinician if it does not settle."
            )
    return None


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


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
    if programme.referral is not None:
        return Adapted(programme)
    blocked = stop_reason(log, screened_at)
    profile = programme.profile
    notes: list[str] = []
    first_item = _first_items(programme)
    by_family: dict[tuple[str, Side], list[list[SetEntry]]] = defaultdict(list)
    by_day: dict[date, list[SetEntry]] = defaultdict(list)
    for entry in log.sets:
        if not entry.warmup and entry.day < today:
            by_day[entry.day].append(entry)
    days = sorted(by_day)
    morning = {c.day: c.pain for c in log.checkins}
    pain_base = log.checkins[0].pain if log.checkins else 0
    states: dict[tuple[str, Side], State] = {}
    reasons: dict[tuple[str, Side], str] = {}
    for planned, item in first_item.items():
        ex = library.get(planned)
        for side in _sides(ex):
            states[(planned, side)] = State(
                planned, item.sets, item.reps or item.hold_s or 1, item.load_kg
            )
    for day in days:
        todays = by_day[day]
        for planned in first_item:
            ex = library.get(planned)
            for side in _sides(ex):
                current = states[(planned, side)].exercise  # the rung the engine has moved to
                done = [
                    s
                    for s in todays
                    if s.exercise == current and (side is Side.BOTH or s.side in (side, Side.BOTH))
                ]
                if not done:
                    continue
                by_family[(planned, side)].append(done)
                other = states.get((planned, Side.RIGHT if side is Side.LEFT else Side.LEFT))
                decision = decide(
                    states[(planned, side)],
                    done,
                    profile=profile,
                    library=library,
                    morning_pain=morning.get(day + timedelta(days=1)),
                    pain_base=pain_base,
                    max_steps=None if side is Side.BOTH or other is None else other.steps + 1,
                )
                states[(planned, side)] = decision.state
                label = library.get(decision.state.exercise).name
                side_text = f" ({side.value})" if side is not Side.BOTH else ""
                reasons[(planned, side)] = f"{label}{side_text}: {decision.reason}"
    extra_side = _asymmetry(by_family, library, notes)
    volume = 1.0
    last_day = days[-1] if days else None
    gap = (today - last_day).days if last_day else 0
    if last_day is not None and gap >= BREAK_STEP_DAYS:
        for key, state in list(states.items()):
            ex = library.get(state.exercise)
            states[key] = _regress(state, ex, profile, library, REGRESS_LOAD, "").state
        notes.append(
            f"{gap} days since your last session: everything resumes one step lower (evidence §6)."
        )
        if gap >= BREAK_HALF_DAYS:
            volume = 0.5
            notes.append("After 4+ weeks off, the first week back is at about half the volume.")
    if _morning_rising(log.checkins, today):
        volume = min(volume, DELOAD_VOLUME)
        notes.append(
            "Morning pain has risen two weeks running: a lighter week (-40% volume, no "
            "increases). If it keeps rising, see a clinician (evidence §5)."
        )
    sessions, session_notes = _rewrite(
        programme, states, reasons, extra_side, volume, today, library, horizon
    )
    capped = _cap_weekly(sessions, log, today, programme, horizon)
    adapted = replace(programme, sessions=tuple(capped))
    return Adapted(adapted, tuple(notes), session_notes, blocked)


def _sides(exercise: Exercise) -> tuple[Side, ...]:
    return (Side.LEFT, Side.RIGHT) if exercise.unilateral else (Side.BOTH,)


def _first_items(programme: Programme) -> dict[str, Item]:
    first: dict[str, Item] = {}
    for session in programme.sessions:
        for item in session.main_items:
            first.setdefault(item.exercise, item)
    return first


def _asymmetry(
    by_family: Mapping[tuple[str, Side], list[list[SetEntry]]], library: Library, notes: list[str]
) -> dict[str, Side]:
    """Evidence §7: 15%+ on the last two sessions with both sides adds a set for the weaker side."""
    extra: dict[str, Side] = {}
    for (planned, side), sessions in by_family.items():
        if side is not Side.LEFT:
            continue
        left = {s[0].day: session_strength(s) for s in sessions}
        right = {s[0].day: session_strength(s) for s in by_family.get((planned, Side.RIGHT), [])}
        both = sorted(d for d in left if d in right and left[d] and right[d])[-2:]
        if len(both) < 2:
            continue
        gaps = []
        for d in both:
            lv, rv = left[d] or 0.0, right[d] or 0.0
            gaps.append(
                (
                    (max(lv, rv) - min(lv, rv)) / max(lv, rv) * 100,
                    Side.LEFT if lv < rv else Side.RIGHT,
                )
            )
        if all(g >= ASYMMETRY_FLAG for g, _ in gaps) and gaps[0][1] is gaps[1][1]:
            weaker = gaps[1][1]
            extra[planned] = weaker
            notes.append(
                f"{library.get(planned).name}: your {weaker.value} side was "
                f"{gaps[1][0]:.0f}% weaker two sessions running: one extra set for it "
                "(evidence §7)."
            )
    return extra


def _morning_rising(checkins: Sequence[Checkin], today: date) -> bool:
    """Weekly average morning pain up two weeks running (evidence §5)."""
    weeks: dict[date, list[int]] = defaultdict(list)
    for c in checkins:
        if c.day <= today:
            weeks[c.day - timedelta(days=c.day.weekday())].append(c.pain)
    averages = [sum(v) / len(v) for _, v in sorted(weeks.items())]
    return len(averages) >= 3 and averages[-1] > averages[-2] > averages[-3]


def _rewrite(
    programme: Programme,
    states: Mapping[tuple[str, Side], State],
    reasons: Mapping[tuple[str, Side], str],
    extra_side: Mapping[str, Side],
    volume: float,
    today: date,
    library: Library,
    horizon: date | None,
) -> tuple[list[Session], dict[date, tuple[str, ...]]]:
    sessions: list[Session] = []
    session_notes: dict[date, tuple[str, ...]] = {}
    first_week = None
    for session in programme.sessions:
        if session.date < today or (horizon is not None and session.date > horizon):
            sessions.append(session)
            continue
        if first_week is None:
            first_week = session.week
        scale = volume if session.week == first_week else 1.0
        items: list[Item] = []
        changed: list[str] = []
        for item in session.main_items:
            new_items, why = _adjust(
                item,
                states,
                reasons,
                extra_side.get(item.exercise),
                scale,
                library,
                programme.profile,
            )
            items.extend(new_items)
            changed.extend(why)
        blocks = tuple(
            Block(
                b.kind, tuple(items), sum(item_seconds(i, library.get(i.exercise)) for i in items)
            )
            if b.kind is BlockKind.MAIN
            else b
            for b in session.blocks
        )
        sessions.append(replace(session, blocks=blocks))
        if changed:
            session_notes[session.date] = tuple(dict.fromkeys(changed))
    return sessions, session_notes


def _adjust(
    item: Item,
    states: Mapping[tuple[str, Side], State],
    reasons: Mapping[tuple[str, Side], str],
    extra: Side | None,
    scale: float,
    library: Library,
    profile: Profile,
) -> tuple[list[Item], list[str]]:
    planned = library.get(item.exercise)
    sets = max(1, math.floor(item.sets * scale)) if scale < 1 else item.sets
    keys = [(item.exercise, side) for side in _sides(planned)]
    found = [states[k] for k in keys if k in states]
    if not found:
        return [replace(item, sets=sets)], []
    why = [reasons[k] for k in keys if k in reasons]

    def apply(state: State, side: Side | None, bonus: int) -> Item:
        exercise = library.get(state.exercise)
        hold = exercise.dose is Dose.HOLD
        protocol = exercise.has("nordic") or exercise.has("askling")
        count = min(sets, state.sets) + bonus if not protocol else sets
        return replace(
            item,
            exercise=exercise.id,
            sets=max(1, count),
            reps=None if hold else (item.reps if protocol else state.reps),
            hold_s=state.reps if hold else None,
            load_kg=state.kg if not protocol else item.load_kg,
            reps_by_set=item.reps_by_set if protocol else None,
            per_side=side is None and exercise.unilateral,
            side=side,
            tempo=str(exercise.tempo) if exercise.tempo else item.tempo,
            why=item.why + (f" Changed: {'; '.join(why)}." if why else ""),
        )

    if len(found) == 2 and (found[0] != found[1] or extra is not None):
        left, right = found
        items = [
            apply(left, Side.LEFT, int(extra is Side.LEFT)),
            apply(right, Side.RIGHT, int(extra is Side.RIGHT)),
        ]
        if extra is not None:
            why.append(f"one extra set for the weaker {extra.value} side")
        return items, why
    return [apply(found[0], None, 0)], why


def _cap_weekly(
    sessions: list[Session],
    log: TrainingLog,
    today: date,
    programme: Programme,
    horizon: date | None = None,
) -> list[Session]:
    """Planned weekly hard sets stay within +20% of the last completed week (evidence §6)."""
    week_of = {s.date: s.week for s in programme.sessions}
    start = programme.start
    current_week = (today - start).days // 7 + 1
    done_by_week: dict[int, int] = defaultdict(int)
    for entry in log.sets:
        if entry.hard and start <= entry.day < today:
            done_by_week[(entry.day - start).days // 7 + 1] += 1
    completed = [w for w in done_by_week if w < current_week]
    if not completed:
        return sessions
    ceiling = float(done_by_week[max(completed)])
    out = list(sessions)
    ahead = [s for s in out if s.date >= today and (horizon is None or s.date <= horizon)]
    for week in sorted({week_of[s.date] for s in ahead}):
        limit = math.floor(ceiling * P.MAX_WEEKLY_RISE)
        indices = [i for i, s in enumerate(out) if s.week == week and s.date >= today]
        while _sets(out, indices) > limit and _trim_one(out, indices):
            pass
        ceiling = max(float(_sets(out, indices)), 1.0)
    return out


def _sets(sessions: Sequence[Session], indices: Sequence[int]) -> int:
    return sum(i.sets for k in indices for i in sessions[k].main_items)


def _trim_one(sessions: list[Session], indices: Sequence[int]) -> bool:
    """One set off the last item that has more than one, latest session first."""
    for k in reversed(indices):
        session = sessions[k]
        items = list(session.main_items)
        for position in range(len(items) - 1, -1, -1):
            if items[position].sets > 1:
                item = items[position]
                by_set = item.reps_by_set[:-1] if item.reps_by_set else None
                items[position] = replace(item, sets=item.sets - 1, reps_by_set=by_set)
                blocks = tuple(
                    replace(b, items=tuple(items)) if b.kind is BlockKind.MAIN else b
                    for b in session.blocks
                )
                sessions[k] = replace(session, blocks=blocks)
                return True
    return False
