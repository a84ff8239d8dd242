"""The programme as a calendar, swapping from it, and the warm-up and cool-down how-tos."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from bs4 import Tag

from hamstrong.core.dates import short_day
from tests.web import conftest
from tests.web.conftest import TODAY, make_app, onboard, post, sign_up
from tests.web.soup import one, parse, set_forms, text

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class Today:
    """The app's today, which a test may move."""

    def __init__(self) -> None:
        self.day = TODAY

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def today() -> Today:
    return Today()


@pytest.fixture
def app(settings, clock, today):
    return make_app(settings, today=today, clock=clock)


@dataclass
class Cell:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    day: date | None = None  # from its <time datetime>
    links: dict[str, str] = field(default_factory=dict)  # href -> text

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


@dataclass
class Week:
    caption: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)


class Calendar(HTMLParser):
    """The `<table class="week">` tables of the programme page, cell by cell."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.weeks: list[Week] = []
        self._cell: Cell | None = None
        self._href: str | None = None
        self._in_caption = False
        self._in_body = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "table" and values.get("class") == "week":
            self.weeks.append(Week())
        elif not self.weeks:
            return
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.weeks[-1].rows.append([])
        elif tag in ("td", "th"):
            self._cell = Cell(tag, values)
        elif tag == "a" and self._cell is not None:
            self._href = values["href"]
            self._cell.links[self._href] = ""
        elif tag == "time" and self._cell is not None:
            assert self._cell.day is None, "one date a cell"
            self._cell.day = date.fromisoformat(values["datetime"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag == "tbody":
            self._in_body = False
        elif tag == "a":
            self._href = None
        elif tag in ("td", "th") and self._cell is not None:
            cell, self._cell = self._cell, None
            cell.text = " ".join(cell.text.split())
            week = self.weeks[-1]
            if cell.attrs.get("scope") == "col":
                week.columns.append(cell.text)
            elif self._in_body and cell.tag == "td":
                week.rows[-1].append(cell)

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self.weeks[-1].caption += data
        if self._cell is not None:
            self._cell.text += data
            if self._href is not None:
                self._cell.links[self._href] += data.strip()


def _calendar(client) -> list[Week]:
    page = client.get("/programme")
    assert page.status_code == 200
    return Calendar(page.text).weeks


def _days(weeks: list[Week]) -> list[Cell]:
    return [
        cell for week in weeks for row in week.rows for cell in row if "cal-day" in cell.classes
    ]


def test_each_week_is_a_monday_to_sunday_grid_with_every_date_once(member):
    weeks = _calendar(member)
    assert [w.caption for w in weeks] == [f"Week {n}" for n in range(1, 9)]
    for number, week in enumerate(weeks):
        assert week.columns == WEEKDAYS
        assert all(len(row) == 7 for row in week.rows)
        first = TODAY + timedelta(weeks=number)
        days = [cell.day for row in week.rows for cell in row if "cal-day" in cell.classes]
        assert days == [first + timedelta(days=i) for i in range(7)]
        for row in week.rows:
            assert [c.day.weekday() for c in row if c.day] == list(range(7))


def test_session_days_link_to_the_session_move_and_swap_and_rest_days_say_rest(member):
    days = _days(_calendar(member))
    sessions = [c for c in days if "session" in c.classes]
    rests = [c for c in days if "rest" in c.classes]
    assert sessions and rests and len(sessions) + len(rests) == len(days) == 8 * 7
    assert len(sessions) == 16  # 2 a week
    for cell in rests:
        assert "Rest" in cell.text and not cell.links
    for cell in sessions:
        iso = cell.day.isoformat()
        assert cell.links[f"/session/{iso}"] == short_day(cell.day)
        assert cell.links[f"/programme/move/{iso}"] == "Move"
        assert cell.links[f"/session/{iso}?show=swaps#swaps"] == "Swap exercises"
        assert "Rest" not in cell.text and re.search(r"About \d+ min", cell.text)


def test_today_is_marked_and_past_days_are_muted(member, today):
    first = _days(_calendar(member))
    [marked] = [c for c in first if c.attrs.get("aria-current") == "date"]
    assert marked.day == TODAY and "(today)" in marked.text and "today" in marked.classes
    assert not [c for c in first if "past" in c.classes]

    today.day = TODAY + timedelta(days=9)
    later = _days(_calendar(member))
    [marked] = [c for c in later if c.attrs.get("aria-current") == "date"]
    assert marked.day == today.day
    past = [c for c in later if "past" in c.classes]
    assert [c.day for c in past] == [TODAY + timedelta(days=i) for i in range(9)]
    # a past session can still be opened, but no longer moved
    assert all(not any("/programme/move/" in href for href in c.links) for c in past)


def test_a_session_with_logged_sets_shows_as_trained_on_the_calendar(member):
    """Issue 10: done sessions are marked on the calendar, not only on today."""
    before = _days(_calendar(member))
    assert not [c for c in before if "done" in c.classes or "Trained" in c.text]
    iso = TODAY.isoformat()
    row = set_forms(member.get(f"/session/{iso}").text)[0] | {"rpe": "7"}
    post(member, f"/session/{iso}/sets", row, page="/")
    after = _days(_calendar(member))
    [done] = [c for c in after if "done" in c.classes]
    assert done.day == TODAY and "Trained: sets logged" in done.text
    assert f"/programme/move/{iso}" not in done.links  # a logged session stays where it is
    assert sum("Trained" in c.text for c in after) == 1


def test_a_programme_starting_midweek_spans_two_rows_a_week(client, today, monkeypatch):
    wednesday = TODAY + timedelta(days=2)
    today.day = wednesday
    monkeypatch.setattr(conftest, "TODAY", wednesday)  # onboard() starts the programme on it
    sign_up(client)
    onboard(client)
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
    weeks = _calendar(client)
    for number, week in enumerate(weeks):
        assert week.columns == WEEKDAYS and len(week.rows) == 2
        cells = [cell for row in week.rows for cell in row]
        outside = [c for c in cells if "outside" in c.classes]
        assert len(outside) == 7 and all(not c.text and c.day is None for c in outside)
        first = wednesday + timedelta(weeks=number)
        assert [c.day for c in cells if c.day] == [first + timedelta(days=i) for i in range(7)]
    dates = [c.day for c in _days(weeks)]
    assert len(dates) == len(set(dates)) == 8 * 7


def test_the_swap_link_opens_the_session_with_its_swap_options_shown(member):
    day = _days(_calendar(member))[0]
    href = next(h for h in day.links if "show=swaps" in h)
    page = parse(member.get(href.split("#")[0]).text)
    assert text(one(page, "p#swaps")) == (
        "Swap options are open under each exercise below: easier or harder rungs of its "
        "ladder, or a move of the same kind your equipment allows. A swap holds for this "
        "session until you change it back."
    )
    swaps = page.select("details.swap")
    assert swaps and all(details.has_attr("open") for details in swaps)
    # the same page without the question keeps them folded
    plain = parse(member.get(f"/session/{day.day.isoformat()}").text)
    folded = plain.select("details.swap")
    assert len(folded) == len(swaps) and not any(d.has_attr("open") for d in folded)
    assert not plain.select("#swaps")


def _block(page: str, heading: str) -> Tag:
    """The section of the session page under the heading ``heading``."""
    [found] = [h.parent for h in parse(page).select("section > h2") if text(h) == heading]
    return found


def test_warm_up_and_cool_down_items_open_on_photos_cues_and_mistakes(member, library):
    page = member.get(f"/session/{TODAY.isoformat()}").text
    for heading in ("Warm-up", "Cool-down"):
        block = _block(page, heading)
        drills = block.select("details.drill")
        assert drills and len(drills) == len(block.select("li > details"))
        for drill in drills:
            name = text(one(drill, "summary")).split(":")[0]
            exercise = next(e for e in library if e.name == name)
            assert [text(li) for li in drill.select("ul.cues li")] == list(exercise.cues)
            assert [text(li) for li in drill.select("ul.mistakes li")] == list(exercise.mistakes)
            assert "Common mistakes" in [text(b) for b in drill.select("strong")]
            if exercise.photos:
                one(drill, f'img[src="/{exercise.photos[0]}"]')
                assert text(one(drill, "figcaption")) == exercise.credit
    # some warm-up drills have photos, with credit
    assert _block(page, "Warm-up").select("figure.photos figcaption")
