"""Exercise names in other apps' exports: our id for each, or a ``custom:<slug>`` of its own."""

import hashlib
import re
import unicodedata
from collections.abc import Collection, Mapping
from typing import Any

from hamstrong.errors import InvalidCatalogue

SPACES = re.compile(r"\s+")
_BRACKETS = re.compile(r"[(\[][^)\]]*[)\]]")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """Lowercase and single-spaced: the form alias keys are compared in."""
    return SPACES.sub(" ", name.strip().lower())


def slug(name: str) -> str:
    """Kebab-case of a name (accents folded), for ``custom:<slug>`` ids."""
    folded = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    text = _NOT_WORD.sub("-", plain).strip("-")
    if text:
        return text
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    return digest.hexdigest()[:8]  # a name of symbols only still gets a stable id


def map_exercise(name: str, aliases: Mapping[str, str], known_ids: Collection[str]) -> str:
    """Our id for an app's exercise name, or ``custom:<slug>`` so that no set is lost to a name."""
    exact = normalise_name(name)
    if exact in aliases:
        return aliases[exact]
    if exact in known_ids:
        return exact
    unhyphened = SPACES.sub(" ", exact.replace("-", " "))
    bare = SPACES.sub(" ", _unbracketed(exact)).strip()
    bare_unhyphened = SPACES.sub(" ", bare.replace("-", " "))
    for candidate in (unhyphened, bare, bare_unhyphened):
        if candidate in aliases:
            return aliases[candidate]
    for candidate in (slug(exact), slug(bare)):
        if candidate in known_ids:
            return candidate
    return "custom:" + slug(exact)


def _unbracketed(name: str) -> str:
    """``name`` with each "(…)" or "[…]" part replaced by a space, in linear time.

    Only the text up to the last closing bracket is searched: an opening bracket after it has
    no closing one, and searching on from each of those was quadratic (a name of 15,000 "("
    took seconds).
    """
    end = max(name.rfind(")"), name.rfind("]")) + 1
    return _BRACKETS.sub(" ", name[:end]) + name[end:]


def parse_aliases(document: Mapping[str, Any], known_ids: Collection[str]) -> dict[str, str]:
    """The ``[aliases]`` table of aliases.toml, checked against our ids; list every fault."""
    table = document.get("aliases")
    if not isinstance(table, Mapping):
        raise InvalidCatalogue("invalid aliases file: it has no [aliases] table")
    problems: list[str] = []
    aliases: dict[str, str] = {}
    for raw, target in table.items():
        name = normalise_name(str(raw))
        if not isinstance(target, str) or target not in known_ids:
            problems.append(f"{raw!r}: {target!r} is not an exercise id")
        elif not name:
            problems.append(f"{raw!r}: the name is empty")
        elif aliases.get(name, target) != target:
            problems.append(f"{raw!r}: the name already maps to {aliases[name]!r}")
        else:
            aliases[name] = target
    if problems:
        raise InvalidCatalogue("invalid aliases file: " + "; ".join(problems))
    return aliases
