"""Dates written one way (core.dates): "Monday 7 December 2026" in headings and sentences,
"Mon 7 Dec 2026" in tables, lists and messages; ISO 8601 only where a machine reads it."""

from icalendar import Calendar
from starlette.testclient import TestClient

from tests.web.conftest import TODAY, post
from tests.web.soup import one, parse, set_forms, text
from tests.web.test_pages import _feed

DAY = TODAY.isoformat()  # 2026-12-07, a Monday


def test_pages_write_days_the_house_way(member):
    session = parse(member.get(f"/session/{DAY}").text)
    assert text(one(session, "h1")) == "Session, Monday 7 December 2026"
    assert text(one(session, "title")).startswith("Session Mon 7 Dec 2026")
    today = parse(member.get("/").text)
    assert text(one(today, "h1")) == "Today, Monday 7 December 2026"
    programme = parse(member.get("/programme").text)
    assert text(programme.select("main p")[0]) == (
        "8 weeks from Monday 7 December 2026. Sessions stay at least 48 hours apart."
    )
    first = one(programme, f'a[href="/session/{DAY}"]')
    assert text(first) == "Mon 7 Dec 2026" and one(first, "time")["datetime"] == DAY


def test_progress_tables_and_readings_write_days_the_house_way(member):
    values = set_forms(member.get(f"/session/{DAY}").text)[0] | {"pain": "2"}
    assert post(member, f"/session/{DAY}/sets", values, page="/").status_code == 200
    page = parse(member.get("/progress").text)
    assert text(page.select("p.meta")[0]) == (
        "Up to Monday 7 December 2026. Each chart has a short reading above it and its figures in "
        "a table below it."
    )
    weeks = [text(th) for th in one(page, "#sessions").select("tbody th")]
    assert "Mon 7 Dec 2026" in weeks
    pain = one(page, "#pain")
    assert [text(th) for th in pain.select("tbody th")] == ["Mon 7 Dec 2026"]
    assert text(one(pain, "p.reading")) == (
        "Latest pain: 2/10 during your sets on Mon 7 Dec 2026. Recent ratings stay at or under "
        "5/10, which is acceptable as long as the pain settles by the next morning."
    )
    assert DAY not in text(one(page, "main"))


def test_the_calendar_feed_says_each_sessions_day_in_its_description(member, app):
    with TestClient(app) as anonymous:
        feed = Calendar.from_ical(anonymous.get(_feed(member)).content)
    first = next(e for e in feed.walk("VEVENT") if e.decoded("dtstart") == TODAY)
    assert str(first["description"]).splitlines()[0] == "Monday 7 December 2026"
