"""A session's start, finish and note travel in the JSON export and come back on import,
through the same services the command line and the web call (SQLite and PostgreSQL)."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from hamstrong.core.training_log import SessionEntry, SetEntry
from hamstrong.errors import InvalidInput
from hamstrong.library import load_library
from hamstrong.services.sessions import finish_session, start_session
from hamstrong.services.transfer import export, import_text
from hamstrong.store import Store

LIBRARY = load_library()
TODAY = date(2026, 3, 9)
STARTED = datetime(2026, 3, 9, 17, 30, tzinfo=UTC)
FINISHED = STARTED + timedelta(minutes=41)


def trained(store: Store, user: int) -> None:
    """A session done on the training screen: started, a set, finished with a note; and a
    past day whose session has only a note."""
    start_session(store, user_id=user, day=TODAY, today=TODAY, at=STARTED)
    store.add_sets(user, [SetEntry(TODAY, "glute-bridge", 12, at=STARTED)])
    finish_session(
        store, user_id=user, day=TODAY, today=TODAY, at=FINISHED, note="Busy gym, felt strong"
    )
    finish_session(
        store, user_id=user, day=TODAY - timedelta(days=3), today=TODAY, at=None, note="Rest day"
    )


def import_json(store: Store, user: int, document: dict[str, object]):
    return import_text(store, user_id=user, text=json.dumps(document), library=LIBRARY, today=TODAY)


def test_sessions_round_trip_through_the_export(store, user):
    trained(store, user)
    text = export(store, user_id=user, fmt="json")
    assert json.loads(text)["sessions"] == [
        {"date": "2026-03-06", "started": None, "finished": None, "note": "Rest day"},
        {
            "date": "2026-03-09",
            "started": "2026-03-09T17:30:00+00:00",
            "finished": "2026-03-09T18:11:00+00:00",
            "note": "Busy gym, felt strong",
        },
    ]
    other = store.create_user("other@example.com", "x")
    summary = import_text(store, user_id=other, text=text, library=LIBRARY, today=TODAY)
    assert summary.problems == ()
    assert store.sessions(other) == store.sessions(user)
    assert export(store, user_id=other, fmt="json") == text
    # a second import adds nothing and changes nothing
    import_text(store, user_id=other, text=text, library=LIBRARY, today=TODAY)
    assert export(store, user_id=other, fmt="json") == text


def test_an_import_fills_in_what_a_stored_session_lacks_and_keeps_what_it_has(store, user):
    start_session(store, user_id=user, day=TODAY, today=TODAY, at=STARTED)
    document = {
        "schema": "hamstrong.export/1",
        "sessions": [
            {
                "date": "2026-03-09",
                "started": "2026-03-09T09:00:00",  # our own file without a zone: UTC
                "finished": "2026-03-09T18:00:00",
                "note": "from the backup",
            }
        ],
    }
    assert import_json(store, user, document).problems == ()
    assert store.sessions(user) == [
        SessionEntry(TODAY, STARTED, datetime(2026, 3, 9, 18, 0, tzinfo=UTC), "from the backup")
    ]


def test_an_export_without_sessions_still_imports(store, user):
    trained(store, user)
    old = json.loads(export(store, user_id=user, fmt="json"))
    del old["sessions"]
    other = store.create_user("other@example.com", "x")
    summary = import_json(store, other, old)
    assert (summary.added, summary.problems) == (1, ())
    assert store.sessions(other) == []


def test_a_bad_session_is_named_and_nothing_of_it_is_stored(store, user):
    document = {
        "schema": "hamstrong.export/1",
        "sets": [{"date": "2026-03-02", "exercise": "glute-bridge", "reps": 10}],
        "sessions": [
            {"date": "2026-03-02", "note": "good"},
            {"date": "2026-03-03", "started": "2026-03-03T18:00:00+00:00", "note": "x" * 1001},
            {
                "date": "2026-03-04",
                "started": "2026-03-04T18:00:00+00:00",
                "finished": "2026-03-04T17:00:00+00:00",
                "note": "finish before start",
            },
        ],
    }
    summary = import_json(store, user, document)
    assert summary.problems == (
        "session 2: note must be at most 1000 characters",
        "session 3: finished 2026-03-04T17:00:00+00:00 is before started",
    )
    assert store.sessions(user) == [SessionEntry(date(2026, 3, 2), note="good")]


def test_a_session_the_store_refuses_leaves_the_whole_import_unstored(store, user):
    too_long = SessionEntry(TODAY, note="x" * 2001)  # past the column: the store's own check
    with pytest.raises(InvalidInput):
        store.import_all(user, sets=[SetEntry(TODAY, "glute-bridge", 12)], sessions=[too_long])
    assert store.sets(user) == [] and store.sessions(user) == []
