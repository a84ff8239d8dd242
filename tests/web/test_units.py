"""Units: a user who trains in pounds picks lb once (wizard or account page) and then enters and
reads every load in lb, prescribed in weights sold in lb, while the store keeps kg."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.datastructures import FormData

from hamstrong.core.dates import short_day
from hamstrong.core.strength import epley
from hamstrong.core.training_log import load_limit
from hamstrong.core.units import KG_PER_LB, Unit, number, to_kg
from hamstrong.errors import InvalidInput
from hamstrong.web.forms.today import parse_set_form
from tests.strategies import examples
from tests.web.conftest import ALL_DAYS, TODAY, post, sign_up
from tests.web.soup import csrf_token, field_error, form_values, one, parse, text
from tests.wizard import wizard_steps

DAY = TODAY.isoformat()


def _start(client, units: str) -> None:
    steps = wizard_steps(
        TODAY, ALL_DAYS, equipment=["mat", "chair", "dumbbell"], level="intermediate"
    )
    for step, data in steps:
        if step == "equipment":
            data = data | {"units": units}
        response = post(client, f"/onboarding/{step}", data, follow_redirects=False)
        assert response.status_code == 303, (step, response.text)
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303


def _loaded_rows(client) -> list[tuple[str, dict[str, str]]]:
    """(the load field's label, the form's values) of each loaded set still to save."""
    page = parse(client.get(f"/session/{DAY}").text)
    rows = []
    for form in page.select("form.set-row"):
        field = form.select_one('input[name="kg"]')
        if field is None or not field.get("value"):
            continue
        label = text(one(form, f'label[for="{field["id"]}"]'))
        rows.append((label, form_values(form)))
    return rows


@pytest.fixture
def pounds(client):
    sign_up(client)
    _start(client, "lb")
    return client


def test_a_pound_user_is_prescribed_dumbbells_sold_in_pounds(pounds):
    rows = _loaded_rows(pounds)
    assert rows, "a beginner with dumbbells gets a loaded exercise"
    for label, values in rows:
        assert label in ("lb per hand", "lb total")
        assert float(values["kg"]) % 2.5 == 0  # 2.5 lb dumbbell steps
    targets = [text(t) for t in parse(pounds.get(f"/session/{DAY}").text).select(".target")]
    assert any(" lb per hand" in t or " lb total" in t for t in targets)
    assert not any(" kg " in f"{t} " for t in targets)


def test_a_load_entered_in_pounds_is_kept_in_kg_and_reads_back_in_pounds(pounds, app):
    _label, values = _loaded_rows(pounds)[0]
    values |= {"kg": "45", "rpe": "7", "pain": "1"}
    saved = post(pounds, f"/session/{DAY}/sets", values, page="/", follow_redirects=False)
    assert saved.status_code == 303
    user = app.state.store.find_user_by_email("ria@example.com").id
    [entry] = app.state.store.sets(user)
    assert entry.kg == pytest.approx(45 * KG_PER_LB)
    page = parse(pounds.get(f"/session/{DAY}").text)
    assert any(
        text(s).startswith(f"Saved: {values['reps']} × 45 lb") for s in page.select(".saved")
    )
    history = parse(pounds.get("/history").text)
    assert "Reps × lb" in [text(th) for th in history.select("th")]
    assert f"{values['reps']} × 45" in [text(td) for td in history.select("td")]
    edit = next(a for a in history.select("a") if text(a) == "Edit")
    edit_page = parse(pounds.get(str(edit["href"])).text)
    assert one(edit_page, 'input[name="kg"]')["value"] == "45"


def test_the_account_page_switches_units_and_bad_values_are_422(pounds, app):
    done = post(pounds, "/account/unit", {"unit": "kg"}, page="/account")
    assert done.status_code == 200
    assert text(one(parse(done.text), "[role=status]")) == (
        "Loads are now entered and shown in kg; they stay stored exactly."
    )
    rows = _loaded_rows(pounds)
    assert rows and all(label in ("kg per hand", "kg total") for label, _ in rows)
    bad = post(pounds, "/account/unit", {"unit": "stone"}, page="/account")
    assert bad.status_code == 422
    assert field_error(bad.text, "unit") == "pick kg or lb"
    user = app.state.store.find_user_by_email("ria@example.com").id
    assert app.state.store.unit(user) == "kg"


def test_the_wizard_refuses_an_unknown_unit_next_to_the_field(client):
    sign_up(client)
    steps = dict(wizard_steps(TODAY, ALL_DAYS))
    post(client, "/onboarding/about", steps["about"])
    bad = post(client, "/onboarding/equipment", {"equipment": ["mat"], "units": "stone"})
    assert bad.status_code == 422
    assert field_error(bad.text, "units") == "must be kg or lb, not 'stone'"


def test_a_pound_users_exports_give_each_load_in_kg_and_in_lb(pounds, app):
    _label, values = _loaded_rows(pounds)[0]
    values |= {"kg": "45", "rpe": "7", "pain": "1"}
    assert post(pounds, f"/session/{DAY}/sets", values, page="/").status_code == 200
    document = pounds.get("/export.json").json()
    assert document["unit"] == "lb"
    [entry] = document["sets"]
    assert (entry["kg"], entry["lb"]) == (45 * KG_PER_LB, 45.0)
    header, row = pounds.get("/export.csv").text.splitlines()[:2]
    columns = header.split(",")
    assert columns[3:5] == ["kg", "lb"]
    assert row.split(",")[4] == "45"
    # imported into another account, the load comes back to the last digit
    pounds.post("/logout", data={"csrftoken": csrf_token(pounds.get("/").text)})
    sign_up(pounds, "sam@example.com")
    done = pounds.post(
        "/import",
        data={"csrftoken": csrf_token(pounds.get("/import").text)},
        files={"file": ("hamstrong-export.csv", f"{header}\r\n{row}\r\n", "text/csv")},
    )
    assert done.status_code == 200, done.text
    sam = app.state.store.find_user_by_email("sam@example.com").id
    assert [s.kg for s in app.state.store.sets(sam)] == [45 * KG_PER_LB]


def test_the_import_form_reads_an_unlabelled_weight_in_the_users_unit(pounds, app):
    page = parse(pounds.get("/import").text)
    assert text(one(page, "#f-unit option[selected]")) == "lbs"
    strong = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
        "2026-12-01 18:00:00,Legs,40m,Romanian Deadlift (Dumbbell),1,45,10,0,0,,,\n"
    )
    done = pounds.post(
        "/import",
        data={"csrftoken": csrf_token(pounds.get("/import").text)},
        files={"file": ("strong.csv", strong, "text/csv")},
    )
    assert done.status_code == 200, done.text
    user = app.state.store.find_user_by_email("ria@example.com").id
    assert [s.kg for s in app.state.store.sets(user)] == [45 * KG_PER_LB]


# loads as stored: typed in kg (0.01), typed in lb (0.1 lb), or imported with any digits
STORED = (
    st.integers(50, 50_000).map(lambda cents: cents / 100)
    | st.integers(15, 11_000).map(lambda tenths: to_kg(tenths / 10, Unit.LB))
    | st.floats(0.5, 498.9, allow_nan=False)
)


@settings(max_examples=examples(300), deadline=None)
@given(kg=STORED, unit=st.sampled_from(Unit))
def test_a_set_saved_again_as_its_form_shows_it_keeps_its_kg_exactly(kg: float, unit: Unit):
    """kg -> the form in lb (or kg) -> kg: an edit that leaves the load as shown stores the
    same kg to the last digit; a load typed anew is the typed value, converted."""
    shown_text = number(kg, unit)
    form = FormData({"exercise": "glute-bridge", "reps": "10", "kg": shown_text})
    again = parse_set_form(form, day=TODAY, unit=unit, kept=kg)
    assert again.kg == kg
    if load_limit(unit).problem(float(shown_text)):  # 0.5 kg is 1.1 lb: kept, not typed anew
        with pytest.raises(InvalidInput, match=f"to {load_limit(unit).high:g} {unit}"):
            parse_set_form(form, day=TODAY, unit=unit)
        return
    fresh = parse_set_form(form, day=TODAY, unit=unit)
    assert fresh.kg == to_kg(float(shown_text), unit)
    assert number(fresh.kg, unit) == shown_text  # and it reads back as typed


def test_an_edit_in_pounds_leaves_a_kg_load_exactly_as_it_was(pounds, app):
    """A set logged as 20 kg shows 44.1 lb; saving its edit form unchanged keeps 20 kg."""
    user = app.state.store.find_user_by_email("ria@example.com").id
    post(pounds, "/account/unit", {"unit": "kg"}, page="/account")
    _label, values = _loaded_rows(pounds)[0]
    post(pounds, f"/session/{DAY}/sets", values | {"kg": "20"}, page="/")
    post(pounds, "/account/unit", {"unit": "lb"}, page="/account")
    edit = next(a for a in parse(pounds.get("/history").text).select("a") if text(a) == "Edit")
    form = one(parse(pounds.get(str(edit["href"])).text), 'main form[method="post"]')
    shown_values = form_values(form)
    assert shown_values["kg"] == "44.1"
    saved = post(pounds, str(form["action"]), shown_values | {"reps": "9"}, page="/history")
    assert saved.status_code == 200
    [entry] = app.state.store.sets(user)
    assert (entry.reps, entry.kg) == (9, 20.0)


def _log_45_lb(client) -> dict[str, str]:
    _label, values = _loaded_rows(client)[0]
    values |= {"kg": "45", "rpe": "8", "pain": "1"}
    assert post(client, f"/session/{DAY}/sets", values, page="/").status_code == 200
    return values


def test_progress_reads_pounds_in_its_tables_readings_and_charts(pounds):
    values = _log_45_lb(pounds)
    reps = int(values["reps"])
    estimate = number(round(epley(45 * KG_PER_LB, reps, 8.0), 1), Unit.LB)  # 0.1 kg, in lb
    page = parse(pounds.get("/progress").text)
    strength = one(page, "#strength")
    [row] = strength.select("tbody tr")
    latest = text(row.select("td")[2])
    lifted = f"{estimate} lb estimated max (lifted 45 lb × {reps})"
    assert latest == f"{lifted} ({short_day(TODAY)})"
    assert text(strength.select_one("p")) == (
        f"Romanian deadlift (dumbbells): {lifted} on {short_day(TODAY)}, the first session in "
        "this unit, so no trend yet."
    )
    assert " kg" not in f"{text(strength)} "
    for chart in ("/progress/strength.png", "/progress.png"):
        assert pounds.get(chart).headers["content-type"] == "image/png"


def test_answering_the_screen_again_keeps_the_unit_picked_on_the_account_page(client, app):
    sign_up(client)
    _start(client, "kg")
    assert post(client, "/account/unit", {"unit": "lb"}, page="/account").status_code == 200
    assert client.get("/onboarding/rescreen", follow_redirects=False).status_code == 303
    screen = dict(wizard_steps(TODAY, ALL_DAYS))["screen"]
    assert post(client, "/onboarding/screen", screen, follow_redirects=False).status_code == 303
    assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
    user = app.state.store.find_user_by_email("ria@example.com").id
    assert app.state.store.unit(user) == "lb"
    assert all(label in ("lb per hand", "lb total") for label, _ in _loaded_rows(client))


def test_the_wizard_opens_on_the_unit_picked_on_the_account_page(pounds):
    assert post(pounds, "/account/unit", {"unit": "kg"}, page="/account").status_code == 200
    pounds.get("/onboarding", follow_redirects=False)
    page = parse(pounds.get("/onboarding/equipment").text)
    assert one(page, 'input[name="units"][checked]')["value"] == "kg"
