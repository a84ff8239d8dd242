"""The onboarding wizard: per-step checks with 422, the draft, the red flag, preview and start."""

from datetime import timedelta

import pytest

from hamstrong.core.dates import long_day, short_day
from hamstrong.core.screen import QUESTIONS, SECTION_TITLES
from hamstrong.errors import InvalidInput
from hamstrong.library import load_library
from hamstrong.present import (
    FLOOR_QUESTION,
    MATCH_DAY_QUESTION,
    STRAIN_CHECK_TEXT,
    SUPERVISED_QUESTION,
)
from hamstrong.services.programmes import screen_referral
from tests.web.conftest import ALL_DAYS, TODAY, onboard, post, sign_up
from tests.web.soup import form_values, links, one, parse, set_forms, text


def _user(app):
    return app.state.store.find_user_by_email("ria@example.com").id


def question(key: str) -> str:
    [asked] = [q.text for q in QUESTIONS if q.key == key]
    return asked


def section_of(q) -> str:
    return SECTION_TITLES[q.urgency]


def referred(html: str) -> tuple[str, list[str]]:
    """The referral a page shows: its advice, and the answers that led to it."""
    page = parse(html)
    reasons = [text(li) for li in one(page, '[role="alert"]').find_next("ul").select("li")]
    return text(one(page, '[role="alert"]')), reasons


def today_session(app, day):
    from hamstrong.services.programmes import today_session as view

    return view(app.state.store, user_id=_user(app), library=load_library(), today=day).session


@pytest.mark.parametrize(
    ("step", "data", "field", "message"),
    [
        ("about", {"age": "30"}, "level", "pick one"),
        (
            "about",
            {"level": "beginner", "age": "6"},
            "age",
            "must be 7 or more",
        ),
        ("about", {"level": "beginner", "floor": "maybe"}, "floor", "answer yes or no"),
        ("about", {"level": "beginner", "age": "old"}, "age", "must be a whole number, not 'old'"),
        (
            "about",
            {"level": "guru"},
            "level",
            "must be beginner, intermediate or advanced, not 'guru'",
        ),
        (
            "schedule",
            {"sessions_per_week": "2", "minutes": "30"},
            "days",
            "must have at least 1 entry",
        ),
        (
            "schedule",
            {"sessions_per_week": "2", "days": ["mon"], "minutes": "5"},
            "minutes",
            "must be 15 or more",
        ),
        (
            "schedule",
            {"sessions_per_week": "4", "days": ["mon"], "minutes": "30"},
            "sessions_per_week",
            "must be 2 or 3, not 4",
        ),
        ("schedule", {"days": ["mon"], "minutes": "30"}, "sessions_per_week", "pick 2 or 3"),
        (
            "schedule",
            {"sessions_per_week": "2", "days": ["mon"], "minutes": "30", "match_day": "funday"},
            "match_day",
            "must be mon, tue, wed, thu, fri, sat or sun, not 'funday'",
        ),
        (
            "schedule",
            {"sessions_per_week": "2", "days": ["mon"], "minutes": "30", "start": "2020-01-01"},
            "start",
            "must be today or later",
        ),
        (
            "injuries",
            {"knee_pain.have": "on", "knee_pain.weeks_ago": ""},
            "knee_pain.weeks_ago",
            "say how many weeks ago (0 if it is now)",
        ),
        (
            "injuries",
            {"knee_pain.have": "on", "knee_pain.weeks_ago": "9999"},
            "knee_pain.weeks_ago",
            "must be 520 or less",
        ),
        (
            "injuries",
            {
                "hamstring_strain.have": "on",
                "hamstring_strain.weeks_ago": "2",
                "hamstring_strain.checks": ["walking", "flying"],
            },
            "hamstring_strain.checks",
            "must be walking, stairs, jogging, pressing, bridge, extender, flexibility or "
            "confident, not 'flying'",
        ),
        ("screen", {}, QUESTIONS[0].key, "answer yes or no"),
    ],
    ids=[
        "no-level",
        "too-young",
        "floor-not-yes-or-no",
        "age-not-a-number",
        "unknown-level",
        "no-days",
        "too-few-minutes",
        "four-sessions",
        "no-sessions",
        "start-in-the-past",
        "unknown-match-day",
        "injury-without-weeks",
        "injury-weeks-too-many",
        "unknown-return-sign",
        "screen-unanswered",
    ],
)
def test_each_step_re_renders_with_the_message_next_to_the_field_and_422(
    client, step, data, field, message
):
    sign_up(client)
    response = post(client, f"/onboarding/{step}", data)
    assert response.status_code == 422
    error_id = "e-" + field.replace(".", "-")
    assert text(one(parse(response.text), f"#{error_id}")) == message
    assert "draft" not in client.get("/onboarding/about").text  # nothing leaked, page still fine


def test_the_wizard_reports_every_problem_of_a_step_in_one_round(client):
    """Issue 10: a number that did not parse hid the profile rules' messages until the next try."""
    sign_up(client)
    schedule = {"sessions_per_week": "x" * 10_000, "minutes": "5", "start": "2020-01-01"}
    response = post(client, "/onboarding/schedule", schedule)
    assert response.status_code == 422
    page = parse(response.text)
    assert {name: text(one(page, f"#e-{name}")) for name in schedule | {"days": ""}} == {
        "sessions_per_week": f"must be a whole number, not '{'x' * 39}…'",
        "minutes": "must be 15 or more",
        "start": "must be today or later",
        "days": "must have at least 1 entry",
    }
    about = post(client, "/onboarding/about", {"age": "old", "level": "guru"})
    page = parse(about.text)
    assert text(one(page, "#e-age")) == "must be a whole number, not 'old'"
    assert text(one(page, "#e-level")) == "must be beginner, intermediate or advanced, not 'guru'"


def test_older_adults_are_asked_for_a_chair_on_the_equipment_step(client):
    sign_up(client)
    assert (
        post(
            client,
            "/onboarding/about",
            {"level": "beginner", "population": "older_adult"},
            follow_redirects=False,
        ).status_code
        == 303
    )
    response = post(client, "/onboarding/equipment", {"equipment": ["mat"]})
    assert response.status_code == 422
    page = parse(response.text)
    assert text(one(page, "#e-equipment")) == (
        'older adults train next to a sturdy chair (for support and sit-to-stands): add "chair" '
        "to equipment"
    )
    assert form_values(one(page, "main form"))["equipment"] == "mat"  # ticked stays ticked


def test_the_draft_is_kept_between_steps(client):
    sign_up(client)
    post(client, "/onboarding/about", {"name": "Ria", "level": "intermediate"})
    about = form_values(one(parse(client.get("/onboarding/about").text), "main form"))
    assert (about["name"], about["level"]) == ("Ria", "intermediate")


def test_preview_shows_two_weeks_and_a_start_button_and_saves_nothing(client, app):
    sign_up(client)
    onboard(client)
    page = client.get("/onboarding/preview")
    assert page.status_code == 200
    shown = parse(page.text)
    assert text(one(shown, "h1")) == "Your first two weeks"
    assert text(shown.select("main p")[0]) == (
        f"8 weeks in all, starting {long_day(TODAY)}. Here is how it begins."
    )
    assert [text(c) for c in shown.select("table.week caption")] == ["Week 1", "Week 2"]
    days = [text(th) for th in shown.select('table.week th[scope="row"]')]
    assert days == [short_day(TODAY + timedelta(days=n)) for n in (0, 3, 7, 10)]  # 2 a week
    assert text(one(shown, 'form[action="/onboarding/start"] button')) == "Start"
    assert app.state.store.active_programme(_user(app)) is None


def test_start_saves_the_programme_and_today_shows_the_session(client, app):
    sign_up(client)
    onboard(client)
    response = post(client, "/onboarding/start", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    saved = app.state.store.active_programme(_user(app))
    profile, start, weeks = saved.profile, saved.start, saved.weeks
    assert start == TODAY and weeks == 8 and profile["days"] == ALL_DAYS
    today = client.get("/")
    due = today_session(app, TODAY)
    assert text(one(parse(today.text), "section.due h2")) == f"Your session is due: {due.focus}"
    start = one(parse(today.text), f'form[action="/session/{TODAY.isoformat()}/start"]')
    assert start.get_text(strip=True) == "Start the session"


def test_a_red_flag_shows_the_referral_and_saves_no_programme(client, app):
    sign_up(client)
    onboard(client, screen_yes=("saddle_numbness",))
    preview = client.get("/onboarding/preview")
    assert preview.status_code == 200
    referral = screen_referral({"saddle_numbness": True})
    assert referred(preview.text) == (referral.advice, [question("saddle_numbness")])
    assert not parse(preview.text).select('form[action="/onboarding/start"]')
    started = post(client, "/onboarding/start")
    assert referred(started.text) == (referral.advice, [question("saddle_numbness")])
    assert app.state.store.active_programme(_user(app)) is None


def test_without_a_programme_today_sends_you_to_onboarding(client):
    sign_up(client)
    response = client.get("/", follow_redirects=False)
    assert response.headers["location"] == "/onboarding"


def test_the_screen_groups_questions_by_section(client):
    sign_up(client)
    page = parse(client.get("/onboarding/screen").text)
    sections = [text(h) for h in page.select("main h2")]
    assert sorted(sections) == sorted(SECTION_TITLES.values())
    asked = [text(legend) for legend in page.select("fieldset.question legend")]
    assert asked == [q.text for title in sections for q in QUESTIONS if title == section_of(q)]


def test_unknown_step_is_404(client):
    sign_up(client)
    assert client.get("/onboarding/nope").status_code == 404


def test_starting_again_begins_from_the_saved_answers_but_asks_the_screen_afresh(member):
    member.get("/onboarding")
    about = form_values(one(parse(member.get("/onboarding/about").text), "main form"))
    assert (about["name"], about["level"]) == ("Ria", "beginner")
    screen = form_values(one(parse(member.get("/onboarding/screen").text), "main form"))
    assert not {q.key for q in QUESTIONS} & set(screen)  # no answer ticked in advance


def test_the_equipment_step_shows_a_picture_of_each_kit_with_credit(client, library):
    sign_up(client)
    page = client.get("/onboarding/equipment")
    assert page.status_code == 200
    kit = one(parse(page.text), "main fieldset.cards")
    pictured = [card for card in kit.select("label.card") if card.select("img")]
    assert len(pictured) >= 5
    for card in pictured:
        photo = str(one(card, "img")["src"])
        shown = {e.name for e in library if e.photos and f"/{e.photos[0]}" == photo}
        help_text, name = text(one(card, ".card-help")).removesuffix(")").split(" (pictured: ")
        assert help_text and name in shown
    assert text(one(kit, "p.meta")) == "Photos: free-exercise-db (public domain)."
    photo = str(parse(page.text).select('img[src^="/photos/"]')[0]["src"])
    assert client.get(photo).headers["content-type"] == "image/jpeg"


def test_a_red_flag_on_a_new_screen_stops_the_programme_being_followed(member, app):
    """Red flags win: answering yes when re-screened ends training until a clinician clears it."""
    user = _user(app)
    assert app.state.store.active_programme(user) is not None
    assert text(one(parse(member.get("/").text), "section.due h2")).startswith(
        "Your session is due: "
    )
    member.get("/onboarding/rescreen")
    answers = {q.key: "no" for q in QUESTIONS} | {"chest_pain": "yes"}
    response = post(member, "/onboarding/screen", answers, page="/onboarding/screen")
    page = parse(response.text)
    assert text(one(page, "h1")) == "Please see a professional before training"
    assert referred(response.text) == (
        screen_referral({"chest_pain": True}).advice,
        [question("chest_pain")],
    )
    assert [text(p) for p in one(page, "main").select("main > p")] == [
        "No programme has been saved, and any programme you were following has stopped. When a "
        "clinician has checked you, come back and answer the safety screen again.",
        "HamStrong gives general exercise guidance. It does not diagnose, and it does not replace "
        "a clinician.",
    ]
    assert app.state.store.active_programme(user) is None
    assert member.get("/", follow_redirects=False).headers["location"] == "/onboarding"
    assert member.get(f"/session/{TODAY.isoformat()}").status_code == 404


def test_a_red_flag_counts_even_when_other_screen_questions_are_left_blank(member, app):
    user = _user(app)
    row = set_forms(member.get(f"/session/{TODAY.isoformat()}").text)[0] | {"rpe": "7"}
    post(member, f"/session/{TODAY.isoformat()}/sets", row, page="/")
    logged = app.state.store.sets(user)
    member.get("/onboarding/rescreen")
    answers = {"chest_pain": "yes", "fainting": "no"}
    response = post(member, "/onboarding/screen", answers, page="/onboarding/screen")
    assert response.status_code == 200  # the referral at once, not a 422 for the blanks
    page = parse(response.text)
    assert text(one(page, "h1")) == "Please see a professional before training"
    assert text(one(page, '[role="alert"]')) == screen_referral({"chest_pain": True}).advice
    assert app.state.store.active_programme(user) is None  # training has stopped
    assert member.get(f"/session/{TODAY.isoformat()}").status_code == 404
    again = parse(member.get("/onboarding/screen").text)  # the answers given are still there
    assert form_values(one(again, "main form"))["chest_pain"] == "yes"
    assert form_values(one(again, "main form"))["fainting"] == "no"
    assert len(logged) == 1 and app.state.store.sets(user) == logged  # the log is kept


def test_the_wizard_asks_about_the_floor_a_coach_a_match_day_and_a_strain_s_return_signs(
    client, app
):
    sign_up(client)
    about = parse(client.get("/onboarding/about").text)
    assert FLOOR_QUESTION in [text(legend) for legend in about.select("legend")]
    assert f"{SUPERVISED_QUESTION} (matters if you are under 18)" in [
        text(label) for label in about.select("label.choice")
    ]
    schedule_page = parse(client.get("/onboarding/schedule").text)
    assert text(one(schedule_page, 'label[for="f-match_day"]')) == MATCH_DAY_QUESTION
    injuries = parse(client.get("/onboarding/injuries").text)
    checks = injuries.select('label.choice:has(input[name="hamstring_strain.checks"])')
    assert [(one(c, "input")["value"], text(c)) for c in checks] == [
        (check.value, words) for check, words in STRAIN_CHECK_TEXT.items()
    ]
    answers = {"floor": "no", "supervised": "on", "age": "16"}
    post(client, "/onboarding/about", {"name": "Kai", "level": "beginner", **answers})
    without_chair = post(client, "/onboarding/equipment", {"equipment": ["mat"]})
    assert without_chair.status_code == 422  # no floor: chair-based work needs a chair
    assert text(one(parse(without_chair.text), "#e-equipment")) == (
        "without floor exercises the plan is standing and chair-based work next to a sturdy "
        'chair: add "chair" to equipment'
    )
    onboard(client, **answers)
    schedule = {"sessions_per_week": "2", "days": ALL_DAYS, "minutes": "30", "match_day": "sat"}
    post(client, "/onboarding/schedule", schedule | {"start": TODAY.isoformat()})
    strain = {"have": "on", "side": "left", "weeks_ago": "3", "checks": ["walking", "stairs"]}
    post(client, "/onboarding/injuries", {f"hamstring_strain.{k}": v for k, v in strain.items()})
    again = parse(client.get("/onboarding/injuries").text)
    ticked = again.select('input[name="hamstring_strain.checks"][checked]')
    assert [box["value"] for box in ticked] == ["walking", "stairs"]
    post(client, "/onboarding/screen", {q.key: "no" for q in QUESTIONS})
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
    profile = app.state.store.active_programme(_user(app)).profile
    assert profile["floor"] is False and profile["supervised"] is True
    assert profile["match_day"] == "sat"
    assert profile["injuries"][0]["checks"] == ["walking", "stairs"]


def test_a_recent_strain_with_a_pop_needs_a_clinician_unless_one_has_assessed_it(client, app):
    """Issue 8 §1: a suspected complete tear is referred within days; a strain a clinician has
    assessed and cleared for graded exercise takes the strain track instead."""
    sign_up(client)
    onboard(client)
    strain = {"have": "on", "side": "left", "weeks_ago": "3", "checks": ["walking"]}
    answers = {q.key: "no" for q in QUESTIONS} | {"thigh_pop": "yes"}
    post(client, "/onboarding/injuries", {f"hamstring_strain.{k}": v for k, v in strain.items()})
    sent = post(client, "/onboarding/screen", answers)
    assert text(one(parse(sent.text), "h1")) == "Please see a professional before training"
    assert referred(sent.text) == (
        screen_referral({"thigh_pop": True}).advice,
        [question("thigh_pop")],
    )
    assert app.state.store.active_programme(_user(app)) is None
    assessed = {f"hamstring_strain.{k}": v for k, v in (strain | {"assessed": "on"}).items()}
    post(client, "/onboarding/injuries", assessed)
    assert post(client, "/onboarding/screen", answers, follow_redirects=False).status_code == 303
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
    profile = app.state.store.active_programme(_user(app)).profile
    assert profile["injuries"][0]["assessed"] is True and profile["screen"]["thigh_pop"] is True
    names = [text(li) for li in parse(client.get("/programme").text).select("ul.names li")]
    assert load_library().get("askling-extender").name in names  # Askling's lengthening work


def test_after_a_stop_and_a_clear_screen_the_stopped_day_stays_stopped(member, app):
    """Issue 10: re-answering the screen "no" on the day of a stop restarted at week 1 and
    offered that day's session again; the new programme starts 48 hours later."""
    day = TODAY.isoformat()
    row = set_forms(member.get(f"/session/{day}").text)[0] | {"rpe": "7", "pain": "7"}
    post(member, f"/session/{day}/sets", row, page="/")
    member.get("/onboarding/rescreen")
    answers = {q.key: "no" for q in QUESTIONS}
    assert post(member, "/onboarding/screen", answers, follow_redirects=False).status_code == 303
    later = TODAY + timedelta(days=2)
    preview = parse(member.get("/onboarding/preview").text)
    why = (
        f"The programme starts on {short_day(later)}, 48 hours after your last session "
        f"({short_day(TODAY)}), so your hamstrings recover first."
    )
    assert why in [text(p) for p in preview.select("p.warning")]
    assert post(member, "/onboarding/start", follow_redirects=False).status_code == 303
    assert app.state.store.active_programme(_user(app)).start == later
    assert member.get(f"/session/{day}").status_code == 404  # no session offered that day
    assert f"/session/{day}" not in links(parse(member.get("/").text))
    calendar = parse(member.get("/programme").text).select('td.session a[href^="/session/"]')
    assert calendar and min(a["href"].split("/")[2] for a in calendar) >= later.isoformat()


def _hints_are_read(form) -> list[str]:
    """Every hint of a wizard form (``.hint``, a card's ``.card-help``) is the description of
    a control or group (``aria-describedby``), and every description points at something."""
    problems = []
    for hint in form.select(".hint, .card-help"):
        described = hint.get("id") and form.select(f'[aria-describedby~="{hint["id"]}"]')
        if not described:
            problems.append(f"not read: {text(hint)}")
    for control in form.select("[aria-describedby]"):
        problems += [
            f"no #{ref}"
            for ref in control["aria-describedby"].split()
            if not form.select(f"#{ref}")
        ]
    return problems


def test_every_hint_of_the_wizard_is_read_with_its_control(client):
    from hamstrong.web.forms.onboarding import STEPS

    sign_up(client)
    for step in STEPS:
        form = one(parse(client.get(f"/onboarding/{step}").text), "main form")
        assert _hints_are_read(form) == [], step
    kit = one(parse(client.get("/onboarding/equipment").text), "main form")
    boxes = kit.select('input[name="equipment"]')
    assert boxes
    for box in boxes:  # named by the card's title, its help read after the name
        card = box.find_parent("label")
        assert box["aria-labelledby"] == one(card, ".card-title")["id"]
        assert box["aria-describedby"] == one(card, ".card-help")["id"]


def test_a_field_with_a_hint_and_an_error_is_described_by_both(client):
    sign_up(client)
    refused = post(
        client, "/onboarding/equipment", {"units": "kg", "dumbbells": "heavy"}, page="/login"
    )
    assert refused.status_code == 422
    form = one(parse(refused.text), "main form")
    assert one(form, "#f-dumbbells")["aria-describedby"] == "h-dumbbells e-dumbbells"
    assert _hints_are_read(form) == []


def test_the_schedule_step_offers_the_sessions_and_minutes_of_the_one_definition(client):
    """How many sessions a week and how many minutes a profile may ask for are defined once
    (``core.profile``): the schedule step, its error and both profile checks use them."""
    from typing import get_args

    from hamstrong.core.profile import DEFAULT_MINUTES, SESSION_MINUTES, SESSIONS_PER_WEEK
    from hamstrong.profiles import profile_from_mapping
    from hamstrong.profiles.model import ProfileModel
    from hamstrong.web.forms.onboarding import _VALID_BASE

    low, high = SESSION_MINUTES
    sign_up(client)
    page = parse(client.get("/onboarding/schedule").text)
    choices = page.select('input[name="sessions_per_week"]')
    assert [int(str(c["value"])) for c in choices] == list(SESSIONS_PER_WEEK)
    minutes = one(page, 'input[name="minutes"]')
    assert (minutes["min"], minutes["max"], minutes["value"]) == (
        str(low),
        str(high),
        str(DEFAULT_MINUTES),
    )
    assert text(one(page, 'label[for="f-minutes"]')) == f"Minutes per session ({low} to {high})"
    assert get_args(ProfileModel.model_fields["sessions_per_week"].annotation) == SESSIONS_PER_WEEK
    for spw in (min(SESSIONS_PER_WEEK) - 1, *SESSIONS_PER_WEEK, max(SESSIONS_PER_WEEK) + 1):
        for mins in (low - 1, low, high, high + 1):
            fits = spw in SESSIONS_PER_WEEK and low <= mins <= high
            data = {**_VALID_BASE, "sessions_per_week": spw, "minutes": mins}
            try:
                profile_from_mapping(data)
            except InvalidInput:
                assert not fits, (spw, mins)
            else:
                assert fits, (spw, mins)
