"""Personal records, week streaks and "last time" as tables, plus properties over any log."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamstrong.core.insight import progress
from hamstrong.core.records import (
    RecordKind,
    beaten,
    bests,
    counts_for,
    last_time,
    merged,
    nordic_rung,
    personal_records,
    record_dict,
    record_text,
    same_set,
    week_streak,
)
from hamstrong.core.strength import epley
from hamstrong.core.training_log import SetEntry, Symptom, TrainingLog
from hamstrong.core.vocab import Side
from hamstrong.library import load_library
from tests.strategies import examples

LIBRARY = load_library()
MON = date(2026, 3, 2)  # a Monday
L, R, B = Side.LEFT, Side.RIGHT, Side.BOTH


def on(days: int) -> date:
    return MON + timedelta(days=days)


def rdl(day: int, reps: int, kg: float | None = 20, **kw) -> SetEntry:
    return SetEntry(on(day), "romanian-deadlift", reps, kg, **kw)


def kinds(records) -> dict[RecordKind, float]:
    return {r.kind: r.value for r in records}


# ---- records ------------------------------------------------------------------------------------


def test_a_loaded_set_competes_for_the_estimated_max_and_most_reps_at_its_load():
    first = [rdl(0, 10, 20, rpe=10)]
    better = [rdl(3, 12, 20, rpe=10)]
    found = beaten(first, better, LIBRARY)
    assert kinds(found) == {RecordKind.E1RM: round(epley(20, 12, 10), 1), RecordKind.REPS: 12}
    most = next(r for r in found if r.kind is RecordKind.REPS)
    assert most.previous == first[0] and most.previous_value == 10 and most.best == better[0]


def test_the_first_set_of_a_kind_is_a_start_not_a_record_beaten():
    assert beaten([], [rdl(0, 10)], LIBRARY) == ()
    (only, *_) = [r for r in personal_records([rdl(0, 10)], LIBRARY) if r.kind is RecordKind.REPS]
    assert not only.beaten and only.previous is None


def test_most_reps_counts_per_load_and_a_tie_beats_nothing():
    earlier = [rdl(0, 12, 16), rdl(0, 8, 24)]
    assert beaten(earlier, [rdl(3, 8, 24)], LIBRARY) == ()  # a tie at 24 kg
    heavier = beaten(earlier, [rdl(3, 9, 24)], LIBRARY)
    (reps,) = [r for r in heavier if r.kind is RecordKind.REPS]
    assert reps.value == 9 and reps.best.kg == 24 and reps.previous_value == 8
    # nine at a new load (28 kg) is a first at that load: only the estimated max can be beaten
    assert {r.kind for r in beaten(earlier, [rdl(3, 9, 28)], LIBRARY)} == {RecordKind.E1RM}


def test_holds_compete_for_the_longest_hold_and_stretches_for_nothing():
    walls = [SetEntry(on(0), "wall-sit", 30), SetEntry(on(2), "wall-sit", 45)]
    (hold,) = beaten(walls[:1], walls[1:], LIBRARY)
    assert (hold.kind, hold.value, hold.previous_value) == (RecordKind.HOLD, 45, 30)
    stretches = [SetEntry(on(0), "standing-hamstring-stretch", 30, side=L)]
    assert personal_records(stretches, LIBRARY) == ()
    warmups = [SetEntry(on(0), "leg-swing", 10, side=L)]
    assert personal_records(warmups, LIBRARY) == ()


def test_the_best_nordic_is_the_hardest_rung_first_then_reps():
    assert [
        nordic_rung(e, LIBRARY)
        for e in ("band-assisted-nordic", "partial-nordic", "nordic-hamstring-curl")
    ] == [0, 1, 2]
    many_assisted = SetEntry(on(0), "band-assisted-nordic", 10)
    few_partial = SetEntry(on(3), "partial-nordic", 4)
    (nordic,) = beaten([many_assisted], [few_partial], LIBRARY)
    assert nordic.kind is RecordKind.NORDIC and nordic.best == few_partial
    assert record_text(nordic, LIBRARY) == (
        "Nordic curl, best set: 4 reps of Partial Nordic curl, up from 10 reps of Band-assisted Nordic curl"
    )
    assert beaten([few_partial], [SetEntry(on(5), "band-assisted-nordic", 12)], LIBRARY) == ()


def test_sides_keep_records_of_their_own():
    left = SetEntry(on(0), "single-leg-bridge", 10, side=L)
    right = SetEntry(on(0), "single-leg-bridge", 8, side=R)
    (record,) = beaten([left, right], [SetEntry(on(3), "single-leg-bridge", 9, side=R)], LIBRARY)
    assert record.side is R and record.value == 9
    assert record_text(record, LIBRARY) == (
        "Single-leg bridge (right leg), most reps at bodyweight: 9 reps, up from 8 reps"
    )


@pytest.mark.parametrize(
    "entry",
    [
        rdl(3, 20, warmup=True),
        rdl(3, 20, pain=7),
        rdl(3, 20, symptoms=(Symptom.SHARP,)),
        rdl(3, 0),
    ],
    ids=["warm-up", "pain-above-5", "stop-symptom", "no-reps"],
)
def test_sets_that_never_set_a_record(entry):
    assert beaten([rdl(0, 10)], [entry], LIBRARY) == ()


def test_record_texts_say_what_was_beaten():
    found = {r.kind: r for r in beaten([rdl(0, 10, 20)], [rdl(3, 12, 20)], LIBRARY)}
    assert record_text(found[RecordKind.E1RM], LIBRARY) == (
        "Romanian deadlift (dumbbells), estimated max: 28 kg (from 12 × 20 kg), up from 26.7 kg"
    )
    assert record_text(found[RecordKind.REPS], LIBRARY) == (
        "Romanian deadlift (dumbbells), most reps at 20 kg: 12 reps, up from 10 reps"
    )
    imported = SetEntry(on(0), "custom:hip-thrust-machine", 10, 50, name="Hip Thrust (Machine)")
    (e1rm, _) = personal_records([imported], LIBRARY)
    assert (
        record_text(e1rm, LIBRARY)
        == "Hip Thrust (Machine), estimated max: 66.7 kg (from 10 × 50 kg)"
    )


def test_personal_records_keep_the_best_and_what_it_beat_and_say_when_it_is_news():
    sets = [rdl(0, 10), rdl(3, 11), rdl(7, 10), rdl(10, 12), rdl(14, 9)]
    reps = next(r for r in personal_records(sets, LIBRARY) if r.kind is RecordKind.REPS)
    assert (reps.best, reps.previous) == (sets[3], sets[1])
    assert reps.is_new(on(16)) and not reps.is_new(on(17))
    assert record_dict(reps, today=on(16)) == {
        "kind": "reps",
        "exercise": "romanian-deadlift",
        "side": "both",
        "value": 12,
        "kg": 20,
        "reps": 12,
        "date": on(10).isoformat(),
        "previous": 11,
        "new": True,
    }


def test_the_progress_report_carries_the_same_records():
    sets = (rdl(0, 10), rdl(3, 12))
    report = progress(TrainingLog(sets), library=LIBRARY, today=on(4))
    assert report.records == personal_records(sets, LIBRARY)
    assert [r["kind"] for r in report.to_dict()["records"]] == ["e1rm", "reps"]


set_entries = st.builds(
    SetEntry,
    day=st.integers(0, 60).map(on),
    exercise=st.sampled_from(["romanian-deadlift", "glute-bridge", "wall-sit", "partial-nordic"]),
    reps=st.integers(0, 30),
    kg=st.none() | st.sampled_from([8.0, 12.0, 16.0]),
    rpe=st.none() | st.sampled_from([6.0, 8.0, 10.0]),
    pain=st.none() | st.integers(0, 10),
)


@settings(max_examples=examples(200))
@given(st.lists(set_entries, max_size=40), st.lists(set_entries, max_size=10))
def test_a_record_beaten_tops_every_earlier_set_of_its_kind(earlier, new):
    for record in beaten(earlier, new, LIBRARY):
        assert record.best in new and record.previous in earlier
        key = (record.kind, record.exercise, record.side, record.best.kg or None)
        if record.kind is not RecordKind.REPS:
            key = (*key[:3], None)
        score = dict(counts_for(record.best, LIBRARY))[key]
        assert all(score > s for e in earlier for k, s in counts_for(e, LIBRARY) if k == key)


@settings(max_examples=examples(200))
@given(st.lists(set_entries, max_size=40))
def test_each_current_record_is_one_no_later_set_beats(sets):
    ordered = sorted(sets, key=lambda s: s.day)
    for record in personal_records(ordered, LIBRARY):
        after = ordered[ordered.index(record.best) + 1 :]
        again = [
            r
            for r in beaten([record.best], after, LIBRARY)
            if (r.kind, r.exercise, r.side) == (record.kind, record.exercise, record.side)
            and (r.kind is not RecordKind.REPS or r.best.kg == record.best.kg)
        ]
        assert again == []


# ---- week streaks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "today", "weeks", "best"),
    [
        ([], on(0), 0, 0),
        ([on(0), on(7), on(14)], on(15), 3, 3),
        ([on(0), on(7), on(14)], on(22), 3, 3),  # this week is not over: the streak holds
        ([on(0), on(7), on(14)], on(29), 0, 3),  # a whole week without training breaks it
        ([on(0), on(1), on(21), on(28)], on(29), 2, 2),
        ([on(0), on(7), on(14), on(35)], on(36), 1, 3),
    ],
    ids=["nothing", "three-weeks", "this-week-empty", "broken", "two-days-one-week", "restart"],
)
def test_week_streak(days, today, weeks, best):
    streak = week_streak(days, today)
    assert (streak.weeks, streak.best) == (weeks, best)


@settings(max_examples=examples(200))
@given(st.lists(st.integers(0, 120).map(on), max_size=30), st.integers(0, 130).map(on))
def test_the_streak_never_beats_the_best_and_the_progress_report_agrees(days, today):
    streak = week_streak(days, today)
    assert 0 <= streak.weeks <= streak.best
    sets = tuple(SetEntry(d, "glute-bridge", 10) for d in sorted(days) if d <= today)
    adherence = progress(TrainingLog(sets), library=LIBRARY, today=today).adherence
    assert (adherence.streak_weeks, adherence.best_streak_weeks) == (streak.weeks, streak.best)


# ---- last time ----------------------------------------------------------------------------------


def test_last_time_is_the_same_exercise_and_side_on_its_last_day_before():
    sets = [
        SetEntry(on(0), "single-leg-rdl", 8, side=L, order=1),
        SetEntry(on(3), "single-leg-rdl", 9, side=L, order=2, rpe=7),
        SetEntry(on(3), "single-leg-rdl", 10, side=L, order=1, rpe=8),
        SetEntry(on(3), "single-leg-rdl", 7, side=R, order=1),
        SetEntry(on(3), "single-leg-rdl", 5, side=L, order=3, warmup=True),
        SetEntry(on(7), "single-leg-rdl", 11, side=L, order=1),  # the day asked about
    ]
    last = last_time(sets, on(7))
    assert [e.reps for e in last[("single-leg-rdl", L)]] == [10, 9]
    assert same_set(last, "single-leg-rdl", L, 2) == sets[1]
    assert same_set(last, "single-leg-rdl", R, 1) == sets[3]
    assert same_set(last, "single-leg-rdl", L, 3) is None  # last time had no third working set
    assert same_set(last, "glute-bridge", B, 1) is None
    assert last_time(sets, on(0)) == {}


@settings(max_examples=examples(200))
@given(st.lists(set_entries, max_size=40), st.integers(0, 40))
def test_the_bests_of_a_log_are_those_of_its_two_parts_merged(sets, cut):
    """The session screen keeps the bests of the days before and adds the later ones."""
    first, then = sets[:cut], sets[cut:]
    together = bests(sets, LIBRARY)
    both = merged(bests(first, LIBRARY), bests(then, LIBRARY))
    assert both == together
    assert all(both[key][1] is held for key, (_, held) in together.items())  # the first to reach
