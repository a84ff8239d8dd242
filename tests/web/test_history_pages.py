"""Long histories on the web: history in pages whose links keep their place; progress over the
last year, the whole log on request."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event

from hamstrong.core.training_log import SetEntry
from hamstrong.services.training_log import HISTORY_PAGE
from tests.web.conftest import sign_up
from tests.web.soup import main_text, one, parse, text

FIRST = date(2026, 6, 1)


def _sets(count: int, *, first: date = FIRST) -> list[SetEntry]:
    """``count`` sets, seven a day, some with a time done and some without."""
    out = []
    for n in range(count):
        day = first + timedelta(days=n // 7)
        at = None if n % 3 == 0 else datetime(day.year, day.month, day.day, 7, n % 7, tzinfo=UTC)
        out.append(SetEntry(day, "glute-bridge", 1 + n % 20, order=1 + n % 7, at=at))
    return out


def _user(app, email: str = "ria@example.com") -> int:
    return app.state.store.find_user_by_email(email).id


def _row_ids(html: str) -> list[int]:
    return [int(row["id"].removeprefix("logged-")) for row in parse(html).select("tr[id]")]


def _link(html: str, rel: str) -> str | None:
    found = parse(html).select(f'nav.pager a[rel="{rel}"]')
    return found[0]["href"] if found else None


def _log_order(app, user: int) -> list[int]:
    """Set ids newest first, as the whole history used to list them (days newest first, each
    day's sets in the order done)."""
    by_day: dict[date, list[int]] = {}
    for set_id, entry in app.state.store.logged_sets(user):
        by_day.setdefault(entry.day, []).append(set_id)
    return [i for day in sorted(by_day, reverse=True) for i in by_day[day]]


def test_older_links_walk_every_set_once_in_pages_and_newer_links_walk_back(client, app):
    sign_up(client)
    user = _user(app)
    app.state.store.add_sets(user, _sets(2 * HISTORY_PAGE + 37))
    pages, path = [], "/history"
    while True:
        html = client.get(path).text
        pages.append(html)
        path = _link(html, "next")
        if path is None:
            break
    assert [len(_row_ids(p)) for p in pages] == [HISTORY_PAGE, HISTORY_PAGE, 37]
    seen = [i for p in pages for i in _row_ids(p)]
    # each page lists its days newest first, each day's sets in the order done
    order = _log_order(app, user)
    assert sorted(seen) == sorted(order)
    assert len(set(seen)) == len(seen)
    for page in pages:
        shown = _row_ids(page)
        assert [i for i in order if i in set(shown)] == shown
    assert _link(pages[0], "prev") is None and _link(pages[0], "first") is None
    back = client.get(_link(pages[-1], "prev")).text
    assert set(_row_ids(back)) == set(_row_ids(pages[1]))
    top = client.get(_link(back, "prev")).text
    assert set(_row_ids(top)) == set(_row_ids(pages[0]))
    assert _link(top, "prev") is None  # the newest sets again: nothing newer


def test_a_set_logged_meanwhile_goes_on_the_first_page_and_moves_no_other(client, app):
    sign_up(client)
    user = _user(app)
    app.state.store.add_sets(user, _sets(HISTORY_PAGE + 50))
    first = client.get("/history").text
    older = _link(first, "next")
    second = _row_ids(client.get(older).text)
    new_id = app.state.store.add_set(user, SetEntry(FIRST + timedelta(days=400), "glute-bridge", 9))
    assert _row_ids(client.get(older).text) == second
    assert _row_ids(client.get("/history").text)[0] == new_id


def test_each_page_is_small_whatever_the_history(client, app):
    sign_up(client)
    app.state.store.add_sets(_user(app), _sets(5 * HISTORY_PAGE))
    assert len(client.get("/history").content) < 200_000


@contextmanager
def _statements(app) -> Iterator[list[str]]:
    """Every SQL statement the app's store sends SQLite meanwhile, with its values (the
    driver's trace: the store reads pages of sets straight from the driver)."""
    seen: list[str] = []
    engine = app.state.store._engine

    def trace(connection: sqlite3.Connection, _record: object, _proxy: object) -> None:
        connection.set_trace_callback(seen.append)

    event.listen(engine, "checkout", trace)
    try:
        yield seen
    finally:
        event.remove(engine, "checkout", trace)


def _set_reads(app, path: str, client) -> list[str]:
    with _statements(app) as seen:
        assert client.get(path).status_code == 200
    return [s for s in seen if "FROM sets" in s]


def test_a_page_reads_one_page_of_sets_on_the_index_however_long_the_log(client, app, settings):
    sign_up(client)
    user = _user(app)
    app.state.store.add_sets(user, _sets(HISTORY_PAGE + 10))
    short = _set_reads(app, "/history", client)
    app.state.store.add_sets(user, _sets(20 * HISTORY_PAGE, first=FIRST + timedelta(days=400)))
    first = client.get("/history").text
    older = _link(first, "next")
    newer = _link(client.get(older).text, "prev")
    reads = [_set_reads(app, path, client) for path in ("/history", older, newer)]
    # one read of the sets a page, as with a short log: no count, no whole-log read
    assert len(short) == 1 and [len(r) for r in reads] == [1, 1, 1]
    with sqlite3.connect(settings.database_url.removeprefix("sqlite:///")) as db:
        for (statement,) in [short, *reads]:
            assert f"LIMIT {HISTORY_PAGE + 1}" in statement
            plan = " ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + statement))
            assert "USING INDEX ix_sets_user_id_day" in plan and "SCAN" not in plan, plan


def test_an_imported_name_with_markup_is_shown_as_text(client, app):
    sign_up(client)
    name = '<b onclick="x()">Bench & "co"</b>'
    app.state.store.add_sets(_user(app), [SetEntry(FIRST, "custom:bench", 5, name=name)])
    html = client.get("/history").text
    assert text(one(parse(html), 'tr[id] th[scope="row"]')) == name
    assert "<b onclick" not in html


def test_a_made_up_place_is_refused_next_to_its_field_and_another_users_place_shows_nothing(
    client, app
):
    sign_up(client)
    app.state.store.add_sets(_user(app), _sets(HISTORY_PAGE + 10))
    older = _link(client.get("/history").text, "next")
    response = client.get("/history?before=1999-13-45_n_x")
    assert response.status_code == 422
    assert main_text(response.text) == (
        "Check your input before: is not a place in your history; start again from the newest "
        "sets Return to today, or use your browser's back button to correct the form."
    )
    client.cookies.clear()
    sign_up(client, "sam@example.com")
    html = client.get(older).text
    assert _row_ids(html) == []
    assert text(one(parse(html), "main p a")) == "See your newest sets"


def test_a_page_of_one_day_split_over_two_pages_shows_each_set_once(client, app):
    sign_up(client)
    user = _user(app)
    day = FIRST
    app.state.store.add_sets(
        user, [SetEntry(day, "glute-bridge", 5, order=n) for n in range(1, HISTORY_PAGE + 6)]
    )
    first = _row_ids(client.get("/history").text)
    second = _row_ids(client.get(_link(client.get("/history").text, "next")).text)
    assert len(first) == HISTORY_PAGE and len(second) == 5
    assert not set(first) & set(second)


def test_progress_shows_the_last_year_with_a_link_to_everything_and_charts_to_match(member):
    page = parse(member.get("/progress").text)
    link = one(page, "p.range a")
    assert text(link) == "Show everything you have logged" and link["href"] == "/progress?range=all"
    assert all("range" not in img["src"] for img in page.select("figure.chart img"))
    whole = parse(member.get("/progress?range=all").text)
    assert text(one(whole, "p.range a")) == "Show the last 52 weeks"
    charts = [img["src"] for img in whole.select("figure.chart img")]
    assert sum(src.endswith("?range=all") for src in charts) == 5
    chart = member.get(charts[0])
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/png"
