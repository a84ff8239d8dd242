"""Moving a session in the web app keeps the 48-hour rule, and says why a day is refused."""

import itertools
from datetime import date, timedelta

from hamstrong.core.dates import short_day
from tests.web.conftest import TODAY, post
from tests.web.soup import one, parse, set_forms, text


def upcoming(member) -> list[date]:
    page = parse(member.get("/programme").text)
    moves = [str(a["href"]) for a in page.select('a[href^="/programme/move/"]')]
    return [date.fromisoformat(href.removeprefix("/programme/move/")) for href in moves]


def test_move_page_lists_the_week_with_reasons(member):
    days = upcoming(member)
    assert len(days) >= 2
    page = member.get(f"/programme/move/{days[0].isoformat()}")
    assert page.status_code == 200
    form = one(parse(page.text), "form fieldset")
    radios = form.select('input[type="radio"][name="to"]')
    assert len(radios) == 6
    refused = 0
    for radio in radios:  # a day within 48 hours of another session is refused, saying which
        day = date.fromisoformat(str(radio["value"]))
        near = [other for other in days[1:] if abs((other - day).days) < 2]
        assert radio.has_attr("disabled") == bool(near), day
        if near:
            refused += 1
            assert text(one(form, f"#{radio['aria-describedby']}")) == (
                f"Not possible: the session on {short_day(near[0])} is too close: sessions stay "
                "at least 48 hours apart."
            )
    assert refused


def test_a_refused_day_gives_the_form_back_with_the_reason(member, app):
    first, second = upcoming(member)[:2]
    too_close = date.fromordinal(second.toordinal() - 1)
    response = post(
        member,
        f"/programme/move/{first.isoformat()}",
        {"to": too_close.isoformat()},
        page=f"/programme/move/{first.isoformat()}",
    )
    assert response.status_code == 422
    assert text(one(parse(response.text), "#e-to")) == (
        f"the session on {short_day(second)} is too close: sessions stay at least 48 hours apart"
    )
    store = app.state.store
    user = store.find_user_by_email("ria@example.com").id
    assert store.moves(user) == []


def test_an_allowed_move_moves_the_session(member, app):
    page = member.get(f"/programme/move/{upcoming(member)[0].isoformat()}").text
    radios = parse(page).select('input[type="radio"][name="to"]')
    allowed = [str(radio["value"]) for radio in radios if not radio.has_attr("disabled")]
    assert allowed, page
    first = upcoming(member)[0]
    response = post(
        member,
        f"/programme/move/{first.isoformat()}",
        {"to": allowed[0]},
        page=f"/programme/move/{first.isoformat()}",
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert date.fromisoformat(allowed[0]) in upcoming(member)
    assert first not in upcoming(member)
    dates = sorted(upcoming(member))
    assert all((b - a).days >= 2 for a, b in itertools.pairwise(dates))


def test_a_day_without_a_session_is_404(member):
    assert member.get("/programme/move/1999-01-01").status_code == 404


def test_a_logged_session_stays_and_days_near_it_are_refused_with_the_reason(member, app):
    """Issue 10: a session logged today could be moved to tomorrow, against the 48-hour rule."""
    today, later = upcoming(member)[:2]
    assert today == TODAY
    row = set_forms(member.get(f"/session/{today.isoformat()}").text)[0] | {"rpe": "7"}
    post(member, f"/session/{today.isoformat()}/sets", row, page="/")
    assert today not in upcoming(member)  # no Move link for a logged session
    tomorrow = today + timedelta(days=1)
    refused = post(
        member,
        f"/programme/move/{today.isoformat()}",
        {"to": tomorrow.isoformat()},
        page=f"/programme/move/{today.isoformat()}",
    )
    assert refused.status_code == 422
    assert text(one(parse(refused.text), "#e-to")) == (
        "you have logged sets in that session, and a logged session stays where it happened"
    )
    choices = parse(member.get(f"/programme/move/{later.isoformat()}").text)
    near = one(choices, f'input[value="{tomorrow.isoformat()}"]')
    assert near.has_attr("disabled")
    reason = one(choices, f"#{near['aria-describedby']}")
    assert text(reason) == (
        f"Not possible: you trained on {short_day(today)}, too close: sessions stay at least "
        "48 hours apart."
    )
    store = app.state.store
    assert store.moves(store.find_user_by_email("ria@example.com").id) == []
