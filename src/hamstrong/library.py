"""Reading the shipped exercise library and the free-exercise-db catalogue from disk."""

import json
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from hamstrong.core.exercises import Library, parse_library
from hamstrong.core.fedb import FedbEntry, parse_fedb
from hamstrong.errors import InvalidInput

DATA = resources.files("hamstrong") / "data"


@cache
def load_library() -> Library:
    """The built-in library; a broken file is a bug we ship, so it raises InvalidCatalogue."""
    return parse_library(tomllib.loads((DATA / "catalogue.toml").read_text(encoding="utf-8")))


@cache
def aliases_document() -> dict[str, Any]:
    """aliases.toml, parsed once: other apps' exercise names (imports) and search synonyms."""
    return tomllib.loads((DATA / "aliases.toml").read_text(encoding="utf-8"))


def photo_file(relative: str) -> Path:
    """The on-disk path of a shipped photo such as ``photos/Inchworm/0.jpg``."""
    return Path(str(DATA / relative))


def load_fedb(path: Path | None = None) -> tuple[list[FedbEntry], list[str]]:
    """Entries of the shipped or a given free-exercise-db JSON file, and what was skipped."""
    source = DATA / "free-exercise-db.json" if path is None else path
    label = "the built-in catalogue" if path is None else str(path)
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        raise InvalidInput({"file": f"{label} does not exist"}) from None
    except IsADirectoryError:
        raise InvalidInput({"file": f"{label} is a folder, not a JSON file"}) from None
    except OSError as error:
        raise InvalidInput({"file": f"cannot read {label}: {error.strerror}"}) from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidInput({"file": f"{label} is not UTF-8 text"}) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            {"file": f"{label} is not valid JSON (line {error.lineno}: {error.msg})"}
        ) from None
    return parse_fedb(document)
