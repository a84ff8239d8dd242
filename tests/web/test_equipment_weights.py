"""The wizard's equipment step asks which dumbbells and kettlebells you have; the plan then
prescribes only those weights."""

from tests.web.conftest import ALL_DAYS, TODAY, post, sign_up
from tests.web.soup import field_error, one, parse
from tests.wizard import wizard_steps

DAY = TODAY.isoformat()


def _walk(client, equipment: dict[str, object]) -> list:
    steps = wizard_steps(TODAY, ALL_DAYS, equipment=["mat", "chair"], level="intermediate")
    answers = []
    for step, data in steps:
        if step == "equipment":
            data = equipment
        answers.append(post(client, f"/onboarding/{step}", data, follow_redirects=False))
    return answers


def test_prescribed_loads_are_the_weights_you_listed(client):
    sign_up(client)
    owned = {"equipment": ["mat", "chair", "dumbbell"], "units": "lb", "dumbbells": "15, 25,40"}
    assert [a.status_code for a in _walk(client, owned)] == [303] * 6
    back = parse(client.get("/onboarding/equipment").text)  # the draft shows them as typed
    assert one(back, 'input[name="dumbbells"]')["value"] == "15, 25, 40"
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
    page = parse(client.get(f"/session/{DAY}").text)
    loads = {f["value"] for f in page.select('form.set-row input[name="kg"]') if f.get("value")}
    assert loads and loads <= {"15", "25", "40"}


def test_weights_that_are_not_numbers_are_422_next_to_the_field(client):
    sign_up(client)
    post(client, "/onboarding/about", dict(wizard_steps(TODAY, ALL_DAYS))["about"])
    bad = post(
        client,
        "/onboarding/equipment",
        {"equipment": ["dumbbell"], "dumbbells": "4, six", "units": "kg"},
    )
    assert bad.status_code == 422
    assert field_error(bad.text, "dumbbells") == (
        "write the weights as numbers with commas between them, like 4, 6, 8"
    )
    unticked = post(client, "/onboarding/equipment", {"equipment": ["mat"], "kettlebells": "8"})
    assert unticked.status_code == 422
    assert field_error(unticked.text, "kettlebells") == (
        "you listed kettlebell weights, so add 'kettlebell' to equipment (or leave the weights out)"
    )
