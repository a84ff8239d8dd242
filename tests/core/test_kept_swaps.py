"""Swaps kept per session (issue 10): one rule says when a swap may be made or changed back
(``swap_problem``), and ``with_swaps`` applies the kept ones only where they still hold."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamstrong.core.planner import plan_programme
from hamstrong.core.swaps import related, swap_options, swap_problem, with_swaps
from hamstrong.library import load_library
from hamstrong.profiles import profile_from_mapping
from tests.strategies import ALL_NO, examples, profile_data

LIBRARY = load_library()
PROFILE = profile_from_mapping(
    {
        "level": "beginner",
        "sessions_per_week": 2,
        "days": ["mon", "thu"],
        "minutes": 30,
        "equipment": ["mat", "chair"],
        "screen": ALL_NO,
    }
)
SESSION = plan_programme(PROFILE, date(2026, 12, 7), 4, LIBRARY).sessions[0]


def _swappable() -> tuple[str, str]:
    """A planned exercise of SESSION and the first stand-in the profile allows."""
    for item in SESSION.main_items:
        options = swap_options(PROFILE, SESSION, item.exercise, library=LIBRARY)
        if options:
            return item.exercise, options[0].exercise
    raise AssertionError("no exercise of the session can be swapped")


PLANNED, CHOSEN = _swappable()
OPTIONS = swap_options(PROFILE, SESSION, PLANNED, library=LIBRARY)


def _problem(chosen: str, **kwargs: object) -> str | None:
    args: dict[str, object] = {"options": OPTIONS, "library": LIBRARY, "logged": ()} | kwargs
    return swap_problem(SESSION, PLANNED, chosen, **args)  # type: ignore[arg-type]


def test_a_swap_names_an_exercise_of_the_session():
    assert swap_problem(SESSION, "", CHOSEN, options=OPTIONS, library=LIBRARY, logged=()) == (
        "Pick the exercise of this session to swap."
    )
    assert swap_problem(SESSION, CHOSEN, PLANNED, options=(), library=LIBRARY, logged=()) == (
        f"{LIBRARY.get(CHOSEN).name} is not an exercise of this session."
    )


def test_a_stand_in_the_profile_allows_and_changing_back_are_fine():
    assert _problem(CHOSEN) is None
    assert _problem(PLANNED) is None


def test_what_was_trained_stays_as_it_was():
    name = LIBRARY.get(CHOSEN).name
    assert _problem(PLANNED, logged={CHOSEN}, current=CHOSEN) == (
        f"You logged sets of {name} in this session: what you trained stays as it was."
    )
    assert _problem(CHOSEN, logged={PLANNED}) is not None
    assert _problem(CHOSEN, done=True) == (
        "This session is done: its exercises stay as you trained them."
    )


def test_a_stand_in_outside_the_family_or_the_profile_is_refused_with_the_reason():
    planned = LIBRARY.get(PLANNED).name
    outside = next(
        e for e in LIBRARY if e.id not in {o.exercise for o in related(LIBRARY, PLANNED)}
    )
    assert _problem(outside.id) == (
        f"{outside.name} cannot stand in for {planned}: it is not a rung of its ladder or a "
        "move of the same kind."
    )
    family = {o.exercise for o in related(LIBRARY, PLANNED)} - {o.exercise for o in OPTIONS}
    ruled_out = LIBRARY.get(sorted(family - {PLANNED})[0])
    assert _problem(ruled_out.id) == (
        f"{ruled_out.name} cannot stand in for {planned}: your equipment, level or injuries "
        "rule it out."
    )
    assert _problem("x" * 100) == f"'{'x' * 39}…' is not an exercise in the library."


def test_kept_swaps_hold_until_what_was_logged_says_otherwise():
    kept = {PLANNED: CHOSEN}
    swapped, _, applied = with_swaps(
        SESSION, profile=PROFILE, library=LIBRARY, asked={}, logged=(), kept=kept
    )
    assert applied == kept
    item = next(i for i in swapped.main_items if i.exercise == CHOSEN)
    assert item.swapped_from == PLANNED and item.to_dict()["swapped_from"] == PLANNED
    # the planned exercise logged that day: history wins over the kept swap
    _, _, applied = with_swaps(
        SESSION, profile=PROFILE, library=LIBRARY, asked={}, logged={PLANNED}, kept=kept
    )
    assert applied == {}
    # asked to change back now: the kept swap does not apply on this page
    _, _, applied = with_swaps(
        SESSION, profile=PROFILE, library=LIBRARY, asked={PLANNED: PLANNED}, logged=(), kept=kept
    )
    assert applied == {}


def test_a_kept_swap_the_plan_moved_past_is_left_out():
    kept = {PLANNED: "nordic-hamstring-curl", "not-in-this-session": CHOSEN}
    session, _, applied = with_swaps(
        SESSION, profile=PROFILE, library=LIBRARY, asked={}, logged=(), kept=kept
    )
    assert applied == {} and session == SESSION


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=profile_data(), pick=st.integers(0, 10_000), kept=st.integers(0, 10_000))
def test_every_swap_kept_or_allowed_is_one_the_profile_allows(data, pick, kept):
    """For every profile: what ``swap_problem`` lets through is exactly what ``swap_options``
    offers (equipment, level, pains, family), and a kept swap never brings in anything else."""
    profile = profile_from_mapping(data)
    programme = plan_programme(profile, date(2026, 12, 7), 3, LIBRARY)
    if not programme.sessions:
        return
    session = programme.sessions[pick % len(programme.sessions)]
    exercises = list(LIBRARY)
    wanted = {
        item.exercise: exercises[(kept + n) % len(exercises)].id
        for n, item in enumerate(session.main_items)
    }
    swapped, options, applied = with_swaps(
        session, profile=profile, library=LIBRARY, asked={}, logged=(), kept=wanted
    )
    in_session = {item.exercise for item in session.main_items}
    for planned, chosen in applied.items():
        assert chosen in {o.exercise for o in options[planned]}
    for offered in options.values():  # never an exercise the session already holds
        assert not {o.exercise for o in offered} & in_session
    for item in session.main_items:
        allowed = {o.exercise for o in options[item.exercise]}
        chosen = wanted[item.exercise]
        problem = swap_problem(
            session,
            item.exercise,
            chosen,
            options=options[item.exercise],
            library=LIBRARY,
            logged=(),
        )
        planned_ids = {i.exercise for i in session.main_items}
        assert (problem is None) == (chosen in allowed - planned_ids or chosen == item.exercise)
    assert len(swapped.main_items) == len(session.main_items)


def test_the_planner_swaps_and_added_exercises_keep_a_beginner_unloaded_for_the_same_weeks():
    """R6 is counted once (``protocols.UNLOADED_WEEKS`` through ``dosing.early_week``): the plan,
    the swaps it offers and the exercises a session may add all load from the same week on."""
    from hamstrong.core.protocols import UNLOADED_WEEKS
    from hamstrong.core.vocab import Load
    from hamstrong.services.sessions import addable

    beginner = profile_from_mapping(
        {
            "level": "beginner",
            "sessions_per_week": 2,
            "days": ["mon", "thu"],
            "minutes": 45,
            "equipment": ["mat", "chair", "dumbbell"],
            "screen": ALL_NO,
        }
    )
    plan = plan_programme(beginner, date(2026, 12, 7), UNLOADED_WEEKS + 2, LIBRARY)

    def loaded(ids: list[str]) -> bool:
        return any(
            LIBRARY.get(i).load is not Load.NONE and not LIBRARY.get(i).has("nordic") for i in ids
        )

    for session in plan.sessions:
        early = session.week <= UNLOADED_WEEKS
        added = [e.id for e in addable(beginner, LIBRARY, week=session.week)]
        assert loaded(added) is not early, session.week
        for item in session.main_items:
            swaps = [
                o.exercise for o in swap_options(beginner, session, item.exercise, library=LIBRARY)
            ]
            assert not (early and loaded(swaps)), (session.week, item.exercise)
        assert not (early and loaded([i.exercise for i in session.main_items])), session.week
