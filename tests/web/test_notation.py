"""Notation is explained where it is shown: tempo, per side, RPE (issue 10)."""

from tests.web.conftest import TODAY
from tests.web.soup import one, parse, text


def test_the_session_and_the_exercise_page_say_how_to_read_a_dose(member, library):
    page = parse(member.get(f"/session/{TODAY.isoformat()}").text)
    legend = [text(li) for li in one(page, "main .notation").select("li")]
    assert legend == [
        "Tempo 2-0-1-0: 2 s lowering, no pause at the bottom, 1 s lifting, no pause at the top; "
        "each number is seconds, in that order.",
        "Per side: do the sets with each leg (or arm), one side after the other.",
        "RPE: effort out of 10; 7 means you could have done about 3 more reps, 9 about one.",
    ]
    hinge = library.get("romanian-deadlift")
    meta = text(parse(member.get(f"/exercises/{hinge.id}").text).select("main p.meta")[0])
    assert meta == (
        f"Hinge · beginner · needs dumbbell · tempo {hinge.tempo} (3 s lowering, 1 s pause at the "
        "bottom, 1 s lifting, no pause at the top)"
    )
