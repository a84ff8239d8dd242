"""A profile's traits (group, back and knee pain, the strain stages) are worked out once when it
is built, for speed; they must equal their definitions for every profile, also after
``dataclasses.replace`` changes what they depend on."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.profile import OLDER_ADULT_AGE, Profile
from hamstrong.core.vocab import Goal, InjuryKind, Population, StrainCheck
from hamstrong.profiles import profile_from_mapping
from tests.strategies import examples, profile_data


def _defined(profile: Profile) -> dict[str, object]:
    """The traits as the spec words them, written without the profile's own code."""
    if profile.population is not None:
        group = profile.population
    elif profile.age is not None and profile.age >= OLDER_ADULT_AGE:
        group = Population.OLDER_ADULT
    else:
        group = Population.GENERAL
    kinds = {i.kind for i in profile.injuries}
    opened = [
        i
        for i in profile.injuries
        if i.kind is InjuryKind.HAMSTRING_STRAIN and (not i.cleared or i.weeks_ago < 8)
    ]
    ready = [set(i.checks) == set(StrainCheck) for i in opened]
    return {
        "group": group,
        "older": group is Population.OLDER_ADULT,
        "back_pain": Goal.BACK_PAIN in profile.goals or InjuryKind.LOW_BACK_PAIN in kinds,
        "knee_pain": Goal.KNEE_PAIN in profile.goals or InjuryKind.KNEE_PAIN in kinds,
        "strain_track": not all(ready),
        "strain_return": bool(opened) and all(ready),
    }


def _traits(profile: Profile) -> dict[str, object]:
    return {name: getattr(profile, name) for name in _defined(profile)}


@settings(max_examples=examples(200), deadline=None)
@given(
    data=profile_data(),
    population=st.none() | st.sampled_from(Population),
    age=st.none() | st.integers(7, 100),
    goals=st.lists(st.sampled_from(Goal), unique=True, max_size=3).map(tuple),
)
def test_traits_equal_their_definitions_also_after_replace(data, population, age, goals):
    profile = profile_from_mapping(data)
    assert _traits(profile) == _defined(profile)
    changed = replace(profile, population=population, age=age, goals=goals, injuries=())
    assert _traits(changed) == _defined(changed)
    assert replace(changed, injuries=profile.injuries) == replace(
        profile, population=population, age=age, goals=goals
    )
