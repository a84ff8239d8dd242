"""Kilograms and pounds: a load entered in either unit reads back the same, and prescribed
loads in pounds are ones a user can buy (2.5/5 lb dumbbells, 5 lb kettlebells and plates)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.dosing import Implement, load_above, loads_below, nearest_load
from hamstrong.core.units import KG_PER_LB, Unit, from_kg, number, parse_unit, to_kg, weight_text
from tests.strategies import examples

# what a form accepts: up to 1,000 kg, in steps of 0.1 lb or 0.01 kg
LB_ENTRIES = st.integers(1, 22_046).map(lambda tenths: tenths / 10)
KG_ENTRIES = st.integers(1, 100_000).map(lambda hundredths: hundredths / 100)


@settings(max_examples=examples(500))
@given(LB_ENTRIES)
def test_a_load_entered_in_lb_reads_the_same(entered):
    assert float(number(to_kg(entered, Unit.LB), Unit.LB)) == entered


@settings(max_examples=examples(500))
@given(KG_ENTRIES)
def test_a_load_entered_in_kg_reads_the_same(entered):
    assert float(number(to_kg(entered, Unit.KG), Unit.KG)) == entered


@settings(max_examples=examples(200))
@given(LB_ENTRIES)
def test_kg_kept_to_two_decimals_still_reads_the_same_in_lb(entered):
    """Imports keep kg to 0.01 (core.import_apps): a file's pounds read back unchanged."""
    kept = round(to_kg(entered, Unit.LB), 2)
    assert abs(from_kg(kept, Unit.LB) - entered) < 0.05


def test_texts_and_names():
    assert weight_text(20.41165665, Unit.LB) == "45 lb"
    assert weight_text(20.0, Unit.KG) == "20 kg"
    assert weight_text(KG_PER_LB * 17.5, Unit.LB) == "17.5 lb"
    assert [parse_unit(t) for t in ("KG", "kgs", "lb", " LBS ", "stone")] == [
        Unit.KG,
        Unit.KG,
        Unit.LB,
        Unit.LB,
        None,
    ]


def _lb(kg: float) -> float:
    return round(from_kg(kg, Unit.LB), 6)


def test_pound_steps_are_ones_you_can_buy():
    lb = Unit.LB
    assert _lb(load_above(to_kg(17.5, lb), Implement.DUMBBELL, lb)) == 20
    assert _lb(load_above(to_kg(25, lb), Implement.DUMBBELL, lb)) == 30
    assert _lb(nearest_load(8.0, Implement.DUMBBELL, lb)) == 17.5  # 17.6 lb
    assert _lb(nearest_load(16.0, Implement.KETTLEBELL, lb)) == 35  # 35.3 lb
    assert _lb(load_above(to_kg(45, lb), Implement.BARBELL, lb)) == 50
    assert loads_below(to_kg(2, lb), Implement.DUMBBELL, lb) is None


@settings(max_examples=examples(300))
@given(st.floats(0.5, 300), st.sampled_from(list(Implement)))
def test_every_pound_load_the_engine_picks_is_a_whole_step(kg, kind):
    step = {Implement.DUMBBELL: 2.5, Implement.KETTLEBELL: 5.0, Implement.BARBELL: 5.0}[kind]
    for load in (nearest_load(kg, kind, Unit.LB), load_above(kg, kind, Unit.LB)):
        pounds = from_kg(load, Unit.LB)
        assert abs(pounds / step - round(pounds / step)) < 1e-6
        assert from_kg(load_above(load, kind, Unit.LB), Unit.LB) > pounds
