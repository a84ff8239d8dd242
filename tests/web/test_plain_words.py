"""Issue 8 §5: no rule code or internal id on any page; every cue and mistake in the session.

Walks the wizard for people the population rules change most, then reads every page they see.
"""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from hamstrong.core.vocab import Equipment, Goal, InjuryKind, Pattern, Population, StrainCheck
from hamstrong.library import load_library
from tests.web.conftest import ALL_DAYS, TODAY, post, sign_up
from tests.web.soup import own_tree, parse, status

CODE = re.compile(r"\bR\d{1,2}\b|§")
IDS = sorted(
    {v for enum in (Goal, InjuryKind, Population, Equipment, Pattern) for v in enum if "_" in v}
    | {"strain_return"}
)
PEOPLE = {
    "youth-no-floor-back-knee-match": {
        "about": {"age": "16", "level": "intermediate", "floor": "no", "population": ""},
        "equipment": ["chair", "dumbbell", "resistance_band"],
        "goals": ["back_pain", "knee_pain"],
        "match_day": "sat",
        "injuries": {"hamstring_strain": ("left", "20", True, [])},
    },
    "older-adult-without-the-floor": {
        "about": {"age": "74", "level": "beginner", "floor": "no", "population": "older_adult"},
        "equipment": ["chair", "resistance_band"],
        "goals": ["balance"],
        "match_day": "",
        "injuries": {},
    },
    "runner-back-from-a-strain": {
        "about": {"age": "28", "level": "intermediate", "population": "runner"},
        "equipment": ["mat", "ankle_anchor", "resistance_band", "dumbbell"],
        "goals": ["sprint"],
        "match_day": "",
        "injuries": {
            "hamstring_strain": (
                "right",
                "3",
                False,
                [c.value for c in StrainCheck],
            )
        },
    },
}


def _visible(html: str) -> str:
    """The text a reader sees: no tags, attributes, scripts or styles (each element's text
    apart, so two elements side by side cannot hide a code between them)."""
    page = own_tree(html)
    for hidden in page.select("script, style"):
        hidden.decompose()
    return " ".join(page.get_text(" ").split())


def _walk(client, person: dict) -> None:
    sign_up(client)
    injuries: dict[str, object] = {}
    for kind, (side, weeks, cleared, checks) in person["injuries"].items():
        injuries |= {f"{kind}.have": "on", f"{kind}.side": side, f"{kind}.weeks_ago": weeks}
        injuries |= {f"{kind}.checks": checks} if checks else {}
        injuries |= {f"{kind}.cleared": "on"} if cleared else {}
    schedule = {"sessions_per_week": "2", "days": ALL_DAYS, "minutes": "40"}
    steps = [
        ("about", person["about"]),
        ("equipment", {"equipment": person["equipment"]}),
        ("goals", {"goals": person["goals"]}),
        ("schedule", schedule | {"match_day": person["match_day"], "start": TODAY.isoformat()}),
        ("injuries", injuries),
        ("screen", dict.fromkeys(_screen_keys(), "no")),
    ]
    for step, data in steps:
        response = post(client, f"/onboarding/{step}", data, follow_redirects=False)
        assert response.status_code == 303, (step, response.text[:2000])


def _screen_keys() -> list[str]:
    from hamstrong.core.screen import QUESTIONS

    return [q.key for q in QUESTIONS]


@pytest.mark.parametrize("person", PEOPLE.values(), ids=PEOPLE.keys())
def test_no_page_shows_a_rule_code_or_an_internal_id(client, person):
    _walk(client, person)
    pages = {"/onboarding/preview": client.get("/onboarding/preview")}
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
    days = [TODAY + timedelta(days=n) for n in range(7)]
    paths = ["/", "/programme", "/progress", "/history", "/exercises", "/learn", "/account"]
    paths += [f"/session/{d.isoformat()}" for d in days]
    paths += [f"/programme/move/{days[0].isoformat()}", "/exercises/nordic-hamstring-curl"]
    pages |= {path: client.get(path) for path in paths}
    for path, page in pages.items():
        if page.status_code != 200:
            continue  # a rest day's session page redirects; the others must render
        text = _visible(page.text)
        assert not CODE.search(text), (path, CODE.search(text))
        for word in IDS:
            assert word not in text, (path, word)
    assert pages["/"].status_code == 200 and pages["/programme"].status_code == 200
    pdf = client.get("/programme.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert not CODE.search(text) and not any(word in text for word in IDS)


def test_the_session_page_shows_every_cue_and_every_mistake_of_every_item(client):
    _walk(client, PEOPLE["runner-back-from-a-strain"])
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
    library = load_library()
    page = client.get(f"/session/{TODAY.isoformat()}")
    assert page.status_code == 200
    text = _visible(page.text)
    html = parse(page.text)
    main = [
        str(a["href"]).removeprefix("/exercises/")
        for a in html.select('h2 > a[href^="/exercises/"]')
    ]
    drills = [s.get_text().partition(":")[0] for s in html.select("summary") if ":" in s.text]
    names = {e.name: e for e in library}
    shown = [library.get(i) for i in main] + [names[n] for n in drills if n in names]
    assert len(shown) >= 6
    assert any(e.has("askling") for e in shown)  # the graded return keeps the Diver
    for exercise in shown:
        for line in (*exercise.cues, *exercise.mistakes):
            assert line in text, (exercise.id, line)


def test_history_and_the_saved_set_read_a_hold_in_seconds(client):
    _walk(client, PEOPLE["older-adult-without-the-floor"])
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
    page = client.get(f"/session/{TODAY.isoformat()}").text
    holds = [str(field["value"]) for field in parse(page).select('input[name="exercise"]')]
    library = load_library()
    hold = next(e for e in holds if library.get(e).dose.value == "hold")
    form = {"exercise": hold, "order": "1", "side": "both", "reps": "25", "pain": "0"}
    saved = post(client, f"/session/{TODAY.isoformat()}/sets", form, page="/")
    assert status(saved.text) == "Saved: 25 s, pain 0"
    assert "25 s" in _visible(client.get("/history").text)


def test_today_opens_each_main_exercise_on_every_cue_and_mistake(client):
    _walk(client, PEOPLE["runner-back-from-a-strain"])
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
    today = client.get("/").text
    text = _visible(today)
    library = load_library()
    names = {e.name: e for e in library}
    shown = [names[s.get_text()] for s in parse(today).select("details.drill > summary")]
    assert shown
    for exercise in shown:
        for line in (*exercise.cues, *exercise.mistakes):
            assert line in text, (exercise.id, line)
