"""Today, the guided session (plain POST and htmx), stop rules, the summary, history, progress."""

import re

from tests.web.conftest import TODAY, post

DAY = TODAY.isoformat()


def _rows(page: str) -> list[dict[str, str]]:
    rows = []
    for form in re.findall(r'<form id="set-[^"]+".*?</form>', page, re.S):
        if "Save set" not in form:
            continue
        fields = dict(
            re.findall(r'<input type="hidden" name="(exercise|order|side)" value="([^"]+)"', form)
        )
        reps = re.search(r'name="reps" type="number" value="(\d+)"', form).group(1)
        rows.append({**fields, "reps": reps, "rpe": "7", "pain": "1"})
    return rows


def _user(app):
    return app.state.store.find_user_by_email("ria@example.com")[0]


def test_the_session_page_shows_cues_tempo_rest_and_a_form_per_set(member):
    page = member.get(f"/session/{DAY}").text
    assert "How to do it" in page and "Common mistakes" in page
    assert 'class="tempo"' in page and 'aria-live="polite"' in page
    assert 'class="rest-timer"' in page and "/static/session.js" in page
    assert len(_rows(page)) >= 8


def test_photos_are_served_with_credit(member, library):
    with_photos = next(e for e in library if e.photos)
    page = member.get(f"/exercises/{with_photos.id}").text
    assert f'src="/{with_photos.photos[0]}"' in page and "free-exercise-db" in page
    photo = member.get(f"/{with_photos.photos[0]}")
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert member.get("/photos/..%2F..%2Fcatalogue.toml/0.jpg").status_code == 404
    assert member.get("/photos/Not_There/0.jpg").status_code == 404


def test_log_every_set_then_progress_and_summary_change(member, app):
    before = member.get("/progress").text
    assert "You did 0 of" in before
    rows = _rows(member.get(f"/session/{DAY}").text)
    for row in rows:
        response = post(member, f"/session/{DAY}/sets", row, page="/", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith(f"/session/{DAY}#set-")
    page = member.get(f"/session/{DAY}").text
    assert _rows(page) == [] and page.count("Saved:") == len(rows)
    assert len(app.state.store.sets(_user(app))) == len(rows)
    after = member.get("/progress").text
    assert "You did 1 of" in after
    chart = member.get("/progress.png")
    assert chart.status_code == 200 and chart.content[:8] == b"\x89PNG\r\n\x1a\n"
    summary = member.get(f"/session/{DAY}/done")
    assert summary.status_code == 200 and "Next time:" in summary.text
    history = member.get("/history").text
    assert history.count("/edit") == len(rows)
    today = member.get("/").text
    assert "No session today" in today or "Your session is due" in today


def test_an_htmx_set_gets_just_the_row_back(member):
    row = _rows(member.get(f"/session/{DAY}").text)[0]
    response = post(member, f"/session/{DAY}/sets", row, page="/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<form id="set-')
    assert "<html" not in response.text and "Saved:" in response.text


def test_a_bad_set_is_422_with_the_message_next_to_the_field_and_nothing_saved(member, app):
    row = _rows(member.get(f"/session/{DAY}").text)[0] | {"reps": "lots", "pain": "11"}
    plain = post(member, f"/session/{DAY}/sets", row, page="/")
    assert plain.status_code == 422 and "<html" in plain.text
    assert "must be a number" in plain.text.split(f'id="{row_id(row)}-e-reps"', 1)[1][:80]
    htmx = post(
        member,
        f"/session/{DAY}/sets",
        row | {"reps": "8"},
        page="/",
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 422 and "<html" not in htmx.text
    error_id = f"{row_id(row)}-e-pain"
    assert f'id="{error_id}"' in htmx.text and "must be from 0 to 10" in htmx.text
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
    stopped = member.get(response.headers["location"]).text
    assert "Stop here for today" in stopped and "safety screen again" in stopped
    today = member.get("/").text
    assert "Answer the safety screen again" in today


def test_a_stop_symptom_sent_with_htmx_redirects_to_the_stop_page(member):
    row = _rows(member.get(f"/session/{DAY}").text)[0] | {"symptom": "on"}
    htmx = post(member, f"/session/{DAY}/sets", row, page="/", headers={"HX-Request": "true"})
    assert htmx.status_code == 204
    assert htmx.headers["HX-Redirect"] == f"/session/{DAY}/stopped"


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
    assert bad.status_code == 422 and "must be from 0 to 10" in bad.text
    assert app.state.store.set_ids(_user(app)) == [set_id]  # untouched
    future = post(member, f"/sets/{set_id}", form | {"pain": "0", "day": "2027-01-01"}, page="/")
    assert future.status_code == 422 and "in the future" in future.text
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
    assert (
        bad.status_code == 422
        and "must be from 0 to 10" in bad.text.split('id="e-pain"', 1)[1][:80]
    )
    assert app.state.store.checkins(_user(app)) == []
    htmx = post(member, "/checkin", {"pain": "2"}, page="/", headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and htmx.text.lstrip().startswith('<section id="checkin"')
    assert "Recorded: 2/10" in htmx.text
    [checkin] = app.state.store.checkins(_user(app))
    assert checkin.day == TODAY and checkin.pain == 2


def test_after_a_stop_answering_the_screen_again_unblocks_training(member, app):
    from hamstrong.core.screen import QUESTIONS

    row = _rows(member.get(f"/session/{DAY}").text)[0] | {"pain": "7"}
    post(member, f"/session/{DAY}/sets", row, page="/")
    assert "Answer the safety screen again" in member.get("/").text
    response = member.get("/onboarding/rescreen", follow_redirects=False)
    assert response.headers["location"] == "/onboarding/screen"
    answers = {q.key: "no" for q in QUESTIONS}
    assert post(member, "/onboarding/screen", answers, follow_redirects=False).status_code == 303
    assert post(member, "/onboarding/start", follow_redirects=False).status_code == 303
    today = member.get("/").text
    assert "Answer the safety screen again" not in today
    profile = app.state.store.active_programme(_user(app))[0]
    assert profile["name"] == "Ria"  # the rest of the profile was kept


def test_while_blocked_the_session_shows_why_and_takes_no_more_sets(member, app):
    rows = _rows(member.get(f"/session/{DAY}").text)
    post(member, f"/session/{DAY}/sets", rows[0] | {"symptom": "on"}, page="/")
    page = member.get(f"/session/{DAY}").text
    assert "Answer the safety screen again" in page and _rows(page) == []
    assert "hamstrong profile init" not in page
    refused = post(member, f"/session/{DAY}/sets", rows[1], page="/", follow_redirects=False)
    assert refused.headers["location"] == f"/session/{DAY}/stopped"
    assert len(app.state.store.sets(_user(app))) == 1


def test_swap_an_exercise_for_a_rung_the_profile_allows(member, app, library):
    page = member.get(f"/session/{DAY}").text
    links = re.findall(r'href="\?swap=([a-z0-9-]+):([a-z0-9-]+)#', page)
    assert links, "no swap options offered"
    planned, chosen = links[0]
    swapped = member.get(f"/session/{DAY}", params={"swap": f"{planned}:{chosen}"}).text
    assert f"Instead of {library.get(planned).name} today" in swapped
    row = next(r for r in _rows(swapped) if r["exercise"] == chosen)
    form_swap = re.search(rf'name="swap" value="({planned}:{chosen})"', swapped)
    assert form_swap
    response = post(
        member,
        f"/session/{DAY}/sets",
        row | {"swap": form_swap.group(1)},
        page="/",
        follow_redirects=False,
    )
    assert response.status_code == 303
    [entry] = app.state.store.sets(_user(app))
    assert entry.exercise == chosen
    again = member.get(f"/session/{DAY}").text  # what was logged keeps the swap
    assert f"Instead of {library.get(planned).name} today" in again


def test_a_swap_the_rules_refuse_is_422_and_nothing_changes(member, app):
    page = member.get(f"/session/{DAY}").text
    planned = re.findall(r'<section class="station" id="ex-([a-z0-9-]+)"', page)[0]
    refused = member.get(f"/session/{DAY}", params={"swap": f"{planned}:nordic-hamstring-curl"})
    assert refused.status_code == 422
    assert "cannot stand in for" in refused.text
    row = _rows(page)[0] | {"swap": f"{row_planned(page)}:nordic-hamstring-curl"}
    posted = post(member, f"/session/{DAY}/sets", row, page="/")
    assert posted.status_code == 422
    assert app.state.store.sets(_user(app)) == []


def row_planned(page):
    return re.findall(r'<section class="station" id="ex-([a-z0-9-]+)"', page)[0]


def test_swap_options_keep_to_equipment_and_level(member, app, library):
    from hamstrong.profiles import profile_from_mapping
    from hamstrong.services.programmes import session_on, swap_options

    store = app.state.store
    session = session_on(store, user_id=_user(app), library=library, day=TODAY, today=TODAY).session
    profile = profile_from_mapping(store.active_programme(_user(app))[0])
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
    assert "pick left or right" in response.text.split('id="e-side"', 1)[1][:80]
    assert "--side" not in response.text


def test_a_future_session_can_be_read_but_not_logged(member):
    programme = member.get("/programme").text
    later = [d for d in re.findall(r'href="/session/(\d{4}-\d{2}-\d{2})"', programme) if d > DAY]
    page = member.get(f"/session/{later[0]}").text
    assert "in the future" in page and "How to do it" in page and _rows(page) == []


def test_a_second_tap_on_a_saved_set_saves_nothing_more(member, app):
    row = _rows(member.get(f"/session/{DAY}").text)[0]
    for _ in range(2):
        response = post(
            member, f"/session/{DAY}/sets", row, page="/", headers={"HX-Request": "true"}
        )
        assert response.status_code == 200 and "Saved:" in response.text
    assert len(app.state.store.sets(_user(app))) == 1
