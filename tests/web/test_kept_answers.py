"""After a write that makes every worker read the whole log again (an import, an edit or a
delete of a set), the worker that made it works today's page out right after answering and
keeps it for every worker (``services.sessions.prepare_today``)."""

from pathlib import Path

from hamstrong.core.training_log import SetEntry
from tests.web.conftest import TODAY, TestClient, make_app, post
from tests.web.soup import main_text

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


def _kept_version(app, user: int) -> int | None:
    found = app.state.store.kept_answer(user, "current+13")
    return None if found is None else found.version


def test_an_import_or_an_edit_of_an_old_set_leaves_todays_answer_kept_for_every_worker(
    member, app, settings, member_database, clock
):
    store = app.state.store
    user = store.find_user_by_email("ria@example.com").id
    text = (FIXTURES / "hevy-kg.csv").read_bytes()
    imported = post(
        member,
        "/import",
        {"unit": "kg"},
        files={"file": ("h.csv", text, "text/csv")},
        page="/import",
    )
    assert imported.status_code == 200
    assert _kept_version(app, user) == store.data_version(user)  # worked out after answering
    old = store.set_ids(user)[0]
    assert store.logged_set(user, old).day < TODAY
    edited = SetEntry(store.logged_set(user, old).day, "glute-bridge", 7)
    response = post(
        member,
        f"/sets/{old}",
        {"day": edited.day.isoformat(), "exercise": "glute-bridge", "reps": "7", "side": "both"},
        page=f"/sets/{old}/edit",
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert _kept_version(app, user) == store.data_version(user)
    shown = main_text(member.get("/").text)
    other = make_app(
        settings, today=lambda: TODAY, clock=clock
    )  # another worker on the same database
    with TestClient(other, base_url="http://testserver") as second:
        second.cookies.update(member_database[1])
        assert main_text(second.get("/").text) == shown
    summaries = other.state.plans.summaries  # it read no log: the kept answer held
    assert not summaries.held(user, ("snapshot",), store.data_version(user))
    other.state.store.close()
