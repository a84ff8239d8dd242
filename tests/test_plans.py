"""The plan cache is an object its owner hands around (create_app, each CLI command), not
module state: a saved programme is planned once per cache, and replanned for another library."""

from dataclasses import replace
from datetime import UTC, date, datetime

from hamstrong.core.exercises import Library
from hamstrong.core.planner import plan_programme
from hamstrong.profiles import SAMPLE_PROFILE, profile_from_mapping
from hamstrong.services import programmes
from hamstrong.services.plans import PlanCache
from hamstrong.store.repository import SavedProgramme

SAVED = SavedProgramme(
    dict(SAMPLE_PROFILE), date(2026, 12, 7), 4, datetime(2026, 12, 1, tzinfo=UTC)
)


def test_a_saved_programme_is_planned_once_per_cache_as_the_planner_plans_it(library):
    plans = PlanCache()
    first = plans.plan(SAVED, library)
    assert plans.plan(SAVED, library) is first and len(plans) == 1
    expected = plan_programme(profile_from_mapping(SAMPLE_PROFILE), SAVED.start, 4, library)
    assert first == expected
    assert PlanCache().plan(SAVED, library) is not first  # another cache plans for itself


def test_another_library_or_programme_is_planned_afresh_and_old_plans_make_room(library):
    plans = PlanCache(kept=2)
    first = plans.plan(SAVED, library)
    other = Library(dict(library.exercises))
    assert plans.plan(SAVED, other) is not first
    plans.plan(replace(SAVED, weeks=5), library)
    plans.plan(replace(SAVED, weeks=6), library)
    assert len(plans) == 2


def test_the_services_keep_no_plans_of_their_own():
    assert not [name for name in vars(programmes) if "PLANS" in name.upper()]


def test_the_users_unit_wins_but_listed_weights_keep_the_profiles_unit():
    """A profile written in pounds (dumbbells 15 and 25 lb) after the user switched to kg:
    loads are still those dumbbells, now shown in kg."""
    from datetime import UTC, date, datetime

    from hamstrong.core.units import KG_PER_LB
    from hamstrong.library import load_library
    from hamstrong.services.plans import PlanCache
    from hamstrong.store.repository import SavedProgramme
    from tests.strategies import ALL_NO

    profile = {
        "level": "intermediate",
        "sessions_per_week": 2,
        "days": ["mon", "thu"],
        "minutes": 45,
        "equipment": ["dumbbell", "mat"],
        "screen": ALL_NO,
        "units": "lb",
        "dumbbells": [15, 25],
    }
    saved = SavedProgramme(profile, date(2026, 12, 7), 2, datetime.now(UTC), unit="kg")
    programme = PlanCache().plan(saved, load_library())
    items = [i for s in programme.sessions for b in s.blocks for i in b.items if i.load_kg]
    assert items
    for item in items:
        assert any(abs(item.load_kg - lb * KG_PER_LB) < 1e-9 for lb in (15, 25))
        assert item.unit == "kg" and " kg " in f"{item.load_text} "
