"""Item 3 of issue 10 §2: a user who lists the dumbbells and kettlebells they have is only ever
prescribed those weights: at the start, after a load step up, and after a step down."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.dosing import Implement, implement, owned
from hamstrong.core.planner import plan_programme
from hamstrong.core.progression import State, decide
from hamstrong.core.training_log import SetEntry
from hamstrong.core.vocab import Load
from hamstrong.library import load_library
from hamstrong.profiles import profile_from_mapping
from tests.strategies import examples, profile_data

LIBRARY = load_library()
START = date(2026, 12, 7)
LOADED = sorted(
    e.id
    for e in LIBRARY
    if e.load is Load.KG and implement(e) in (Implement.DUMBBELL, Implement.KETTLEBELL)
)
weights = st.lists(st.integers(2, 160).map(lambda half: half / 2), min_size=1, max_size=8)
PROFILES = profile_data()  # built once (tests/strategies.py says why)
UNITS = st.sampled_from(["kg", "lb"])


@st.composite
def owning_profiles(draw: st.DrawFn):
    data = draw(PROFILES)
    data["equipment"] = sorted({*data["equipment"], "dumbbell", "kettlebell"})
    data["units"] = draw(UNITS)
    data["dumbbells"] = draw(weights)
    data["kettlebells"] = draw(weights)
    return profile_from_mapping(data)


def _have(profile, exercise_id: str) -> tuple[float, ...]:
    kind = implement(LIBRARY.get(exercise_id))
    return () if kind is None else owned(profile, kind)


def _owns(profile, exercise_id: str, kg: float) -> bool:
    have = _have(profile, exercise_id)
    return not have or any(abs(kg - w) < 1e-9 for w in have)


@settings(max_examples=examples(150), deadline=None)
@given(owning_profiles())
def test_every_planned_load_is_one_the_user_owns(profile):
    programme = plan_programme(profile, START, 4, LIBRARY)
    for session in programme.sessions:
        for block in session.blocks:
            for item in block.items:
                if item.load_kg is not None:
                    assert _owns(profile, item.exercise, item.load_kg), (item, profile.dumbbells)


@settings(max_examples=examples(300), deadline=None)
@given(
    owning_profiles(),
    st.sampled_from(LOADED),
    st.data(),
    st.lists(st.integers(0, 25), min_size=1, max_size=5),
    st.none() | st.sampled_from([5, 6, 7, 8, 9, 10]),
    st.none() | st.integers(0, 10),
)
def test_a_load_step_up_or_down_stays_on_a_weight_the_user_owns(
    profile, exercise, data, reps, rpe, pain
):
    have = _have(profile, exercise)
    kg = data.draw(st.sampled_from(have))
    state = State(exercise, 3, data.draw(st.integers(3, 20)), kg)
    done = [SetEntry(START, exercise, r, kg, rpe, pain, order=i + 1) for i, r in enumerate(reps)]
    decision = decide(state, done, profile=profile, library=LIBRARY)
    new = decision.state
    if new.kg is not None:
        assert _owns(profile, new.exercise, new.kg), (decision, have)
