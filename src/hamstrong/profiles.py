"""Profile files (TOML or JSON): read, validated with messages that name the field and the fix."""

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from hamstrong.core.profile import MAX_AGE, MIN_AGE, OLDER_ADULT_AGE, Injury, Profile
from hamstrong.core.screen import SCREEN_KEYS, migrate
from hamstrong.core.units import Unit, to_kg
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
from hamstrong.errors import InvalidInput, Next, shown

MAX_PROFILE_BYTES = 64 * 1024


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
        return _unique(value)

    @model_validator(mode="after")
    def _checks_belong_to_a_strain(self) -> "InjuryModel":
        if self.checks and self.kind is not InjuryKind.HAMSTRING_STRAIN:
            raise ValueError(
                "checks: these are the return signs of a hamstring strain; remove them here"
            )
        return self


MAX_OWNED = 500.0  # the heaviest dumbbell or kettlebell one may list, in the profile's unit


class ProfileModel(_Strict):
    """The profile file of the spec; every key and value is checked."""

    name: str | None = Field(default=None, max_length=80)
    age: int | None = Field(default=None, ge=MIN_AGE, le=MAX_AGE)
    level: Level
    sessions_per_week: Literal[2, 3]
    days: list[Weekday] = Field(min_length=1, max_length=7)
    minutes: int = Field(ge=15, le=90)
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
        return _unique(value)

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
        return Profile(
            level=self.level,
            sessions_per_week=self.sessions_per_week,
            days=tuple(self.days),
            minutes=self.minutes,
            equipment=frozenset(self.equipment),
            goals=tuple(self.goals),
            population=self.population,
            name=self.name,
            age=self.age,
            injuries=tuple(
                Injury(
                    i.kind,
                    i.side,
                    i.weeks_ago,
                    i.cleared,
                    frozenset(i.checks),
                    assessed=i.assessed,
                )
                for i in self.injuries
            ),
            screen=migrate(self.screen),
            floor=self.floor,
            supervised=self.supervised,
            match_day=self.match_day,
            units=self.units,
            dumbbells=_owned(self.dumbbells, self.units),
            kettlebells=_owned(self.kettlebells, self.units),
        )


def _owned(weights: list[float], unit: Unit) -> tuple[float, ...]:
    """Weights as written (in the profile's unit), in kg, each once, lightest first."""
    return tuple(sorted({to_kg(w, unit) for w in weights}))


def _unique(value: list[Any]) -> list[Any]:
    repeated = sorted({str(v.value) for v in value if value.count(v) > 1})
    if repeated:
        raise ValueError(f"lists {', '.join(repeated)} more than once; give each once")
    return value


def profile_from_mapping(data: Mapping[str, Any]) -> Profile:
    """Validate parsed profile data; raise InvalidInput naming each field and what is allowed."""
    try:
        return ProfileModel.model_validate(dict(data), strict=False).to_profile()
    except ValidationError as error:
        raise InvalidInput(_problems(error)) from None


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


def read_profile(path: Path) -> Profile:
    """Read a TOML or JSON profile file; any problem raises InvalidInput with a one-line fix."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InvalidInput({"profile": f"{path} is a folder; give the profile file"})
        if size > MAX_PROFILE_BYTES:
            raise InvalidInput(
                {
                    "profile": f"{path} is {size:,} bytes; a profile is a small text file "
                    f"(at most {MAX_PROFILE_BYTES // 1024} KiB)"
                }
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput({"profile": f"{path} does not exist"}, next=Next.PROFILE) from None
    except OSError as error:
        raise InvalidInput({"profile": f"cannot read {path}: {error.strerror}"}) from None
    if not raw.strip():
        raise InvalidInput({"profile": f"{path} is empty"}, next=Next.PROFILE)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput({"profile": f"{path} is not a UTF-8 text file (binary?)"}) from None
    if "\x00" in text:
        raise InvalidInput({"profile": f"{path} is not a text file (it holds NUL bytes)"})
    return profile_from_mapping(_parse(path, text))


def _parse(path: Path, text: str) -> dict[str, Any]:
    if path.suffix.lower() == ".json" or (
        path.suffix.lower() != ".toml" and text.lstrip()[:1] == "{"
    ):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InvalidInput(
                {"profile": f"{path} is not valid JSON (line {error.lineno}: {error.msg})"}
            ) from None
        if not isinstance(data, dict):
            raise InvalidInput({"profile": f"{path} must hold a JSON object of profile keys"})
        return data
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput({"profile": f"{path} is not valid TOML ({error})"}) from None


SAMPLE_PROFILE: dict[str, Any] = {
    "name": "Sam",
    "age": 41,
    "level": "beginner",
    "sessions_per_week": 2,
    "days": ["mon", "wed", "fri"],
    "minutes": 30,
    "equipment": ["mat", "chair", "resistance_band", "dumbbell"],
    "goals": ["back_pain", "posture"],
    "population": "office_worker",
    "screen": dict.fromkeys(SCREEN_KEYS, False),
}
