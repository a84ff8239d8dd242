"""Simulated users of the symptom safety net (issue 8 §1), 8-12 weeks each, through the services:
what `today` and `progress` give a user whose morning pain flares, does not settle, or whose
session hits a stop rule; and a property: a stopped day accepts no more sets."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamstrong.core.dates import short_day
from hamstrong.core.programme import Session
from hamstrong.core.rules import Alert
from hamstrong.core.training_log import SetEntry, Symptom
from hamstrong.errors import Next, TrainingStopped
from hamstrong.library import load_library
from hamstrong.profiles import profile_from_mapping
from hamstrong.services.training_log import log_sets
from tests.sim import START, SimUser, simulated
from tests.strategies import ALL_NO, examples

LIBRARY = load_library()
RIA = {  # the runner of examples/ria.toml
    "name": "Ria",
    "age": 24,
    "level": "intermediate",
    "sessions_per_week": 3,
    "days": ["mon", "wed", "fri"],
    "minutes": 45,
    "equipment": ["dumbbell", "kettlebell", "ankle_anchor", "slider", "mat"],
    "goals": ["sprint", "injury_prevention"],
    "population": "runner",
    "screen": ALL_NO,
}
OFFICE = {
    "age": 41,
    "level": "beginner",
    "sessions_per_week": 2,
    "days": ["mon", "thu"],
    "minutes": 30,
    "equipment": ["mat", "chair", "slider"],
    "goals": ["posture", "strength"],
    "population": "office_worker",
    "screen": ALL_NO,
}

OLDER = {
    "age": 70,
    "level": "beginner",
    "sessions_per_week": 2,
    "days": ["tue", "fri"],
    "minutes": 30,
    "equipment": ["chair", "step"],
    "goals": ["balance"],
    "population": "older_adult",
    "screen": ALL_NO,
}


@contextmanager
def user(data: dict[str, Any], weeks: int) -> Iterator[SimUser]:
    """A simulated user (tests/sim.py) on ``data``'s programme from START."""
    with simulated(profile_from_mapping(data), weeks, START) as person:
        yield person


def main_sets(session: Session) -> int:
    return sum(i.sets for i in session.main_items)


def planned_on(person: SimUser, day: date) -> Session:
    return person.planned_on(day)


def run(
    person: SimUser, until: date, *, morning: Callable[[date], int | None] = lambda d: 1
) -> None:
    """Train every session up to ``until`` (not included) and check in each morning."""
    day = START
    while day < until:
        pain = morning(day)
        if pain is not None:
            person.check_in(day, pain)
        if day in person.session_days():
            person.train(day, rpe=7)
        day += timedelta(days=1)


# ---- a flare: morning pain 8 for eight days ------------------------------------------------------
def test_eight_mornings_of_pain_8_pause_loading_then_training_resumes_lighter():
    with user(RIA, 10) as ria:
        flare = START + timedelta(weeks=3)  # a Monday
        run(ria, flare)
        for n in range(8):
            ria.check_in(flare + timedelta(days=n), 8)
        paused_day = flare + timedelta(days=7)  # a Monday: a session is planned
        assert paused_day in ria.session_days()
        view = ria.today(paused_day)
        assert view.session is None and view.next_date is None  # no Nordics, no session at all
        assert view.halt is not None and view.halt.alert is Alert.PAUSED
        assert view.next is Next.CHECKIN
        assert view.halt.text.startswith(f"Morning pain 8/10 on {short_day(paused_day)}")
        assert (
            "clot" in " ".join(view.halt.checks) and "nerve" in " ".join(view.halt.checks).lower()
        )
        assert view.to_dict()["session"] is None and view.to_dict()["halt"]["kind"] == "paused"
        report = ria.progress(paused_day)
        assert report.warnings[0] == view.halt.text
        # nothing of the session underneath: only what holds training back, as progress says it
        assert view.notes == tuple(f.text for f in report.findings)
        assert report.to_dict()["alerts"][0]["kind"] == "paused"
        # a settled morning: the first session back is lighter, and says why
        back = paused_day + timedelta(days=2)
        ria.check_in(back, 1)
        resumed = ria.today(back)
        assert resumed.session is not None and resumed.halt is None
        assert main_sets(resumed.session) < main_sets(planned_on(ria, back))
        assert any("settled since the pause" in n for n in resumed.notes)
        assert any("after a pause" in n for n in resumed.notes)
        assert [a["kind"] for a in ria.progress(back).to_dict()["alerts"]] == ["resuming"]
        ria.train(back)
        # and then on to week 10 as written, with no warning left
        run(ria, START + timedelta(weeks=10), morning=lambda d: 1 if d > back else None)
        final = ria.today(START + timedelta(weeks=10) - timedelta(days=3))
        assert final.halt is None and ria.progress(final.day).findings == ()


# ---- morning pain that does not settle -----------------------------------------------------------
def test_morning_pain_that_does_not_settle_lightens_once_then_pauses_over_eight_weeks():
    with user(OFFICE, 8) as sam:
        days = sam.session_days()
        sore = days[6]  # week 4
        run(sam, sore + timedelta(days=1))
        sam.check_in(sore + timedelta(days=1), 4)  # above the usual 1: lighter next time
        nxt = next(d for d in days if d > sore)
        lighter = sam.today(nxt)
        assert lighter.session is not None and lighter.halt is None
        assert any("Morning pain 4/10 after your session" in n for n in lighter.notes)
        assert [f.alert for f in sam.progress(nxt).findings] == [Alert.MORNING]
        sam.check_in(nxt, 4)  # still 4 on the morning of the next session: not settled
        stuck = sam.today(nxt)
        assert stuck.session is None and stuck.halt is not None
        assert stuck.halt.text.startswith("Morning pain has not settled (4/10")
        assert "your usual is 1/10" in stuck.halt.text
        # it settles; weeks 6-8 run as planned without a pause
        run(sam, START + timedelta(weeks=8), morning=lambda d: 1 if d > nxt else None)
        assert all(v.halt is None for d, v in sam.seen.items() if d > nxt + timedelta(days=1))


def test_morning_pain_4_or_5_lightens_the_next_session_only():
    with user(RIA, 8) as sore, user(RIA, 8) as calm:
        day = START + timedelta(weeks=4)  # a Monday
        for person in (sore, calm):
            run(person, day + timedelta(days=1))
        sore.check_in(day + timedelta(days=1), 5)
        calm.check_in(day + timedelta(days=1), 1)
        nxt = day + timedelta(days=2)
        light, full = sore.today(nxt), calm.today(nxt)
        assert light.session is not None and full.session is not None
        assert main_sets(light.session) < main_sets(full.session)
        assert any(n.startswith("Morning pain 5/10 after your session") for n in light.notes)
        assert light.halt is None  # 4-5 lightens; it does not pause


# ---- a stopped session stays stopped ---------------------------------------------------------------
@pytest.mark.parametrize("symptom", [None, Symptom.CHEST], ids=["pain-7", "chest"])
def test_a_stop_rule_stops_training_until_the_screen_is_answered_again(symptom):
    with user(RIA, 10) as ria:
        stop_day = START + timedelta(weeks=2)
        run(ria, stop_day)
        done = ria.train(stop_day, stop_at=3, symptom=symptom)
        assert done is not None
        before = len(ria.store.sets(ria.id))
        for later in (stop_day, stop_day + timedelta(days=2)):
            view = ria.today(later)
            assert view.session is None and view.halt is not None
            assert view.halt.alert is Alert.STOPPED and view.next is Next.RESCREEN
            assert view.blocked == view.halt.text
            entry = SetEntry(later, "glute-bridge", 10, None, 6, 0, at=datetime.now(UTC))
            with pytest.raises(TrainingStopped):
                log_sets(ria.store, user_id=ria.id, entries=[entry], library=LIBRARY, today=later)
        assert len(ria.store.sets(ria.id)) == before  # nothing more was taken
        wording = " ".join(ria.today(stop_day).halt.checks)  # type: ignore[union-attr]
        assert ("call your local emergency number" in wording.lower()) is (symptom is not None)
        report = ria.progress(stop_day + timedelta(days=2))
        assert report.findings[0].alert is Alert.STOPPED
        # the way back: answer the screen again (a new programme from today), then train on
        again = stop_day + timedelta(days=4)
        ria.start(again)
        assert ria.today(again).halt is None and ria.today(again).session is not None
        run(ria, START + timedelta(weeks=10), morning=lambda d: 1 if d >= again else None)
        assert ria.today(START + timedelta(weeks=10) - timedelta(days=3)).halt is None


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stop_at=st.integers(1, 12),
    more=st.lists(
        st.tuples(st.integers(0, 4), st.sampled_from(["glute-bridge", "romanian-deadlift"])),
        min_size=1,
        max_size=4,
    ),
    symptom=st.sampled_from([None, Symptom.SHARP, Symptom.BELOW_KNEE, Symptom.NUMBNESS]),
)
def test_a_stopped_day_accepts_no_more_sets(stop_at, more, symptom):
    """Whatever is tried after a stop rule, that day or the next, nothing more is stored."""
    with user(RIA, 4) as ria:
        day = START + timedelta(weeks=1)
        ria.train(day, stop_at=stop_at, symptom=symptom)
        stored = len(ria.store.sets(ria.id))
        if not any(s.stops_session for s in ria.store.sets(ria.id)):
            return  # the session had fewer sets than ``stop_at``
        for offset, exercise in more:
            entry = SetEntry(day + timedelta(days=offset), exercise, 8, None, 6, 0,
                             at=datetime.now(UTC))  # fmt: skip
            with pytest.raises(TrainingStopped):
                log_sets(ria.store, user_id=ria.id, entries=[entry], library=LIBRARY,
                         today=entry.day)  # fmt: skip
        assert len(ria.store.sets(ria.id)) == stored
        assert ria.today(day + timedelta(days=2)).session is None
