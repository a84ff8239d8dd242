"""Today, the guided session (plain POST and htmx), stop rules, the summary, history, progress."""

from datetime import timedelta

from hamstrong.core.dates import long_day, short_day
from hamstrong.core.rules import RECHECK
from tests.web.conftest import ALL_DAYS, TODAY, post, sign_up
from tests.web.soup import field_error, links, one, parse, set_forms, text

DAY = TODAY.isoformat()
STOPPED = (
    "Your training is stopped Your session on Mon 7 Dec 2026 stopped (pain 6/10). No more training "
    "until you have answered the safety screen again."
)


def _rows(page: str) -> list[dict[str, str]]:
    """The sets still to save on a session page, each as its form sends it with RPE 7, pain 1."""
    return [row | {"rpe": "7", "pain": "1"} for row in set_forms(page)]


def _user(app):
    return app.state.store.find_user_by_email("ria@example.com").id


def _main(response) -> str:
    """The text of the page's main element, as a person reads it."""
    return text(one(parse(response.text), "main"))


def _alert(html: str) -> str:
    return text(one(parse(html), '[role="alert"]'))


def _calibration(name: str, dose: str) -> str:
    """The note before an exercise's first loaded set."""
    return (
        f"{name}: first time with a load. After the warm-up, do one calibration set of {dose}: if "
        "you could have done 4 or more reps more, take the next weight up for your working sets; "
        "if form slipped, go lighter. Log the weight you use and the plan follows it."
    )


def test_the_session_page_shows_cues_tempo_rest_and_a_form_per_set(member):
    html = member.get(f"/session/{DAY}").text
    page = parse(html)
    stations = page.select("section.station")
    assert stations
    for station in stations:
        assert text(one(station, "details.how-to > summary")) == "How to do it"
        assert station.select("ul.cues li")
    assert any(text(b) == "Common mistakes" for b in page.select("section.station strong"))
    assert page.select("div.tempo .tempo-text[aria-live=polite]")
    assert page.select("section.station .rest-start[data-rest]")
    one(page, '#rest [role="timer"]')  # the rest countdown: a timer, not a live region
    assert one(page, "#rest-news")["aria-live"] == "polite"
    one(page, 'script[src="/static/session.js"]')
    assert len(_rows(html)) >= 8


def test_photos_are_served_with_credit(member, library):
    with_photos = next(e for e in library if e.photos)
    page = parse(member.get(f"/exercises/{with_photos.id}").text)
    one(page, f'figure.photos img[src="/{with_photos.photos[0]}"]')
    assert text(one(page, "figure.photos figcaption")) == with_photos.credit
    assert "free-exercise-db" in with_photos.credit
    photo = member.get(f"/{with_photos.photos[0]}")
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert member.get("/photos/..%2F..%2Fcatalogue.toml/0.jpg").status_code == 404
    assert member.get("/photos/Not_There/0.jpg").status_code == 404


def test_log_every_set_then_progress_and_summary_change(member, app):
    sessions = "#sessions .reading"
    before = parse(member.get("/progress").text)
    assert text(one(before, sessions)) == "You did 0 of 1 planned sessions (0%)."
    rows = _rows(member.get(f"/session/{DAY}").text)
    for row in rows:
        response = post(member, f"/session/{DAY}/sets", row, page="/", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith(f"/session/{DAY}#set-")
    page = member.get(f"/session/{DAY}").text
    saved = [text(s) for s in parse(page).select('.set-row.done [role="status"]')]
    assert _rows(page) == [] and len(saved) == len(rows)
    assert saved == [f"Saved: {row['reps']}, RPE 7, pain 1" for row in rows]
    assert len(app.state.store.sets(_user(app))) == len(rows)
    after = parse(member.get("/progress").text)
    assert text(one(after, sessions)) == "You did 1 of 1 planned sessions (100%)."
    chart = member.get("/progress.png")
    assert chart.status_code == 200 and chart.content[:8] == b"\x89PNG\r\n\x1a\n"
    summary = member.get(f"/session/{DAY}/done")
    assert summary.status_code == 200
    headings = [text(h) for h in parse(summary.text).select("main h1, main h2")]
    assert headings[:2] == ["Well done", f"Next time: {long_day(TODAY + timedelta(days=3))}"]
    history = parse(member.get("/history").text)
    edits = [a for a in history.select("table.history a") if text(a) == "Edit"]
    assert len(edits) == len(rows)
    today = parse(member.get("/").text)  # every set logged: today says it is done
    assert text(one(today, "section.done-today h2")) == "Done: today's session"
    assert not today.select("section.due")


def test_an_htmx_set_gets_just_the_row_back(member):
    row = _rows(member.get(f"/session/{DAY}").text)[0]
    response = post(member, f"/session/{DAY}/sets", row, page="/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = parse(response.text)
    [saved] = fragment.find_all(recursive=False)
    assert saved.name == "div" and saved["id"] == row_id(row) and fragment.html is None
    assert text(one(saved, '[role="status"]')) == f"Saved: {row['reps']}, RPE 7, pain 1"
    assert [text(a) for a in saved.select("a, button")] == ["Edit", "Undo"]


def test_a_bad_set_is_422_with_the_message_next_to_the_field_and_nothing_saved(member, app):
    row = _rows(member.get(f"/session/{DAY}").text)[0] | {"reps": "lots", "pain": "11"}
    plain = post(member, f"/session/{DAY}/sets", row, page="/")
    assert plain.status_code == 422 and parse(plain.text).html is not None
    assert (
        field_error(plain.text, "reps", prefix=f"{row_id(row)}-")
        == "must be a whole number, like 12"
    )
    htmx = post(
        member,
        f"/session/{DAY}/sets",
        row | {"reps": "8"},
        page="/",
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 422 and parse(htmx.text).html is None
    assert field_error(htmx.text, "pain", prefix=f"{row_id(row)}-") == (
        "must be a whole number from 0 to 10"
    )
    assert app.state.store.sets(_user(app)) == []


def row_id(row):
    return f"set-{row['exercise']}-{row['order']}-{row['side']}"


def test_a_set_that_is_not_in_the_session_is_refused(member, app):
    response = post(
        member,
        f"/session/{DAY}/sets",
        {"exercise": "nordic-hamstring-curl", "order": "1", "side": "both", "reps": "3"},
        page="/",
    )
    assert response.status_code == 422
    assert app.state.store.sets(_user(app)) == []


def test_pain_above_5_ends_the_session_and_blocks_the_next(member):
    row = _rows(member.get(f"/session/{DAY}").text)[0] | {"pain": "6"}
    response = post(member, f"/session/{DAY}/sets", row, page="/", follow_redirects=False)
    assert response.headers["location"] == f"/session/{DAY}/stopped"
    stopped = member.get(response.headers["location"])
    assert text(one(parse(stopped.text), "h1")) == "Stop here for today"
    assert _alert(stopped.text).startswith(STOPPED)
    assert links(parse(stopped.text))["/onboarding/rescreen"] == "Answer the safety screen again"
    today = parse(member.get("/").text)
    assert links(one(today, '[role="alert"]')) == {
        "/onboarding/rescreen": "Answer the safety screen again"
    }


def test_a_stop_symptom_sent_with_htmx_redirects_to_the_stop_page(member):
    row = _rows(member.get(f"/session/{DAY}").text)[0] | {"symptom": "on"}
    htmx = post(member, f"/session/{DAY}/sets", row, page="/", headers={"HX-Request": "true"})
    assert htmx.status_code == 204
    assert htmx.headers["HX-Redirect"] == f"/session/{DAY}/stopped"


def test_a_pause_for_morning_pain_shows_nothing_of_the_session_and_takes_no_sets(client, app):
    from tests.wizard import wizard_steps

    sign_up(client)
    kit = ["mat", "dumbbell", "kettlebell"]
    for step, data in wizard_steps(TODAY, ALL_DAYS, equipment=kit, level="intermediate"):
        assert post(client, f"/onboarding/{step}", data, follow_redirects=False).status_code == 303
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
    session = client.get(f"/session/{DAY}").text
    assert [text(li) for li in parse(session).select("main ul.notes li")] == [  # of its own
        _calibration("Romanian deadlift (dumbbells)", "8 with 9 kg per hand"),
        _calibration("Reverse lunge with dumbbells", "8 with 9 kg per hand"),
    ]
    rows = _rows(session)
    post(client, "/checkin", {"pain": "8"}, page="/")
    today = parse(client.get("/").text)
    halt = one(today, '[role="alert"]')
    assert text(one(halt, "h2")) == "Loading is paused: no session today"
    assert text(one(halt, "p > strong")) == (
        f"Morning pain 8/10 on {short_day(TODAY)}: loading pauses, with no session until it "
        "settles. Check in each morning; training resumes, lighter, once morning pain is back to "
        "your usual level."
    )
    assert [text(li) for li in halt.select("ul.checks li")] == list(RECHECK)
    assert [text(a) for a in halt.select("a")] == ["Record this morning's pain"]
    shown = text(one(today, "main"))
    assert "calibration" not in shown and "Start the session" not in shown
    assert not today.select("ul.notes")
    page = client.get(f"/session/{DAY}").text
    assert text(one(parse(page), "title")) == "Loading paused · HamStrong"
    assert "calibration" not in page
    assert _rows(page) == []
    refused = post(client, f"/session/{DAY}/sets", rows[0], page="/", follow_redirects=False)
    assert refused.status_code == 303 and app.state.store.sets(_user(app)) == []


def test_chest_symptoms_ticked_during_a_set_get_emergency_wording(member, app):
    row = _rows(member.get(f"/session/{DAY}").text)[0] | {"chest": "on"}
    response = post(member, f"/session/{DAY}/sets", row, page="/", follow_redirects=False)
    assert response.headers["location"] == f"/session/{DAY}/stopped"
    said = [
        f"Your session on {short_day(TODAY)} stopped (chest pain, dizziness or unusual breathlessness). No "
        "more training until you have answered the safety screen again.",
        "Stop now and do not train. Call your local emergency number if chest pain, pressure or "
        "breathlessness does not pass within a few minutes of rest, keeps coming back, or comes "
        "with sweating, feeling sick or pain spreading to the arm, jaw, neck or back. If it has "
        "passed, see a doctor before any exercise, the same day if it is new; fainting during or "
        "after exercise always needs a doctor's check first.",
    ]
    for page in (response.headers["location"], "/"):
        halt = one(parse(member.get(page).text), '[role="alert"]')
        assert text(one(halt, "h2")) == "Your training is stopped"
        assert [text(line) for line in halt.select("p, li")] == [
            said[0],
            said[1],
            "Answer the safety screen again before the next session.",
            "If the pain or symptoms do not settle within a few days, see a physiotherapist or "
            "doctor.",
            "Answer the safety screen again",
        ]
    [stored] = app.state.store.sets(_user(app))
    assert stored.stops_session


def test_edit_validates_before_it_deletes_then_replaces(member, app):
    row = _rows(member.get(f"/session/{DAY}").text)[0]
    post(member, f"/session/{DAY}/sets", row, page="/")
    [set_id] = app.state.store.set_ids(_user(app))
    form = {
        "day": DAY,
        "exercise": row["exercise"],
        "order": "1",
        "side": "both",
        "reps": "9",
        "pain": "99",
    }
    bad = post(member, f"/sets/{set_id}", form, page="/")
    assert bad.status_code == 422
    assert field_error(bad.text, "pain") == "must be a whole number from 0 to 10"
    assert app.state.store.set_ids(_user(app)) == [set_id]  # untouched
    future = post(member, f"/sets/{set_id}", form | {"pain": "0", "day": "2027-01-01"}, page="/")
    assert future.status_code == 422
    # (shown above the button, tied to no field: the form has no "date" field to mark)
    assert text(one(parse(future.text), "p.error")) == (
        "Fri 1 Jan 2027 is in the future; log what you have done"
    )
    ok = post(member, f"/sets/{set_id}", form | {"pain": "0"}, page="/", follow_redirects=False)
    assert ok.status_code == 303
    [entry] = app.state.store.sets(_user(app))
    assert entry.reps == 9 and entry.pain == 0


def test_delete_a_set_plain_and_htmx(member, app):
    rows = _rows(member.get(f"/session/{DAY}").text)[:2]
    for row in rows:
        post(member, f"/session/{DAY}/sets", row, page="/")
    first, second = app.state.store.set_ids(_user(app))
    assert (
        post(member, f"/sets/{first}/delete", page="/", follow_redirects=False).status_code == 303
    )
    htmx = post(member, f"/sets/{second}/delete", page="/", headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and htmx.text == ""
    assert app.state.store.set_ids(_user(app)) == []
    assert post(member, f"/sets/{first}/delete", page="/").status_code == 404


def test_morning_check_in_is_saved_and_bad_values_are_422(member, app):
    bad = post(member, "/checkin", {"pain": "12"}, page="/")
    assert bad.status_code == 422
    assert field_error(bad.text, "pain") == "must be a whole number from 0 to 10"
    assert app.state.store.checkins(_user(app)) == []
    htmx = post(member, "/checkin", {"pain": "2"}, page="/", headers={"HX-Request": "true"})
    assert htmx.status_code == 200
    [section] = parse(htmx.text).find_all(recursive=False)
    assert section.name == "section" and section["id"] == "checkin"
    assert text(one(section, '[role="status"]')).startswith("Recorded: 2/10")
    [checkin] = app.state.store.checkins(_user(app))
    assert checkin.day == TODAY and checkin.pain == 2


def test_after_a_stop_answering_the_screen_again_unblocks_training(member, app):
    from hamstrong.core.screen import QUESTIONS

    row = _rows(member.get(f"/session/{DAY}").text)[0] | {"pain": "7"}
    post(member, f"/session/{DAY}/sets", row, page="/")
    rescreen = ("/onboarding/rescreen", "Answer the safety screen again")
    assert rescreen in links(parse(member.get("/").text)).items()
    response = member.get("/onboarding/rescreen", follow_redirects=False)
    assert response.headers["location"] == "/onboarding/screen"
    answers = {q.key: "no" for q in QUESTIONS}
    assert post(member, "/onboarding/screen", answers, follow_redirects=False).status_code == 303
    assert post(member, "/onboarding/start", follow_redirects=False).status_code == 303
    today = parse(member.get("/").text)
    assert rescreen not in links(today).items() and not today.select('[role="alert"]')
    profile = app.state.store.active_programme(_user(app)).profile
    assert profile["name"] == "Ria"  # the rest of the profile was kept


def test_while_blocked_the_session_shows_why_and_takes_no_more_sets(member, app):
    rows = _rows(member.get(f"/session/{DAY}").text)
    post(member, f"/session/{DAY}/sets", rows[0] | {"symptom": "on"}, page="/")
    page = member.get(f"/session/{DAY}").text
    assert links(one(parse(page), '[role="alert"]')) == {
        "/onboarding/rescreen": "Answer the safety screen again"
    }
    assert _rows(page) == [] and "hamstrong profile init" not in page
    refused = post(member, f"/session/{DAY}/sets", rows[1], page="/", follow_redirects=False)
    assert refused.headers["location"] == f"/session/{DAY}/stopped"
    assert len(app.state.store.sets(_user(app))) == 1


def test_swap_an_exercise_for_a_rung_the_profile_allows(member, app, library):
    page = parse(member.get(f"/session/{DAY}").text)
    form = page.select("details.swap form.swap-form")[0]
    planned = str(one(form, 'input[name="planned"]')["value"])
    chosen = str(form.select('button[name="chosen"]')[0]["value"])
    data = {"planned": planned, "chosen": chosen}
    kept = post(member, f"/session/{DAY}/swaps", data, page="/", follow_redirects=False)
    assert kept.headers["location"] == f"/session/{DAY}#ex-{chosen}"
    swapped = member.get(f"/session/{DAY}").text
    name = library.get(planned).name
    instead = f"Instead of {name} in this session, until you change it back."
    assert text(one(parse(swapped), f"#ex-{chosen} p.swapped")) == instead
    back = one(parse(swapped), f'#ex-{chosen} form.swap-form button[value="{planned}"]')
    assert text(back) == f"Change back to {name}"
    row = next(r for r in _rows(swapped) if r["exercise"] == chosen)
    response = post(member, f"/session/{DAY}/sets", row, page="/", follow_redirects=False)
    assert response.status_code == 303
    [entry] = app.state.store.sets(_user(app))
    assert entry.exercise == chosen
    again = member.get(f"/session/{DAY}").text  # logged: no way back, the swap stays
    assert text(one(parse(again), f"#ex-{chosen} p.swapped")) == instead
    assert not parse(again).select(f'#ex-{chosen} form.swap-form button[value="{planned}"]')


def test_a_swap_the_rules_refuse_is_422_and_nothing_changes(member, app):
    page = member.get(f"/session/{DAY}").text
    planned = str(parse(page).select("section.station")[0]["id"]).removeprefix("ex-")
    refused = member.get(f"/session/{DAY}", params={"swap": f"{planned}:nordic-hamstring-curl"})
    assert refused.status_code == 422
    assert [text(li) for li in parse(refused.text).select("ul.problems li")] == [
        "swap: Nordic hamstring curl cannot stand in for Hip hinge with a dowel: it is not a "
        "rung of its ladder or a move of the same kind."
    ]
    row = _rows(page)[0] | {"swap": f"{planned}:nordic-hamstring-curl"}
    posted = post(member, f"/session/{DAY}/sets", row, page="/")
    assert posted.status_code == 422
    assert app.state.store.sets(_user(app)) == []


def test_swap_options_keep_to_equipment_and_level(member, app, library):
    from hamstrong.core.swaps import swap_options
    from hamstrong.profiles import profile_from_mapping
    from hamstrong.services.programmes import session_on

    store = app.state.store
    session = session_on(store, user_id=_user(app), library=library, day=TODAY, today=TODAY).session
    profile = profile_from_mapping(store.active_programme(_user(app)).profile)
    for item in session.main_items:
        for option in swap_options(profile, session, item.exercise, library=library):
            exercise = library.get(option.exercise)
            assert exercise.fits(profile.equipment), option
            assert exercise.level.rank <= profile.level.rank, option
            assert exercise.load.value == "none" or exercise.has("nordic"), option  # R6, weeks 1-2


def test_one_leg_work_edited_to_both_sides_is_refused_in_form_words(member, app, library):
    rows = _rows(member.get(f"/session/{DAY}").text)
    row = next(r for r in rows if r["side"] == "left")
    post(member, f"/session/{DAY}/sets", row, page="/")
    [set_id] = app.state.store.set_ids(_user(app))
    form = {"day": DAY, "exercise": row["exercise"], "order": "1", "side": "both", "reps": "8"}
    response = post(member, f"/sets/{set_id}", form, page="/")
    assert response.status_code == 422
    assert field_error(response.text, "side") == "this is one-leg work: pick left or right"
    assert "--side" not in response.text


def test_a_future_session_can_be_read_but_not_logged(member):
    programme = parse(member.get("/programme").text)
    sessions = [
        str(t["datetime"]) for t in programme.select('td.session a[href^="/session/"] time')
    ]
    later = [day for day in sessions if day > DAY]
    page = member.get(f"/session/{later[0]}").text
    assert text(one(parse(page), "p.warning")) == (
        "This session is in the future: you can read it now, and log its sets on the day."
    )
    assert parse(page).select("details > summary") and _rows(page) == []


def test_a_second_tap_on_a_saved_set_saves_nothing_more(member, app):
    row = _rows(member.get(f"/session/{DAY}").text)[0]
    for _ in range(2):
        response = post(
            member, f"/session/{DAY}/sets", row, page="/", headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        assert text(one(parse(response.text), '[role="status"]')) == (
            f"Saved: {row['reps']}, RPE 7, pain 1"
        )
    assert len(app.state.store.sets(_user(app))) == 1


def test_the_first_loaded_session_asks_for_a_calibration_set_and_says_per_hand(client):
    from tests.wizard import wizard_steps

    sign_up(client)
    for step, data in wizard_steps(TODAY, ALL_DAYS, equipment=["mat", "dumbbell"]):
        assert post(client, f"/onboarding/{step}", data, follow_redirects=False).status_code == 303
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
    pages = [
        client.get(f"/session/{(TODAY + timedelta(days=n)).isoformat()}")
        for n in range(14, 21)  # week 3: a beginner's first loads (R6)
    ]
    loaded = [p.text for p in pages if p.status_code == 200 and "kg per hand" in p.text]
    assert loaded, "a dumbbell hinge in week 3"
    shown = parse(loaded[0])
    assert text(shown.select("main h2")[0]) == "What changed today, and why"
    assert [text(li) for li in shown.select("main ul.notes li")] == [
        _calibration("Romanian deadlift (dumbbells)", "8 with 6 kg per hand")
    ]


def test_a_due_self_test_is_asked_for_on_today_s_page_once_per_4_weeks(
    member, app, settings, clock
):
    """Never done, the knee extension falls due on the first day; it is asked for on the first
    day trained in each 4-week period (on today's page, not inside the session page), not at
    every session until it is done."""
    from starlette.testclient import TestClient

    from hamstrong.core.training_log import SetEntry
    from tests.web.conftest import make_app

    due = (
        "Self-test due: the active knee extension (both legs, on one day), to set your starting "
        "point. Do it after the warm-up; the steps are with the self-tests."
    )

    def shown(day):
        on_day = make_app(settings, today=lambda: day, clock=clock)
        with TestClient(on_day, base_url="http://testserver") as browser:
            browser.cookies.update(member.cookies)
            today = parse(browser.get("/").text)
            assert text(one(today, "section.due h2")).startswith("Your session is "), day
            session = text(one(parse(browser.get(f"/session/{day}").text), "main"))
            assert "Self-test due" not in session
            return [text(li) for li in today.select("main ul.notes li") if "Self-test" in text(li)]

    assert shown(TODAY) == [due]
    app.state.store.add_set(_user(app), SetEntry(TODAY, "glute-bridge", 10))
    assert shown(TODAY) == [due]  # all of that day
    assert shown(TODAY + timedelta(days=3)) == []  # the next session: asked once already
    assert shown(TODAY + timedelta(days=28)) == [due]  # 4 weeks on, still not done
