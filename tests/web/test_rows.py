"""Rows written in Python (``hamstrong.web.rows``) are the markup the page's Jinja loop wrote,
byte for byte, for any set: names with markup, holds, loads in kg and lb, no RPE or pain, both
sides, warm-ups and stop symptoms. The reference is that loop, kept here with autoescape on."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment
from markupsafe import Markup

from hamstrong.core.exercises import Library
from hamstrong.core.training_log import SetEntry, Side, Symptom
from hamstrong.core.units import Unit, number
from hamstrong.library import load_library
from hamstrong.services.training_log import LoggedSet
from hamstrong.web.rows import history_rows, text
from tests.strategies import examples

LIBRARY = load_library()

# pages/history.html's loop before its rows were written in Python
HISTORY_LOOP = """\
  {% for s in sets %}{% set e = s.entry %}
  <tr id="logged-{{ s.id }}">
    <th scope="row">{{ library.get(e.exercise).name if e.exercise in library else (e.name or e.exercise) }}{% if e.side.value != "both" %} ({{ e.side.value }}){% endif %}</th>
    <td>{{ e.order }}{% if e.warmup %} (warm-up){% endif %}</td>
    <td>{{ e.reps }}{% if e.exercise in library and library.get(e.exercise).dose.value == "hold" %} s{% endif %}{% if e.kg %} × {{ e.kg|weight(unit) }}{% endif %}</td>
    <td>{{ "%g"|format(e.rpe) if e.rpe is not none else "" }}</td>
    <td>{{ e.pain if e.pain is not none else "" }}{% if e.symptoms %} stop{% endif %}</td>
    <td class="row-actions">
      <a href="/sets/{{ s.id }}/edit">Edit</a>
      <form method="post" action="/sets/{{ s.id }}/delete" class="inline" hx-post="/sets/{{ s.id }}/delete" hx-target="#logged-{{ s.id }}" hx-swap="outerHTML" hx-confirm="Delete this set?">
        <input type="hidden" name="csrftoken" value="{{ csrf_token }}">
        <button type="submit" class="link">Delete</button>
      </form>
    </td>
  </tr>
  {% endfor %}"""

_env = Environment(autoescape=True)
_env.filters["weight"] = number
REFERENCE = _env.from_string(HISTORY_LOOP)

MARKUP = st.sampled_from(['<script>alert("x")</script>', "Tom & Jerry's curl", "a\"b'c<d>&e", ""])
EXERCISES = st.sampled_from(["glute-bridge", "wall-sit", "nordic-curl", "custom:razor"])
LOADS = st.one_of(st.none(), st.just(0.0), st.floats(0.5, 400, allow_nan=False))


@st.composite
def logged_sets(draw: st.DrawFn) -> LoggedSet:
    entry = SetEntry(
        date(2026, 12, 7),
        draw(EXERCISES),
        draw(st.integers(0, 100)),
        kg=draw(LOADS),
        rpe=draw(st.one_of(st.none(), st.sampled_from([1.0, 6.5, 7.0, 10.0]))),
        pain=draw(st.one_of(st.none(), st.integers(0, 10))),
        side=draw(st.sampled_from(list(Side))),
        warmup=draw(st.booleans()),
        order=draw(st.integers(1, 30)),
        symptoms=draw(st.sampled_from([(), (Symptom.SHARP,)])),
        name=draw(st.one_of(st.none(), MARKUP)),
    )
    return LoggedSet(draw(st.integers(1, 10**9)), entry)


@given(
    sets=st.lists(logged_sets(), max_size=8),
    unit=st.sampled_from(list(Unit)),
    token=st.sampled_from(["abc.def", '"><b>token</b>']),
)
@settings(max_examples=examples(60))
def test_history_rows_are_the_loop_they_replace(
    sets: list[LoggedSet], unit: Unit, token: str
) -> None:
    expected = REFERENCE.render(sets=sets, library=LIBRARY, unit=unit, csrf_token=token)
    found = history_rows(sets, LIBRARY, unit, token)
    assert isinstance(found, Markup)
    assert "  " + found == expected


def test_every_value_from_the_data_is_escaped(library: Library) -> None:
    entry = SetEntry(date(2026, 12, 7), "custom:x", 5, name="<img src=x onerror=alert(1)>")
    html = history_rows([LoggedSet(7, entry)], library, Unit.KG, '"><script>')
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>" not in html and 'value="&#34;&gt;&lt;script&gt;"' in html


def test_text_writes_an_int_as_digits_and_escapes_everything_else() -> None:
    assert text(42) == "42"
    assert text("<b>") == "&lt;b&gt;"
    assert text(True) == "True"  # a bool is not an int here: written as Jinja writes it
    assert text(Markup("<b>ok</b>")) == "<b>ok</b>"  # already HTML, as Jinja keeps it
