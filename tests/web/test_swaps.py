"""Swaps kept per session until changed back (issue 10): on the session page, today, the
programme page, the PDF and the calendar feed; refused with the reason when the rules say no."""

from datetime import date
from io import BytesIO

from fastapi.testclient import TestClient
from pypdf import PdfReader

from hamstrong.library import load_library
from tests.web.conftest import TODAY, post
from tests.web.soup import one, parse, set_forms, text

LIBRARY = load_library()


def _offers(html: str) -> dict[str, list[str]]:
    """Each swapped-or-not exercise's swap choices, by its planned exercise."""
    offers = {}
    for form in parse(html).select("details.swap form.swap-form"):
        planned = str(one(form, 'input[name="planned"]')["value"])
        offers[planned] = [str(b["value"]) for b in form.select('button[name="chosen"]')]
    return offers


def _swapped(html: str) -> list[str]:
    return [text(p) for p in parse(html).select("section.station p.swapped")]


def _days(app) -> list[date]:
    user = app.state.store.find_user_by_email("ria@example.com").id
    from hamstrong.services.programmes import active_plan

    plan = active_plan(app.state.store, user_id=user, library=LIBRARY, today=TODAY)
    return [s.date for s in plan.sessions]


def _swap(client: TestClient, day: date, planned: str, chosen: str, **kwargs):
    path = f"/session/{day.isoformat()}"
    data = {"planned": planned, "chosen": chosen}
    return post(client, f"{path}/swaps", data, page=path, **kwargs)


def _name(exercise: str) -> str:
    return LIBRARY.get(exercise).name


def test_a_swap_for_a_future_day_is_kept_and_shown_everywhere_until_changed_back(member, app):
    day = _days(app)[2]  # a session days ahead
    page = f"/session/{day.isoformat()}"
    offers = {p: c for p, c in _offers(member.get(page).text).items() if c}
    planned, choices = next(iter(offers.items()))
    chosen = choices[0]
    done = _swap(member, day, planned, chosen, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"{page}#ex-{chosen}"

    # the session page, on a fresh load without anything in the address
    assert _swapped(member.get(page).text) == [
        f"Instead of {_name(planned)} in this session, until you change it back."
    ]
    # the programme page names the stand-in and what it replaces
    calendar = parse(member.get("/programme").text)
    cell = one(calendar, f'td.cal-day:has(time[datetime="{day.isoformat()}"])')
    assert f"{_name(chosen)} (instead of {_name(planned)})" in [
        text(li) for li in cell.select("ul.names li")
    ]
    # the printed PDF and the calendar feed's description
    pdf = member.get("/programme.pdf").content
    printed = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert f"(instead of {_name(planned)})" in " ".join(printed.split())
    feed = str(one(calendar, 'input[aria-label="Private calendar address"]')["value"])
    with TestClient(app) as anonymous:
        ics = anonymous.get(feed).text.replace("\r\n ", "")
    assert f"{_name(chosen)} (instead of {_name(planned)})" in ics

    # changing it back removes it from every page
    back = _swap(member, day, planned, planned, follow_redirects=False)
    assert back.status_code == 303
    assert _swapped(member.get(page).text) == []
    assert "(instead of" not in member.get("/programme").text
    with TestClient(app) as anonymous:
        assert "(instead of" not in anonymous.get(feed).text


def test_a_second_swap_keeps_the_first_and_today_shows_both(member, app):
    page = f"/session/{TODAY.isoformat()}"
    offers = {p: c for p, c in _offers(member.get(page).text).items() if c}
    assert len(offers) >= 2, "the session needs two exercises with swaps"
    (first, first_to), (second, second_to) = [(p, c[0]) for p, c in offers.items()][:2]
    assert _swap(member, TODAY, first, first_to).status_code == 200
    assert _swap(member, TODAY, second, second_to).status_code == 200
    assert len(_swapped(member.get(page).text)) == 2
    today = [text(s) for s in parse(member.get("/").text).select("section.due summary")]
    assert f"{_name(first_to)} (instead of {_name(first)})" in today
    assert f"{_name(second_to)} (instead of {_name(second)})" in today
    # a set saved with the swap is of the stand-in, and the swap can no longer change
    row = next(r for r in set_forms(member.get(page).text) if r["exercise"] == first_to)
    assert post(member, f"{page}/sets", row | {"rpe": "7"}, page=page).status_code == 200
    refused = _swap(member, TODAY, first, first)
    assert refused.status_code == 422
    assert text(one(parse(refused.text), f"#swap-error-{first}")) == (
        f"You logged sets of {_name(first_to)} in this session: what you trained stays as it was."
    )
    assert len(_swapped(member.get(page).text)) == 2


def test_a_swap_the_rules_refuse_is_shown_beside_the_exercise_and_nothing_is_kept(member, app):
    page = f"/session/{TODAY.isoformat()}"
    planned = "hamstring-walkout"
    assert planned in _offers(member.get(page).text)
    for chosen, reason in (
        ("nordic-hamstring-curl", "your equipment, level or injuries rule it out."),
        ("barbell-romanian-deadlift", "it is not a rung of its ladder or a move of the same kind."),
    ):
        refused = _swap(member, TODAY, planned, chosen)
        assert refused.status_code == 422
        assert text(one(parse(refused.text), f"#swap-error-{planned}")) == (
            f"{_name(chosen)} cannot stand in for {_name(planned)}: {reason}"
        )
    unknown = _swap(member, TODAY, planned, "no-such-exercise")
    assert text(one(parse(unknown.text), f"#swap-error-{planned}")) == (
        "'no-such-exercise' is not an exercise in the library."
    )
    elsewhere = _swap(member, TODAY, "nordic-hamstring-curl", planned)
    assert elsewhere.status_code == 422
    assert [text(p) for p in parse(elsewhere.text).select("p.error")] == [
        "Nordic hamstring curl is not an exercise of this session."
    ]
    assert app.state.store.swaps(app.state.store.find_user_by_email("ria@example.com").id) == []
    assert _swapped(member.get(page).text) == []


def test_a_moved_session_takes_its_swaps_along(member, app):
    day, to = date(2026, 12, 10), date(2026, 12, 11)  # week 1: Monday 7 and Thursday 10
    assert day in _days(app) and to not in _days(app)
    page = f"/session/{day.isoformat()}"
    planned, choices = next((p, c) for p, c in _offers(member.get(page).text).items() if c)
    assert _swap(member, day, planned, choices[0]).status_code == 200
    moved = post(member, f"/programme/move/{day.isoformat()}", {"to": to.isoformat()}, page=page)
    assert moved.status_code == 200 and day not in _days(app)
    assert _swapped(member.get(f"/session/{to.isoformat()}").text) == [
        f"Instead of {_name(planned)} in this session, until you change it back."
    ]


def test_the_summary_shows_the_next_session_with_its_kept_swap(member, app):
    following = _days(app)[1]
    page = f"/session/{following.isoformat()}"
    planned, choices = next((p, c) for p, c in _offers(member.get(page).text).items() if c)
    assert _swap(member, following, planned, choices[0]).status_code == 200
    summary = parse(member.get(f"/session/{TODAY.isoformat()}/done").text)
    names = [text(li).split(":")[0] for li in summary.select("main h2 + ul li")]
    assert f"{_name(choices[0])} (instead of {_name(planned)})" in names
