"""Form checks in the store, on SQLite and PostgreSQL: a job's life, its owner, its deletion."""

from datetime import UTC, date, datetime

import pytest

from hamstrong.errors import InvalidInput, NotFound

DAY = date(2026, 12, 7)
AT = datetime(2026, 12, 7, 18, 30, tzinfo=UTC)
RESULT = {"exercise": "glute-bridge", "summary": [{"key": "lowering_s", "value": 2.1}]}


def test_a_job_moves_from_queued_to_done_with_its_result_and_picture(store):
    ana = store.create_user("ana@example.org", "h")
    job = store.add_form_check(
        ana, day=DAY, exercise="glute-bridge", side=None, keep_clip=False, clip="a" * 32 + ".clip"
    )
    queued = store.form_check(job, user_id=ana)
    assert (queued.state, queued.done, queued.total, queued.result) == ("queued", 0, 0, None)
    assert queued.finished_at is None and not queued.has_picture
    store.update_form_check(job, state="running", done=30, total=90)
    assert store.form_check(job, user_id=None).done == 30
    store.update_form_check(
        job, state="done", forget_clip=True, result=RESULT, picture=b"\x89PNG", now=AT
    )
    done = store.form_check(job, user_id=ana)
    assert (done.state, done.clip, done.result, done.finished_at) == ("done", None, RESULT, AT)
    assert done.has_picture and store.form_check_picture(job, user_id=ana) == b"\x89PNG"
    assert [j.id for j in store.form_checks(ana, state="done")] == [job]


def test_a_check_is_its_owners_only(store):
    ana, bo = store.create_user("ana@example.org", "h"), store.create_user("bo@example.org", "h")
    job = store.add_form_check(
        ana,
        day=DAY,
        exercise="glute-bridge",
        side="left",
        keep_clip=True,
        clip=None,
        state="done",
        result=RESULT,
        picture=b"png",
        now=AT,
    )
    assert store.form_check(job, user_id=bo) is None
    assert store.form_check_picture(job, user_id=bo) is None
    assert store.form_checks(bo) == []
    assert store.delete_form_check(job, user_id=bo) is False
    assert store.form_check(2**70, user_id=ana) is None  # past any id: nothing, not an error
    assert store.delete_form_check(job, user_id=ana) is True
    assert store.form_check(job, user_id=ana) is None


def test_kept_clips_are_listed_and_deleting_the_user_deletes_their_checks(store):
    ana, bo = store.create_user("ana@example.org", "h"), store.create_user("bo@example.org", "h")
    for user, clip in ((ana, "a" * 32 + ".clip"), (bo, "b" * 32 + ".clip")):
        store.add_form_check(
            user, day=DAY, exercise="glute-bridge", side=None, keep_clip=True, clip=clip
        )
    assert store.kept_clips(ana) == ["a" * 32 + ".clip"]
    assert sorted(store.kept_clips()) == ["a" * 32 + ".clip", "b" * 32 + ".clip"]
    store.delete_user(ana)
    assert store.form_checks(ana) == [] and len(store.form_checks(bo)) == 1


def test_bad_writes_are_refused(store):
    with pytest.raises(NotFound):
        store.add_form_check(
            999, day=DAY, exercise="glute-bridge", side=None, keep_clip=False, clip=None
        )
    user = store.local_user()
    with pytest.raises(InvalidInput):
        store.add_form_check(
            user, day=DAY, exercise="x" * 121, side=None, keep_clip=False, clip=None
        )
