"""Kilograms and pounds: the one place a load changes unit.

Everything is stored and computed in kg. A user who trains in pounds enters and reads pounds:
``to_kg`` on the way in, ``from_kg`` and ``weight_text`` on the way out. Shown values are rounded
to 0.1 lb (0.01 kg), finer than any dumbbell or plate, so a load entered in pounds reads back the
same (tests/core/test_units.py checks it for every load).
"""

import math
from enum import StrEnum

KG_PER_LB = 0.45359237  # exact, by the international yard and pound agreement (1959)
SHOWN_DECIMALS = {"kg": 2, "lb": 1}


class Unit(StrEnum):
    KG = "kg"
    LB = "lb"


_NAMES = {"kg": Unit.KG, "kgs": Unit.KG, "lb": Unit.LB, "lbs": Unit.LB}


def parse_unit(text: str) -> Unit | None:
    """``kg``/``kgs`` or ``lb``/``lbs`` in any case; None for anything else."""
    return _NAMES.get(text.strip().lower())


def to_kg(value: float, unit: Unit) -> float:
    """A load as entered in ``unit``, in kg (unrounded: rounding is for showing only)."""
    return value * KG_PER_LB if unit is Unit.LB else value


def from_kg(kg: float, unit: Unit) -> float:
    """A load in kg, in ``unit`` (unrounded)."""
    return kg / KG_PER_LB if unit is Unit.LB else kg


def shown(kg: float, unit: Unit) -> float:
    """The value a user reads: 0.1 lb or 0.01 kg."""
    return round(from_kg(kg, unit), SHOWN_DECIMALS[unit.value])


def number(kg: float, unit: Unit) -> str:
    """``20.4117`` kg in lb as ``"45"``; ``12.5`` kg as ``"12.5"``."""
    value = shown(kg, unit)
    return f"{value:g}" if math.isfinite(value) else str(value)


def weight_text(kg: float, unit: Unit) -> str:
    """``"45 lb"``, ``"20 kg"``."""
    return f"{number(kg, unit)} {unit.value}"
