"""Two swaps in one session: the second keeps the first (issue 10)."""

from urllib.parse import parse_qsl, urlsplit

from tests.web.conftest import TODAY
from tests.web.soup import parse, text

DAY = TODAY.isoformat()


def _offers(html: str) -> dict[str, list[str]]:
    """Each exercise section's swap links, by the section's id."""
    return {
        str(section["id"]): [str(a["href"]) for a in section.select("details.swap li a")]
        for section in parse(html).select("section.station")
    }


def _swapped(html: str) -> list[str]:
    return [text(p) for p in parse(html).select("section.station p.swapped")]


def test_a_second_swap_keeps_the_first(member):
    offers = [links for links in _offers(member.get(f"/session/{DAY}").text).values() if links]
    assert len(offers) >= 2, "the session needs two exercises with swaps"
    first = offers[0][0]
    planned, chosen = dict(parse_qsl(urlsplit(first).query))["swap"].split(":")
    once = member.get(f"/session/{DAY}{first.split('#')[0]}").text
    assert len(_swapped(once)) == 1
    second = next(
        links[0] for section, links in _offers(once).items() if links and section != f"ex-{chosen}"
    )
    assert f"swap={planned}:{chosen}" in second  # the link carries the first swap along
    twice = member.get(f"/session/{DAY}{second.split('#')[0]}").text
    assert len(_swapped(twice)) == 2
    backs = [str(a["href"]) for a in parse(twice).select("p.swapped a")]
    assert len(backs) == 2 and all(b.count("swap=") == 2 for b in backs)  # undo one, keep one
