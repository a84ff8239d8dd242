"""Reading the app's HTML in tests with a real parser (BeautifulSoup on Python's html.parser),
so an assertion is about an element, its attributes and the text a person reads, not about how
the template happens to spell its markup."""

import functools

from bs4 import BeautifulSoup, Comment, NavigableString, SoupStrainer, Tag

# Only the CSRF fields are built into a tree (the parser still reads the whole page): a third of
# the CPU of parsing the whole of the session page, which a form's test fetches for its token.
_TOKEN_FIELDS = SoupStrainer("input", attrs={"name": "csrftoken"})


@functools.lru_cache(maxsize=16)
def parse(html: str) -> BeautifulSoup:
    """The page's tree, shared by every reader of the same text (tests read one page with
    several helpers, and many draw the same page): read it, never change it (``own_tree``)."""
    return own_tree(html)


def own_tree(html: str) -> BeautifulSoup:
    """A tree of the page that the caller may change (``parse`` shares its trees)."""
    return BeautifulSoup(html, "html.parser")


def text(node: Tag) -> str:
    """The text of ``node`` as a person reads it: whitespace runs become one space."""
    return " ".join(node.get_text().split())


def lines(node: Tag) -> list[str]:
    """The text of ``node`` split where a ``<br>`` breaks the line, each as a person reads it."""
    parts = [""]
    for piece in node.descendants:
        if isinstance(piece, Tag):
            if piece.name == "br":
                parts.append("")
        elif isinstance(piece, NavigableString) and not isinstance(piece, Comment):
            parts[-1] += str(piece)
    return [" ".join(part.split()) for part in parts]


def one(node: Tag, selector: str) -> Tag:
    """The one element matching the CSS ``selector`` (the test fails on none or several)."""
    found = node.select(selector)
    assert len(found) == 1, f"{len(found)} elements match {selector!r}"
    return found[0]


def field_error(html: str, name: str, *, prefix: str = "") -> str:
    """The message shown next to the field ``name``, after checking that the field points at it
    (``aria-describedby``) and is marked invalid, as a screen reader needs."""
    error_id = f"{prefix}e-{name.replace('.', '-')}"
    page = parse(html)
    message = one(page, f"#{error_id}")
    assert "error" in message.get_attribute_list("class"), message
    described = page.select(f'[aria-describedby~="{error_id}"]')
    assert described, f"no field is described by #{error_id}"
    assert all(field.get("aria-invalid") == "true" for field in described), described
    return text(message)


def links(node: Tag) -> dict[str, str]:
    """Each link's address and its text."""
    return {str(a["href"]): text(a) for a in node.select("a[href]")}


def csrf_token(html: str) -> str:
    """The CSRF token the page's forms carry (every form carries the same one)."""
    fields = BeautifulSoup(html, "html.parser", parse_only=_TOKEN_FIELDS).find_all("input")
    tokens = {str(field["value"]) for field in fields}
    assert len(tokens) == 1, f"{len(tokens)} different CSRF tokens on the page"
    return tokens.pop()


def form_values(form: Tag) -> dict[str, str]:
    """What a form sends as it stands: its named inputs' values (checked boxes and radios
    only) and its selects' chosen options."""
    values: dict[str, str] = {}
    for field in form.select("input[name]"):
        if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        values[str(field["name"])] = str(field.get("value", ""))
    for select in form.select("select[name]"):
        chosen = select.select_one("option[selected]") or select.select_one("option")
        if chosen is not None:
            values[str(select["name"])] = str(chosen.get("value", ""))
    return values


def set_forms(html: str) -> list[dict[str, str]]:
    """The sets still to save on a session page (forms with a "Save set" button), each as its
    exercise, order, side and planned reps."""
    rows = []
    for form in parse(html).select("form.set-row"):
        if "Save set" not in [text(button) for button in form.select("button")]:
            continue
        values = form_values(form)
        rows.append({key: values[key] for key in ("exercise", "order", "side", "reps")})
    return rows


def main_text(html: str) -> str:
    """The text of the page's ``<main>``, as a person reads it."""
    return text(one(parse(html), "main"))


def status(html: str) -> str:
    """The one status message on the page (``role="status"``): a save, a change, a notice."""
    return text(one(parse(html), '[role="status"]'))


def alert(html: str) -> str:
    """The one alert on the page (``role="alert"``): an error page's message, a stop, a referral."""
    return text(one(parse(html), '[role="alert"]'))


def field_value(html: str, name: str) -> str:
    """The value the page puts back in the field ``name`` (what the person typed, or a default)."""
    return str(one(parse(html), f'input[name="{name}"]').get("value", ""))
