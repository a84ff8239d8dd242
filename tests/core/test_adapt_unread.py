"""Sets done today or later without a stop rule change nothing the engine says today.

The web keeps a user's adaptation while only such sets are added (``progression.unread``), so
that logging a set during a session does not replay years of history; this property holds
``adapt`` to it for generated plans and logs (tests/core/test_adaptations_explained.py).
"""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hamstrong.core.progression import project, replay, unread
from hamstrong.core.training_log import STOP_PAIN, SetEntry, Symptom, TrainingLog
from hamstrong.core.vocab import Side
from tests.core.test_adaptations_explained import LIBRARY, PROPERTY, Morning, mornings


@st.composite
def later_sets(draw: st.DrawFn, case: Morning) -> list[SetEntry]:
    """Sets of the plan's exercises (and a few others) done from today on, any effort."""
    exercises = sorted(
        {i.exercise for s in case.programme.sessions for i in s.main_items}
        | {"glute-bridge", "nordic-hamstring-curl", "prone-back-extension-hold"}
    )
    entries = draw(
        st.lists(
            st.builds(
                SetEntry,
                day=st.integers(0, 6).map(lambda n: case.today + timedelta(days=n)),
                exercise=st.sampled_from(exercises),
                reps=st.integers(1, 30),
                kg=st.none() | st.sampled_from([5.0, 20.0, 60.0]),
                rpe=st.none() | st.integers(5, 10).map(float),
                pain=st.none() | st.integers(0, STOP_PAIN + 2),
                side=st.sampled_from(Side),
                warmup=st.booleans(),
                symptoms=st.sampled_from([(), (), (Symptom.SHARP,)]),
            ),
            min_size=1,
            max_size=12,
        )
    )
    return [e for e in entries if unread(e, case.today)]


@PROPERTY
@given(data=st.data(), case=mornings())
def test_sets_the_engine_does_not_read_today_change_nothing_it_says(
    data: st.DataObject, case: Morning
) -> None:
    added = data.draw(later_sets(case))
    grown = sorted((*case.log.sets, *added), key=lambda s: s.day)  # log order: by day
    log = TrainingLog(tuple(grown), case.log.checkins, case.log.tests, case.log.sessions)
    # adapt is project(replay(...)): each log is replayed once and projected to both horizons
    before = replay(case.programme, case.log, library=LIBRARY, today=case.today)
    after = replay(case.programme, log, library=LIBRARY, today=case.today)
    for horizon in (None, case.today + timedelta(days=13)):
        assert project(after, library=LIBRARY, horizon=horizon) == project(
            before, library=LIBRARY, horizon=horizon
        )


def test_a_set_with_a_stop_rule_or_before_today_is_read() -> None:
    day = date(2026, 3, 2)
    assert unread(SetEntry(day, "glute-bridge", 8, pain=STOP_PAIN), day)
    assert not unread(SetEntry(day, "glute-bridge", 8, pain=STOP_PAIN + 1), day)
    assert not unread(SetEntry(day, "glute-bridge", 8, symptoms=(Symptom.CHEST,)), day)
    assert not unread(SetEntry(day - timedelta(days=1), "glute-bridge", 8), day)
    assert not unread(SetEntry(day, "prone-back-extension-hold", 30), day)
