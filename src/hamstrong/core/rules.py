"""Decisions that the engine acts on and insight explains: one rule, one place.

The progression engine (``progression.py``) and the progress report (``insight.py``) call the same
function for each check, so what the plan does and what the progress page says never disagree.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from statistics import median_low
from typing import Any

from hamstrong.core.dates import monday, short_day, week_of
from hamstrong.core.exercises import Library
from hamstrong.core.screen import HEART_ADVICE
from hamstrong.core.strength import epley, reps_in_reserve
from hamstrong.core.training_log import Checkin, SetEntry, Symptom
from hamstrong.core.vocab import Pattern, Side
from hamstrong.errors import Next

# ---- left/right asymmetry (evidence §7) ---------------------------------------------------------
ASYM_MONITOR = 10.0  # weaker side first
ASYM_FLAG = 15.0  # Bourne 2015: RR 2.4 at 15%; one extra set for the weaker side
ASYM_CLINICIAN = 20.0  # Bourne 2015: RR 3.4 at 20%; suggest a physiotherapist's check
ASYM_PAIN = 3  # pain at least this on the weaker side turns a 15% flag into a clinician check


class Grade(StrEnum):
    """How far a left/right gap goes, and so what is done about it (evidence §7)."""

    NONE = "none"
    MONITOR = "monitor"
    FLAG = "flag"
    CLINICIAN = "clinician"

    @property
    def rank(self) -> int:
        return list(Grade).index(self)


def gap_percent(a: float, b: float) -> float:
    """How far the smaller of two sides' values falls short of the larger, in percent of the
    larger (0 when both are 0): the one measure of a left/right gap."""
    strong = max(a, b)
    return (strong - min(a, b)) / strong * 100 if strong > 0 else 0.0


@dataclass(frozen=True, slots=True)
class SidePair:
    """One day of one exercise with both sides done at the same load (like with like)."""

    day: date
    left: float
    right: float
    unit: str  # "kg": estimated 1RM (Epley with reps in reserve); "reps": reps + reps in reserve
    kg: float | None  # the load both sides used; None for bodyweight
    pain_left: int
    pain_right: int

    @property
    def percent(self) -> float:
        return gap_percent(self.left, self.right)

    @property
    def weaker(self) -> Side | None:
        if self.left == self.right:
            return None
        return Side.LEFT if self.left < self.right else Side.RIGHT


@dataclass(frozen=True, slots=True)
class SideGap:
    """The left/right verdict for one exercise from its last two like-with-like sessions."""

    left: float  # mean of the last 2 sessions (same unit as the latest)
    right: float
    unit: str
    percent: float
    grade: Grade
    weaker: Side | None
    sessions: int  # sessions with both sides at the same load

    @property
    def advice(self) -> str | None:
        return side_advice(self.grade, self.weaker)


def side_pairs(sets: Iterable[SetEntry]) -> list[SidePair]:
    """The days one exercise was done on both legs at a common load, oldest first.

    Like with like: a day counts only when both sides used the same load (the heaviest one they
    share), and each side's best working set at that load is compared.
    """
    by_day: dict[date, dict[Side, list[SetEntry]]] = defaultdict(lambda: defaultdict(list))
    for s in sets:
        if not s.warmup and s.side is not Side.BOTH:
            by_day[s.day][s.side].append(s)
    pairs = []
    for day in sorted(by_day):
        left, right = by_day[day][Side.LEFT], by_day[day][Side.RIGHT]
        common = {_kg(s) for s in left} & {_kg(s) for s in right}
        if not common:
            continue
        load = max(common, key=lambda kg: kg or 0.0)
        pairs.append(
            SidePair(
                day,
                _best([s for s in left if _kg(s) == load], load),
                _best([s for s in right if _kg(s) == load], load),
                "kg" if load else "reps",
                load,
                max((s.pain or 0 for s in left), default=0),
                max((s.pain or 0 for s in right), default=0),
            )
        )
    return pairs


def _kg(entry: SetEntry) -> float | None:
    return round(entry.kg, 2) if entry.kg else None


def _best(sets: Sequence[SetEntry], load: float | None) -> float:
    if load:
        return max(epley(load, s.reps, s.rpe) for s in sets)
    return max(s.reps + reps_in_reserve(s.rpe) for s in sets)


def judge_asymmetry(pairs: Sequence[SidePair]) -> SideGap | None:
    """Evidence §7: the gap is the mean of the last 2 sessions; a grade needs both of them.

    One session can be a slip of the pen, and a gap that swaps sides is noise: both of the last
    2 sessions must show the same weaker side, and the smaller of their gaps sets the grade.
    """
    if not pairs:
        return None
    latest = pairs[-1]
    recent = [p for p in pairs[-2:] if p.unit == latest.unit]
    left = sum(p.left for p in recent) / len(recent)
    right = sum(p.right for p in recent) / len(recent)
    percent = round(gap_percent(left, right), 1)
    weaker = None if left == right else (Side.LEFT if left < right else Side.RIGHT)
    grade = Grade.NONE
    last_two = pairs[-2:]
    sides = {p.weaker for p in last_two}
    if len(last_two) == 2 and len(sides) == 1 and None not in sides:
        side = sides.pop()
        weaker = side  # the side weaker in both sessions: a message never names the other one
        grade = _grade(min(round(p.percent, 1) for p in last_two))
        pain = max(p.pain_left if side is Side.LEFT else p.pain_right for p in last_two)
        if grade is Grade.FLAG and pain >= ASYM_PAIN:
            grade = Grade.CLINICIAN
    return SideGap(round(left, 1), round(right, 1), latest.unit, percent, grade, weaker, len(pairs))


def _grade(percent: float) -> Grade:
    if percent >= ASYM_CLINICIAN:
        return Grade.CLINICIAN
    if percent >= ASYM_FLAG:
        return Grade.FLAG
    if percent >= ASYM_MONITOR:
        return Grade.MONITOR
    return Grade.NONE


def side_advice(grade: Grade, weaker: Side | None) -> str | None:
    """What the plan does about a gap, in the words both the plan and the progress page use."""
    leg = f"the weaker {weaker.value} leg" if weaker else "the weaker leg"
    if grade is Grade.MONITOR:
        return f"Start each one-leg exercise with {leg} and keep an eye on the gap."
    if grade is Grade.FLAG:
        return f"Start with {leg} and give it 1 extra set until the gap is under {ASYM_MONITOR:g}%."
    if grade is Grade.CLINICIAN:
        return (
            f"Start with {leg} and give it 1 extra set, and ask a physiotherapist or doctor to "
            "check it, especially if it hurts."
        )
    return None


def gap_text(name: str, gap: SideGap) -> str:
    """One sentence naming the weaker side, the gap and the advice."""
    if gap.weaker is None:
        return f"{name}: both sides are level."
    other = "right" if gap.weaker is Side.LEFT else "left"
    number = f"{gap.percent:g}" if gap.percent == int(gap.percent) else f"{gap.percent:.1f}"
    text = (
        f"{name}: your {gap.weaker.value} side is {number}% weaker than your {other} side over "
        "the last 2 sessions at the same load."
    )
    advice = gap.advice
    return f"{text} {advice}" if advice else text


# ---- weekly volume and spikes (evidence §6) -----------------------------------------------------
SPIKE_PERCENT = 30  # Nielsen 2014: a rise of more than 30% is linked to more overuse injuries
MEAN_WEEKS = 4  # the "chronic" window of evidence §6, used only as a plain average
MAX_WEEKLY_RISE = 1.20  # R9 / evidence §6: planned weekly sets rise at most 20%


# Stretches, warm-up drills and balance holds don't load the hamstrings: they are neither hard sets
# nor training days (a daily stretch habit must not read as back-to-back sessions).
NOT_LOADING = frozenset({Pattern.STRETCH, Pattern.WARMUP, Pattern.BALANCE})


def loads_hamstrings(exercise: str, library: Library) -> bool:
    """True for exercises that load the hamstrings; unknown (imported) names count."""
    return exercise not in library or library.get(exercise).pattern not in NOT_LOADING


def loading(library: Library) -> Callable[[str], bool]:
    """``loads_hamstrings`` for one library, answered once per exercise id: years of history
    ask it of every set."""
    return _Loading(library).__getitem__


class _Loading(dict[str, bool]):
    """Each exercise's ``loads_hamstrings``, found on first asking: a found answer is a plain
    dictionary lookup, which a pass over 100,000 sets makes for each."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def __missing__(self, exercise: str) -> bool:
        found = self[exercise] = loads_hamstrings(exercise, self.library)
        return found


def compares_sides(exercise: str, library: Library) -> bool:
    """Evidence §7 compares hamstring strength left and right: one-leg work that loads the
    hamstrings is compared, balance holds and stretches are not; unknown (imported) names are."""
    if exercise not in library:
        return True
    found = library.get(exercise)
    return found.unilateral and found.pattern not in NOT_LOADING


def weekly_hard_sets(
    sets: Iterable[SetEntry], library: Library, weeks: Sequence[date]
) -> list[int]:
    """Logged hard sets (RPE 7 or more, or unrated) of hamstring work in each of ``weeks``
    (the weeks' first days: calendar weeks, or a programme's weeks, whichever weekday they
    start on)."""
    first_weekday = weeks[0].weekday() if weeks else 0
    loads = loading(library)
    per_day: dict[date, int] = defaultdict(int)
    for s in sets:
        if s.hard and loads(s.exercise):
            per_day[s.day] += 1
    counts: dict[date, int] = defaultdict(int)
    for day, count in per_day.items():  # a day's week once, not once per set
        counts[week_of(day, first_weekday)] += count
    return [counts[w] for w in weeks]


def weekly_cap(earlier: Sequence[int]) -> int | None:
    """R9: the most sets a planned week may hold, 20% over the highest earlier planned week.

    Planned weeks are compared with planned weeks only (logged sets are judged by
    ``weekly_spike``), so a user who trains as written is never cut back by this rule.
    """
    return int(max(earlier) * MAX_WEEKLY_RISE) if earlier else None


@dataclass(frozen=True, slots=True)
class Spike:
    """A logged week that rose more than 30%, with what it was compared with."""

    current: int
    last_week: int | None = None  # set when it rose >30% over the higher of the 2 weeks before
    mean: float | None = None  # set when it rose >30% over the mean of the 4 weeks before
    usual: float | None = None  # set when it rose >30% over the level before time off
    two_weeks_ago: bool = False  # the higher of the 2 weeks before was the one before last

    def text(self, week_start: date) -> str:
        reasons = []
        if self.last_week is not None:
            when = "2 weeks before" if self.two_weeks_ago else "the week before"
            reasons.append(
                f"{_rise(self.current, self.last_week)} more than {when} ({self.last_week})"
            )
        if self.mean is not None:
            reasons.append(
                f"{_rise(self.current, self.mean)} more than the average of the {MEAN_WEEKS} "
                f"weeks before ({self.mean:.1f})"
            )
        if self.usual is not None:
            reasons.append(
                f"{_rise(self.current, self.usual)} more than your usual level before the time "
                f"off ({self.usual:.1f})"
            )
        return (
            f"Week of {short_day(week_start)}: {self.current} hard sets, {' and '.join(reasons)}. "
            f"Rises above {SPIKE_PERCENT}% in a week are linked to more overuse injuries; "
            "hold this level for a week before adding more."
        )


def weekly_spike(weeks: Sequence[int]) -> Spike | None:
    """The >30% rule of evidence §6 for the last of ``weeks`` (logged hard sets, oldest first).

    Logged weeks are compared with logged weeks: the higher of the 2 weeks before (so a return
    from the programme's lighter week is not a spike), and the mean of the 4 before.
    After time off (an empty week among the 4 before), the return is compared with the usual
    level before the break instead, so the programme's own ramp back to normal volume is not a
    spike; only more than 30% over that usual level is. Empty weeks before the first trained
    one are no level at all and change nothing: the engine counts its weeks from the first
    hamstring set that counts, the progress report from the first set logged (a first session
    stopped before any hamstring set counted leaves such a week), and both must agree.
    """
    if not weeks:
        return None
    return _spike(weeks, len(weeks) - 1, _breaks(weeks), _first_trained(weeks))


def weekly_spikes(weeks: Sequence[int]) -> list[Spike | None]:
    """``weekly_spike`` of each of ``weeks`` with the weeks before it, in one pass: years of
    history (or one set dated years back, then empty weeks) are thousands of weeks."""
    breaks, first = _breaks(weeks), _first_trained(weeks)
    return [_spike(weeks, i, breaks, first) for i in range(len(weeks))]


def _first_trained(weeks: Sequence[int]) -> int:
    """The index of the first week with a hard set (``len(weeks)`` when there is none)."""
    return next((i for i, count in enumerate(weeks) if count > 0), len(weeks))


def _breaks(weeks: Sequence[int]) -> list[int]:
    """For each week, where the run of empty weeks it stands in started (itself if not empty)."""
    out: list[int] = []
    for i, count in enumerate(weeks):
        out.append(out[i - 1] if count == 0 and i and weeks[i - 1] == 0 else i)
    return out


def _spike(weeks: Sequence[int], index: int, breaks: Sequence[int], first: int) -> Spike | None:
    """The rule of ``weekly_spike`` for week ``index`` (``breaks``: ``_breaks(weeks)``;
    ``first``: ``_first_trained(weeks)``)."""
    current = weeks[index]
    low = max(first, index - MEAN_WEEKS)  # the weeks before any training are not compared
    window = list(weeks[low:index])
    if 0 in window:  # time off after training: compare with the level before the break
        first_zero = breaks[low + window.index(0)]  # the break may start earlier
        # The week before the break is trained (the break starts after ``first``), so this
        # level is never empty. Integer-safe comparison: current > usual × 1.3.
        trained = [w for w in weeks[max(0, first_zero - MEAN_WEEKS) : first_zero] if w > 0]
        if current * len(trained) * 100 > sum(trained) * (100 + SPIKE_PERCENT):
            return Spike(current, usual=sum(trained) / len(trained))
        return None
    # Nielsen 2014 measured the rise over 2 weeks: a week is compared with the higher of the 2
    # before it, so coming back from the programme's own lighter week is not a spike.
    recent = window[-2:]
    last = max(recent) if recent else 0
    two_weeks = len(recent) == 2 and recent[0] > recent[1]
    over_last = last > 0 and current * 100 > last * (100 + SPIKE_PERCENT)
    total = sum(window)
    over_mean = (
        len(window) == MEAN_WEEKS
        and total > 0
        and current * MEAN_WEEKS * 100 > total * (100 + SPIKE_PERCENT)
    )
    if not (over_last or over_mean):
        return None
    return Spike(
        current,
        last_week=last if over_last else None,
        mean=total / MEAN_WEEKS if over_mean else None,
        two_weeks_ago=over_last and two_weeks,
    )


def _rise(current: float, reference: float) -> str:
    percent = (current - reference) / reference * 100
    # Whole numbers read best, but "30%" must not appear for a 30.4% rise that trips the rule.
    return f"{percent:.0f}%" if round(percent) > SPIKE_PERCENT else f"{percent:.1f}%"


# ---- pain and stop rules (evidence §5 pain monitoring, §10 E stop rules) ------------------------
PAUSE_PAIN = 6  # next-morning pain 6/10 or more pauses loading (§5: above 5 is unacceptable)
LIGHTER_PAIN = 4  # 4-5 next morning: the next session is lighter (§5 "acceptable" zone)
SAFE_PAIN = 2  # 0-2 is the safe zone of the pain-monitoring model (Thomeé 1997, [M])
OVER_USUAL = 2  # more than 2 above the usual level also lightens the next session (§5 table)
# training_log.STOP_PAIN: pain above it during a set is a stop rule (§5, §10 E)
DURING_HOLD = 3  # pain 3-5 during: hold, nothing increases (§5)
STRAIN_DURING = 3  # strain track (Askling): above 3 during steps down (§5 rehab row)
# What a lighter session does (carried out in ``progression``, told in the findings below):
REGRESS_LOAD = 0.90  # a step down: about -10% load (two missed sessions, morning pain, a pause)
MORNING_VOLUME = 0.70  # morning pain up, or the first session after a pause: volume -30%


def percent_text(share: float) -> str:
    """A share as people read it: 0.3 → "30%", rounded (1 - 0.70 is 0.30000000000000004)."""
    return f"{round(share * 100)}%"


def training_days(sets: Iterable[SetEntry], library: Library) -> list[date]:
    """Days with a working set that loads the hamstrings, oldest first."""
    loads = loading(library)
    return sorted({s.day for s in sets if not s.warmup and loads(s.exercise)})


class Zone(StrEnum):
    """What one morning's pain asks of the next session (evidence §5)."""

    SETTLED = "settled"  # at or below the usual level: train as planned
    HOLD = "hold"  # above the usual level but low: no increases
    LIGHTER = "lighter"  # 4-5, or more than 2 above the usual level: a lighter session
    PAUSE = "pause"  # 6 or more: no loading until it settles


class Alert(StrEnum):
    """Kinds of finding: what the engine acted on, named the same on every page."""

    STOPPED = "stopped"  # a stop rule ended a session: no training until the screen is answered
    PAUSED = "paused"  # morning pain 6+ or not settling: no session, a re-check instead
    RESUMING = "resuming"  # pain settled after a pause: the first session back is lighter
    MORNING = "morning"  # morning pain after the last session: lighter, or no increases
    RISING = "rising"  # weekly morning pain up two weeks running: a lighter week


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the engine acts on, with the words that explain it wherever it is shown."""

    alert: Alert
    day: date  # the session, check-in or week it is about
    text: str  # what happened and what changes, in plain words
    checks: tuple[str, ...] = ()  # what to check now, and when to see someone

    @property
    def next(self) -> Next | None:
        """The way back: the safety screen after a stop, a settled check-in after a pause."""
        return _WAY_BACK.get(self.alert)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.alert.value,
            "date": self.day.isoformat(),
            "text": self.text,
            "checks": list(self.checks),
            "next": self.next.value if self.next else None,
        }


_WAY_BACK = {Alert.STOPPED: Next.RESCREEN, Alert.PAUSED: Next.CHECKIN}


RECHECK: tuple[str, ...] = (
    "Signs of a tear: a 'pop', a large bruise, a gap or lump at the back of the thigh, or "
    "trouble walking normally. If so, see an orthopaedic or sports-medicine clinician within days.",
    "A calf or thigh that is swollen, warm, red or tender: get urgent medical care today (it can "
    "be a blood clot).",
    "Nerve signs: pins and needles, numbness or weakness down the leg, or pain spreading below "
    "the knee. If so, see a doctor or physiotherapist before training.",
    "If none of these but the pain has not eased within a few days, see a physiotherapist or "
    "doctor.",
)
STOP_CHECKS: tuple[str, ...] = (
    "Answer the safety screen again before the next session.",
    "If the pain or symptoms do not settle within a few days, see a physiotherapist or doctor.",
)


def zone(pain: int, usual: int) -> Zone:
    """Evidence §5: 6+ pauses; 4-5 (or more than 2 above usual) lightens; above usual holds."""
    if pain >= PAUSE_PAIN:
        return Zone.PAUSE
    if pain >= LIGHTER_PAIN or pain > usual + OVER_USUAL:
        return Zone.LIGHTER
    if pain > usual:
        return Zone.HOLD
    return Zone.SETTLED


def _mornings(checkins: Iterable[Checkin], until: date) -> list[tuple[date, int]]:
    """The worst check-in of each day up to ``until``, oldest first."""
    worst: dict[date, int] = {}
    for c in checkins:
        if c.day <= until:
            worst[c.day] = max(worst.get(c.day, 0), c.pain)
    return sorted(worst.items())


def usual_level(checkins: Iterable[Checkin], before: date) -> int:
    """The user's usual morning pain before ``before``: the lower of their first check-in and
    the median of all their check-ins so far, so that neither one bad first morning nor a long
    bad spell raises what counts as usual. With no check-in yet there is no baseline, and the
    top of the safe zone (0-2) stands in for it: a first low morning (1/10 after the first
    session) holds nothing back, while 3 or more still holds or lightens (evidence §5)."""
    pains = [p for d, p in _mornings(checkins, before - timedelta(days=1))]
    return min(pains[0], median_low(pains)) if pains else SAFE_PAIN


def morning_after(checkins: Iterable[Checkin], day: date, until: date) -> int | None:
    """The worst morning pain after the session on ``day``, up to and including ``until``
    (the morning of the next session, or today); None when there was no check-in."""
    pains = [p for d, p in _mornings(checkins, until) if d > day]
    return max(pains) if pains else None


def _raised(pain: int, usual: int) -> bool:
    return pain > usual and pain > SAFE_PAIN


def paused(checkins: Sequence[Checkin], today: date) -> Finding | None:
    """Loading pauses when the latest morning pain is 6+, or when the last two check-ins are
    both above the usual level (and outside the safe 0-2 zone): pain that has not settled. The
    usual level needs at least one check-in before those two."""
    days = _mornings(checkins, today)
    if not days:
        return None
    day, pain = days[-1]
    if pain >= PAUSE_PAIN:
        why = f"Morning pain {pain}/10 on {short_day(day)}"
    elif len(days) >= 3:  # "above the usual level" needs a check-in before the two
        before, earlier = days[-2]
        usual = usual_level(checkins, before)
        if not (_raised(earlier, usual) and _raised(pain, usual)):
            return None
        why = (
            f"Morning pain has not settled ({earlier}/10 on {short_day(before)}, {pain}/10 on "
            f"{short_day(day)}; your usual is {usual}/10)"
        )
    else:
        return None
    return Finding(
        Alert.PAUSED,
        day,
        f"{why}: loading pauses, with no session until it settles. Check in each morning; "
        "training resumes, lighter, once morning pain is back to your usual level.",
        RECHECK,
    )


def morning_findings(
    checkins: Sequence[Checkin], trained: Iterable[date], today: date
) -> tuple[Finding, ...]:
    """Every morning-pain rule the engine acts on as of ``today``, in one consistent set.

    ``trained`` are the training days; the session of ``today`` itself is still ahead.
    """
    before = [d for d in trained if d < today]
    last = max(before, default=None)
    out: list[Finding] = []
    pause = paused(checkins, today)
    if pause is not None:
        out.append(pause)
    else:
        since = [d for d, _ in _mornings(checkins, today) if last is None or d > last]
        was = [d for d in since if paused(checkins, d) is not None]
        if was:
            out.append(
                Finding(
                    Alert.RESUMING,
                    was[-1],
                    f"Morning pain has settled since the pause (last on {short_day(was[-1])}): "
                    "the first session back is lighter, each exercise one step easier (about "
                    f"{percent_text(1 - REGRESS_LOAD)} less load or an easier variant) with about "
                    f"{percent_text(1 - MORNING_VOLUME)} fewer sets.",
                )
            )
        elif last is not None:
            pain = morning_after(checkins, last, today)
            level = zone(pain, usual_level(checkins, last + timedelta(days=1))) if pain else None
            if level in (Zone.LIGHTER, Zone.PAUSE):
                out.append(
                    Finding(
                        Alert.MORNING,
                        last,
                        f"Morning pain {pain}/10 after your session on {short_day(last)}: the "
                        "exercises of that session are lighter next time (about "
                        f"{percent_text(1 - REGRESS_LOAD)} less load or one step easier, and "
                        f"{percent_text(1 - MORNING_VOLUME)} fewer sets).",
                    )
                )
            elif level is Zone.HOLD:
                out.append(
                    Finding(
                        Alert.MORNING,
                        last,
                        f"Morning pain {pain}/10 after your session on {short_day(last)}, above "
                        "your usual level: no increases next time until it settles.",
                    )
                )
    rise = rising(checkins, today)
    if rise is not None:
        out.append(rise)
    return tuple(out)


def rising(checkins: Sequence[Checkin], today: date) -> Finding | None:
    """Evidence §5: weekly average morning pain must not rise from week to week. Up two weeks
    running (three consecutive weeks with check-ins, the last this week or the one before)
    makes the next week lighter."""
    by_week: dict[date, list[int]] = defaultdict(list)
    for c in checkins:
        if c.day <= today:
            by_week[monday(c.day)].append(c.pain)
    weeks = sorted(by_week)[-3:]
    if len(weeks) < 3 or weeks[-1] < monday(today) - timedelta(weeks=1):
        return None
    if weeks[-1] - weeks[0] != timedelta(weeks=2):
        return None
    means = [sum(by_week[w]) / len(by_week[w]) for w in weeks]
    if not means[0] < means[1] < means[2]:
        return None
    steps = " → ".join(f"{m:.1f}" for m in means)
    return Finding(
        Alert.RISING,
        weeks[-1],
        f"Your average morning pain has risen two weeks in a row ({steps} out of 10): a lighter "
        "week (about 40% fewer sets). See a physiotherapist or doctor if it keeps rising.",
    )


def stopped(sets: Sequence[SetEntry], since: datetime | None) -> Finding | None:
    """The latest stop-rule set after the last safety screen: training waits until the screen
    is answered again. Chest symptoms get emergency wording, not "ask your doctor"."""
    for entry in reversed(sets):
        if not entry.stops_session:
            continue
        when = entry.at or datetime.combine(entry.day, time.max)
        if since is None or _naive(when) >= _naive(since):
            what = ", ".join(_SYMPTOMS[s] for s in entry.symptoms) or f"pain {entry.pain}/10"
            checks = STOP_CHECKS
            if Symptom.CHEST in entry.symptoms:
                checks = (HEART_ADVICE, *STOP_CHECKS)
            return Finding(
                Alert.STOPPED,
                entry.day,
                f"Your session on {short_day(entry.day)} stopped ({what}). No more training "
                "until you have answered the safety screen again.",
                checks,
            )
    return None


_SYMPTOMS = {
    Symptom.SHARP: "sharp or stabbing pain",
    Symptom.BELOW_KNEE: "pain spreading below the knee",
    Symptom.NUMBNESS: "new numbness or tingling",
    Symptom.CHEST: "chest pain, dizziness or unusual breathlessness",
}


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


def counted(sets: Sequence[SetEntry]) -> tuple[SetEntry, ...]:
    """The sets that count for progression: on a day a stop rule ended the session, nothing
    logged after the stopping set (in the order logged) counts: a stopped session is stopped."""
    stop_days: set[date] = set()
    out = []
    for entry in sets:
        if entry.day in stop_days:
            continue
        out.append(entry)
        if entry.stops_session:
            stop_days.add(entry.day)
    return tuple(out)
