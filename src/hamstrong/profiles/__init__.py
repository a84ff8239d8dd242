"""Profile files (TOML or JSON): read, validated with messages that name the field and the fix.

A profile the quick check below vouches for (plain values of the right type, in range) is built
here without pydantic; any other goes through the pydantic model (``profiles.model``), whose
messages name each problem. Both build the same ``Profile`` (a property test holds them equal).
"""

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hamstrong.core.profile import (
    MAX_AGE,
    MIN_AGE,
    OLDER_ADULT_AGE,
    SESSION_MINUTES,
    SESSIONS_PER_WEEK,
    Injury,
    Profile,
)
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
from hamstrong.errors import InvalidInput, Next

MAX_PROFILE_BYTES = 64 * 1024
MAX_OWNED = 500.0  # the heaviest dumbbell or kettlebell one may list, in the profile's unit


def profile_from_mapping(data: Mapping[str, Any]) -> Profile:
    """Validate parsed profile data; raise InvalidInput naming each field and what is allowed."""
    quick = _quick(data)
    if quick is not None:
        return quick
    from hamstrong.profiles.model import validated

    return validated(data)


def built(fields: Mapping[str, Any]) -> Profile:
    """The Profile of checked ``fields`` (every key of the file, defaults filled in)."""
    unit = fields["units"]
    return Profile(
        level=fields["level"],
        sessions_per_week=fields["sessions_per_week"],
        days=tuple(fields["days"]),
        minutes=fields["minutes"],
        equipment=frozenset(fields["equipment"]),
        goals=tuple(fields["goals"]),
        population=fields["population"],
        name=fields["name"],
        age=fields["age"],
        injuries=tuple(
            Injury(
                i["kind"],
                i["side"],
                i["weeks_ago"],
                i["cleared"],
                frozenset(i["checks"]),
                assessed=i["assessed"],
            )
            for i in fields["injuries"]
        ),
        screen=migrate(fields["screen"]),
        floor=fields["floor"],
        supervised=fields["supervised"],
        match_day=fields["match_day"],
        units=unit,
        dumbbells=_owned(fields["dumbbells"], unit),
        kettlebells=_owned(fields["kettlebells"], unit),
    )


def _owned(weights: list[float], unit: Unit) -> tuple[float, ...]:
    """Weights as written (in the profile's unit), in kg, each once, lightest first."""
    return tuple(sorted({to_kg(w, unit) for w in weights}))


def unique(value: list[Any]) -> list[Any]:
    """``value`` unless it lists an entry twice (ValueError naming each)."""
    repeated = sorted({str(v.value) for v in value if value.count(v) > 1})
    if repeated:
        raise ValueError(f"lists {', '.join(repeated)} more than once; give each once")
    return value


# ---- the quick check ------------------------------------------------------------------------
# Each key: (default, check). A check returns the value as the model would hold it, or
# _NO when it cannot vouch for it (pydantic then decides, and words the problem).
_NO: Any = object()


def _member(kind: Any) -> Any:
    members = {m.value: m for m in kind}
    return lambda v: members.get(v, _NO) if type(v) is str else _NO


def _optional(check: Any) -> Any:
    return lambda v: None if v is None else check(v)


def _whole(low: int, high: int) -> Any:
    return lambda v: v if type(v) is int and low <= v <= high else _NO


def _flag(v: Any) -> Any:
    return v if type(v) is bool else _NO


def _listed(check: Any, least: int, most: int, *, once: bool) -> Any:
    def listed(v: Any) -> Any:
        if type(v) is not list or not least <= len(v) <= most:
            return _NO
        out = [check(x) for x in v]
        if _NO in out or (once and len(set(out)) < len(out)):
            return _NO
        return out

    return listed


def _weight(v: Any) -> Any:
    if type(v) not in (int, float) or not (0 < v <= MAX_OWNED and math.isfinite(v)):
        return _NO
    return float(v)


def _name(v: Any) -> Any:
    return v if type(v) is str and len(v) <= 80 else _NO


def _screen(v: Any) -> Any:
    if type(v) is not dict or any(
        k not in SCREEN_KEYS or type(a) is not bool for k, a in v.items()
    ):
        return _NO
    return dict(v)


_INJURY: dict[str, tuple[Any, Any]] = {
    "kind": (_NO, _member(InjuryKind)),
    "side": (Side.BOTH, _member(Side)),
    "weeks_ago": (_NO, _whole(0, 520)),
    "cleared": (False, _flag),
    "checks": ([], _listed(_member(StrainCheck), 0, len(StrainCheck), once=True)),
    "assessed": (False, _flag),
}


def _injury(v: Any) -> Any:
    fields = _checked(v, _INJURY)
    if fields is None or (fields["checks"] and fields["kind"] is not InjuryKind.HAMSTRING_STRAIN):
        return _NO
    return fields


_PROFILE: dict[str, tuple[Any, Any]] = {
    "name": (None, _optional(_name)),
    "age": (None, _optional(_whole(MIN_AGE, MAX_AGE))),
    "level": (_NO, _member(Level)),
    "sessions_per_week": (_NO, lambda v: v if type(v) is int and v in SESSIONS_PER_WEEK else _NO),
    "days": (_NO, _listed(_member(Weekday), 1, 7, once=True)),
    "minutes": (_NO, _whole(*SESSION_MINUTES)),
    "equipment": ([], _listed(_member(Equipment), 0, len(Equipment), once=True)),
    "goals": ([], _listed(_member(Goal), 0, len(Goal), once=True)),
    "population": (None, _optional(_member(Population))),
    "injuries": ([], _listed(_injury, 0, 10, once=False)),
    "screen": ({}, _screen),
    "floor": (None, _optional(_flag)),
    "supervised": (False, _flag),
    "match_day": (None, _optional(_member(Weekday))),
    "units": (Unit.KG, _member(Unit)),
    "dumbbells": ([], _listed(_weight, 0, 40, once=False)),
    "kettlebells": ([], _listed(_weight, 0, 40, once=False)),
}


def _checked(data: Any, keys: dict[str, tuple[Any, Any]]) -> dict[str, Any] | None:
    """Every key of ``keys`` checked (defaults for those left out), or None."""
    if not isinstance(data, Mapping) or not set(data) <= keys.keys():
        return None
    fields = {}
    for key, (default, check) in keys.items():
        value = check(data[key]) if key in data else default
        if value is _NO:
            return None
        fields[key] = value
    return fields


def _quick(data: Mapping[str, Any]) -> Profile | None:
    """The profile, when every value is plainly right and no rule across fields is broken;
    None sends it to the pydantic model, which words each problem."""
    fields = _checked(data, _PROFILE)
    if fields is None:
        return None
    equipment = set(fields["equipment"])
    if (fields["dumbbells"] and Equipment.DUMBBELL not in equipment) or (
        fields["kettlebells"] and Equipment.KETTLEBELL not in equipment
    ):
        return None
    population, age = fields["population"], fields["age"]
    older = population is Population.OLDER_ADULT or (
        population is None and age is not None and age >= OLDER_ADULT_AGE
    )
    if (older or fields["floor"] is False) and Equipment.CHAIR not in equipment:
        return None
    return built(fields)


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
    import tomllib

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
