"""The progress page: six sections (reading, chart, table), one PNG per chart, and self-tests."""

import re
import struct
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

import hamstrong.web
from hamstrong.core.assessments import GUIDES
from hamstrong.core.dates import short_day
from hamstrong.core.insight import progress
from hamstrong.core.readings import PANELS, read_progress, read_self_tests
from hamstrong.core.training_log import Checkin, SelfTest, SetEntry, TrainingLog
from hamstrong.core.training_log import TestKind as Kind  # "Test*" names confuse pytest
from hamstrong.core.vocab import Side
from hamstrong.errors import NotFound
from hamstrong.library import load_library
from hamstrong.outputs.charts import TITLES, panel_chart, progress_chart
from hamstrong.services.progress import PAGE_FIELDS
from tests.web.conftest import TODAY, post, sign_up
from tests.web.soup import field_error, form_values, one, parse, set_forms, text

DAY = TODAY.isoformat()
PNG = b"\x89PNG\r\n\x1a\n"
LIBRARY = load_library()
ONE_LEG = "single-leg-rdl-dumbbell"


def _no_data(*, planned: bool) -> dict[str, str]:
    """What the page reads with nothing logged (the wording itself is checked in the pure
    tests below): one planned session if a programme started today."""
    report = progress(
        TrainingLog(), library=LIBRARY, today=TODAY, planned=[TODAY] if planned else []
    )
    return {panel: " ".join(sentences) for panel, sentences in read_progress(report).items()}


def _user(app, email="ria@example.com"):
    return app.state.store.find_user_by_email(email).id


def _readings(page: str) -> dict[str, str]:
    """Each section's id and its reading, in page order."""
    return {
        str(section["id"]): text(one(section, "p.reading"))
        for section in parse(page).select("section.progress-panel")
    }


def _test(client, data, **kwargs):
    return post(client, "/progress/tests", data, page="/progress", **kwargs)


def _session_row(client) -> dict[str, str]:
    """The first set still to log in today's session, as its form would send it."""
    return set_forms(client.get(f"/session/{DAY}").text)[0] | {"rpe": "8", "pain": "2"}


def _table(page, labelled_by: str) -> list[list[str]]:
    """The body rows of the table labelled by ``labelled_by``, cell by cell."""
    table = one(page, f'table[aria-labelledby="{labelled_by}"]')
    return [[text(cell) for cell in row.select("th, td")] for row in table.select("tbody tr")]


# --- the page and its charts ---------------------------------------------------------------------


def test_six_sections_in_order_each_with_reading_chart_and_table(member):
    html = member.get("/progress").text
    assert list(_readings(html)) == list(PANELS)
    page = parse(html)
    charts = page.select('img[src^="/progress/"]')
    assert [str(i["src"]).split("?")[0] for i in charts] == [f"/progress/{p}.png" for p in PANELS]
    assert all(str(i["alt"]).endswith(" The figures are in the table below.") for i in charts)
    assert [t.get("aria-labelledby") for t in page.select("table")] == [f"h-{p}" for p in PANELS]
    for panel in PANELS:
        assert one(page, f"#h-{panel}").name == "h2"


def test_the_page_has_unique_ids_labelled_fields_and_scoped_headers(member):
    _test(member, {"kind": "ake", "value": "20", "side": "left", "day": DAY})
    page = parse(member.get("/progress").text)
    ids = [str(node["id"]) for node in page.select("[id]")]
    assert len(ids) == len(set(ids)), sorted(ids)
    fields = page.select('input:not([type="hidden"]), select, textarea')
    assert [field.get("id") for field in fields] == ["t-f-kind", "t-f-value", "t-f-side", "t-f-day"]
    labelled = {str(label["for"]) for label in page.select("label[for]")}
    assert {str(field["id"]) for field in fields} <= labelled
    scopes = {header.get("scope") for header in page.select("th")}
    assert scopes == {"col", "row"}
    bad = parse(_test(member, {"kind": "ake", "value": "", "side": "left", "day": DAY}).text)
    bad_ids = [str(node["id"]) for node in bad.select("[id]")]
    assert len(bad_ids) == len(set(bad_ids)), sorted(bad_ids)


def test_each_panel_is_its_own_png(member):
    charts = {}
    for panel in PANELS:
        response = member.get(f"/progress/{panel}.png")
        assert response.status_code == 200 and response.headers["content-type"] == "image/png"
        assert response.headers["cache-control"] == "private, no-store"
        assert response.content.startswith(PNG)
        assert struct.unpack(">II", response.content[16:24]) == (960, 600)  # 8 × 5 in, 120 dpi
        charts[panel] = response.content
    assert len(set(charts.values())) == len(PANELS)
    combined = member.get("/progress.png")
    assert combined.content.startswith(PNG) and combined.content not in charts.values()


def test_an_unknown_panel_is_404_and_charts_need_sign_in(member, client):
    assert member.get("/progress/weight.png").status_code == 404
    assert member.get("/progress/.png").status_code == 404
    post(member, "/logout")
    response = client.get("/progress/pain.png", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_panel_chart_draws_what_the_combined_chart_draws():
    report = progress(_full_log(), library=LIBRARY, today=TODAY)
    combined = progress_chart(report, "svg").decode("utf-8")
    for panel, title in zip(PANELS, TITLES, strict=True):
        alone = panel_chart(report, panel, "svg").decode("utf-8")
        assert title in alone and title in combined
        assert "No data yet" not in alone
        assert panel_chart(report, panel) == panel_chart(report, panel)  # reproducible bytes
    with pytest.raises(NotFound):
        panel_chart(report, "weight")


# --- readings change as the log grows -------------------------------------------------------------


def test_readings_change_after_a_set_a_checkin_and_a_self_test(member, app):
    before = _readings(member.get("/progress").text)
    assert before == _no_data(planned=True)
    assert before["sessions"] == "You did 0 of 1 planned sessions (0%)."

    response = post(member, f"/session/{DAY}/sets", _session_row(member), page="/")
    assert response.status_code == 200
    after_set = _readings(member.get("/progress").text)
    assert after_set["sessions"] == "You did 1 of 1 planned sessions (100%)."
    assert after_set["hard-sets"].startswith("This week so far: 1 hard set.")
    assert after_set["pain"].startswith("Latest pain: 2/10 during your sets on Mon 7 Dec 2026.")
    assert after_set["strength"] != before["strength"]

    assert post(member, "/checkin", {"pain": "4"}, page="/").status_code == 200
    after_checkin = _readings(member.get("/progress").text)
    assert after_checkin["pain"].startswith(
        "Latest pain: 2/10 during your sets on Mon 7 Dec 2026; 4/10 at the morning check-in on Mon 7 Dec 2026."
    )

    _test(member, {"kind": "sit-reach", "value": "14", "side": "both", "day": DAY})
    after_test = _readings(member.get("/progress").text)
    assert after_test["self-tests"].startswith("Latest: sit-and-reach, 14 in on Mon 7 Dec 2026:")
    assert {k for k in PANELS if after_test[k] != after_checkin[k]} == {"self-tests"}


def _records(page) -> list[str]:
    return [text(li) for li in one(page, "#records").select("li")]


def test_personal_records_are_listed_as_the_terminal_lists_them(member, app, client):
    from hamstrong.core.records import in_order, record_text
    from hamstrong.services.sessions import records_of

    empty = parse(member.get("/progress").text)
    assert text(one(empty, "#records p")) == (
        "No records yet: every set you log is one to beat next time."
    )
    post(member, f"/session/{DAY}/sets", _session_row(member), page="/")
    found = records_of(app.state.store, user_id=_user(app), library=LIBRARY, today=TODAY)
    expected = [
        f"{record_text(r, LIBRARY)} ({short_day(r.best.day)})"
        for r in in_order(found.records, LIBRARY)
    ]
    assert expected and _records(parse(member.get("/progress").text)) == expected
    post(member, "/logout")
    sign_up(client, "other@example.com")
    assert _records(parse(client.get("/progress").text)) == []


def test_a_left_right_gap_is_read_with_what_to_do(member, app):
    store, user = app.state.store, _user(app)
    for days_ago in (5, 2):
        day = TODAY - timedelta(days=days_ago)
        # the same load on both legs (like with like): 8 and 18 reps at RPE 8 are a 20% gap
        store.add_set(user, SetEntry(day, ONE_LEG, 8, kg=10.0, rpe=8, side=Side.LEFT))
        store.add_set(user, SetEntry(day, ONE_LEG, 18, kg=10.0, rpe=8, side=Side.RIGHT))
    page = member.get("/progress").text
    balance = _readings(page)["balance"]
    name = LIBRARY.get(ONE_LEG).name
    advice = (
        "Start with the weaker left leg and give it 1 extra set, and ask a physiotherapist or "
        "doctor to check it, especially if it hurts."
    )
    assert balance == (  # a 20% gap twice in a row: a check too
        f"Your left side does 20% less than your right on {name}. {advice}"
    )
    # the table says the same in the same words as `hamstrong progress` (present.gap_text)
    row = one(parse(page), "#balance tbody tr").select("th, td")
    assert [text(cell) for cell in row] == [name, "13.3 kg", "16.7 kg", f"20% — {advice}"]


# --- self-tests -----------------------------------------------------------------------------------


def test_a_self_test_is_saved_and_read_with_its_measurement_error(member, app):
    first = _test(member, {"kind": "ake", "value": "30", "side": "left", "day": "2026-11-09"})
    assert first.status_code == 200  # after the redirect
    response = _test(
        member,
        {"kind": "ake", "value": "22", "side": "left", "day": DAY},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/progress?recorded=ake:left:{DAY}#self-tests"
    page = parse(member.get(response.headers["location"]).text)
    status = [text(p) for p in one(page, 'div.ok[role="status"]').select("p")]
    assert status[0] == "Recorded: active knee extension (left), 22° on Mon 7 Dec 2026: normal."
    assert status[-1] == (
        "8° better than last time (30°), but a change under 15° is within measurement error "
        "(Reurink 2013), so treat it as no real change yet."
    )
    assert app.state.store.tests(_user(app)) == [
        SelfTest(TODAY - timedelta(days=28), Kind.AKE, 30, Side.LEFT),
        SelfTest(TODAY, Kind.AKE, 22, Side.LEFT),
    ]
    assert _table(page, "h-self-tests") == [
        [
            "Mon 9 Nov 2026",
            "Active knee extension",
            "left",
            "30°",
            "Men: normal; women: shortness (tight).",
        ],
        ["Mon 7 Dec 2026", "Active knee extension", "left", "22°", f"Normal. {status[-1]}"],
    ]


def test_an_htmx_self_test_gets_the_section_back(member, app):
    response = _test(
        member,
        {"kind": "chair-stand", "value": "12", "side": "both", "day": DAY},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = parse(response.text)
    [section] = fragment.find_all(recursive=False)
    assert section.name == "section" and section["id"] == "self-tests" and fragment.html is None
    status = one(section, 'div.ok[role="status"]')
    assert (
        text(status.p) == "Recorded: 30-second chair stand, 12 stands on Mon 7 Dec 2026: not rated."
    )
    chart = one(section, "figure.chart img")
    assert chart["src"] == "/progress/self-tests.png?n=1"  # a new chart, not the cached one
    assert len(app.state.store.tests(_user(app))) == 1


GOOD = {"kind": "ake", "value": "20", "side": "left", "day": DAY}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"value": ""}, "value", "is required"),
        ({"value": "twenty"}, "value", "must be a number, like 12.5"),
        ({"value": "nan"}, "value", "must be a number, like 12.5"),
        ({"value": "-5"}, "value", "active knee extension must be 0-90 degrees, not -5"),
        ({"value": "200"}, "value", "active knee extension must be 0-90 degrees, not 200"),
        (
            {"kind": "sit-reach", "value": "99", "side": "both"},
            "value",
            "sit-and-reach must be 0-40 inches, not 99",
        ),
        (
            {"kind": "chair-stand", "value": "11.5", "side": "both"},
            "value",
            "30-second chair stand must be a whole number of stands, not 11.5",
        ),
        ({"kind": "vo2max"}, "kind", "pick knee extension, sit-and-reach or chair stand"),
        (
            {"kind": "chair-stand", "value": "12"},
            "side",
            "only the knee extension is tested per leg: pick both",
        ),
        ({"side": "middle"}, "side", "must be left, right or both"),
        ({"day": "2026-12-08"}, "day", "Tue 8 Dec 2026 is in the future"),
        ({"day": "1969-12-31"}, "day", "must be Thu 1 Jan 1970 or later"),
        ({"day": "7/12/2026"}, "day", "must be a date like 2026-12-07"),
    ],
)
def test_a_bad_self_test_is_422_next_to_its_field_and_saves_nothing(
    member, app, change, field, message
):
    store, user = app.state.store, _user(app)
    _test(member, {"kind": "sit-reach", "value": "15", "side": "both", "day": DAY})
    before = store.tests(user)
    response = _test(member, GOOD | change)
    assert response.status_code == 422 and parse(response.text).html is not None
    assert field_error(response.text, field, prefix="t-") == message
    assert store.tests(user) == before and len(before) == 1
    htmx = _test(member, GOOD | change, headers={"HX-Request": "true"})
    assert htmx.status_code == 422 and parse(htmx.text).html is None
    assert field_error(htmx.text, field, prefix="t-") == message
    assert store.tests(user) == before


def test_a_refused_self_test_keeps_what_was_typed(member):
    response = _test(member, {"kind": "sit-reach", "value": "-1", "side": "both", "day": DAY})
    form = one(parse(response.text), 'form[action="/progress/tests"]')
    typed = form_values(form)
    assert typed["value"] == "-1" and typed["kind"] == "sit-reach"
    assert one(form, 'select[name="kind"] option[selected]')["value"] == "sit-reach"


def test_another_users_data_never_appears(member, app, client):
    _test(member, {"kind": "ake", "value": "37", "side": "right", "day": DAY})
    post(member, f"/session/{DAY}/sets", _session_row(member), page="/")
    mine = member.get("/progress/self-tests.png").content
    post(member, "/logout")

    sign_up(client, "other@example.com")
    html = client.get(f"/progress?recorded=ake:right:{DAY}").text
    page = parse(html)
    assert "37°" not in text(page) and not page.select('[role="status"]')
    assert _table(page, "h-self-tests") == [["No self-tests yet."]]
    assert _table(page, "h-hard-sets") == [["Nothing logged yet."]]
    assert _readings(html) == _no_data(planned=False)
    empty = progress(TrainingLog(), library=LIBRARY, today=TODAY)
    theirs = client.get("/progress/self-tests.png").content
    assert theirs == panel_chart(empty, "self-tests") != mine
    assert app.state.store.tests(_user(app, "other@example.com")) == []


# --- the readings themselves (pure) ---------------------------------------------------------------


def _full_log() -> TrainingLog:
    start = TODAY - timedelta(weeks=6)
    sets, checkins = [], []
    for week in range(7):
        for weekday in (0, 3):
            on = start + timedelta(weeks=week, days=weekday)
            if on > TODAY:
                continue
            sets += [SetEntry(on, "romanian-deadlift", 8, kg=20 + week, rpe=8, pain=2)] * 3
            sets.append(SetEntry(on, ONE_LEG, 9, kg=10.0, rpe=8, side=Side.LEFT))
            sets.append(SetEntry(on, ONE_LEG, 10, kg=10.0, rpe=8, side=Side.RIGHT))
            checkins.append(Checkin(on + timedelta(days=1), 1))
    tests = (
        SelfTest(start, Kind.SIT_REACH, 12),
        SelfTest(start + timedelta(weeks=4), Kind.SIT_REACH, 16),
    )
    return TrainingLog(tuple(sets), tuple(checkins), tests)


def _read(sets=(), checkins=(), tests=(), *, planned=(), age=None):
    log = TrainingLog(tuple(sets), tuple(checkins), tuple(tests))
    return read_progress(progress(log, library=LIBRARY, today=TODAY, planned=planned), age=age)


def test_no_data_says_so_plainly_in_every_panel():
    readings = _read()
    assert list(readings) == list(PANELS)
    assert readings == {
        "sessions": ("No sessions were planned up to today, and none are logged yet.",),
        "hard-sets": (
            "No hard sets logged yet: working sets at an effort of 7 out of 10 or more "
            "(or not rated) count.",
        ),
        "strength": (
            "No strength data yet: your best set of each exercise appears here once you log sets.",
        ),
        "balance": ("No one-leg work logged on both sides yet: log each leg to compare them.",),
        "pain": (
            "No pain ratings yet: rate pain during your sets and at the next-morning check-in.",
        ),
        "self-tests": (
            "No self-tests yet: record one below, then re-test every 4 weeks to see change.",
        ),
    }


def test_a_full_log_gets_one_to_three_sentences_per_panel_and_no_no_data():
    report = progress(_full_log(), library=LIBRARY, today=TODAY)
    readings = read_progress(report, age=30)
    for panel, sentences in readings.items():
        assert 1 <= len(sentences) <= 3, panel
        assert all(s.endswith(".") for s in sentences), panel
        assert not sentences[0].startswith("No "), panel
    assert readings["sessions"] == (
        "You trained on 13 days; no sessions were planned up to today.",
        "You have trained 7 weeks in a row (best 7).",
    )
    assert readings["balance"] == (
        "Your two sides differ by 2.4% on Single-leg RDL with a dumbbell, under the 10% that "
        "needs attention.",
    )
    assert readings["strength"] == (
        "Romanian deadlift (dumbbells): 34.7 kg estimated max (lifted 26 kg × 8) on "
        f"{short_day(TODAY)}, up 8% over its last 4 sessions.",
        "Across your 2 exercises: 1 going up, 1 steady.",
    )
    assert readings["self-tests"] == (
        f"Latest: sit-and-reach, 16 in on {short_day(TODAY - timedelta(days=14))}: average.",
        "4 in better than last time (12 in): more than the measurement error, so a real change.",
    )


def test_adherence_reading_counts_planned_done_and_back_to_back_days():
    sets = [SetEntry(TODAY - timedelta(days=d), "glute-bridge", 10, rpe=8) for d in (0, 1, 7)]
    planned = [TODAY - timedelta(days=d) for d in (0, 3, 7)]
    sessions = _read(sets, planned=planned)["sessions"]
    assert sessions[0] == "You did 2 of 3 planned sessions (67%), plus 1 extra training day."
    assert sessions[1] == "You have trained 2 weeks in a row (best 2)."
    assert sessions[2].startswith("You trained on Sun 6 Dec 2026 and Mon 7 Dec 2026, back to back")


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([10, 14], "Hard sets rose 40% on last week: more than the +30% the rules allow"),
        ([10, 13], "No weekly rise above 30% lately."),
        ([0, 5], "No weekly rise above 30% lately."),
        ([4, 4, 12, 12, 13], "That is more than 30% above your average of the 4 weeks before"),
        (
            [10, 14, 14],
            "The week of Mon 30 Nov 2026 rose more than 30%: keep weekly rises under 30%.",
        ),
    ],
)
def test_hard_set_reading_names_a_rise_over_30_percent(counts, expected):
    monday = TODAY - timedelta(days=TODAY.weekday())
    sets = []
    for weeks_ago, count in enumerate(reversed(counts)):
        on = monday - timedelta(weeks=weeks_ago)
        sets += [SetEntry(on, "glute-bridge", 10, rpe=8)] * count
        sets.append(SetEntry(on, "glute-bridge", 10, rpe=5))  # not hard: every week has a set
    hard_sets = _read(sets)["hard-sets"]
    assert hard_sets[0] == f"This week so far: {counts[-1]} hard sets; last week: {counts[-2]}."
    assert hard_sets[1].startswith(expected)


def test_balance_reading_waits_for_a_second_session_before_advising():
    one = [
        # the same load on both legs: 9 and 18 reps at RPE 8 are an 18% gap
        SetEntry(TODAY, ONE_LEG, 9, kg=10.0, rpe=8, side=Side.LEFT),
        SetEntry(TODAY, ONE_LEG, 18, kg=10.0, rpe=8, side=Side.RIGHT),
    ]
    gap = f"Your left side does 18% less than your right on {LIBRARY.get(ONE_LEG).name}."
    assert _read(one)["balance"] == (
        gap,
        "A gap counts once it shows on the same side 2 sessions in a row: compare again next time.",
    )
    earlier = [replace(s, day=TODAY - timedelta(days=3)) for s in one]
    assert _read(earlier + one)["balance"] == (
        gap,
        "Start with the weaker left leg and give it 1 extra set until the gap is under 10%.",
    )


def test_pain_reading_says_what_the_plan_does_about_pain():
    """The pain reading repeats the engine's findings, word for word (one rule, rules.py)."""
    high = _read([SetEntry(TODAY, "glute-bridge", 10, rpe=8, pain=6)])["pain"]
    assert high[1].startswith("Your session on Mon 7 Dec 2026 stopped (pain 6/10)")
    settled = _read(
        [SetEntry(TODAY - timedelta(days=1), "glute-bridge", 10, rpe=8, pain=1)],
        [Checkin(TODAY, 3)],
    )["pain"]
    assert settled[0] == (
        "Latest pain: 1/10 during your sets on Sun 6 Dec 2026; 3/10 at the morning check-in on Mon 7 Dec 2026."
    )
    assert settled[1].startswith("Morning pain 3/10 after your session on Sun 6 Dec 2026")
    morning = _read((), [Checkin(TODAY, 7)])["pain"]
    assert morning[1].startswith("Morning pain 7/10 on Mon 7 Dec 2026: loading pauses")
    rising = [Checkin(TODAY - timedelta(weeks=w), 4 - w) for w in (2, 1, 0)]
    trend = _read((), rising)["pain"]
    assert any(
        t.startswith("Your average morning pain has risen two weeks in a row") for t in trend
    )
    calm = _read([SetEntry(TODAY, "glute-bridge", 10, rpe=8, pain=2)])["pain"]
    assert calm[1].startswith("Recent ratings stay at or under 5/10")


def test_self_test_readings_survive_a_stored_value_out_of_range():
    tests = [
        SelfTest(TODAY - timedelta(days=9), Kind.AKE, 120, Side.LEFT),  # an old import, say
        SelfTest(TODAY, Kind.AKE, 40, Side.LEFT),
    ]
    readings = read_self_tests(tests, age=200)
    assert readings[0] is None
    assert readings[1] is not None and readings[1].change is None  # the bad one is no baseline
    assert readings[1].category == "shortness (tight)"
    assert _read(tests=tests)["self-tests"][0].endswith("40° on Mon 7 Dec 2026: shortness (tight).")


def test_an_imported_self_test_out_of_range_is_refused_so_the_chart_still_draws(member, app):
    export = (
        '{"schema": "hamstrong.export/1", "sets": [], "tests": ['
        f'{{"date": "{DAY}", "kind": "ake", "value": 1e308, "side": "left"}},'
        f'{{"date": "{DAY}", "kind": "ake", "value": 30, "side": "left"}}]}}'
    )
    response = post(
        member,
        "/import",
        {"unit": "kg"},
        files={"file": ("backup.json", export.encode(), "application/json")},
        page="/import",
    )
    assert response.status_code == 200
    report = parse(response.text).select("section.report p, section.report li")
    assert [text(line) for line in report] == [
        "Imported 0 new sets from a hamstrong-json export; 0 already there; 1 entry skipped: "
        "1 with a problem.",
        "Skipped test 1: value: active knee extension must be 0-90 degrees, not 1e+308",
    ]
    assert [t.value for t in app.state.store.tests(_user(app))] == [30]
    chart = member.get("/progress/self-tests.png")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/png"


def test_every_self_test_has_its_steps_on_the_page_with_chair_height_arms_and_zero(member):
    details = one(parse(member.get("/progress").text), "details.how#how-to-test")
    for kind in ("ake", "sit-reach", "chair-stand"):
        one(details, f"#how-{kind}")
    read = [text(line) for line in details.select("h4, p, li")]
    assert read == [
        *(
            line
            for g in GUIDES.values()
            for line in (
                g.name,
                f"You need: {'; '.join(g.need)}.",
                *g.steps,
                f"Score: {g.score}; {g.zero}.",
                f"Safety: {g.safety}",
            )
        ),
        "Repeat each test every 4 weeks, at the same time of day and after the same warm-up.",
    ]
    assert (  # the chair height, arms crossed, and what scores 0
        "You need: a sturdy chair without arms, seat about 43 cm (17 inches) high; a wall to put "
        "the chair against, so it cannot slide; a timer, and someone nearby if you are unsteady."
    ) in read
    assert (
        "Cross your arms over your chest, hands on the opposite shoulders, and keep them there."
        in read
    )
    assert (
        "Score: full stands in 30 seconds: higher is better; using your arms or hands to push up scores 0."
        in read
    )
    assert (
        "Score: degrees the knee stays short of straight: lower is better; 0° means the knee "
        "straightens fully with the thigh upright."
    ) in read
    assert len(details.select("ol")) == 3


def test_a_left_right_knee_extension_gap_is_flagged_and_the_next_test_is_scheduled(member):
    _test(member, {"kind": "ake", "value": "20", "side": "left", "day": DAY})
    page = member.get(
        _test(
            member,
            {"kind": "ake", "value": "36", "side": "right", "day": DAY},
            follow_redirects=False,
        ).headers["location"]
    ).text
    panel = one(parse(page), "#self-tests")
    recorded = [text(p) for p in one(panel, '[role="status"]').select("p")]
    gap = text(one(panel, 'p.warning[role="note"]'))
    assert recorded == [
        "Recorded: active knee extension (right), 36° on Mon 7 Dec 2026: shortness (tight).",
        "Your right knee stayed 36° short of straight: tight hamstrings (tight means more than 33° "
        "for men and 23.4° for women, from healthy 18-24 year olds). Your sex was not given, so "
        "this reads against both men's and women's norms.",
        "This is your first active knee extension (right) result: re-test in 4 weeks to see a "
        "change.",
        "Knee extension: your right knee stayed 36° short of straight and your left knee 20°, so "
        "the right hamstrings reach 22.9% less range. A gap of 20% or more is worth a "
        "physiotherapist's check, especially after a past hamstring strain.",
    ]
    assert gap == recorded[-1]  # the gap is flagged in the panel too, after the save
    retests = [text(li) for li in panel.select('ul[aria-labelledby="h-retests"] li')]
    assert (
        "Active knee extension (both legs, on one day): Mon 4 Jan 2027 (last done Mon 7 Dec 2026)."
        in retests
    )


def test_the_progress_page_reads_only_what_its_kept_view_holds() -> None:
    """The page around its panels is shown from ``page_view``, which keeps only
    ``PAGE_FIELDS`` of the report: its templates read no other field (the panels, rendered
    from the whole report, are kept apart)."""
    templates = Path(hamstrong.web.__file__).parent / "templates"
    read = {
        field
        for name in (
            "pages/progress.html",
            "partials/_self_tests.html",
            "partials/_form_trends.html",
        )
        for field in re.findall(r"\breport\.(\w+)", (templates / name).read_text())
    }
    assert read and read <= set(PAGE_FIELDS)
