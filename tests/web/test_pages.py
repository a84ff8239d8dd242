"""Library, learn, programme calendar, PDF, calendar feed, exports, imports, manifest and icons."""

import json
import re
from pathlib import Path

import pytest

from tests.web.conftest import TODAY, TestClient, post

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


def test_signed_out_home_is_the_welcome_page(client):
    page = client.get("/")
    assert page.status_code == 200 and "Get started" in page.text


def test_every_page_carries_the_htmx_422_config_and_the_vendored_htmx(client):
    page = client.get("/learn").text
    assert '{"code":"422","swap":true}' in page and "/static/htmx.min.js" in page
    script = client.get("/static/htmx.min.js")
    assert script.status_code == 200 and "htmx" in script.text[:200]


def test_the_library_filters_by_equipment_pattern_level_and_text(client, library):
    everything = client.get("/exercises").text
    assert everything.count('<a href="/exercises/') == len(library)
    bodyweight = client.get("/exercises", params={"filtered": "1"}).text
    assert "no equipment" in bodyweight and "needs" not in bodyweight
    hinges = client.get("/exercises", params={"pattern": "hinge", "level": "beginner"}).text
    ids = re.findall(r'<a href="/exercises/([a-z0-9-]+)">', hinges)
    assert ids and all(library.get(i).pattern.value == "hinge" for i in ids)
    found = client.get("/exercises", params={"q": "nordic"}).text
    assert "nordic-hamstring-curl" in found


def test_the_library_list_is_a_fragment_for_htmx(client):
    fragment = client.get("/exercises", params={"q": "bridge"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert (
        fragment.text.lstrip().startswith('<div id="exercise-list">')
        and "<html" not in fragment.text
    )


def test_an_exercise_page_has_cues_mistakes_and_its_ladder(client):
    page = client.get("/exercises/nordic-hamstring-curl").text
    assert "How to do it" in page and "Common mistakes" in page and "Easier:" in page
    assert client.get("/exercises/nordic-crul").status_code == 404


def test_the_learn_page_answers_the_common_questions(client):
    page = client.get("/learn").text
    for heading in (
        "How often",
        "safe for beginners",
        "best moves at home",
        "tight mean strong",
        "knee pain",
    ):
        assert heading in page


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
    page = member.get("/programme").text
    assert page.count('<table class="week">') == 8
    assert "<caption>Week 1</caption>" in page and 'scope="row"' in page
    assert "(today)" in page


def test_the_programme_prints_as_pdf(member):
    pdf = member.get("/programme.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert pdf.headers["content-type"] == "application/pdf"


def test_the_private_calendar_feed_works_without_a_session(member, app):
    page = member.get("/programme").text
    feed = re.search(r'value="(http://testserver/ical/[^"]+\.ics)"', page).group(1)
    with TestClient(app) as anonymous:
        calendar = anonymous.get(feed)
    assert calendar.status_code == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert (
        b"BEGIN:VEVENT" in calendar.content
        and TODAY.strftime("%Y%m%d").encode() in calendar.content
    )


def test_a_new_calendar_address_revokes_the_old_one(member, app):
    old = re.search(r'value="(http://testserver/ical/[^"]+\.ics)"', member.get("/programme").text)
    response = post(member, "/programme/feed/revoke", page="/programme", follow_redirects=False)
    assert response.status_code == 303
    new = re.search(r'value="(http://testserver/ical/[^"]+\.ics)"', member.get("/programme").text)
    assert old is not None and new is not None and old.group(1) != new.group(1)
    with TestClient(app) as anonymous:
        assert anonymous.get(old.group(1)).status_code == 404
        assert anonymous.get(new.group(1)).status_code == 200


def test_exports_download_csv_and_json(member):
    csv = member.get("/export.csv")
    assert csv.status_code == 200 and "attachment" in csv.headers["content-disposition"]
    exported = member.get("/export.json")
    assert json.loads(exported.text)["schema"] == "hamstrong.export/1"
    assert member.get("/export.xml").status_code == 404


@pytest.mark.parametrize("name", ["strong.csv", "hevy-kg.csv", "fitbod-kg.csv"])
def test_import_shows_the_report_and_a_second_import_adds_nothing(member, name):
    content = (FIXTURES / name).read_bytes()
    first = post(
        member,
        "/import",
        {"unit": "kg"},
        files={"file": (name, content, "text/csv")},
        page="/import",
    )
    assert first.status_code == 200 and "Imported" in first.text
    added = int(re.search(r"Added (\d+) set", first.text).group(1))
    assert added > 0
    again = post(
        member,
        "/import",
        {"unit": "kg"},
        files={"file": (name, content, "text/csv")},
        page="/import",
    )
    assert "Added 0 sets" in again.text


def test_import_without_a_file_or_with_a_binary_one_is_422(member, app):
    none = post(member, "/import", {"unit": "kg"}, page="/import")
    assert none.status_code == 422 and 'id="e-file"' in none.text
    binary = post(
        member,
        "/import",
        {"unit": "kg"},
        files={"file": ("x.csv", b"\xff\xfe\x00bad", "text/csv")},
        page="/import",
    )
    assert binary.status_code == 422 and "not a UTF-8 text file" in binary.text
    user = app.state.store.find_user_by_email("ria@example.com")[0]
    assert app.state.store.sets(user) == []


def test_an_htmx_request_for_a_missing_page_gets_the_404(client):
    response = client.get("/exercises/nope", headers={"HX-Request": "true"})
    assert response.status_code == 404


def test_a_missing_exercise_page_speaks_web_not_cli(client):
    response = client.get("/exercises/nordic-crul")
    assert response.status_code == 404
    assert "No exercise called" in response.text and "`hamstrong" not in response.text
