"""Table rows written in Python as one ``Markup`` each page: the history page's 100 sets.

Autoescape stays on for every template; this is the same rule in another place. Each value
from the data goes through ``escape`` (``text``) before it joins the row, and the row becomes
``Markup`` only once it is whole. A Python int is written as its digits (``str`` of an int
holds no markup); any other value is escaped, whatever its type. What a whole page shares (the
CSRF field, each exercise's name, the unit's text) is escaped once per page, not once per row.

Why not a Jinja loop: a ``{{ }}`` costs an ``escape`` call and a ``Markup`` object per cell, and
a template loop a context lookup per name; for 100 rows of ten cells that was about half of a
warm history page's CPU. The HTML is byte for byte what ``pages/history.html``'s loop wrote
(``tests/web/test_rows.py`` renders that loop and compares, for random sets).
"""

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from markupsafe import Markup, escape

from hamstrong.core.exercises import Library
from hamstrong.core.units import Unit, number
from hamstrong.services.training_log import LoggedSet


def text(value: object) -> str:
    """``value`` as HTML text: an int's digits as they are, anything else escaped."""
    return str(value) if type(value) is int else str(escape(value))


def _memo(make: Callable[[Any], str]) -> Callable[[Any], str]:
    """``make`` once per distinct value in this page (names and numbers repeat row after row)."""
    seen: dict[Hashable, str] = {}

    def once(value: Hashable) -> str:
        found = seen.get(value)
        if found is None:
            found = seen[value] = make(value)
        return found

    return once


_ROW = """
  <tr id="logged-{id}">
    <th scope="row">{name}{side}</th>
    <td>{order}{warmup}</td>
    <td>{reps}{hold}{kg}</td>
    <td>{rpe}</td>
    <td>{pain}{stop}</td>
    <td class="row-actions">
      <a href="/sets/{id}/edit">Edit</a>
      <form method="post" action="/sets/{id}/delete" class="inline" hx-post="/sets/{id}/delete" \
hx-target="#logged-{id}" hx-swap="outerHTML" hx-confirm="Delete this set?">
        <input type="hidden" name="csrftoken" value="{csrf}">
        <button type="submit" class="link">Delete</button>
      </form>
    </td>
  </tr>
  """


def history_rows(sets: Sequence[LoggedSet], library: Library, unit: Unit, csrf: str) -> Markup:
    """The ``<tr>`` of each set of one day on the history page, each with Edit and Delete."""
    token = text(csrf)

    @_memo
    def name(exercise: str) -> str:  # the library's name; an imported set's own otherwise
        return text(library.get(exercise).name) if exercise in library else ""

    @_memo
    def hold(exercise: str) -> str:  # a hold counts seconds
        held = exercise in library and library.get(exercise).dose.value == "hold"
        return " s" if held else ""

    side = _memo(lambda value: "" if value == "both" else f" ({text(value)})")
    load = _memo(lambda kg: f" × {text(number(kg, unit))}" if kg else "")
    rpe = _memo(lambda value: "" if value is None else text(f"{value:g}"))
    rows = []
    for logged in sets:
        e = logged.entry
        rows.append(
            _ROW.format(
                id=text(logged.id),
                name=name(e.exercise) or text(e.name or e.exercise),
                side=side(e.side.value),
                order=text(e.order),
                warmup=" (warm-up)" if e.warmup else "",
                reps=text(e.reps),
                hold=hold(e.exercise),
                kg=load(e.kg),
                rpe=rpe(e.rpe),
                pain="" if e.pain is None else text(e.pain),
                stop=" stop" if e.symptoms else "",
                csrf=token,
            )
        )
    return Markup("".join(rows))
