"""Hostile or absurd input anywhere gives a clear page, never a 500, and changes nothing."""

import json
from datetime import timedelta

from hamstrong.web.security import MAX_UPLOAD_BYTES
from tests.web.conftest import TODAY, post
from tests.web.soup import alert, field_error, links, main_text, one, parse, status, text
from tests.web.test_session import DAY, _rows, _user

REFUSED = (
    "Please try again This form had expired or did not come from HamStrong, so nothing was "
    "saved. Go back, reload the page, and send it again. Back to HamStrong"
)


def _log_one(member, app) -> int:
    row = _rows(member.get(f"/session/{DAY}").text)[0]
    post(member, f"/session/{DAY}/sets", row, page="/")
    [set_id] = app.state.store.set_ids(_user(app))
    return set_id


def test_dates_far_in_the_future_or_past_are_pages_that_do_not_exist(member):
    for day in ("9999-12-31", "0001-01-01"):
        assert member.get(f"/session/{day}").status_code == 404
        assert member.get(f"/session/{day}/done").status_code == 404
        response = post(member, f"/session/{day}/sets", {"reps": "5"}, page="/")
        assert response.status_code == 404


def test_the_summary_of_a_day_without_a_session_is_404(member):
    rest_days = [
        TODAY + timedelta(days=n)
        for n in range(1, 7)
        if member.get(f"/session/{(TODAY + timedelta(days=n)).isoformat()}").status_code == 404
    ]
    assert rest_days  # a rest day follows every session (R2)
    assert member.get(f"/session/{rest_days[0].isoformat()}/done").status_code == 404
    assert member.get(f"/session/{DAY}/done").status_code == 200


def test_a_programme_start_years_away_is_422_next_to_the_field(client):
    from tests.web.conftest import ALL_DAYS, sign_up

    sign_up(client)
    schedule = {"sessions_per_week": "2", "days": ALL_DAYS, "minutes": "30"}
    response = post(client, "/onboarding/schedule", schedule | {"start": "9999-12-30"})
    assert response.status_code == 422
    assert field_error(response.text, "start") == "must be within 365 days from today"


def test_a_check_in_in_the_far_past_or_future_is_refused_and_progress_still_works(member, app):
    for day, message in (
        ("0001-01-01", "must be in 1970 or later"),
        ("2099-01-01", "is in the future: record the morning after a session"),
    ):
        response = post(member, "/checkin", {"pain": "2", "day": day}, page="/")
        assert response.status_code == 422 and text(one(parse(response.text), "#e-day")) == message
    assert app.state.store.checkins(_user(app)) == []
    assert member.get("/progress").status_code == 200


def test_an_edit_that_cannot_be_stored_leaves_the_set_as_it_was(member, app):
    set_id = _log_one(member, app)
    [before] = app.state.store.sets(_user(app))
    base = {"day": DAY, "exercise": before.exercise, "side": "both", "reps": "9"}
    for bad in (
        {"order": "99999999999999999999"},
        {"order": "1", "exercise": "custom:" + "x" * 200},
    ):
        response = post(member, f"/sets/{set_id}", base | bad, page="/")
        assert response.status_code == 422, response.text
        assert app.state.store.set_ids(_user(app)) == [set_id]
        assert app.state.store.sets(_user(app)) == [before]


def test_a_set_id_beyond_any_database_is_404(member):
    huge = "99999999999999999999"
    assert post(member, f"/sets/{huge}/delete", page="/").status_code == 404
    assert member.get(f"/sets/{huge}/edit").status_code == 404


def test_imports_with_absurd_numbers_or_deep_nesting_store_nothing(member, app):
    header = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
    huge = f"{header}\n2026-12-01 18:00:00,W,30m,Romanian Deadlift,1,40,99999999999999999999999,0,0,,,\n"
    report = post(
        member,
        "/import",
        {"unit": "kg"},
        files={"file": ("strong.csv", huge.encode(), "text/csv")},
        page="/import",
    )
    assert report.status_code == 200 and status(report.text) == (
        "Import report Imported 0 new sets from a strong export; 0 already there; "
        "1 row skipped: 1 with a problem. "
        "Skipped line 2: reps 99999999999999999999999 is more than 10000"
    )
    nested = "[" * 100_000
    deep = post(
        member,
        "/import",
        {"unit": "kg"},
        files={"file": ("x.json", nested.encode(), "application/json")},
        page="/import",
    )
    assert deep.status_code == 422 and field_error(deep.text, "file") == (
        "not a Strong, Hevy, Fitbod or HamStrong export; the first line should be one of their "
        "headers, such as 'Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,...' "
        '(Strong), \'"title","start_time",...,"exercise_title",...,"set_type","weight_kg",...\' '
        "(Hevy), 'Date,Exercise,Reps,Weight(kg),...,isWarmup,...' (Fitbod) or "
        f"'date,exercise,reps,kg,...' (HamStrong); it starts with '{'[' * 70}…'"
    )
    document = {
        "schema": "hamstrong.export/1",
        "sets": [{"date": "2026-12-01", "exercise": "rdl", "reps": 1e30}],
    }
    absurd = post(
        member,
        "/import",
        {"unit": "kg"},
        files={"file": ("x.json", json.dumps(document).encode(), "application/json")},
        page="/import",
    )
    assert absurd.status_code == 200 and status(absurd.text) == (
        "Import report Imported 0 new sets from a hamstrong-json export; 0 already there; "
        "1 entry skipped: 1 with a problem. "
        "Skipped set 1: reps 1e+30 is not a whole number from 0 to 10000"
    )
    assert app.state.store.sets(_user(app)) == []


def test_a_form_with_more_fields_than_any_page_sends_is_refused_politely(member):
    body = "&".join(f"f{n}=1" for n in range(1_500))
    pages = {
        403: REFUSED,
        400: "Check your input form: Too many fields. Maximum number of fields is 1000. "
        "Return to today, or use your browser's back button to correct the form.",
    }
    for code, headers in ((403, {}), (400, {"x-csrftoken": member.cookies["csrftoken"]})):
        response = member.post(
            "/checkin",
            content=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
        )
        assert response.status_code == code
        assert main_text(response.text) == pages[code]


def test_an_upload_over_5_mb_without_javascript_gets_a_page_that_says_so(member):
    response = post(
        member,
        "/import",
        {"unit": "kg"},
        files={"file": ("big.csv", b"x" * (MAX_UPLOAD_BYTES + 1), "text/csv")},
        page="/import",
    )
    assert response.status_code == 413
    assert alert(response.text) == (
        "This file is larger than HamStrong accepts (32 MB), so nothing was saved. A "
        "training-log export is far smaller: export only the workouts you need, or split the "
        "file, and try again."
    )
    page = parse(response.text)
    assert links(one(page, "main")) == {"/import": "Back to import", "/": "Back to HamStrong"}
    assert text(one(page, "a.skip")) == "Skip to the content"  # the layout of every page
