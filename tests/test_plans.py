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
