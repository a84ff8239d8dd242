"""The planner: profile, start date and library in; a programme that keeps rules R1-R16 out.

Every choice is deterministic (R16): candidates are ranked by ladder depth and then library order,
never by set iteration or chance.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from hamstrong.core import protocols as P
from hamstrong.core.dates import MAX_WEEKS
from hamstrong.core.dosing import early_week, rep_range, rpe_band, start_load, suits
from hamstrong.core.exercises import Exercise, Library, Tempo
from hamstrong.core.ladders import walk
from hamstrong.core.populations import (
    BACK_HOLD_S,
    BACK_USUAL_PAIN,
    MATCH_WINDOW_DAYS,
    balance_daily_minutes,
    heavy_eccentric,
    in_match_window,
)
from hamstrong.core.profile import Profile
from hamstrong.core.programme import Block, BlockKind, Habit, Item, Programme, Session
from hamstrong.core.rules import MAX_WEEKLY_RISE
from hamstrong.core.scheduling import MIN_GAP_HOURS, choose_days, session_dates
from hamstrong.core.screen import refer, require_answers
from hamstrong.core.timing import item_seconds, too_long
from hamstrong.core.vocab import Dose, Goal, Level, Load, Pattern, Population, Side, Weekday
from hamstrong.errors import InvalidInput

# A session's focus in plain words, from the patterns of its main items.
FOCUS_WORDS = {
    Pattern.HINGE: "hip hinge",
    Pattern.KNEE_FLEXION: "hamstring curl",
    Pattern.KNEE_EXTENSION: "thigh front",
    Pattern.BRIDGE: "bridge",
    Pattern.LUNGE: "leg strength",
    Pattern.ISOMETRIC: "holds",
    Pattern.STRETCH: "stretch",
    Pattern.WARMUP: "warm-up",
    Pattern.BALANCE: "balance",
}
WEEKDAY_NAMES = dict(
    zip(
        Weekday,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
SHORT_REST_S = 60  # the shortest rest a short session cuts a long one to
# [H] sessions this long or more keep knee pain's quadriceps item, and a graded return after a
# strain its strength hinge next to the Diver (in shorter ones the Diver is the session's hinge)
SHORT_SESSION_MIN = 20

# Where each role's ladder starts; the planner climbs to the user's rung (see _rank).
ROLE_BASES: dict[str, tuple[str, ...]] = {
    "hinge": ("hip-hinge-dowel",),
    "single_hinge": ("single-leg-rdl",),
    "knee_flexion": ("hamstring-walkout",),
    "bridge": ("glute-bridge",),
    "lunge": ("reverse-lunge", "step-up"),
    "back": ("prone-back-extension-hold", "bird-dog"),
    "power": ("kettlebell-deadlift",),
    "balance": ("feet-together-stand",),
    "quads": ("seated-knee-extension", "straight-leg-raise"),
}
OLDER_BASES: dict[str, tuple[str, ...]] = {
    "single_hinge": ("supported-single-leg-rdl",),
    "knee_flexion": ("standing-hamstring-curl",),
    "lunge": ("low-step-up", "sit-to-stand"),
}
# Without the floor: standing and chair-based stand-ins for the floor ladders.
FLOOR_FREE_BASES: dict[str, tuple[str, ...]] = {
    "knee_flexion": ("standing-hamstring-curl",),
    "bridge": ("standing-hip-extension",),
}
NORDIC_ENTRY: dict[Level, str] = {  # evidence §1.4: N1 band-assisted, N3 partial, N4 full
    Level.BEGINNER: "band-assisted-nordic",
    Level.INTERMEDIATE: "partial-nordic",
    Level.ADVANCED: "nordic-hamstring-curl",
}
ASKLING = ("askling-diver", "askling-extender", "askling-glider")
HAMSTRING_STRETCHES = {
    "older": "chair-hamstring-stretch",
    "office": "standing-hamstring-stretch",
    "other": "supine-hamstring-stretch",
}
# Why each role is in a session, in words for the user, and the spec's rules it serves (JSON only).
ROLE_WHY: dict[str, tuple[str, tuple[str, ...]]] = {
    "hinge": ("The main hamstring and glute strength move.", ("R7",)),
    "single_hinge": ("Each leg on its own, with balance.", ("R7",)),
    "knee_flexion": ("Hamstrings bending the knee, which hinges miss.", ("R7",)),
    "bridge": ("Glutes and hamstrings, no load on the back.", ("R7",)),
    "lunge": ("Each leg on its own, to even out left and right.", ("R7",)),
    "back": ("Back-muscle endurance at a low load.", ("R11",)),
    "power": ("Hip power for sprinting.", ("R11",)),
    "balance": ("Balance every session: steadier on your feet.", ("R11",)),
    "quads": ("Thigh-front strength, pain-free: it eases knee pain.", ("R11",)),
}
GOAL_WHY = {
    Goal.BACK_PAIN: "For your back, with pain checked as you go.",
    Goal.KNEE_PAIN: "Strong hamstrings support the knee.",
    Goal.SPRINT: "For top running speed.",
    Goal.INJURY_PREVENTION: "Against hamstring injuries.",
    Goal.BALANCE: "For your balance.",
    Goal.POSTURE: "For your posture.",
    Goal.STRENGTH: "For strength.",
}


def plan_programme(profile: Profile, start: date, weeks: int, library: Library) -> Programme:
    """Plan ``weeks`` 7-day weeks from ``start`` for ``profile``: referral, or dated sessions."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput({"weeks": f"must be a whole number from 1 to {MAX_WEEKS}, not {weeks}"})
    referral = refer(profile.screen, assessed_strain=profile.assessed_strain)
    if referral is not None:  # R13: red flags win, even on a screen not fully answered
        return Programme(profile, start, weeks, referral=referral, track="referral")
    require_answers(profile.screen)  # no plan counts a missing answer as "no"
    return _Planner(profile, library, []).plan(start, weeks)


def _ramp(exercise: Exercise, lo: int, hi: int, step: int) -> int:
    """The dose ``step`` build weeks after an exercise entered the plan: one rep (or 5 s of a
    hold) a week up from the bottom of its range, never past the top."""
    return min(hi, lo + (5 * step if exercise.dose is Dose.HOLD else step))


@dataclass
class _Slot:
    """A main-block item while the week's volume is still being settled."""

    item: Item
    exercise: Exercise
    role: str
    mandatory: bool
    floor: int = 1  # fewest reps (or seconds) the item may shrink to when time is short


@dataclass
class _Draft:
    week: int
    day: date
    warmup: list[Item]
    main: list[_Slot]
    mobility: list[Item]
    cooldown: list[Item]
    focus: str = ""
    near_match: bool = False  # in the 48 h before the weekly match or hard-run day


@dataclass
class _Planner:
    profile: Profile
    library: Library
    warnings: list[str] = field(default_factory=list)
    _allowed_memo: dict[tuple[str, bool], bool] = field(default_factory=dict)
    _ranked_memo: dict[tuple[str, bool], list[Exercise]] = field(default_factory=dict)
    _warmup_memo: dict[int, list[Item]] = field(default_factory=dict)
    # a main item depends on the exercise, its role and the build week only (items are frozen)
    _item_memo: dict[tuple[str, str, int], Item] = field(default_factory=dict)
    _range_memo: dict[str, tuple[int, int]] = field(default_factory=dict)

    # ---- which exercises this profile may do -------------------------------------------------
    def allowed(self, ex: Exercise, week: int) -> bool:
        """R5, R6, R10, R11 and the contraindications, memoised: only weeks 1-2 differ."""
        key = (ex.id, early_week(week))
        if key not in self._allowed_memo:
            self._allowed_memo[key] = self._allowed(ex, week)
        return self._allowed_memo[key]

    def _allowed(self, ex: Exercise, week: int) -> bool:
        return suits(self.profile, ex, early=early_week(week))

    def _ladder(self, bases: Sequence[str]) -> Iterator[tuple[int, Exercise]]:
        """Every rung reachable upwards from the bases, with its depth, in a stable order."""
        return walk(self.library, bases, "harder")

    def ranked(self, role: str, week: int) -> list[Exercise]:
        """The role's feasible exercises, the user's rung (deepest allowed) first."""
        key = (role, early_week(week))
        if key not in self._ranked_memo:
            self._ranked_memo[key] = self._ranked(role, week)
        return list(self._ranked_memo[key])

    def _ranked(self, role: str, week: int) -> list[Exercise]:
        bases = (OLDER_BASES if self.profile.older else {}).get(role, ROLE_BASES[role])
        if not self.profile.floor_ok:
            bases = FLOOR_FREE_BASES.get(role, bases)
        fits = self._role_filter(role)
        found = [
            (d, i, e)
            for i, (d, e) in enumerate(self._ladder(bases))
            if fits(e) and self.allowed(e, week)
        ]
        found.sort(key=lambda t: (-t[0], t[1]))
        return [e for _, _, e in found]

    def _role_filter(self, role: str) -> Callable[[Exercise], bool]:
        filters: dict[str, Callable[[Exercise], bool]] = {
            "hinge": lambda e: (
                e.pattern is Pattern.HINGE and not e.unilateral and not e.has("ballistic")
            ),
            "single_hinge": lambda e: e.pattern is Pattern.HINGE and e.unilateral,
            "knee_flexion": lambda e: (
                e.pattern is Pattern.KNEE_FLEXION and not (e.has("nordic") or e.has("askling"))
            ),
            "bridge": lambda e: e.pattern is Pattern.BRIDGE,
            "lunge": lambda e: e.pattern is Pattern.LUNGE and not e.has("askling"),
            "back": lambda e: e.has("back_phase_a") and e.pattern is Pattern.ISOMETRIC,
            "power": lambda e: e.has("ballistic"),
            "balance": lambda e: e.pattern is Pattern.BALANCE and e.dose is Dose.HOLD,
            "quads": lambda e: e.pattern is Pattern.KNEE_EXTENSION and e.has("quads"),
        }
        return filters[role]

    # ---- the whole programme -----------------------------------------------------------------
    def plan(self, start: date, weeks: int) -> Programme:
        p = self.profile
        days = choose_days(p.days, p.sessions_per_week, avoid=self._match_window_days())
        if len(days) < p.sessions_per_week:
            self.warnings.append(
                f"You asked for {p.sessions_per_week} sessions a week, but the days you offered "
                f"({', '.join(d.value for d in p.days)}) fit only {len(days)} at least "
                f"{MIN_GAP_HOURS} hours apart: offer days with a rest day between them to train "
                "more often."
            )
        track = self._track()
        draft_sessions: list[_Draft] = []
        dates = session_dates(start, weeks, days)
        for week, day in dates:
            earlier = [d for d in draft_sessions if d.week == week]
            # Nordic sessions count only the week's sessions clear of the pre-match window
            clear = None if self._near_match(day) else sum(not d.near_match for d in earlier)
            draft_sessions.append(self._session(week, day, len(earlier), len(days), track, clear))
        self._population_warnings(days, track)
        self._settle_volume(draft_sessions, weeks, track)
        self._start_low(draft_sessions)
        sessions = tuple(self._freeze(d) for d in draft_sessions)
        return Programme(
            p,
            start,
            weeks,
            sessions=sessions,
            warnings=tuple(self.warnings),
            daily=self._habits(),
            track=track,
        )

    def _track(self) -> str:
        p = self.profile
        if p.strain_track:
            self.warnings.append(
                "A recent or uncleared hamstring strain: this plan is only the pain-free "
                "lengthening exercises of the Askling protocol. Work just short of pain. You "
                "move on to a graded return once walking, stairs, easy jogging and pressing on "
                "the spot are pain-free, bridges and the Extender reach full range without pain, "
                "the knee straightens about as far as on the other leg, and you feel confident: "
                "mark those signs in your profile. HamStrong never clears a return to sport: see "
                "a physiotherapist for return-to-sport testing, then mark the injury as cleared."
            )
            return "strain"
        if p.strain_return:
            self.warnings.append(
                "A graded return after a hamstring strain: the signs of readiness are all met, so "
                "strength work comes back, bodyweight first, with the Diver in every session (the "
                "Glider when time allows) and the Extender daily. Keep pain during any exercise "
                "at 2/10 or less. No sprinting, kicking or match play yet: that needs "
                "return-to-sport testing by "
                "a physiotherapist, who can then mark the injury as cleared."
            )
            return "strain_return"
        if p.older:
            return "older_adult"
        if p.back_pain:
            self.warnings += [
                "Back pain: low-load hinge work first. Loaded hinges come once your usual pain is "
                f"{BACK_USUAL_PAIN}/10 or less, the back-extension hold reaches {BACK_HOLD_S} s "
                "and pain has stayed settled for two weeks; each day's notes say how close you "
                "are.",
                "About back pain: it is rarely a sign of damage and usually eases with gradual "
                "activity; movement helps, bed rest does not. Soreness up to 3-5/10 that settles "
                "by the next morning is fine. Pain spreading down the leg, numbness, or bladder or "
                "bowel problems: see a doctor straight away.",
            ]
        if (
            self._nordic_entry() is not None
            and self._athlete()
            and p.minutes < P.PETERSEN_MIN_MINUTES
        ):
            self.warnings.append(
                f"The full Nordic protocol needs about {P.PETERSEN_MIN_MINUTES} minutes a session; "
                f"with {p.minutes} you get the low-volume Nordic ramp instead."
            )
        if self._petersen():
            return "athlete"
        return "back_pain" if p.back_pain else "general"

    def _match_window_days(self) -> frozenset[int]:
        """Weekday numbers of the match day and the two days before it (none without one)."""
        match = self.profile.match_day
        if match is None:
            return frozenset()
        return frozenset((match.number - k) % 7 for k in range(MATCH_WINDOW_DAYS + 1))

    def _near_match(self, day: date) -> bool:
        return in_match_window(day, self.profile.match_day)

    def _population_warnings(self, days: Sequence[Weekday], track: str) -> None:
        """What the plan does differently for this person, said once, in plain words."""
        p = self.profile
        if p.child:
            self.warnings.append(
                "Under 13: bodyweight technique work only, with no weights or bands, always "
                "done with an adult or coach who watches your technique. Keep it fun, and stop "
                "and tell them if anything hurts."
            )
        elif p.youth:
            self.warnings.append(
                "Under 18: technique comes first. The plan starts with bodyweight and light "
                "loads; train with a qualified adult or coach watching, at least while you learn "
                "each exercise."
                + (
                    ""
                    if p.supervised
                    else " Without a coach supervising, heavy barbell lifts, the full Nordic "
                    "curl and the high-volume Nordic programme stay out of the plan; if a "
                    "qualified coach supervises your sessions, say so in your profile."
                )
            )
        if not p.floor_ok:
            self.warnings.append(
                "No floor exercises: the plan keeps to standing and chair-based work (a "
                "standing hip extension instead of bridges, standing hamstring curls, chair "
                "stretches)."
                + (
                    " You have not said whether you can get down to the floor and up again; "
                    "if you can, say so in your profile to add floor exercises."
                    if p.floor is None
                    else ""
                )
            )
        if p.match_day is not None:
            name = WEEKDAY_NAMES[p.match_day]
            if days and all(d.number in self._match_window_days() for d in days):
                self.warnings.append(
                    f"Match or hard-run day on {name}: every training day you offered falls in "
                    "the two days before it, when Nordic curls and slow-lowering exercises stay "
                    "out, so a week may have no knee-bending hamstring exercise. Offer a day "
                    "earlier in the week if you can."
                )
            elif any(d.number in self._match_window_days() for d in days):
                self.warnings.append(
                    f"Match or hard-run day on {name}: no Nordic curls or slow-lowering "
                    "exercises in the two days before it, as the soreness they leave slows you "
                    "down; sessions on those days get other hamstring work."
                )
            else:
                self.warnings.append(
                    f"Match or hard-run day on {name}: your sessions fall more than two days "
                    "before it, so Nordic curls and slow-lowering work never leave you sore for it."
                )
        for injury in p.strain_follow_up:
            where = "" if injury.side is Side.BOTH else f"{injury.side.value} "
            self.warnings.append(
                f"Your {where}hamstring strain is cleared. Strains come back most often in the "
                "first weeks and months after return, up to a third within a year: warm up "
                "every time, keep hamstring strength work going every week, log pain for each "
                "side in one-leg exercises, and retest the active knee extension on both legs "
                "every few weeks. See a physiotherapist if that side hurts sharply, feels weaker "
                "or tighter than the other, or a pain there comes back."
            )

    def _athlete(self) -> bool:
        """The full Petersen volume: trained runners and athletes; under 18 only with a coach."""
        p = self.profile
        return (
            (p.sporty or p.has_goal(Goal.SPRINT))
            and p.level is not Level.BEGINNER
            and (not p.youth or p.supervised)
        )

    def _petersen(self) -> bool:
        return (
            self._athlete()
            and self._nordic_entry() is not None
            and self.profile.minutes >= P.PETERSEN_MIN_MINUTES
        )

    def _wants_nordic(self) -> bool:
        p = self.profile
        prior_strain = any(i.kind.value == "hamstring_strain" for i in p.injuries)
        return (
            p.sporty
            or prior_strain
            or p.has_goal(Goal.SPRINT, Goal.INJURY_PREVENTION, Goal.STRENGTH)
        )

    def _nordic_entry(self) -> Exercise | None:
        p = self.profile
        if p.older or p.strain_track or not self._wants_nordic():
            return None
        # a graded return after a strain starts band-assisted whatever the level
        entry = NORDIC_ENTRY[Level.BEGINNER if p.strain_return else p.level]
        if entry not in self.library:
            return None
        exercise = self.library.get(entry)
        if p.youth and not p.supervised and exercise.has("full_nordic"):
            exercise = self.library.get(NORDIC_ENTRY[Level.INTERMEDIATE])  # partial, no coach
        return exercise if self.allowed(exercise, week=1) else None

    # ---- one session ---------------------------------------------------------------------------
    def _session(
        self, week: int, day: date, index: int, per_week: int, track: str, clear: int | None
    ) -> _Draft:
        warmup = self._warmup(
            P.WARMUP_LONG_S if self.profile.minutes >= P.LONG_SESSION_MIN else P.WARMUP_MIN_S
        )
        cooldown = [
            self._stretch(
                self._hamstring_stretch(),
                "Cool-down stretch for the hamstrings: hold at mild tension, never into pain.",
                ("R4",),
            )
        ]
        used = self._seconds(warmup) + self._seconds(cooldown)
        near = self._near_match(day)
        slots = self._main_candidates(week, index, per_week, track, clear, near)
        main: list[_Slot] = []
        # mandatory items first, shrinking sets only if they would not fit at all
        for slot in [s for s in slots if s.mandatory]:
            main.append(slot)
        while too_long(_minutes(used + self._main_seconds(main)), self.profile.minutes) and (
            self._shrink(main)
        ):
            pass
        # extras in order, but knee pain's quadriceps work first: it is why that person trains
        for slot in sorted((s for s in slots if not s.mandatory), key=lambda s: s.role != "quads"):
            if _minutes(used + self._main_seconds([*main, slot])) <= self.profile.minutes:
                main.append(slot)
        # Ballistic moves (swings) come first, before slow eccentric work tires the hamstrings
        # (ACSM 2009 exercise order: higher-intensity and power work first).
        main.sort(key=lambda s: (not s.exercise.has("ballistic"), slots.index(s)))
        used += self._main_seconds(main)
        mobility: list[Item] = []
        for choices, why, kind in self._extras():
            found = [
                self.library.get(e)
                for e in choices
                if e in self.library and self.allowed(self.library.get(e), week)
            ]
            if not found:
                continue
            exercise = found[0]
            item = self._stretch(exercise, why, ("R4",))
            target = mobility if kind is BlockKind.MOBILITY else cooldown
            if _minutes(used + item_seconds(item, exercise)) <= self.profile.minutes:
                target.append(item)
                used += item_seconds(item, exercise)
        focus = ", ".join(dict.fromkeys(FOCUS_WORDS[s.exercise.pattern] for s in main))
        return _Draft(week, day, warmup, main, mobility, cooldown, focus, near)

    def _seconds(self, items: Sequence[Item]) -> int:
        return sum(item_seconds(i, self.library.get(i.exercise)) for i in items)

    def _main_seconds(self, slots: Sequence[_Slot]) -> int:
        return sum(item_seconds(s.item, s.exercise) for s in slots)

    @staticmethod
    def _shrink(slots: list[_Slot]) -> bool:
        """Make the session shorter: reps (or hold time) down to the range's floor, then sets.

        Reps go first, then long rests, so that the week's set count, which the lighter-week
        rule (R9) steps down from, survives in short sessions.
        """
        for slot in reversed(slots):
            item = slot.item
            if item.reps is not None and item.reps_by_set is None and item.reps > slot.floor:
                slot.item = replace(item, reps=item.reps - 1)
                return True
            if item.hold_s is not None and item.hold_s - 5 >= slot.floor:
                slot.item = replace(item, hold_s=item.hold_s - 5)
                return True
        for slot in reversed(slots):
            if (slot.item.rest_s or 0) > SHORT_REST_S and slot.item.sets > 1:
                slot.item = replace(slot.item, rest_s=SHORT_REST_S)
                return True
        for slot in reversed(slots):
            if slot.item.sets > 1:
                slot.item = _fewer_sets(slot.item)
                return True
        return False

    def _main_candidates(
        self, week: int, index: int, per_week: int, track: str, clear: int | None, near: bool
    ) -> list[_Slot]:
        p = self.profile
        slots: list[_Slot] = []
        if p.older:  # R11: balance work every session, on every track
            slots += self._role_slot("balance", week, index, mandatory=True)
        askling = [
            e
            for e in (self._extender() if e == "askling-extender" else e for e in ASKLING)
            if e is not None and e in self.library and self.allowed(self.library.get(e), week)
        ]
        if track == "strain":
            return slots + [self._askling(exercise_id) for exercise_id in askling]
        if track == "strain_return":  # the Diver stays, the Glider when time allows; the
            # Extender is a daily habit
            slots += [
                replace(self._askling(e), mandatory=e == "askling-diver")
                for e in askling
                if e != self._extender()
            ]
        nordic = self._nordic(week, clear, per_week, track)
        if nordic is not None:
            slots.append(nordic)
        unilateral_day = per_week == 1 or index % 2 == 1
        first = "single_hinge" if unilateral_day else "hinge"
        diver_hinges = track == "strain_return" and p.minutes < SHORT_SESSION_MIN
        slots += self._role_slot(first, week, index, mandatory=not diver_hinges, near=near)
        hip_first = p.knee_pain  # R11: knee pain trains hip-dominant work first
        order = ["bridge", "knee_flexion"] if hip_first else ["knee_flexion", "bridge"]
        for role in order:
            mandatory = role == "knee_flexion" and nordic is None
            slots += self._role_slot(role, week, index, mandatory=mandatory, near=near)
        if p.knee_pain:  # quadriceps in a pain-free range; extra only in the shortest sessions
            quads_kept = p.minutes >= SHORT_SESSION_MIN
            slots += self._role_slot("quads", week, index, mandatory=quads_kept, near=near)
        if p.back_pain:  # the first session of the week trains (and times) the back hold
            slots += self._role_slot("back", week, index, mandatory=index == 0, near=near)
        slots += self._role_slot("lunge", week, index, mandatory=False, near=near)
        if not unilateral_day:
            slots += self._role_slot("single_hinge", week, index, mandatory=False, near=near)
        if (p.has_goal(Goal.SPRINT) or p.sporty) and not p.back_pain:
            slots += self._role_slot("power", week, index, mandatory=False, near=near)
        return slots

    def _role_slot(
        self, role: str, week: int, index: int, *, mandatory: bool, near: bool = False
    ) -> list[_Slot]:
        ranked = self.ranked(role, week)
        if near:  # no Nordic or heavy eccentric work in the 48 h before a match
            ranked = [e for e in ranked if not heavy_eccentric(e)]
        if not ranked:
            return []
        exercise = self._pick(role, ranked, week, index)
        floor = self._rep_range(exercise)[0]
        return [_Slot(self._main_item(exercise, role, week), exercise, role, mandatory, floor)]

    def _pick(self, role: str, ranked: list[Exercise], week: int, index: int) -> Exercise:
        """The role's exercise in the week's ``index``-th session."""
        if role == "balance":  # climb one rung every two build weeks from the level's rung
            ladder = ranked[::-1]
            return ladder[
                min(len(ladder) - 1, self.profile.level.rank + self._build_index(week) // 2)
            ]
        # alternate sessions take the second-best rung for variety, keeping the week's pattern
        if index % 2 == 1 and len(ranked) > 1 and role in ("knee_flexion", "lunge", "bridge"):
            return ranked[1]
        return ranked[0]

    def _steps(self, exercise: Exercise, role: str, week: int) -> int:
        """Build weeks since the exercise took its place in the role. A rung or exercise new to
        the plan starts at the bottom of its range, as a move up a variant does in the engine
        (evidence §3, load step: "move up one variant level and reset to r_lo"), not where the
        weeks before it had climbed to."""
        for earlier in range(1, week + 1):
            ranked = self.ranked(role, earlier)
            if ranked and any(
                self._pick(role, ranked, earlier, i).id == exercise.id for i in (0, 1)
            ):
                return self._build_index(week) - self._build_index(earlier)
        return 0

    # ---- prescriptions -------------------------------------------------------------------------
    def _rpe(self) -> tuple[float, float]:
        return rpe_band(self.profile)

    def _rep_range(self, exercise: Exercise) -> tuple[int, int]:
        found = self._range_memo.get(exercise.id)
        if found is None:
            found = self._range_memo[exercise.id] = rep_range(self.profile, exercise)
        return found

    def _tempo(self, exercise: Exercise) -> str | None:
        if exercise.tempo is None:
            return None
        tempo = exercise.tempo
        if self.profile.older:  # §11: 2-3 s each way, no bouncing
            tempo = Tempo(
                max(tempo.eccentric, 3),
                tempo.pause_bottom,
                max(tempo.concentric, 2),
                tempo.pause_top,
            )
        return str(tempo)

    @staticmethod
    def _build_index(week: int) -> int:
        """How many build (non-deload) weeks came before this one."""
        return (week - 1) - (week - 1) // P.DELOAD_EVERY

    def _main_item(self, exercise: Exercise, role: str, week: int) -> Item:
        key = (exercise.id, role, self._build_index(week))
        found = self._item_memo.get(key)
        if found is None:
            found = self._item_memo[key] = self._new_main_item(exercise, role, week)
        return found

    def _new_main_item(self, exercise: Exercise, role: str, week: int) -> Item:
        p = self.profile
        lo, hi = self._rep_range(exercise)
        step = self._steps(exercise, role, week)
        sets = P.BASE_SETS[p.level] if not p.older else 2
        if role == "balance":  # the balance dose builds: a third set from the third build week
            sets = 2 + int(self._build_index(week) >= 2)
        load_kg = band = None
        if exercise.load is Load.KG:
            load_kg = start_load(p, exercise)
        elif exercise.load is Load.BAND:
            band = P.RESIST_BAND[p.level]
        rest = P.REST_BODYWEIGHT_S
        if exercise.dose is Dose.HOLD or exercise.pattern is Pattern.BALANCE:
            rest = P.REST_HOLD_S
        elif load_kg is not None:
            rest = P.REST_HEAVY_S if p.level is Level.ADVANCED else P.REST_LOADED_S
        why, rules = self._why(exercise, role, load_kg is not None)
        common = {
            "exercise": exercise.id,
            "sets": sets,
            "why": why,
            "rules": rules,
            "per_side": exercise.unilateral,
            "load_kg": load_kg,
            "load_per": exercise.load_per if load_kg is not None else None,
            "unit": p.units,
            "band": band,
            "tempo": self._tempo(exercise) or "hold",
            "rest_s": rest,
            "rpe": self._rpe(),
        }
        if exercise.dose is Dose.HOLD:
            return Item(**common, hold_s=_ramp(exercise, lo, hi, step))  # type: ignore[arg-type]
        return Item(**common, reps=_ramp(exercise, lo, hi, step))  # type: ignore[arg-type]

    def _start_low(self, drafts: list[_Draft]) -> None:
        """An exercise a shorter session or the weekly cap left out of the weeks its role first
        offered it starts at the bottom of its range when it is first done: weeks not trained
        are not weeks climbed. Doses only come down here, so time and volume still hold."""
        begun: dict[tuple[str, str], int] = {}
        for draft in sorted(drafts, key=lambda d: d.day):
            build = self._build_index(draft.week)
            for slot in draft.main:
                if slot.exercise.has("nordic") or slot.exercise.has("askling"):
                    continue  # protocol doses
                step = build - begun.setdefault((slot.exercise.id, slot.role), build)
                lo, hi = self._rep_range(slot.exercise)
                dose = _ramp(slot.exercise, lo, hi, step)
                item = slot.item
                if item.hold_s is not None and item.hold_s > dose:
                    slot.item = replace(item, hold_s=dose)
                elif item.reps is not None and item.reps > dose:
                    slot.item = replace(item, reps=dose)

    def _why(self, exercise: Exercise, role: str, loaded: bool) -> tuple[str, tuple[str, ...]]:
        """The plain-language reason for a main item, and the spec's rules behind it."""
        p = self.profile
        text, rules = ROLE_WHY[role]
        if role == "lunge" and not exercise.unilateral:
            text = "Leg strength for standing up and stairs."
        goals = [g for g in p.goals if not (p.rehab and g is Goal.SPRINT)]  # no sprinting yet
        parts = [text, *[note for goal, note in GOAL_WHY.items() if goal in goals][:1]]
        codes = list(rules)
        if exercise.has("ballistic"):
            parts.append("A fast hip snap with no slow lowering, done before the slow work.")
        elif exercise.tempo is not None and exercise.tempo.eccentric >= 3:
            parts.append(f"Lower over {exercise.tempo.eccentric} seconds.")
            codes.append("R8")
        if loaded:
            parts.append("Start light: stop with 2-3 reps in reserve.")
            codes.append("R6")
        elif (p.level is Level.BEGINNER or p.youth) and exercise.dose is Dose.REPS:
            parts.append("Bodyweight first, to learn it.")
            codes.append("R6")
        if p.child:
            parts.append("With an adult or coach watching.")
        return " ".join(parts), tuple(dict.fromkeys(codes))

    def _nordic(self, week: int, index: int | None, per_week: int, track: str) -> _Slot | None:
        """The Nordic of this session, or None; ``index`` counts the week's sessions clear of the
        pre-match window (None: this one is in it)."""
        entry = self._nordic_entry()
        if entry is None or index is None:
            return None
        if track == "strain_return":  # back after a strain: the ramp starts in week 3
            if week <= 2:
                return None
            week -= 2
        rest = P.REST_NORDIC_S
        level = Level.BEGINNER if track == "strain_return" else self.profile.level
        band = P.ASSIST_BAND[level] if entry.load is Load.BAND else None
        if track == "athlete":
            sessions, reps = P.PETERSEN.get(week, P.PETERSEN_MAINTENANCE)
            if index >= min(sessions, per_week):
                return None
            why = (
                f"Nordic curl, week {week} of the programme that cut hamstring strains in a "
                "large football trial (Petersen 2011): lower as slowly as you can and catch "
                "yourself on your hands."
            )
            item = Item(
                entry.id,
                len(reps),
                why,
                rules=("R10",),
                reps=max(reps),
                reps_by_set=reps,
                band=band,
                tempo=self._tempo(entry),
                rest_s=rest,
                rpe=self._rpe(),
            )
        else:
            sessions, sets, reps_n = P.nordic_ramp(week)
            if index >= min(sessions, per_week):
                return None
            why = (
                "Nordic curl at a low volume: it builds hamstring strength in the lowering; the "
                "trials that prevented injuries used more."
            )
            if track == "strain_return":
                why += " Band-assisted and pain-free while you come back from the strain."
            item = Item(
                entry.id,
                sets,
                why,
                rules=("R10",),
                reps=reps_n,
                band=band,
                tempo=self._tempo(entry),
                rest_s=rest,
                rpe=self._rpe(),
            )
        return _Slot(item, entry, "nordic", mandatory=True, floor=item.reps or 1)

    def _askling(self, exercise_id: str) -> _Slot:
        exercise = self.library.get(exercise_id)
        sets, reps = P.ASKLING_DOSE[exercise_id]
        why = (
            "A lengthening exercise for a strained hamstring (Askling protocol): move only to "
            "just before pain; go further and faster as it stays pain-free."
        )
        item = Item(
            exercise_id,
            sets,
            why,
            rules=("R12",),
            reps=reps,
            per_side=True,
            tempo=self._tempo(exercise),
            rest_s=P.REST_BODYWEIGHT_S,
            rpe=P.GENTLE_RPE,
        )
        return _Slot(item, exercise, exercise.pattern.value, mandatory=True, floor=reps)

    def _extender(self) -> str | None:
        """The Askling Extender, on a chair for someone who cannot get down to the floor."""
        for exercise_id in ("askling-extender", "seated-askling-extender"):
            if exercise_id in self.library and self.allowed(self.library.get(exercise_id), 1):
                return exercise_id
        return None

    # ---- warm-up, stretches and habits ---------------------------------------------------------
    def _warmup(self, target_s: int) -> list[Item]:
        if target_s not in self._warmup_memo:
            self._warmup_memo[target_s] = self._build_warmup(target_s)
        return list(self._warmup_memo[target_s])

    def _build_warmup(self, target_s: int) -> list[Item]:
        p = self.profile
        drills = [
            e
            for e in self.library
            if e.pattern is Pattern.WARMUP
            and self.allowed(e, week=1)
            and (not e.has("sprint_drill") or p.sporty or p.has_goal(Goal.SPRINT))
            and not (p.older and e.has("floor"))
        ]
        drills.sort(key=lambda e: (not e.has("general_activity"), e.has("sprint_drill")))
        items: list[Item] = []
        why = "A moving warm-up first: it raises body temperature and readies the hamstrings."
        for drill in drills:
            if items and self._seconds(items) >= target_s:
                break
            items.append(
                Item(
                    drill.id,
                    1,
                    why,
                    reps=drill.dose_range[1],
                    per_side=drill.unilateral,
                    rules=("R3",),
                )
            )
        position = 0
        while items and self._seconds(items) < target_s:
            items[position] = replace(items[position], sets=items[position].sets + 1)
            position = (position + 1) % len(items)
        # trim the overshoot off the last drill, never below its low end or the target
        last = self.library.get(items[-1].exercise) if items else None
        while last is not None and (items[-1].reps or 0) > last.dose_range[0]:
            shorter = replace(items[-1], reps=(items[-1].reps or 0) - 1)
            if self._seconds([*items[:-1], shorter]) < target_s:
                break
            items[-1] = shorter
        return items

    def _hamstring_stretch(self) -> Exercise:
        p = self.profile
        key = "older" if p.older else "office" if p.group is Population.OFFICE_WORKER else "other"
        for exercise_id in (HAMSTRING_STRETCHES[key], *HAMSTRING_STRETCHES.values()):
            exercise = self.library.get(exercise_id)
            if self.allowed(exercise, week=1):
                return exercise
        raise InvalidInput({"equipment": "no hamstring stretch fits this equipment"})

    def _stretch(self, exercise: Exercise, why: str, rules: tuple[str, ...]) -> Item:
        return Item(
            exercise.id,
            P.STRETCH_SETS,
            why,
            hold_s=P.STRETCH_HOLD_S,
            per_side=exercise.unilateral,
            rules=rules,
        )

    def _extras(self) -> list[tuple[tuple[str, ...], str, BlockKind]]:
        """Stretches added when time allows: the mobility pairing first, then the cool-down.

        Each names its choices in order: the floor version first, then a standing or chair one.
        """
        p = self.profile
        extras: list[tuple[tuple[str, ...], str, BlockKind]] = []
        if (
            p.group is Population.OFFICE_WORKER
            or p.back_pain
            or p.has_goal(Goal.POSTURE, Goal.MOBILITY)
        ):
            extras.append(
                (
                    ("hip-flexor-stretch", "standing-hip-flexor-stretch"),
                    "Long sitting shortens the hip flexors: stretch them alongside the strength "
                    "work.",
                    BlockKind.MOBILITY,
                )
            )
        extras.append(
            (
                ("glute-stretch", "seated-glute-stretch"),
                "The glutes work hard in every hinge and bridge: a stretch to finish.",
                BlockKind.COOLDOWN,
            )
        )
        if p.group is Population.RUNNER or p.has_goal(Goal.SPRINT):
            extras.append(
                (
                    ("calf-stretch",),
                    "Running works the calves hard: a calf stretch to finish.",
                    BlockKind.COOLDOWN,
                )
            )
        return extras

    def _habits(self) -> tuple[Habit, ...]:
        p = self.profile
        habits = []
        extender = self._extender()
        if p.rehab and extender is not None:
            habits.append(
                Habit(
                    extender,
                    "3 × 12 per leg, twice a day, pain-free",
                    "The Askling Extender is done every day, not only on training days.",
                    ("R12",),
                )
            )
        if p.group is Population.OFFICE_WORKER or p.has_goal(Goal.POSTURE, Goal.MOBILITY):
            habits.append(
                Habit(
                    self._hamstring_stretch().id,
                    "1 × 30 s per leg every day",
                    "A short daily stretch: 30 seconds a day loosens the hamstrings as well as "
                    "longer stretches do (Bandy 1997).",
                    ("R11",),
                )
            )
        if p.older:
            early, middle, target = balance_daily_minutes(p.sessions_per_week, p.minutes)
            hours = (p.sessions_per_week * p.minutes + 7 * target) / 60
            steps = (
                f"{early} minutes a day in weeks 1-2, {middle} in weeks 3-4, then {target}"
                if early < middle < target
                else f"{early} minutes a day in weeks 1-2, then {target}"
            )
            habits.append(
                Habit(
                    "feet-together-stand",
                    f"balance practice next to a sturdy chair every day: {steps} (short spells "
                    "are fine); use the stands from your sessions, from feet together to one leg",
                    "Falls drop most with at least 2 hours a week of balance and strength work, "
                    f"kept up (Sherrington 2011, 2019): with your sessions this adds up to about "
                    f"{hours:.1f} hours a week from week 5.",
                    ("R11",),
                )
            )
        return tuple(habits)

    # ---- volume (R9) and freezing --------------------------------------------------------------
    def _settle_volume(self, drafts: list[_Draft], weeks: int, track: str) -> None:
        def counted(slot: _Slot) -> bool:
            return not (track == "athlete" and slot.role == "nordic")

        def volume(week: int) -> int:
            return sum(s.item.sets for d in drafts if d.week == week for s in d.main if counted(s))

        for week in range(1, weeks + 1):
            week_drafts = [d for d in drafts if d.week == week]
            if week % P.DELOAD_EVERY == 0:  # lighter week: one set fewer per item
                for d in week_drafts:
                    for s in d.main:
                        if s.item.sets > 1 and counted(s):
                            s.item = _fewer_sets(s.item)
            if week == 1:
                continue
            earlier = [volume(w) for w in range(1, week)]
            cap = int(max(earlier) * MAX_WEEKLY_RISE)
            if week % P.DELOAD_EVERY == 0:
                cap = min(cap, volume(week - 1) - 1)
            while volume(week) > cap and self._trim(week_drafts, counted):
                pass

    def _trim(self, week_drafts: list[_Draft], counted: Callable[[_Slot], bool]) -> bool:
        """Take one set off the week: optional items first, then mandatory ones; then drop an
        optional item; then drop an item whose patterns the rest of the week still covers."""
        slots = [(d, s) for d in reversed(week_drafts) for s in reversed(d.main) if counted(s)]
        for mandatory in (False, True):
            for _, s in slots:
                if s.mandatory == mandatory and s.item.sets > 1:
                    s.item = _fewer_sets(s.item)
                    return True
        for d, s in slots:
            if not s.mandatory:
                d.main.remove(s)
                return True
        for d, s in slots:
            rest = [o.exercise for w in week_drafts for o in w.main if o is not s]
            if self._covers(rest) and s.role != "balance" and len(d.main) > 1:
                d.main.remove(s)
                return True
        return False

    def _covers(self, exercises: Sequence[Exercise]) -> bool:
        """R7 (hinge, knee flexion, one-leg work) and R11 (balance for older adults) still hold."""
        patterns = {e.pattern for e in exercises}
        return (
            Pattern.HINGE in patterns
            and Pattern.KNEE_FLEXION in patterns
            and any(e.unilateral for e in exercises)
        )

    def _freeze(self, d: _Draft) -> Session:
        blocks = []
        for kind, items in (
            (BlockKind.WARMUP, d.warmup),
            (BlockKind.MAIN, [s.item for s in d.main]),
            (BlockKind.MOBILITY, d.mobility),
            (BlockKind.COOLDOWN, d.cooldown),
        ):
            blocks.append(Block(kind, tuple(items), self._seconds(items)))
        return Session(d.day, d.week, tuple(blocks), focus=d.focus)


def _fewer_sets(item: Item) -> Item:
    by_set = item.reps_by_set[:-1] if item.reps_by_set else None
    return replace(
        item, sets=item.sets - 1, reps_by_set=by_set, reps=max(by_set) if by_set else item.reps
    )


def _minutes(seconds: int) -> int:
    """Whole minutes, rounded up, as sessions report them."""
    return -(-seconds // 60)
