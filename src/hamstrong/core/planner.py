"""The planner: profile, start date and library in; a programme that keeps rules R1-R16 out.

Every choice is deterministic (R16): candidates are ranked by ladder depth and then library order,
never by set iteration or chance.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from hamstrong.core import protocols as P
from hamstrong.core.dosing import rep_range, rpe_band, start_load, suits
from hamstrong.core.exercises import Exercise, Library, Tempo
from hamstrong.core.profile import Profile
from hamstrong.core.programme import Block, BlockKind, Habit, Item, Programme, Session
from hamstrong.core.scheduling import choose_days, session_dates
from hamstrong.core.screen import SCREEN_KEYS, refer
from hamstrong.core.timing import item_seconds
from hamstrong.core.vocab import Dose, Goal, Level, Load, Pattern, Population
from hamstrong.errors import InvalidInput

MAX_WEEKS = 52
TIME_SLACK = 1.10  # R14: an estimate may run 10% over the user's minutes
SHORT_REST_S = 60  # the shortest rest a short session cuts a long one to

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
}
OLDER_BASES: dict[str, tuple[str, ...]] = {
    "single_hinge": ("supported-single-leg-rdl",),
    "knee_flexion": ("standing-hamstring-curl",),
    "lunge": ("low-step-up", "sit-to-stand"),
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
RULE_NAMES = {
    "hinge": "R7 hinge pattern",
    "single_hinge": "R7 unilateral hinge, for left/right balance",
    "knee_flexion": "R7 knee-flexion pattern",
    "bridge": "R7 balance of patterns: glutes and hip extension",
    "lunge": "R7 balance of patterns: one-leg strength for left/right balance",
    "back": "R11 back pain, phase A (evidence §10): low-load trunk endurance",
    "power": "R11 runners and athletes: hip power for sprinting",
    "balance": "R11 older adults: balance work every session",
    "nordic": "R10 Nordic curl",
}


def plan_programme(profile: Profile, start: date, weeks: int, library: Library) -> Programme:
    """Plan ``weeks`` 7-day weeks from ``start`` for ``profile``: referral, or dated sessions."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput({"weeks": f"must be a whole number from 1 to {MAX_WEEKS}, not {weeks}"})
    warnings: list[str] = []
    unanswered = [k for k in SCREEN_KEYS if k not in profile.screen]
    if unanswered:
        warnings.append(
            f"The safety screen has {len(unanswered)} unanswered questions, counted as 'no': "
            "answer them before you train."
        )
    referral = refer(profile.screen)
    if referral is not None:  # R13: red flags win
        return Programme(
            profile, start, weeks, referral=referral, warnings=tuple(warnings), track="referral"
        )
    return _Planner(profile, library, warnings).plan(start, weeks)


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


@dataclass
class _Planner:
    profile: Profile
    library: Library
    warnings: list[str] = field(default_factory=list)
    _allowed_memo: dict[tuple[str, bool], bool] = field(default_factory=dict)
    _ranked_memo: dict[tuple[str, bool], list[Exercise]] = field(default_factory=dict)
    _warmup_memo: dict[int, list[Item]] = field(default_factory=dict)

    # ---- which exercises this profile may do -------------------------------------------------
    def allowed(self, ex: Exercise, week: int) -> bool:
        """R5, R6, R10, R11 and the contraindications, memoised: only weeks 1-2 differ."""
        key = (ex.id, week <= 2)
        if key not in self._allowed_memo:
            self._allowed_memo[key] = self._allowed(ex, week)
        return self._allowed_memo[key]

    def _allowed(self, ex: Exercise, week: int) -> bool:
        return suits(self.profile, ex, early=week <= 2)

    def _ladder(self, bases: Sequence[str]) -> Iterator[tuple[int, Exercise]]:
        """Every rung reachable upwards from the bases, with its depth, in a stable order."""
        seen: set[str] = set()
        frontier = [(0, b) for b in bases if b in self.library]
        while frontier:
            depth, exercise_id = frontier.pop(0)
            if exercise_id in seen:
                continue
            seen.add(exercise_id)
            exercise = self.library.get(exercise_id)
            yield depth, exercise
            frontier.extend((depth + 1, h) for h in exercise.harder)

    def ranked(self, role: str, week: int) -> list[Exercise]:
        """The role's feasible exercises, the user's rung (deepest allowed) first."""
        key = (role, week <= 2)
        if key not in self._ranked_memo:
            self._ranked_memo[key] = self._ranked(role, week)
        return list(self._ranked_memo[key])

    def _ranked(self, role: str, week: int) -> list[Exercise]:
        bases = (OLDER_BASES if self.profile.older else {}).get(role, ROLE_BASES[role])
        fits = self._role_filter(role)
        found = [
            (d, i, e)
            for i, (d, e) in enumerate(self._ladder(bases))
            if fits(e) and self.allowed(e, week)
        ]
        found.sort(key=lambda t: (-t[0], t[1]))
        return [e for _, _, e in found]

    def _role_filter(self, role: str) -> Callable[[Exercise], bool]:
        older = self.profile.older
        filters: dict[str, Callable[[Exercise], bool]] = {
            "hinge": lambda e: (
                e.pattern is Pattern.HINGE and not e.unilateral and not e.has("ballistic")
            ),
            "single_hinge": lambda e: (
                e.pattern is Pattern.HINGE and e.unilateral and (not older or e.has("supported"))
            ),
            "knee_flexion": lambda e: (
                e.pattern is Pattern.KNEE_FLEXION and not (e.has("nordic") or e.has("askling"))
            ),
            "bridge": lambda e: e.pattern is Pattern.BRIDGE,
            "lunge": lambda e: (
                e.pattern is Pattern.LUNGE
                and not e.has("askling")
                and (not older or e.has("supported"))
            ),
            "back": lambda e: e.has("back_phase_a") and e.pattern is Pattern.ISOMETRIC,
            "power": lambda e: e.has("ballistic"),
            "balance": lambda e: e.pattern is Pattern.BALANCE and e.dose is Dose.HOLD,
        }
        return filters[role]

    # ---- the whole programme -----------------------------------------------------------------
    def plan(self, start: date, weeks: int) -> Programme:
        p = self.profile
        days = choose_days(p.days, p.sessions_per_week)
        if len(days) < p.sessions_per_week:
            self.warnings.append(
                f"You asked for {p.sessions_per_week} sessions a week, but the days you offered "
                f"({', '.join(d.value for d in p.days)}) fit only {len(days)} at least 48 hours "
                "apart (R1, R2): offer days with a rest day between them to train more often."
            )
        track = self._track()
        draft_sessions: list[_Draft] = []
        dates = session_dates(start, weeks, days)
        for week, day in dates:
            index = sum(1 for d in draft_sessions if d.week == week)
            draft_sessions.append(self._session(week, day, index, len(days), track))
        self._settle_volume(draft_sessions, weeks, track)
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
                "lengthening track (Askling L-protocol, R12). Work just short of pain. HamStrong "
                "never clears a return to sport: see a physiotherapist for return-to-sport "
                "testing, then update the injury to cleared = true."
            )
            return "strain"
        if p.older:
            return "older_adult"
        if p.back_pain:
            self.warnings.append(
                "Back pain: this plan keeps to phase A, low-load hinge patterns (evidence §10). "
                "Loaded hinges come later, only once usual pain is 3/10 or less, a prone "
                "back-extension hold reaches 60 s and pain has stayed settled for 2 weeks."
            )
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

    def _athlete(self) -> bool:
        p = self.profile
        return (p.sporty or p.has_goal(Goal.SPRINT)) and p.level is not Level.BEGINNER

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
        entry = NORDIC_ENTRY[p.level]
        if entry not in self.library:
            return None
        exercise = self.library.get(entry)
        return exercise if self.allowed(exercise, week=1) else None

    # ---- one session ---------------------------------------------------------------------------
    def _session(self, week: int, day: date, index: int, per_week: int, track: str) -> _Draft:
        warmup = self._warmup(
            P.WARMUP_LONG_S if self.profile.minutes >= P.LONG_SESSION_MIN else P.WARMUP_MIN_S
        )
        cooldown = [
            self._stretch(
                self._hamstring_stretch(),
                "R4 cool-down: static hamstring "
                "stretch, 2 x 30 s, to mild tension and never into pain",
            )
        ]
        used = self._seconds(warmup) + self._seconds(cooldown)
        slots = self._main_candidates(week, index, per_week, track)
        main: list[_Slot] = []
        # mandatory items first, shrinking sets only if they would not fit at all
        for slot in [s for s in slots if s.mandatory]:
            main.append(slot)
        while _minutes(
            used + self._main_seconds(main)
        ) > self.profile.minutes * TIME_SLACK and self._shrink(main):
            pass
        for slot in [s for s in slots if not s.mandatory]:
            if _minutes(used + self._main_seconds([*main, slot])) <= self.profile.minutes:
                main.append(slot)
        # Ballistic moves (swings) come first, before slow eccentric work tires the hamstrings
        # (ACSM 2009 exercise order: higher-intensity and power work first).
        main.sort(key=lambda s: (not s.exercise.has("ballistic"), slots.index(s)))
        used += self._main_seconds(main)
        mobility: list[Item] = []
        for exercise_id, why, kind in self._extras():
            exercise = self.library.get(exercise_id)
            if not self.allowed(exercise, week):
                continue
            item = self._stretch(exercise, why)
            target = mobility if kind is BlockKind.MOBILITY else cooldown
            if _minutes(used + item_seconds(item, exercise)) <= self.profile.minutes:
                target.append(item)
                used += item_seconds(item, exercise)
        focus = ", ".join(dict.fromkeys(s.exercise.pattern.value.replace("_", "-") for s in main))
        return _Draft(week, day, warmup, main, mobility, cooldown, focus)

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

    def _main_candidates(self, week: int, index: int, per_week: int, track: str) -> list[_Slot]:
        p = self.profile
        slots: list[_Slot] = []
        if p.older:  # R11: balance work every session, on every track
            slots += self._role_slot("balance", week, index, mandatory=True)
        if track == "strain":
            return slots + [
                self._askling(exercise_id) for exercise_id in ASKLING if exercise_id in self.library
            ]
        nordic = self._nordic(week, index, per_week, track)
        if nordic is not None:
            slots.append(nordic)
        unilateral_day = per_week == 1 or index % 2 == 1
        first = "single_hinge" if unilateral_day else "hinge"
        slots += self._role_slot(first, week, index, mandatory=True)
        hip_first = p.knee_pain  # R11: knee pain trains hip-dominant work first
        order = ["bridge", "knee_flexion"] if hip_first else ["knee_flexion", "bridge"]
        for role in order:
            mandatory = role == "knee_flexion" and nordic is None
            slots += self._role_slot(role, week, index, mandatory=mandatory)
        if p.back_pain:
            slots += self._role_slot("back", week, index, mandatory=False)
        slots += self._role_slot("lunge", week, index, mandatory=False)
        if not unilateral_day:
            slots += self._role_slot("single_hinge", week, index, mandatory=False)
        if (p.has_goal(Goal.SPRINT) or p.sporty) and not p.back_pain:
            slots += self._role_slot("power", week, index, mandatory=False)
        return slots

    def _role_slot(self, role: str, week: int, index: int, *, mandatory: bool) -> list[_Slot]:
        ranked = self.ranked(role, week)
        if not ranked:
            return []
        if role == "balance":  # climb one rung every two build weeks from the level's rung
            ladder = ranked[::-1]
            rung = min(len(ladder) - 1, self.profile.level.rank + self._build_index(week) // 2)
            ranked = [ladder[rung]]
        # alternate sessions take the second-best rung for variety, keeping the week's pattern
        exercise = (
            ranked[1]
            if index % 2 == 1 and len(ranked) > 1 and role in ("knee_flexion", "lunge", "bridge")
            else ranked[0]
        )
        floor = self._rep_range(exercise)[0]
        return [_Slot(self._main_item(exercise, role, week), exercise, role, mandatory, floor)]

    # ---- prescriptions -------------------------------------------------------------------------
    def _rpe(self) -> tuple[float, float]:
        return rpe_band(self.profile)

    def _rep_range(self, exercise: Exercise) -> tuple[int, int]:
        return rep_range(self.profile, exercise)

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
        p = self.profile
        lo, hi = self._rep_range(exercise)
        step = self._build_index(week)
        sets = P.BASE_SETS[p.level] if not p.older else 2
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
        why = self._why(exercise, role, load_kg is not None)
        common = {
            "exercise": exercise.id,
            "sets": sets,
            "why": why,
            "per_side": exercise.unilateral,
            "load_kg": load_kg,
            "load_per": exercise.load_per if load_kg is not None else None,
            "band": band,
            "tempo": self._tempo(exercise) or "hold",
            "rest_s": rest,
            "rpe": self._rpe(),
        }
        if exercise.dose is Dose.HOLD:
            return Item(**common, hold_s=min(hi, lo + 5 * step))  # type: ignore[arg-type]
        return Item(**common, reps=min(hi, lo + step))  # type: ignore[arg-type]

    def _why(self, exercise: Exercise, role: str, loaded: bool) -> str:
        p = self.profile
        parts = [RULE_NAMES[role]]
        goal_notes = {
            Goal.BACK_PAIN: "back pain: hip-hinge strength with pain monitoring",
            Goal.KNEE_PAIN: "knee pain: hamstrings support the knee; stay in a pain-free range",
            Goal.SPRINT: "sprint: strong hamstrings for top speed",
            Goal.INJURY_PREVENTION: "injury prevention",
            Goal.BALANCE: "balance",
            Goal.POSTURE: "posture",
            Goal.STRENGTH: "strength",
        }
        parts += [note for goal, note in goal_notes.items() if goal in p.goals][:1]
        if exercise.has("ballistic"):
            parts.append("power: a fast hip snap with no slow lowering, done before slow work")
        elif exercise.tempo is not None and exercise.tempo.eccentric >= 3:
            parts.append(f"R8 control: {exercise.tempo.eccentric} s lowering")
        if loaded:
            parts.append(
                "R6 loaded only after bodyweight form, starting light: adjust so 2-3 reps "
                "stay in reserve"
            )
        elif p.level is Level.BEGINNER:
            parts.append("R6 bodyweight first")
        return "; ".join(parts) + "."

    def _nordic(self, week: int, index: int, per_week: int, track: str) -> _Slot | None:
        entry = self._nordic_entry()
        if entry is None:
            return None
        rest = P.REST_NORDIC_S
        band = P.ASSIST_BAND[self.profile.level] if entry.load is Load.BAND else None
        if track == "athlete":
            sessions, reps = P.PETERSEN.get(week, P.PETERSEN_MAINTENANCE)
            if index >= min(sessions, per_week):
                return None
            why = (
                f"R10 Nordic curl, Petersen 2011 protocol week {week}: fewer hamstring strains "
                "in trials; lower as slowly as you can, catch on your hands"
            )
            item = Item(
                entry.id,
                len(reps),
                why,
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
                "R10 Nordic curl, low-volume ramp (evidence §1.3): builds eccentric strength; "
                "the injury-prevention trials used more volume"
            )
            item = Item(
                entry.id,
                sets,
                why,
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
            "R12 pain-free lengthening track (Askling L-protocol): move only to just before "
            "pain; faster and further as it stays pain-free"
        )
        item = Item(
            exercise_id,
            sets,
            why,
            reps=reps,
            per_side=True,
            tempo=self._tempo(exercise),
            rest_s=P.REST_BODYWEIGHT_S,
            rpe=P.GENTLE_RPE,
        )
        return _Slot(item, exercise, exercise.pattern.value, mandatory=True, floor=reps)

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
        why = "R3 dynamic warm-up first: raises temperature and readies the hamstrings"
        for drill in drills:
            if items and self._seconds(items) >= target_s:
                break
            items.append(
                Item(drill.id, 1, why, reps=drill.dose_range[1], per_side=drill.unilateral)
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

    def _stretch(self, exercise: Exercise, why: str) -> Item:
        return Item(
            exercise.id, P.STRETCH_SETS, why, hold_s=P.STRETCH_HOLD_S, per_side=exercise.unilateral
        )

    def _extras(self) -> list[tuple[str, str, BlockKind]]:
        """Stretches added when time allows: the mobility pairing first, then the cool-down."""
        p = self.profile
        extras = []
        if (
            p.group is Population.OFFICE_WORKER
            or p.back_pain
            or p.has_goal(Goal.POSTURE, Goal.MOBILITY)
        ):
            extras.append(
                (
                    "hip-flexor-stretch",
                    "R4 strength paired with mobility: long sitting shortens the hip flexors",
                    BlockKind.MOBILITY,
                )
            )
        extras.append(
            (
                "glute-stretch",
                "R4 cool-down: glutes work hard in every hinge and bridge",
                BlockKind.COOLDOWN,
            )
        )
        if p.group is Population.RUNNER or p.has_goal(Goal.SPRINT):
            extras.append(("calf-stretch", "R4 cool-down: calves, for runners", BlockKind.COOLDOWN))
        return extras

    def _habits(self) -> tuple[Habit, ...]:
        p = self.profile
        habits = []
        if p.strain_track:
            habits.append(
                Habit(
                    "askling-extender",
                    "3 x 12 per leg, twice a day, pain-free",
                    "Askling L1 Extender is a daily exercise (evidence §2.2)",
                )
            )
        if p.group is Population.OFFICE_WORKER or p.has_goal(Goal.POSTURE, Goal.MOBILITY):
            habits.append(
                Habit(
                    self._hamstring_stretch().id,
                    "1 x 30 s per leg every day",
                    "R11 office workers: a daily stretch habit (Bandy 1997: 30 s a "
                    "day works as well as longer)",
                )
            )
        if p.older:
            habits.append(
                Habit(
                    "feet-together-stand",
                    "a few 20-30 s holds a day, next to a chair",
                    "R11 older adults: short daily balance practice (Sherrington)",
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
            cap = int(max(earlier) * P.MAX_WEEKLY_RISE)
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
