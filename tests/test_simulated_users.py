"""Issue 8: a user doing the programme exactly as written never loses volume and is never
stepped down. Simulated users (tests/sim.py) follow generated profiles and every example
profile for 8 weeks through the services, logging each main item as `today` prescribes it
(RPE in the band, pain 0-1, a low morning check-in); the checks read only what they were told."""

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hamstrong.core.ladders import rungs
from hamstrong.core.programme import Item
from hamstrong.profiles import profile_from_mapping, read_profile
from tests.core.test_planner_rules import check_session
from tests.sim import LIBRARY, START, SimUser, Visit, in_band, main_sets, simulated
from tests.strategies import (
    ALL_NO,
    GATES_OPEN_LATER,
    NO_SET_TO_CUT,
    examples,
    profile_data,
)

WEEKS = 8
EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.toml"))
# What only a user who fell short of the prescription should ever read
SHORT = re.compile(
    r"step down|one step lower|well short|fewer than the \d+ sets? planned|close to target"
)


def name(item: Item) -> str:
    return LIBRARY.get(item.exercise).name


def explains_sets(notes: tuple[str, ...], item: Item | None = None) -> bool:
    """A note on volume: about this item's sets when one is given, else any note on sets."""
    return any(
        re.search(r"\bsets?\b", n) and (item is None or n.startswith(name(item))) for n in notes
    )


def check_as_written(user: SimUser) -> list[str]:
    """Every session a user who did everything as prescribed was told: the training rules hold
    (asserted), and the problems found: a note saying they fell short, a rung below the plan's,
    a set gone without a note saying why."""
    assert user.visits, "the simulated user trained no session"
    problems: list[str] = []
    for visit in user.visits:
        told, planned, notes = visit.told, visit.planned, visit.notes
        where = f"{visit.day} (week {told.week})"
        # back pain: loaded hinges once the log has opened every gate (the engine says so)
        opened = any(n.startswith("Back pain: every step to loaded hinges is met") for n in notes)
        profile = replace(user.profile, back_phase_b=user.profile.back_phase_b or opened)
        check_session(profile, told, LIBRARY, planned=False)
        problems += [f"{where} told: {n}" for n in notes if SHORT.search(n)]
        for mine, plan in zip(told.main_items, planned.main_items, strict=False):
            if mine.exercise in {e.id for e in rungs(LIBRARY, plan.exercise, "easier")}:
                problems.append(f"{where} {mine.exercise} is below the plan's {plan.exercise}")
            if mine.sets < plan.sets and not explains_sets(notes, mine):
                problems.append(f"{where} {name(mine)}: {mine.sets} sets for {plan.sets}, no note")
        if main_sets(told) < main_sets(planned) and not explains_sets(notes):
            problems.append(f"{where} {main_sets(told)} sets for {main_sets(planned)}, no note")
    return problems


def follow(user: SimUser, *, pain: int = 1, morning: int = 1) -> None:
    """Train every session of the programme as written; check in ``morning`` the day after."""
    days = set(user.session_days())
    user.follow(
        START + timedelta(weeks=WEEKS),
        pain=pain,
        morning=lambda d: morning if d - timedelta(days=1) in days else None,
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_profile_done_as_written_for_8_weeks_never_falls_short(path: Path):
    with simulated(read_profile(path), WEEKS) as user:
        follow(user)
        problems = check_as_written(user)
        assert not problems, "\n".join(problems)
        assert len(user.visits) == len(user.session_days())  # no session was held back


@settings(
    max_examples=examples(12, explore=100),  # ~1 s of CPU each
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    data=profile_data(),
    pain=st.sampled_from([0, 1]),
    morning=st.sampled_from([0, 1]),
    effort=st.sampled_from(["low", "middle", "high"]),
)
@example(data=GATES_OPEN_LATER, pain=0, morning=0, effort="low")
@example(data=NO_SET_TO_CUT, pain=0, morning=0, effort="low")
def test_a_user_who_does_the_programme_as_written_is_never_stepped_down(
    data, pain, morning, effort
):
    """Any profile, 8 weeks as written (RPE anywhere in each item's band)."""
    profile = profile_from_mapping(data)
    with simulated(profile, WEEKS) as user:
        if not user.session_days():
            return  # a referral: nothing to train (the planner's own properties cover it)
        days = set(user.session_days())
        user.follow(
            START + timedelta(weeks=WEEKS),
            pain=pain,
            rpe=lambda item: band_effort(item, effort),
            morning=lambda d: morning if d - timedelta(days=1) in days else None,
        )
        problems = check_as_written(user)
        assert not problems, "\n".join(problems)


def band_effort(item: Item, where: str) -> float:
    if item.rpe is None:
        return 7
    return {"low": item.rpe[0], "high": item.rpe[1]}.get(where) or in_band(item)


def test_the_simulated_user_logs_exactly_what_today_prescribed():
    """The harness itself: every set it stored is one `today` wrote, side by side."""
    with simulated(read_profile(EXAMPLES[0]), 2) as user:
        first = user.session_days()[0]
        user.train(first)
        visit: Visit = user.visits[0]
        stored = user.store.sets(user.id)
        written = sum(i.sets * (2 if i.per_side else 1) for i in visit.told.main_items)
        assert len(stored) == written
        for item in visit.told.main_items:
            mine = [s for s in stored if s.exercise == item.exercise]
            assert {s.kg for s in mine} == {item.load_kg}
            assert {s.reps for s in mine} <= {item.reps, item.hold_s, *(item.reps_by_set or ())}


def test_back_pain_with_only_a_band_is_told_when_the_hinge_takes_load():
    """A runner with back pain and only a band: once the log opens every gate, the dowel hinge
    climbs to the band good morning, a loaded hinge. The note saying the gates are met was
    left out for anyone without weights, so the step came with no word on why it was allowed."""
    data = {
        "level": "intermediate", "sessions_per_week": 3, "days": ["mon", "wed", "fri"],
        "minutes": 60, "equipment": ["resistance_band", "mat"], "goals": ["back_pain"],
        "floor": True, "screen": ALL_NO,
    }  # fmt: skip
    with simulated(profile_from_mapping(data), WEEKS) as user:
        follow(user, pain=0, morning=1)
        loaded = [
            v for v in user.visits if "band-good-morning" in {i.exercise for i in v.told.main_items}
        ]
        assert loaded, "the hinge reached the band good morning"
        for visit in loaded:
            assert any(
                n.startswith("Back pain: every step to loaded hinges is met") for n in visit.notes
            )
        assert not check_as_written(user)


def test_a_runners_kettlebell_swings_progress_in_8_weeks_as_written():
    """Ria (examples/ria.toml): the swing's range was her trained 6-10 cut with the swing's own
    10-15, so 10 alone; the next bell (16 kg) is a third heavier, so 12 kg x 10 and "keep this bell"
    for all 8 weeks. A ballistic move keeps its own range: the reps grow first."""
    ria = read_profile(EXAMPLES[[p.stem for p in EXAMPLES].index("ria")])
    with simulated(ria, WEEKS) as user:
        follow(user)
        swings = [
            i.reps or 0
            for v in user.visits
            for i in v.told.main_items
            if i.exercise == "kettlebell-swing"
        ]
        assert swings and swings[0] == 10 and max(swings) > 10, swings
        assert max(swings) <= LIBRARY.get("kettlebell-swing").dose_range[1]
