"""The profile file's pydantic model: every key and value checked, each problem named with its
fix. Imported only when the quick check in ``hamstrong.profiles`` cannot vouch for a profile
(pydantic costs a command line start about 70 ms)."""

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from hamstrong.core.profile import (
    MAX_AGE,
    MIN_AGE,
    OLDER_ADULT_AGE,
    SESSION_MINUTES,
    Profile,
)
from hamstrong.core.screen import SCREEN_KEYS
from hamstrong.core.units import Unit
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
from hamstrong.errors import InvalidInput, shown
from hamstrong.profiles import MAX_OWNED, built, unique


def validated(data: Mapping[str, Any]) -> Profile:
    """Validate parsed profile data; raise InvalidInput naming each field and what is allowed."""
    try:
        return ProfileModel.model_validate(dict(data), strict=False).to_profile()
    except ValidationError as error:
        raise InvalidInput(_problems(error)) from None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class InjuryModel(_Strict):
    kind: InjuryKind
    side: Side = Side.BOTH
    weeks_ago: int = Field(ge=0, le=520)
    cleared: bool = False
    checks: list[StrainCheck] = Field(default_factory=list)
    assessed: bool = False

    @field_validator("checks")
    @classmethod
    def _unique_checks(cls, value: list[StrainCheck]) -> list[StrainCheck]:
        return unique(value)

    @model_validator(mode="after")
    def _checks_belong_to_a_strain(self) -> "InjuryModel":
        if self.checks and self.kind is not InjuryKind.HAMSTRING_STRAIN:
            raise ValueError(
                "checks: these are the return signs of a hamstring strain; remove them here"
            )
        return self


class ProfileModel(_Strict):
    """The profile file of the spec; every key and value is checked."""

    name: str | None = Field(default=None, max_length=80)
    age: int | None = Field(default=None, ge=MIN_AGE, le=MAX_AGE)
    level: Level
    sessions_per_week: Literal[2, 3]  # core.profile.SESSIONS_PER_WEEK (a test holds them equal)
    days: list[Weekday] = Field(min_length=1, max_length=7)
    minutes: int = Field(ge=SESSION_MINUTES[0], le=SESSION_MINUTES[1])
    equipment: list[Equipment] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    population: Population | None = None
    injuries: list[InjuryModel] = Field(default_factory=list, max_length=10)
    screen: dict[str, bool] = Field(default_factory=dict)
    floor: bool | None = None
    supervised: bool = False
    match_day: Weekday | None = None
    units: Unit = Unit.KG
    dumbbells: list[Annotated[float, Field(gt=0, le=MAX_OWNED)]] = Field(
        default_factory=list, max_length=40
    )
    kettlebells: list[Annotated[float, Field(gt=0, le=MAX_OWNED)]] = Field(
        default_factory=list, max_length=40
    )

    @field_validator("days", "equipment", "goals")
    @classmethod
    def _unique(cls, value: list[Any]) -> list[Any]:
        return unique(value)

    @field_validator("screen")
    @classmethod
    def _known_questions(cls, value: dict[str, bool]) -> dict[str, bool]:
        unknown = sorted(set(value) - set(SCREEN_KEYS))
        if unknown:
            raise ValueError(
                f"unknown question {', '.join(unknown)}; the questions are {', '.join(SCREEN_KEYS)}"
            )
        return value

    @model_validator(mode="after")
    def _weights_need_their_equipment(self) -> "ProfileModel":
        for key, kind in (("dumbbells", Equipment.DUMBBELL), ("kettlebells", Equipment.KETTLEBELL)):
            if getattr(self, key) and kind not in self.equipment:
                raise ValueError(
                    f"{key}: you listed {kind.value} weights, so add {kind.value!r} to equipment "
                    "(or leave the weights out)"
                )
        return self

    @model_validator(mode="after")
    def _older_adults_have_a_chair(self) -> "ProfileModel":
        older = self.population is Population.OLDER_ADULT or (
            self.population is None and self.age is not None and self.age >= OLDER_ADULT_AGE
        )
        if older and Equipment.CHAIR not in self.equipment:
            raise ValueError(
                "equipment: older adults train next to a sturdy chair (for support and "
                'sit-to-stands): add "chair" to equipment'
            )
        if self.floor is False and Equipment.CHAIR not in self.equipment:
            raise ValueError(
                "equipment: without floor exercises the plan is standing and chair-based work "
                'next to a sturdy chair: add "chair" to equipment'
            )
        return self

    def to_profile(self) -> Profile:
        return built({**dict(self), "injuries": [dict(i) for i in self.injuries]})


def _allowed(error: Mapping[str, Any]) -> str:
    """What the field takes, in plain words (pydantic's own messages read like a developer's:
    "List should have at least 1 item after validation, not 0")."""
    kind, ctx = str(error["type"]), error.get("ctx") or {}
    given = error.get("input")
    if ctx.get("expected"):
        return f"must be {ctx['expected'].replace(chr(39), '')}" + (
            f", not {shown(given)}" if isinstance(given, str | int) else ""
        )
    least = ctx.get("min_length")
    words = {
        "greater_than_equal": f"must be {ctx.get('ge')} or more",
        "less_than_equal": f"must be {ctx.get('le')} or less",
        "too_short": f"must have at least {least} {'entry' if least == 1 else 'entries'}",
        "too_long": f"pick at most {ctx.get('max_length')}",
        "string_too_long": f"must be at most {ctx.get('max_length')} characters",
        "int_parsing": f"must be a whole number, not {shown(given)}",
        "int_from_float": f"must be a whole number, not {shown(given)}",
        "int_type": "must be a whole number",
        "bool_parsing": f"answer true or false, not {shown(given)}",
        "bool_type": "answer true or false",
        "list_type": 'must be a list, like ["a", "b"]',
        "string_type": "must be text",
        "dict_type": "must be a table of keys and values",
    }
    if kind in words:
        return words[kind]
    return str(error["msg"]).replace("Value error, ", "").replace("Input should be", "must be")


def _problems(error: ValidationError) -> dict[str, str]:
    problems: dict[str, str] = {}
    for e in error.errors():
        field = ".".join(str(part) for part in e["loc"]) or "profile"
        if e["type"] == "extra_forbidden" and e["loc"][0] == "injuries":
            message = f"is not an injury key; the keys are {', '.join(InjuryModel.model_fields)}"
        elif e["type"] == "extra_forbidden":
            message = f"is not a profile key; the keys are {', '.join(ProfileModel.model_fields)}"
        elif e["type"] == "missing":
            message = "is required"
        else:
            message = _allowed(e)
        key, _, rest = message.partition(": ")
        if e["type"] == "value_error" and key in (
            "equipment",
            "checks",
            "dumbbells",
            "kettlebells",
        ):  # a cross-field rule
            field, message = (key if field == "profile" else f"{field}.{key}"), rest
        problems.setdefault(field, message)
    return problems
