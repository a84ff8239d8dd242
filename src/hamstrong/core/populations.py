"""Rules for particular people, used by the planner and the progression engine alike.

Match days (evidence §12), the back-pain route from phase A to phase B (§10), the watch over a
cleared hamstring strain (§2.4) and the older adult's balance dose (§9). Pure functions of the
profile and the log; the planner and the engine call them, so both act on the same rule.
"""

import math
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING

from hamstrong.core.dates import short_day
from hamstrong.core.exercises import Exercise
from hamstrong.core.profile import Profile
from hamstrong.core.rules import SAFE_PAIN  # §5: 0-2/10 during a set is the green zone
from hamstrong.core.vocab import Side, Weekday

if TYPE_CHECKING:
    from hamstrong.core.training_log import TrainingLog

# §12 [H]: no Nordic or heavy eccentric work in the 48 h before a match or max-sprint session.
MATCH_WINDOW_DAYS = 2

# §10 rule 3: loaded hinges (phase B) once usual pain is 3/10 or less, a prone back-extension hold
# reaches 60 s [H threshold] and the pain-monitoring rules have been green for 2 weeks.
BACK_USUAL_PAIN = 3
BACK_HOLD_S = 60
BACK_SETTLED_DAYS = 14
BACK_MIN_CHECKINS = 3  # fewer morning check-ins than this say too little about "usual" pain
PRONE_HOLD = "prone-back-extension-hold"

# §2.4: after a strain, pain of 3/10 or more on that side in the last 2 weeks is worth acting on.
STRAIN_WATCH_DAYS = 14
STRAIN_WATCH_PAIN = 3

# §9: falls fell most with at least 2 hours a week of balance and strength work, kept up
# (Sherrington 2011; 2019); daily balance practice builds to it over the first weeks [H].
BALANCE_TARGET_MIN_WEEK = 120
BALANCE_DAILY_START_MIN = 5
BALANCE_DAILY_MAX_MIN = 20


def in_match_window(day: date, match_day: Weekday | None) -> bool:
    """True on the match day and the two days before it (the 48 h before kick-off)."""
    if match_day is None:
        return False
    return (match_day.number - day.weekday()) % 7 <= MATCH_WINDOW_DAYS


def heavy_eccentric(exercise: Exercise) -> bool:
    """Nordic variants and slow-lowering eccentric work: the soreness to keep off match days."""
    return exercise.has("nordic") or exercise.has("eccentric")


@dataclass(frozen=True, slots=True)
class Gate:
    """One condition on the route from phase A to phase B, in words a user can act on."""

    met: bool
    text: str


@dataclass(frozen=True, slots=True)
class BackGates:
    gates: tuple[Gate, ...]

    @property
    def passed(self) -> bool:
        return all(g.met for g in self.gates)

    def note(self) -> str:
        """What the user reads in today's notes: where they stand on the route."""
        if self.passed:
            hold = f", a {BACK_HOLD_S} s back-extension hold" if len(self.gates) == 3 else ""
            return (
                "Back pain: every step to loaded hinges is met (usual pain "
                f"{BACK_USUAL_PAIN}/10 or less{hold}, two settled weeks). The hip hinge can now "
                "move up to a band, a light kettlebell or dumbbells as it gets easy; keep logging "
                "pain."
            )
        missing = "; ".join(g.text for g in self.gates if not g.met)
        return f"Back pain: loaded hinges wait until {missing}."


@dataclass(frozen=True, slots=True)
class BackRoute:
    """The log read once for the §10 gates, so that they can be asked of any day: the engine
    replays each past day with the gates that day had (a gate opened later never rewrites what
    a session already prescribed), and a years-long log must not be scanned once per day."""

    checkin_days: tuple[date, ...]
    pain_sums: tuple[int, ...]  # running totals of morning pain, one ahead of checkin_days
    worse_counts: tuple[int, ...]  # running counts of mornings worse than the first
    hold_days: tuple[date, ...]  # working prone holds, by day
    best_holds: tuple[int, ...]  # the best hold up to each of hold_days
    started: date | None  # the first working set
    unsettled: tuple[date, ...]  # days of working sets above 2/10 pain or that stopped a session

    @classmethod
    def read(cls, log: "TrainingLog") -> "BackRoute":
        checkins = sorted(log.checkins, key=lambda c: c.day)
        base = log.checkins[0].pain if log.checkins else 0
        working = sorted((s for s in log.sets if not s.warmup), key=lambda s: s.day)
        holds = [s for s in working if s.exercise == PRONE_HOLD]
        return cls(
            tuple(c.day for c in checkins),
            tuple(accumulate((c.pain for c in checkins), initial=0)),
            tuple(accumulate((c.pain > base for c in checkins), initial=0)),
            tuple(s.day for s in holds),
            tuple(accumulate((s.reps for s in holds), max)),
            working[0].day if working else None,
            tuple(s.day for s in working if (s.pain or 0) > SAFE_PAIN or s.stops_session),
        )

    def gates(self, today: date, *, hold: bool = True) -> BackGates:
        """Evidence §10 rule 3, read from the log of the days before ``today``.

        ``hold`` is False for who cannot get down to the floor: the prone hold is never in
        their sessions, so it can be neither done nor timed, and the route rests on the other
        two steps.
        """
        since = today - timedelta(days=BACK_SETTLED_DAYS)
        first, last = (bisect_left(self.checkin_days, d) for d in (since, today))
        count = last - first
        if count >= BACK_MIN_CHECKINS:
            usual = (self.pain_sums[last] - self.pain_sums[first]) / count
            usual_gate = Gate(
                usual <= BACK_USUAL_PAIN,
                f"your usual morning pain is {BACK_USUAL_PAIN}/10 or less (the last two weeks "
                f"average {usual:.1f})",
            )
        else:
            usual_gate = Gate(
                False,
                f"your usual morning pain is {BACK_USUAL_PAIN}/10 or less (check in most "
                "mornings for two weeks so it can be seen)",
            )
        held = bisect_left(self.hold_days, today)
        best = self.best_holds[held - 1] if held else 0
        hold_gate = Gate(
            best >= BACK_HOLD_S,
            f"you can hold the back-extension hold for {BACK_HOLD_S} s"
            + (
                f" (best so far {best} s)" if best else " (it is in your sessions; log the seconds)"
            ),
        )
        settled = (
            self.started is not None
            and self.started <= since
            and bisect_left(self.unsettled, since) == bisect_left(self.unsettled, today)
            and self.worse_counts[last] == self.worse_counts[first]
        )
        settled_gate = Gate(
            settled,
            "pain has stayed settled for two weeks of training "
            f"({SAFE_PAIN}/10 or less during sets, mornings no worse than when you started)",
        )
        return BackGates(
            (usual_gate, hold_gate, settled_gate) if hold else (usual_gate, settled_gate)
        )


def strain_watch(profile: Profile, log: "TrainingLog", today: date) -> tuple[str, ...]:
    """Side-specific notes for a cleared strain of the last year (evidence §2.4, §5)."""
    notes = []
    since = today - timedelta(days=STRAIN_WATCH_DAYS)
    for injury in profile.strain_follow_up:
        sides = (Side.LEFT, Side.RIGHT, Side.BOTH) if injury.side is Side.BOTH else (injury.side,)
        sore = [
            s
            for s in log.sets
            if since <= s.day < today and s.side in sides and (s.pain or 0) >= STRAIN_WATCH_PAIN
        ]
        if sore:
            worst = max(sore, key=lambda s: (s.pain or 0, s.day))
            where = "" if injury.side is Side.BOTH else f" on the {injury.side.value} side"
            notes.append(
                f"Pain {worst.pain}/10{where} on {short_day(worst.day)}, where your hamstring "
                "strain was: keep loads where they are this week, and see a physiotherapist if "
                "it comes back next session."
            )
    return tuple(notes)


def balance_daily_minutes(sessions_per_week: int, minutes: int) -> tuple[int, int, int]:
    """Daily balance practice for weeks 1-2, 3-4 and 5 on, building to the weekly target."""
    needed = (BALANCE_TARGET_MIN_WEEK - sessions_per_week * minutes) / 7
    target = min(BALANCE_DAILY_MAX_MIN, max(10, 5 * math.ceil(needed / 5)))
    middle = 5 * round((BALANCE_DAILY_START_MIN + target) / 10)
    return BALANCE_DAILY_START_MIN, middle, target
