"""The training screen (issue 10 §1-§2): stable set ids, plausible limits the page and the server
share, the check-in remembered, a done session on today, last time, sets and exercises added, a
free session, notes, edit and undo in place, duration, records and streaks."""

from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

from hamstrong.core.dates import long_day
from hamstrong.core.sessions import minutes_text
from hamstrong.core.training_log import HOLD_SECONDS, KG, PAIN, REPS, RPE, SetEntry
from hamstrong.core.vocab import Side
from hamstrong.library import load_library
from tests.web.conftest import TODAY, make_app, onboard, post, sign_up
from tests.web.soup import field_error, one, parse, set_forms, text

LIBRARY = load_library()
DAY = TODAY.isoformat()
HTMX = {"HX-Request": "true"}


def _user(app):
    return app.state.store.find_user_by_email("ria@example.com").id


def _rows(page: str) -> list[dict[str, str]]:
    return [row | {"rpe": "7", "pain": "1"} for row in set_forms(page)]


def _row_id(row: dict[str, str]) -> str:
    return f"set-{row['exercise']}-{row['order']}-{row['side']}"


def _save(member, row: dict[str, str], day: str = DAY, **extra: str):
    return post(member, f"/session/{day}/sets", row | extra, page="/", headers=HTMX)


def test_an_edited_set_keeps_its_id_so_its_old_edit_address_still_works(member, app):
    row = _rows(member.get(f"/session/{DAY}").text)[0]
    assert _save(member, row).status_code == 200
    [set_id] = app.state.store.set_ids(_user(app))
    edit = member.get(f"/session/{DAY}/sets/{set_id}/edit", headers=HTMX)
    assert edit.status_code == 200 and one(parse(edit.text), "form.editing")["id"] == _row_id(row)
    changed = row | {"reps": "4", "note": "felt easy"}
    saved = post(member, f"/session/{DAY}/sets/{set_id}", changed, page="/", headers=HTMX)
    assert saved.status_code == 200
    assert text(one(parse(saved.text), '[role="status"]')) == "Saved: 4, RPE 7, pain 1"
    assert text(one(parse(saved.text), ".set-note-text")) == "Note: “felt easy”"
    assert app.state.store.set_ids(_user(app)) == [set_id]  # the same set, edited in place
    history_edit = {"day": DAY, **changed, "reps": "5"}
    assert post(member, f"/sets/{set_id}", history_edit, page="/").status_code == 200
    assert app.state.store.set_ids(_user(app)) == [set_id]
    assert member.get(f"/sets/{set_id}/edit").status_code == 200  # Back to the old address
    assert member.get(f"/session/{DAY}/sets/{set_id}/edit").status_code == 200


def test_undo_in_place_gives_the_row_back_ready_to_save_again(member, app):
    row = _rows(member.get(f"/session/{DAY}").text)[0]
    _save(member, row)
    [set_id] = app.state.store.set_ids(_user(app))
    undone = post(member, f"/session/{DAY}/sets/{set_id}/delete", {}, page="/", headers=HTMX)
    form = one(parse(undone.text), "form.set-row")
    assert form["id"] == _row_id(row) and text(one(form, "button")) == "Save set"
    assert app.state.store.set_ids(_user(app)) == []


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("reps", "1e3", "must be a whole number, like 12"),
        ("reps", "1000", "must be a whole number from 0 to 100"),
        ("kg", "1e3", "must be a number, like 12.5"),
        ("kg", "501", "must be a number from 0.5 to 500 kg (leave it empty for bodyweight)"),
        ("rpe", "7.3", "must be a number from 1 to 10 in steps of 0.5"),
        ("pain", "11", "must be a whole number from 0 to 10"),
        ("note", "x" * 1001, "must be at most 1000 characters"),
        ("note", "a\x00b", "must be plain text: remove the control character U+0000"),
    ],
)
def test_implausible_values_are_422_next_to_their_field(member, app, field, typed, message):
    row = next(r for r in _rows(member.get(f"/session/{DAY}").text) if r["exercise"] != "x")
    response = _save(member, row, **{field: typed})
    assert response.status_code == 422
    assert field_error(response.text, field, prefix=f"{_row_id(row)}-") == message
    assert typed not in text(parse(response.text)) or field == "reps"  # no long echo
    assert app.state.store.sets(_user(app)) == []


def test_the_page_max_is_the_server_limit(member):
    page = parse(member.get(f"/session/{DAY}").text)
    for form in page.select("form.set-row"):
        hold = text(one(form, "label[for$=-reps]")) == "Seconds"
        for name, limit in (
            ("reps", HOLD_SECONDS if hold else REPS),
            ("kg", KG),
            ("rpe", RPE),
            ("pain", PAIN),
        ):
            field = one(form, f'input[name="{name}"]')
            assert (float(field["min"]), float(field["max"])) == (limit.low, limit.high)
    checkin = one(parse(member.get("/").text), '#checkin input[name="pain"]')
    assert (checkin["min"], checkin["max"]) == ("0", "10")


def test_the_morning_check_in_is_remembered_on_reload(member):
    assert post(member, "/checkin", {"pain": "3"}, page="/", follow_redirects=False).status_code
    page = parse(member.get("/").text)
    assert text(one(page, '#checkin [role="status"]')) == "Recorded: 3/10 this morning. Thank you."
    assert one(page, '#checkin input[name="pain"]')["value"] == "3"  # to change it
    post(member, "/checkin", {"pain": "1"}, page="/")
    again = parse(member.get("/").text)
    assert text(one(again, '#checkin [role="status"]')) == "Recorded: 1/10 this morning. Thank you."


def test_a_session_under_way_then_done_on_today(member):
    rows = _rows(member.get(f"/session/{DAY}").text)
    _save(member, rows[0])
    today = parse(member.get("/").text)
    under_way = [text(p) for p in one(today, "section.under-way").select("p")]
    assert f"1 of {len(rows)} planned sets logged." in under_way
    for row in rows[1:]:
        _save(member, row)
    today = parse(member.get("/").text)
    assert text(one(today, "section.done-today h2")) == "Done: today's session"
    assert one(today, f'a[href="/session/{DAY}/done"]')


def test_last_time_stands_beside_each_set(member, app):
    row = next(r for r in _rows(member.get(f"/session/{DAY}").text) if r["side"] == "both")
    earlier = TODAY - timedelta(days=7)
    store = app.state.store
    for order, reps in ((1, 6), (2, 5)):
        entry = SetEntry(earlier, row["exercise"], reps, order=order, rpe=8, side=Side.BOTH)
        store.add_set(_user(app), entry)
    form = one(parse(member.get(f"/session/{DAY}").text), f"#{_row_id(row)}")
    assert text(one(form, "p.last")) == "Last time: 6, RPE 8"


def test_add_a_set_then_an_exercise_from_the_library(member, app):
    page = member.get(f"/session/{DAY}").text
    row = _rows(page)[0]
    planned = [r for r in _rows(page) if r["exercise"] == row["exercise"] and r["side"] == "both"]
    extra = str(len(planned) + 1)
    more = member.get(f"/session/{DAY}?more={row['exercise']}:1").text
    added_row = one(parse(more), f"#set-{row['exercise']}-{extra}-both")
    assert text(one(added_row, ".target")) == f"added · target {row['reps']} reps"
    assert _save(member, row | {"order": extra}).status_code == 200
    choice = parse(page).select("#f-add option")[-1]["value"]
    with_added = parse(member.get(f"/session/{DAY}?add={choice}").text)
    station = one(with_added, f"#ex-{choice}")
    assert text(one(station, "p.swapped")) == "Added today, outside the plan."
    first = next(r for r in set_forms(str(station)))
    assert _save(member, first | {"pain": "0"}).status_code == 200
    logged = {(s.exercise, s.order) for s in app.state.store.sets(_user(app))}
    assert logged == {(row["exercise"], int(extra)), (choice, 1)}
    # once logged, it stays on the page without the address asking for it
    assert one(parse(member.get(f"/session/{DAY}").text), f"#ex-{choice}")


def test_an_exercise_the_profile_does_not_allow_cannot_be_added(member, app):
    refused = _save(member, {"exercise": "nordic-hamstring-curl", "order": "1", "side": "both"})
    assert refused.status_code == 422
    assert app.state.store.sets(_user(app)) == []


def test_a_free_session_on_a_day_off_the_plan(settings, clock):
    days = [TODAY]
    app = make_app(settings, today=lambda: days[0], clock=clock)
    with TestClient(app) as member:
        sign_up(member)
        onboard(member)
        post(member, "/onboarding/start")
        sessions = {s.date for s in app.state.store.snapshot(_user(app)).log.sets} | {
            d
            for d in (TODAY + timedelta(days=n) for n in range(1, 4))
            if member.get(f"/session/{d.isoformat()}").status_code == 404
        }
        rest = min(d for d in sessions if d > TODAY)  # a day without a session
        days[0] = rest
        today = parse(member.get("/").text)
        assert text(one(today, "section.rest h2")) == "No session today"
        start = one(today, f'form[action="/session/{rest.isoformat()}/start"]')
        assert text(start) == "Log a free session"
        page = parse(member.get(f"/session/{rest.isoformat()}").text)
        assert text(one(page, "h1")) == f"Free session, {long_day(rest)}"
        choice = page.select("#f-add option")[0]["value"]
        added = member.get(f"/session/{rest.isoformat()}?add={choice}").text
        row = set_forms(added)[0] | {"pain": "0"}
        assert _save(member, row, rest.isoformat()).status_code == 200
        today = parse(member.get("/").text)
        assert "You logged 1 set in a free session today. Open it · See the summary" in [
            text(p) for p in one(today, "section.rest").select("p")
        ]
        summary = parse(member.get(f"/session/{rest.isoformat()}/done").text)
        said = [text(p) for p in one(summary, "main").select("p")]
        assert said[0] == f"Your free session on {long_day(rest)} is logged."
        assert [text(li) for li in one(summary, ".session-facts").select("li")] == ["1 set."]
    assert member.get("/session/1999-01-01").status_code == 404  # long before the programme


def test_finish_keeps_the_note_and_the_summary_shows_it_with_the_duration(member, app, clock):
    post(member, f"/session/{DAY}/start", {}, page="/")
    rows = _rows(member.get(f"/session/{DAY}").text)
    for row in rows:
        _save(member, row)
    finished = post(
        member, f"/session/{DAY}/finish", {"note": "Good session"}, page="/", follow_redirects=False
    )
    assert finished.headers["location"] == f"/session/{DAY}/done"
    summary = parse(member.get(f"/session/{DAY}/done").text)
    assert text(one(summary, ".session-note")) == "Your note: Good session"
    entry = app.state.store.session_entry(_user(app), TODAY)
    assert entry.note == "Good session" and entry.started and entry.finished
    took = minutes_text(entry.finished - entry.started)
    assert [text(li) for li in one(summary, ".session-facts").select("li")] == [
        f"{len(rows)} of {len(rows)} planned sets in {took}.",
        "A week with training: come back next week to start a streak.",
    ]
    too_long = post(member, f"/session/{DAY}/finish", {"note": "x" * 1001}, page="/")
    assert too_long.status_code == 422
    assert field_error(too_long.text, "note") == "must be at most 1000 characters"
    nul = post(member, f"/session/{DAY}/finish", {"note": "a\x00b"}, page="/")
    assert nul.status_code == 422
    assert field_error(nul.text, "note") == (
        "must be plain text: remove the control character U+0000"
    )
    assert app.state.store.session_entry(_user(app), TODAY).note == "Good session"


def test_a_set_that_beats_last_weeks_best_is_celebrated(member, app):
    row = next(r for r in _rows(member.get(f"/session/{DAY}").text) if r["side"] == "both")
    earlier = SetEntry(TODAY - timedelta(days=7), row["exercise"], 3, side=Side.BOTH, kg=None)
    app.state.store.add_set(_user(app), earlier)
    saved = parse(_save(member, row | {"reps": "9", "kg": ""}).text)
    record = f"{LIBRARY.get(row['exercise']).name}, most reps at bodyweight: 9 reps, up from 3 reps"
    assert [text(r) for r in saved.select(".record-line")] == [f"New record! {record}"]
    summary = parse(member.get(f"/session/{DAY}/done").text)
    assert [text(li) for li in one(summary, "section.records").select("li")] == [record]


def test_the_summary_counts_weeks_in_a_row(member, app):
    row = _rows(member.get(f"/session/{DAY}").text)[0]
    at = datetime(2026, 11, 30, 18, tzinfo=UTC)
    app.state.store.add_set(
        _user(app), SetEntry(TODAY - timedelta(days=7), row["exercise"], 5, at=at)
    )
    _save(member, row)
    facts = one(parse(member.get(f"/session/{DAY}/done").text), ".session-facts")
    assert [text(li) for li in facts.select("li")][1:] == [
        "2 weeks in a row with training: your longest streak yet."
    ]


def test_the_session_lists_the_days_form_checks_of_each_exercise_with_links(member, app):
    store, user = app.state.store, _user(app)
    exercise = _rows(member.get(f"/session/{DAY}").text)[0]["exercise"]
    verdict = "6 reps. Lowering on tempo in 5 of 6 reps."
    done = store.add_form_check(
        user,
        day=TODAY,
        exercise=exercise,
        side="left",
        keep_clip=False,
        clip=None,
        state="done",
        result={"verdict": verdict},
        now=datetime.now(UTC),
    )
    refused = store.add_form_check(
        user, day=TODAY, exercise=exercise, side=None, keep_clip=False, clip=None
    )
    store.update_form_check(refused, state="refused", message="No person is in the clip.")
    waiting = store.add_form_check(
        user, day=TODAY, exercise=exercise, side=None, keep_clip=False, clip=None
    )
    store.add_form_check(  # another day's check is that day's
        user,
        day=TODAY - timedelta(days=1),
        exercise=exercise,
        side=None,
        keep_clip=False,
        clip=None,
    )
    page = parse(member.get(f"/session/{DAY}").text)
    station = one(page, f"section#ex-{exercise}")
    assert text(one(station, "h3")) == "Form checks of this session"
    assert [text(li) for li in station.select(".form-checks-today li")] == [
        f"Check 1 (left leg): {verdict}",
        "Check 2: not checked: No person is in the clip.",
        "Check 3: still checking",
    ]
    assert [a["href"] for a in station.select(".form-checks-today a")] == [
        f"/form-checks/{done}",
        f"/form-checks/{refused}",
        f"/form-checks/{waiting}",
    ]
    assert len(page.select(".form-checks-today")) == 1  # under its own exercise only
    assert member.get(f"/form-checks/{refused}").status_code == 200  # each link has its page
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert not parse(member.get(f"/session/{yesterday}").text).select(".form-checks-today li a")
