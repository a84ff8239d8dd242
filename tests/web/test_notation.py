"""Notation is explained where it is shown: tempo, per side, RPE (issue 10)."""

from tests.web.conftest import TODAY
from tests.web.soup import one, parse, text


def test_the_session_and_the_exercise_page_say_how_to_read_a_dose(member, library):
    page = parse(member.get(f"/session/{TODAY.isoformat()}").text)
    legend = [text(li) for li in one(page, "main .notation").select("li")]
    tempo = next(line for line in legend if line.startswith("Tempo "))
    assert "s lowering" in tempo and "each number is seconds, in that order" in tempo
    assert any(line.startswith("RPE: effort out of 10") for line in legend)
    hinge = library.get("romanian-deadlift")
    meta = text(parse(member.get(f"/exercises/{hinge.id}").text).select("main p.meta")[0])
    assert f"tempo {hinge.tempo} (3 s lowering, 1 s pause at the bottom," in meta
