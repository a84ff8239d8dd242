"""Who the user is: the validated profile the planner works from."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from hamstrong.core.units import Unit, number
from hamstrong.core.vocab import (
    Equipment,
    Goal,
    InjuryKind,
    Level,
    Population,
    Side,
    StrainCheck,
    Weekday,
)

RECENT_STRAIN_WEEKS = (
    8  # evidence §2.4: a strain in the last 8 weeks gets only the lengthening track
)
STRAIN_FOLLOW_UP_WEEKS = 52  # evidence §2.4: 12-33% of strains recur within a year
OLDER_ADULT_AGE = 65
ADULT_AGE = 18  # under 18: youth resistance-training guidance (NSCA 2009; Lloyd et al. 2014)
CHILD_AGE = 13  # under 13: bodyweight technique work only, with an adult or coach
MIN_AGE = 7  # NSCA 2009: a child ready for sport (about 7-8 years) is ready for some training
MAX_AGE = 100
SESSIONS_PER_WEEK = (2, 3)  # R1/R2: two or three sessions a week, at least 48 h apart
SESSION_MINUTES = (15, 90)  # the shortest and longest session a profile may ask for
DEFAULT_MINUTES = 30  # the minutes offered when none are given
EVERY_CHECK = frozenset(StrainCheck)  # built once: the enum is walked on each frozenset() call


@dataclass(frozen=True, slots=True)
class Injury:
    kind: InjuryKind
    side: Side = Side.BOTH
    weeks_ago: int = 0
    cleared: bool = False  # cleared by a clinician for full training
    checks: frozenset[StrainCheck] = frozenset()  # strain only: return signs met (§2.4)
    assessed: bool = False  # assessed by a clinician and cleared for graded exercise

    @property
    def return_ready(self) -> bool:
        """Every self-reported sign of readiness to leave the Askling phase is met."""
        return self.checks >= EVERY_CHECK

    @property
    def strain_open(self) -> bool:
        """A hamstring strain that is uncleared or recent: the strain track applies (R12)."""
        return self.kind is InjuryKind.HAMSTRING_STRAIN and (
            not self.cleared or self.weeks_ago < RECENT_STRAIN_WEEKS
        )


@dataclass(frozen=True, slots=True)
class Profile:
    """A valid profile: the file format of the spec, checked at the edge."""

    level: Level
    sessions_per_week: int
    days: tuple[Weekday, ...]
    minutes: int
    equipment: frozenset[Equipment] = frozenset()
    goals: tuple[Goal, ...] = ()
    population: Population | None = None
    name: str | None = None
    age: int | None = None
    injuries: tuple[Injury, ...] = ()
    screen: Mapping[str, bool] = field(default_factory=dict)
    floor: bool | None = None  # can get down to the floor and up again; None: not asked
    supervised: bool = False  # a qualified coach supervises the sessions (matters under 18)
    match_day: Weekday | None = None  # a weekly match or hard-run day
    back_phase_b: bool = False  # set by the engine from the log once the §10 gates are met
    units: Unit = Unit.KG  # the loads a user buys and reads come in these steps
    dumbbells: tuple[float, ...] = ()  # the dumbbell weights the user has, kg, lightest first
    kettlebells: tuple[float, ...] = ()  # the kettlebells the user has, kg; () = any
    # Worked out once from the fields above (``__post_init__``, again on ``replace``): the
    # planner and the engine ask them for every item of every session.
    group: Population = field(init=False, repr=False, compare=False)
    older: bool = field(init=False, repr=False, compare=False)
    back_pain: bool = field(init=False, repr=False, compare=False)
    knee_pain: bool = field(init=False, repr=False, compare=False)
    strain_track: bool = field(init=False, repr=False, compare=False)
    strain_return: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        group = _group(self.population, self.age)
        opened = [i for i in self.injuries if i.strain_open]
        traits = {
            "group": group,
            "older": group is Population.OLDER_ADULT,
            # back or knee pain: a goal, or a condition listed among the injuries
            "back_pain": Goal.BACK_PAIN in self.goals
            or any(i.kind is InjuryKind.LOW_BACK_PAIN for i in self.injuries),
            "knee_pain": Goal.KNEE_PAIN in self.goals
            or any(i.kind is InjuryKind.KNEE_PAIN for i in self.injuries),
            # an uncleared or recent strain not yet past the return signs: Askling work only (R12)
            "strain_track": any(not i.return_ready for i in opened),
            # every open strain meets the return signs: a graded return, still no sport (§2.4)
            "strain_return": bool(opened) and all(i.return_ready for i in opened),
        }
        for name, value in traits.items():
            object.__setattr__(self, name, value)

    @property
    def floor_ok(self) -> bool:
        """Floor exercises are allowed: said so, or not asked and not an older adult."""
        return self.floor if self.floor is not None else not self.older

    @property
    def youth(self) -> bool:
        return self.age is not None and self.age < ADULT_AGE

    @property
    def child(self) -> bool:
        return self.age is not None and self.age < CHILD_AGE

    @property
    def sporty(self) -> bool:
        return self.group in (Population.RUNNER, Population.ATHLETE)

    def has_goal(self, *goals: Goal) -> bool:
        return any(g in self.goals for g in goals)

    def injured(self, kind: InjuryKind) -> bool:
        return any(i.kind is kind for i in self.injuries)

    @property
    def rehab(self) -> bool:
        """On either stage of the strain track: the strict pain limit and gentle effort apply."""
        return self.strain_track or self.strain_return

    @property
    def strain_follow_up(self) -> tuple[Injury, ...]:
        """Cleared strains of the last year: side-specific monitoring and re-injury advice."""
        return tuple(
            i
            for i in self.injuries
            if i.kind is InjuryKind.HAMSTRING_STRAIN
            and not i.strain_open
            and i.weeks_ago < STRAIN_FOLLOW_UP_WEEKS
        )

    @property
    def assessed_strain(self) -> bool:
        """A recent hamstring strain a clinician has assessed and cleared for graded exercise:
        signs of that injury on the screen lead to the strain track, not a referral."""
        return any(
            i.kind is InjuryKind.HAMSTRING_STRAIN
            and (i.assessed or i.cleared)
            and i.weeks_ago < RECENT_STRAIN_WEEKS
            for i in self.injuries
        )

    @property
    def avoid(self) -> frozenset[InjuryKind]:
        """Conditions whose contraindicated exercises the planner leaves out."""
        flags: set[InjuryKind] = {
            i.kind for i in self.injuries if i.kind is not InjuryKind.HAMSTRING_STRAIN
        }
        if self.back_pain:
            flags.add(InjuryKind.LOW_BACK_PAIN)
        if self.knee_pain:
            flags.add(InjuryKind.KNEE_PAIN)
        if self.strain_track:
            flags.add(InjuryKind.HAMSTRING_STRAIN)
        return frozenset(flags)

    def to_dict(self) -> dict[str, object]:
        """The echo of the validated profile in plan JSON (same keys as the file)."""
        out: dict[str, object] = {}
        if self.name is not None:
            out["name"] = self.name
        if self.age is not None:
            out["age"] = self.age
        out |= {
            "level": self.level.value,
            "sessions_per_week": self.sessions_per_week,
            "days": [d.value for d in self.days],
            "minutes": self.minutes,
            "equipment": sorted(e.value for e in self.equipment),
            "goals": [g.value for g in self.goals],
            "population": self.population.value if self.population else None,
            "injuries": [
                {
                    "kind": i.kind.value,
                    "side": i.side.value,
                    "weeks_ago": i.weeks_ago,
                    "cleared": i.cleared,
                    "assessed": i.assessed,
                }
                | ({"checks": [c.value for c in StrainCheck if c in i.checks]} if i.checks else {})
                for i in self.injuries
            ],
            "screen": dict(sorted(self.screen.items())),
        }
        if self.floor is not None:
            out["floor"] = self.floor
        if self.supervised:
            out["supervised"] = True
        if self.match_day is not None:
            out["match_day"] = self.match_day.value
        if self.units is not Unit.KG:
            out["units"] = self.units.value
        for key, owned in (("dumbbells", self.dumbbells), ("kettlebells", self.kettlebells)):
            if owned:  # in the profile's unit, as a person writes them
                out[key] = [float(number(kg, self.units)) for kg in owned]
        return out


def _group(population: Population | None, age: int | None) -> Population:
    """The population that sets defaults: stated, else 65+ counts as an older adult."""
    if population is not None:
        return population
    if age is not None and age >= OLDER_ADULT_AGE:
        return Population.OLDER_ADULT
    return Population.GENERAL
