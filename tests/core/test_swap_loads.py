"""A swap keeps a load only when the new exercise holds it the same way (issue 8 §2 loads)."""

from hamstrong.core.dosing import start_load
from hamstrong.core.programme import Item
from hamstrong.core.swaps import SwapOption, swap_item
from hamstrong.library import load_library
from hamstrong.profiles import profile_from_mapping

LIBRARY = load_library()
PROFILE = profile_from_mapping(
    {
        "level": "intermediate",
        "sessions_per_week": 2,
        "days": ["mon", "thu"],
        "minutes": 45,
        "equipment": ["dumbbell", "kettlebell", "barbell"],
    }
)
RDL = Item(
    "romanian-deadlift", 3, "R7 hinge", reps=8, load_kg=12.0, load_per="hand", tempo="3-1-1-0"
)


def test_the_same_implement_held_the_same_way_keeps_the_load():
    swapped = swap_item(
        PROFILE, RDL, SwapOption("reverse-lunge-dumbbell", "equivalent"), library=LIBRARY
    )
    assert (swapped.load_kg, swapped.load_per) == (12.0, "hand")


def test_another_implement_or_grip_starts_at_its_own_light_load_and_says_total():
    for other in ("single-leg-rdl-dumbbell", "kettlebell-deadlift", "barbell-romanian-deadlift"):
        swapped = swap_item(PROFILE, RDL, SwapOption(other, "equivalent"), library=LIBRARY)
        assert swapped.load_kg == start_load(PROFILE, LIBRARY.get(other))
        assert swapped.load_per == "total" and swapped.load_text.endswith("kg total")


def test_a_bodyweight_swap_drops_the_load():
    swapped = swap_item(PROFILE, RDL, SwapOption("hip-hinge-dowel", "easier"), library=LIBRARY)
    assert swapped.load_kg is None and swapped.load_text is None
