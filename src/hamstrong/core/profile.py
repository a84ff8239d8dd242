"""Who the user is: the validated profile the planner works from."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from hamstrong.core.vocab import Equipment, Goal, InjuryKind, Level, Population, Side, Weekday

RECENT_STRAIN_WEEKS = (
    8  # evidence §2.4: a strain in the last 8 weeks gets only the lengthening track
)
OLDER_ADULT_AGE = 65


@dataclass(frozen=True, slots=True)
class Injury:
    kind: InjuryKind
    side: Side = Side.BOTH
    weeks_ago: int = 0
    cleared: bool = False


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

    @property
    def group(self) -> Population:
        """The population that sets defaults: stated, else 65+ counts as an older adult."""
        if self.population is not None:
            return self.population
        if self.age is not None and self.age >= OLDER_ADULT_AGE:
            return Population.OLDER_ADULT
        return Population.GENERAL

    @property
    def older(self) -> bool:
        return self.group is Population.OLDER_ADULT

    @property
    def sporty(self) -> bool:
        return self.group in (Population.RUNNER, Population.ATHLETE)

    def has_goal(self, *goals: Goal) -> bool:
        return any(g in self.goals for g in goals)

    def injured(self, kind: InjuryKind) -> bool:
        return any(i.kind is kind for i in self.injuries)

    @property
    def strain_track(self) -> bool:
        """An uncleared or recent hamstring strain: only pain-free lengthening work (R12)."""
        return any(
            i.kind is InjuryKind.HAMSTRING_STRAIN
            and (not i.cleared or i.weeks_ago < RECENT_STRAIN_WEEKS)
            for i in self.injuries
        )

    @property
    def back_pain(self) -> bool:
        return self.has_goal(Goal.BACK_PAIN) or self.injured(InjuryKind.LOW_BACK_PAIN)

    @property
    def knee_pain(self) -> bool:
        return self.has_goal(Goal.KNEE_PAIN) or self.injured(InjuryKind.KNEE_PAIN)

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
                }
                for i in self.injuries
            ],
            "screen": dict(sorted(self.screen.items())),
        }
        return out
