"""Library, learn, programme calendar, PDF, calendar feed, exports, imports, manifest and icons."""

import json
import re
from pathlib import Path

import pytest

from tests.web.conftest import TODAY, TestClient, post
from tests.web.soup import field_error, links, one, parse, text

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


def _exercise_ids(page) -> list[str]:
    return [str(a["href"]).removeprefix("/exercises/") for a in page.select("#exercise-list li a")]


def test_signed_out_home_is_the_welcome_page(client):
    response = client.get("/")
    assert response.status_code == 200
    start = one(parse(response.text), "main a.button")
    assert start["href"] == "/signup" and text(start) == "Get started"


def test_every_page_carries_the_htmx_422_config_and_the_vendored_htmx(client):
    page = parse(client.get("/learn").text)
    config = json.loads(str(one(page, 'meta[name="htmx-config"]')["content"]))
    assert {"code": "422", "swap": True} in config["responseHandling"]
    one(page, 'script[src="/static/htmx.min.js"]')
    script = client.get("/static/htmx.min.js")
    assert script.status_code == 200 and "htmx" in script.text[:200]


def test_the_library_filters_by_equipment_pattern_level_and_text(client, library):
    everything = parse(client.get("/exercises").text)
    assert sorted(_exercise_ids(everything)) == sorted(e.id for e in library)
    assert text(one(everything, "#exercise-list .found")) == f"{len(library)} exercises"
    # the old form sent filtered=1 with every change: nothing ticked is still everything
    unticked = parse(client.get("/exercises", params={"filtered": "1"}).text)
    assert sorted(_exercise_ids(unticked)) == sorted(e.id for e in library)
    bodyweight = parse(client.get("/exercises", params={"equipment": "none"}).text)
    metas = [text(m) for m in bodyweight.select("#exercise-list li .meta")]
    assert metas and all(m.endswith(" · no equipment") for m in metas)
    assert _exercise_ids(bodyweight) == [e.id for e in library if not e.equipment]
    assert text(one(bodyweight, "#have-summary")) == "nothing (bodyweight only)"
    dumbbell = _exercise_ids(parse(client.get("/exercises?equipment=dumbbell").text))
    assert "romanian-deadlift" in dumbbell and "glute-bridge" in dumbbell
    assert "nordic-hamstring-curl" not in dumbbell
    bogus = _exercise_ids(parse(client.get("/exercises?equipment=treadmill").text))
    assert sorted(bogus) == sorted(e.id for e in library)
    hinges = parse(client.get("/exercises", params={"pattern": "hinge", "level": "beginner"}).text)
    ids = _exercise_ids(hinges)
    assert ids and all(library.get(i).pattern.value == "hinge" for i in ids)
    nordics = ["band-assisted-nordic", "partial-nordic", "nordic-hamstring-curl", "loaded-nordic"]
    for query in ("nordic", "nordik", "Nordic curl"):
        found = parse(client.get("/exercises", params={"q": query}).text)
        assert sorted(_exercise_ids(found)) == sorted(nordics)
    status = text(one(found, "#exercise-list .found"))
    assert status == f"4 of {len(library)} exercises, best match first Show all"


def test_the_library_search_forgives_and_puts_the_best_match_first(client):
    found = _exercise_ids(parse(client.get("/exercises", params={"q": "hamstring curl"}).text))
    assert found[:2] == ["standing-hamstring-curl", "banded-standing-hamstring-curl"]
    assert "stability-ball-leg-curl" in found  # other apps call it a hamstring curl
    rdl = _exercise_ids(parse(client.get("/exercises", params={"q": "RDL"}).text))
    assert "romanian-deadlift" in rdl and "single-leg-rdl" in rdl
    one_leg = _exercise_ids(parse(client.get("/exercises?q=single+leg+deadlift").text))
    assert set(one_leg) == {
        "supported-single-leg-rdl",
        "single-leg-rdl",
        "single-leg-rdl-dumbbell",
        "single-leg-rdl-kettlebell",
    }


def test_a_search_that_finds_nothing_says_so_and_what_to_try(client):
    page = parse(client.get("/exercises", params={"q": "zumba", "equipment": "none"}).text)
    assert text(one(page, "#exercise-list .found")) == (
        "No exercise matches “zumba” with these filters. Show all"
    )
    assert links(one(page, "#exercise-list"))["/exercises"] == "Show all"
    assert text(one(page, "#exercise-list .hint")) == (
        "Check the spelling, use fewer words, or clear the filters."
    )


def test_a_huge_search_is_neither_echoed_nor_slow(client):
    response = client.get("/exercises", params={"q": "nordic" + "x" * 10_000})
    assert response.status_code == 200 and "x" * 200 not in response.text
    box = one(parse(response.text), "#f-q")
    assert len(str(box["value"])) == 100 and box["maxlength"] == "100"


def test_the_library_list_is_a_fragment_for_htmx(client):
    fragment = client.get("/exercises", params={"q": "bridge"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    page = parse(fragment.text)
    assert [child.name for child in page.find_all(recursive=False)] == ["div"]
    assert page.div["id"] == "exercise-list" and page.html is None
    # the folded equipment's summary is updated out of band
    assert one(page, "#have-summary")["hx-swap-oob"] == "true"


def test_an_exercise_page_has_cues_mistakes_and_its_ladder(client, library):
    exercise = library.get("nordic-hamstring-curl")
    page = parse(client.get(f"/exercises/{exercise.id}").text)
    assert text(one(page, "h1")) == exercise.name
    sections = {text(h): h.find_next_sibling("ul") for h in page.select("main h2")}
    assert [text(li) for li in sections["How to do it"].select("li")] == list(exercise.cues)
    assert [text(li) for li in sections["Common mistakes"].select("li")] == list(exercise.mistakes)
    assert [text(li) for li in sections["The ladder"].select("li")] == [
        *(f"Easier: {library.get(x).name}" for x in exercise.easier),
        *(f"Harder: {library.get(x).name}" for x in exercise.harder),
    ]
    assert client.get("/exercises/nordic-crul").status_code == 404


def test_the_learn_page_answers_the_common_questions(client):
    page = parse(client.get("/learn").text)
    assert [text(h) for h in page.select("main h2")] == [
        "Why train the hamstrings at all?",
        "How often should I train them?",
        "Is it safe for beginners?",
        "What are the best moves at home?",
        "Does tight mean strong?",
        "Does it help knee pain?",
        "The common mistakes",
    ]


def test_manifest_and_icons_make_it_installable(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    data = manifest.json()
    assert data["display"] == "standalone" and data["start_url"] == "/"
    for icon in data["icons"]:
        png = client.get(icon["src"])
        assert png.status_code == 200 and png.content[:4] == b"\x89PNG"
        size = int(icon["sizes"].split("x")[0])
        width, height = (
            int.from_bytes(png.content[16:20], "big"),
            int.from_bytes(png.content[20:24], "big"),
        )
        assert (width, height) == (size, size)
    assert client.get("/icons/icon-64.png").status_code == 404


def test_the_programme_is_a_table_per_week(member):
    page = parse(member.get("/programme").text)
    weeks = page.select("table.week")
    assert [text(one(week, "caption")) for week in weeks] == [f"Week {n}" for n in range(1, 9)]
    assert all(week.select('th[scope="row"]') for week in weeks)
    assert text(one(page, "td.today .today-mark")) == "(today)"


def test_the_programme_prints_as_pdf(member):
    pdf = member.get("/programme.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert pdf.headers["content-type"] == "application/pdf"


def _feed(client) -> str:
    """The private calendar address the programme page offers to copy."""
    page = parse(client.get("/programme").text)
    address = str(one(page, 'input[aria-label="Private calendar address"]')["value"])
    assert re.fullmatch(r"http://testserver/ical/[^/]+\.ics", address), address
    return address


def test_the_private_calendar_feed_works_without_a_session(member, app):
    feed = _feed(member)
    with TestClient(app) as anonymous:
        calendar = anonymous.get(feed)
    assert calendar.status_code == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert (
        b"BEGIN:VEVENT" in calendar.content
        and TODAY.strftime("%Y%m%d").encode() in calendar.content
    )


def test_a_new_calendar_address_revokes_the_old_one(member, app):
    old = _feed(member)
    response = post(member, "/programme/feed/revoke", page="/programme", follow_redirects=False)
    assert response.status_code == 303
    new = _feed(member)
    assert old != new
    with TestClient(app) as anonymous:
        assert anonymous.get(old).status_code == 404
        assert anonymous.get(new).status_code == 200


def test_exports_download_csv_and_json(member):
    csv = member.get("/export.csv")
    assert csv.status_code == 200 and "attachment" in csv.headers["content-disposition"]
    exported = member.get("/export.json")
    assert json.loads(exported.text)["schema"] == "hamstrong.export/1"
    assert member.get("/export.xml").status_code == 404


def _report(response) -> list[str]:
    """The import report's heading and lines, as a person reads them."""
    report = one(parse(response.text), 'section.report[role="status"]')
    return [text(line) for line in report.select("h2, p, li")]


NOT_SETS = "that are not sets (rest timers, notes, cardio)"


@pytest.mark.parametrize(
    ("name", "kind", "not_sets", "custom"),
    [
        ("strong.csv", "strong", 2, "Seated Leg Curl (Machine), Plank"),
        ("hevy-kg.csv", "hevy", 1, "Back Extension (Weighted), Plank"),
        ("fitbod-kg.csv", "fitbod", 1, "Cable Kickback, Plank"),
    ],
)
def test_import_shows_the_report_and_a_second_import_adds_nothing(
    member, name, kind, not_sets, custom
):
    content = (FIXTURES / name).read_bytes()

    def upload():
        files = {"file": (name, content, "text/csv")}
        return post(member, "/import", {"unit": "kg"}, files=files, page="/import")

    first = upload()
    rows = "row" if not_sets == 1 else "rows"
    that = "that is not a set (rest timers, notes, cardio)" if not_sets == 1 else NOT_SETS
    custom_line = f"Names we could not match to our library (kept as your own exercises): {custom}"
    assert first.status_code == 200 and _report(first) == [
        "Import report",
        f"Imported 7 new sets from a {kind} export; 0 already there; "
        f"{not_sets} {rows} skipped: {not_sets} {that}.",
        custom_line,
    ]
    assert _report(upload())[1] == (
        f"Imported 0 new sets from a {kind} export; 7 already there; "
        f"{not_sets} {rows} skipped: {not_sets} {that}."
    )


def test_a_row_with_a_problem_is_listed_and_counted_as_skipped(member):
    content = (FIXTURES / "strong.csv").read_text(encoding="utf-8")
    content += "2024-03-09 18:00:00,Legs,1h,Glute Bridge,1,0,x,0,0,\n"
    files = {"file": ("strong.csv", content.encode(), "text/csv")}
    report = post(member, "/import", {"unit": "kg"}, files=files, page="/import")
    assert report.status_code == 200 and _report(report)[:3] == [
        "Import report",
        "Imported 7 new sets from a strong export; 0 already there; 3 rows skipped: "
        f"2 {NOT_SETS} and 1 with a problem.",
        "Skipped line 11: reps 'x' is not a whole number of 0 or more",
    ]


def test_import_without_a_file_or_with_a_binary_one_is_422(member, app):
    none = post(member, "/import", {"unit": "kg"}, page="/import")
    assert none.status_code == 422
    assert (
        field_error(none.text, "file") == "choose a CSV file exported from Strong, Hevy or Fitbod"
    )
    binary = post(
        member,
        "/import",
        {"unit": "kg"},
        files={"file": ("x.csv", b"\xff\xfe\x00bad", "text/csv")},
        page="/import",
    )
    assert binary.status_code == 422
    assert field_error(binary.text, "file") == "is not a UTF-8 text file"
    user = app.state.store.find_user_by_email("ria@example.com").id
    assert app.state.store.sets(user) == []


def test_an_htmx_request_for_a_missing_page_gets_the_404(client):
    response = client.get("/exercises/nope", headers={"HX-Request": "true"})
    assert response.status_code == 404


def test_a_missing_exercise_page_speaks_web_not_cli(client):
    response = client.get("/exercises/nordic-crul")
    assert response.status_code == 404
    main = one(parse(response.text), "main")
    assert text(one(main, "h1")) == "Not found"
    assert text(main.p) == "No exercise called 'nordic-crul'."
    assert links(main)["/exercises"] == "See the exercise library"
    assert "`hamstrong" not in response.text


def test_every_page_that_states_the_stop_rule_names_the_one_pain_limit(member):
    """The pain limit of the stop rules is one number (``training_log.STOP_PAIN``): the session
    page, the learn page, the pain panel of progress, the safety screen's rules and the printed
    programme all say it from there, so none can drift or render blank."""
    from hamstrong.core.screen import STOP_RULES
    from hamstrong.core.training_log import STOP_PAIN
    from hamstrong.outputs.pdf import STOP_SENTENCE

    said = f"pain above {STOP_PAIN} out of 10"
    session = text(one(parse(member.get(f"/session/{TODAY}").text), ".stop-rules"))
    assert said in session
    assert f"pain goes above {STOP_PAIN} out of 10" in text(parse(member.get("/learn").text))
    pain_chart = one(parse(member.get("/progress").text), 'img[src^="/progress/pain.png"]')
    assert f"with the {STOP_PAIN} out of 10 limit." in pain_chart["alt"]
    assert said in STOP_RULES
    assert f"pain above {STOP_PAIN}/10," in STOP_SENTENCE


def test_every_page_that_states_the_rest_between_sessions_names_the_one_gap(member):
    """The rest between sessions is one rule (``scheduling.MIN_GAP_DAYS``, read as
    ``MIN_GAP_HOURS``): the learn, programme, move and schedule pages say it from there."""
    from hamstrong.core.scheduling import MIN_GAP_HOURS

    programme = parse(member.get("/programme").text)
    move = str(programme.select('a[href^="/programme/move/"]')[0]["href"])
    for page in ("/learn", "/programme", move, "/onboarding/schedule"):
        said = text(parse(member.get(page).text))
        assert f"at least {MIN_GAP_HOURS} hours" in said, page
        assert set(re.findall(r"(\d+)[ -]hours?\b", said)) == {str(MIN_GAP_HOURS)}, page


def test_the_hard_sets_chart_names_the_one_spike(member):
    """The weekly spike is one rule (``rules.SPIKE_PERCENT``): the chart's description says it."""
    from hamstrong.core.rules import SPIKE_PERCENT

    image = one(parse(member.get("/progress").text), 'img[src^="/progress/hard-sets."]')
    assert f"last week's count plus {SPIKE_PERCENT}% marked." in str(image["alt"])
