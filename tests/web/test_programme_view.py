"""The programme as a calendar, swapping from it, and the warm-up and cool-down how-tos."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from bs4 import Tag

from hamstrong.core.dates import short_day
from hamstrong.library import load_library
from hamstrong.present import item_name
from hamstrong.services.programmes import active_plan
from tests.web import conftest
from tests.web.conftest import TODAY, make_app, onboard, post, sign_up
from tests.web.soup import links, one, parse, set_forms, text

LIBRARY = load_library()
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


@dataclass(frozen=True)
class Cell:
    """A day of the calendar (or a cell outside the programme week)."""

    node: Tag

    @property
    def classes(self) -> set[str]:
        return set(self.node.get_attribute_list("class"))

    @property
    def current(self) -> str | None:
        found = self.node.get("aria-current")
        return None if found is None else str(found)

    @property
    def day(self) -> date | None:
        """From its ``<time datetime>`` (one date a cell)."""
        times = self.node.select("time[datetime]")
        assert len(times) <= 1, "one date a cell"
        return date.fromisoformat(str(times[0]["datetime"])) if times else None

    @property
    def text(self) -> str:
        return text(self.node)

    @property
    def read(self) -> list[str]:
        """Its lines as a person reads them: the date, each exercise, the time, each action."""
        return [text(line) for line in self.node.select("p, li")]

    @property
    def links(self) -> dict[str, str]:
        return links(self.node)


@dataclass(frozen=True)
class Week:
    caption: str
    columns: list[str]
    rows: list[list[Cell]]


def _calendar(client) -> list[Week]:
    """The ``<table class="week">`` tables of the programme page, cell by cell."""
    page = client.get("/programme")
    assert page.status_code == 200
    return [
        Week(
            caption=text(one(table, "caption")),
            columns=[text(th) for th in table.select('thead th[scope="col"]')],
            rows=[[Cell(td) for td in tr.select("td")] for tr in table.select("tbody tr")],
        )
        for table in parse(page.text).select("table.week")
    ]


def _days(weeks: list[Week]) -> list[Cell]:
    return [
        cell for week in weeks for row in week.rows for cell in row if "cal-day" in cell.classes
    ]


def _sessions(app) -> dict[date, list[str]]:
    """Each planned day's lines after its date: the main exercises and the time they take."""
    user = app.state.store.find_user_by_email("ria@example.com").id
    plan = active_plan(app.state.store, user_id=user, library=LIBRARY, today=TODAY)
    return {
        s.date: [*(item_name(i, LIBRARY) for i in s.main_items), f"About {s.minutes} min"]
        for s in plan.sessions
    }


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


def test_session_days_link_to_the_session_move_and_swap_and_rest_days_say_rest(member, app):
    days = _days(_calendar(member))
    sessions = [c for c in days if "session" in c.classes]
    rests = [c for c in days if "rest" in c.classes]
    assert sessions and rests and len(sessions) + len(rests) == len(days) == 8 * 7
    assert len(sessions) == 16  # 2 a week
    planned = _sessions(app)
    assert sorted(planned) == [cell.day for cell in sessions]
    for cell in rests:
        assert cell.read == [short_day(cell.day), "Rest"] and not cell.links
    for cell in sessions:
        iso = cell.day.isoformat()
        today = " (today)" if cell.day == TODAY else ""
        assert cell.read == [
            short_day(cell.day) + today,
            *planned[cell.day],
            "Swap exercises",
            "Move",
        ]
        assert cell.links == {
            f"/session/{iso}": short_day(cell.day),
            f"/session/{iso}?show=swaps#swaps": "Swap exercises",
            f"/programme/move/{iso}": "Move",
        }


def test_today_is_marked_and_past_days_are_muted(member, today):
    first = _days(_calendar(member))
    [marked] = [c for c in first if c.current == "date"]
    assert marked.day == TODAY and "today" in marked.classes
    assert marked.read[0] == f"{short_day(TODAY)} (today)"
    assert not [c for c in first if "past" in c.classes]

    today.day = TODAY + timedelta(days=9)
    later = _days(_calendar(member))
    [marked] = [c for c in later if c.current == "date"]
    assert marked.day == today.day and marked.read[0] == f"{short_day(today.day)} (today)"
    past = [c for c in later if "past" in c.classes]
    assert [c.day for c in past] == [TODAY + timedelta(days=i) for i in range(9)]
    # a past session can still be opened, but no longer moved
    assert all(not any("/programme/move/" in href for href in c.links) for c in past)


def test_a_session_with_logged_sets_shows_as_trained_on_the_calendar(member, app):
    """Issue 10: done sessions are marked on the calendar, not only on today."""
    before = _days(_calendar(member))
    assert not [c for c in before if "done" in c.classes or "Trained" in c.text]
    planned = _sessions(app)[TODAY]
    iso = TODAY.isoformat()
    row = set_forms(member.get(f"/session/{iso}").text)[0] | {"rpe": "7"}
    post(member, f"/session/{iso}/sets", row, page="/")
    after = _days(_calendar(member))
    [done] = [c for c in after if "done" in c.classes]
    assert done.day == TODAY and done.read == [  # no "Move": a logged session stays where it is
        f"{short_day(TODAY)} (today)",
        "Trained: sets logged",
        *planned,
        "Swap exercises",
    ]
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
