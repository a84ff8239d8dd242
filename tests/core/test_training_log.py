"""The log's day lookups: the bisections the services use instead of a pass over years of sets."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.training_log import SetEntry, TrainingLog
from tests.strategies import examples

START = date(2026, 1, 5)


@settings(max_examples=examples(200))
@given(offsets=st.lists(st.integers(0, 30), max_size=40), probe=st.integers(-2, 33))
def test_the_sets_of_a_day_and_after_are_the_ones_a_filter_finds(offsets, probe):
    sets = tuple(
        SetEntry(START + timedelta(days=d), "glute-bridge", 10, order=n)
        for n, d in enumerate(sorted(offsets))
    )
    log = TrainingLog(sets)
    day = START + timedelta(days=probe)
    assert log.sets[log.on(day)] == tuple(s for s in sets if s.day == day)
    assert log.sets[log.first_from(day) :] == tuple(s for s in sets if s.day >= day)
