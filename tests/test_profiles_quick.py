"""The quick profile check (no pydantic) vouches only for profiles the pydantic model accepts,
and builds exactly the Profile the model builds; anything else gets the model's messages."""

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.vocab import Equipment
from hamstrong.errors import InvalidInput
from hamstrong.profiles import SAMPLE_PROFILE, _quick, profile_from_mapping
from hamstrong.profiles.model import validated
from tests.strategies import examples, profile_data

weights = st.lists(st.integers(1, 60) | st.floats(0.5, 60, allow_nan=False), max_size=6)
# built once (tests/strategies.py says why), drawn as before
PROFILES = {flagged: profile_data(red_flags=flagged) for flagged in (False, True)}
UNITS = st.sampled_from(["kg", "lb"])
NAMES = st.text(max_size=80)


@st.composite
def valid_profiles(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(PROFILES[draw(st.booleans())])
    if draw(st.booleans()):
        data["units"] = draw(UNITS)
    if draw(st.booleans()):
        data["name"] = draw(NAMES)
    for key, kind in (("dumbbells", Equipment.DUMBBELL), ("kettlebells", Equipment.KETTLEBELL)):
        if kind.value in data["equipment"]:
            data[key] = draw(weights)
    return data


def _model(data: dict[str, Any]) -> Any:
    """The model's Profile, or the problems it names."""
    try:
        return validated(data)
    except InvalidInput as error:
        return error.problems


@settings(max_examples=examples(300))
@given(valid_profiles())
def test_every_plain_valid_profile_is_built_quickly_as_the_model_builds_it(data):
    quick = _quick(data)
    assert quick is not None
    assert repr(quick) == repr(validated(data))  # repr: 10 kg must stay 10.0, as the model has it


ODD_VALUES = [
    None,
    True,
    False,
    0,
    -1,
    2,
    3,
    7,
    14,
    15,
    91,
    101,
    521,
    2.0,
    30.5,
    math.nan,
    math.inf,
    "",
    "2",
    "30",
    "true",
    "mon",
    "Mon",
    "beginner",
    "kg",
    "x" * 81,
    [],
    ["mon"],
    ["mon", "mon"],
    ["chair"],
    ["dumbbell", "chair", "mat"],
    [10, 0],
    [501.0],
    [True],
    [{"kind": "hamstring_strain", "weeks_ago": 3}],
    [{"kind": "knee", "weeks_ago": 3, "checks": ["walking"]}],
    [{"kind": "hamstring_strain"}],
    [{"kind": "hamstring_strain", "weeks_ago": 3, "colour": "red"}],
    {},
    {"dizziness": False},
    {"dizziness": "no"},
    {"not_a_question": False},
]
KEYS = [*SAMPLE_PROFILE, "injuries", "floor", "supervised", "match_day", "units", "dumbbells"]


@settings(max_examples=examples(500))
@given(
    valid_profiles(),
    st.lists(
        st.tuples(st.sampled_from([*KEYS, "colour"]), st.sampled_from([*ODD_VALUES, "drop"])),
        min_size=1,
        max_size=3,
    ),
)
def test_the_quick_check_vouches_only_for_what_the_model_accepts_and_builds_the_same(data, changes):
    for key, value in changes:
        if value == "drop":
            data.pop(key, None)
        else:
            data[key] = value
    quick = _quick(data)
    model = _model(data)
    if quick is not None:
        assert repr(quick) == repr(model)
    if isinstance(model, dict):  # the model names problems: the quick check never vouches
        assert quick is None


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        ({"minutes": "30"}, None),  # the model reads "30" as 30: same profile, through it
        ({"minutes": 14}, {"minutes": "must be 15 or more"}),
        ({"days": []}, {"days": "must have at least 1 entry"}),
    ],
)
def test_what_the_quick_check_leaves_to_the_model_keeps_the_models_answer(change, problems):
    data = {**SAMPLE_PROFILE, **change}
    assert _quick(data) is None
    if problems is None:
        assert profile_from_mapping(data) == validated(data)
    else:
        with pytest.raises(InvalidInput) as raised:
            profile_from_mapping(data)
        assert raised.value.problems == problems
