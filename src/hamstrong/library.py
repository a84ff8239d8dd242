"""Reading the shipped exercise library and the free-exercise-db catalogue from disk."""

import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamstrong.core.exercises import Library, parse_library
from hamstrong.errors import InvalidInput

if TYPE_CHECKING:
    from hamstrong.core.fedb import FedbEntry

# The package's own folder (not importlib.resources: the package is always installed as files,
# and importing importlib.resources costs every command line start about 5 ms).
DATA = Path(__file__).parent / "data"


@cache
def load_library() -> Library:
    """The built-in library; a broken file is a bug we ship, so it raises InvalidCatalogue."""
    return parse_library(_toml_document("catalogue.toml"))


@cache
def aliases_document() -> dict[str, Any]:
    """aliases.toml, parsed once: other apps' exercise names (imports) and search synonyms."""
    return _toml_document("aliases.toml")


def _toml_document(name: str) -> dict[str, Any]:
    """A shipped TOML file, parsed. Parsing the catalogue takes about 20 ms, a tenth of the
    command line's budget, so the parsed document is kept as JSON (read in 0.2 ms) beside the
    package's bytecode, in ``data/__pycache__``, and used while the TOML file keeps the size
    and modification time it had, as Python checks its .pyc files; like them it is not written
    under PYTHONDONTWRITEBYTECODE or where the package folder is read-only."""
    source = DATA / name
    stat = source.stat()
    stamp = [stat.st_mtime_ns, stat.st_size]
    kept = DATA / "__pycache__" / f"{source.stem}.json"
    try:
        cached = json.loads(kept.read_bytes())
        if cached["source"] == stamp:
            document: dict[str, Any] = cached["document"]
            return document
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none yet, or one we cannot read: parse the TOML file
    import tomllib

    document = tomllib.loads(source.read_text(encoding="utf-8"))
    if not sys.dont_write_bytecode:
        _keep(kept, {"source": stamp, "document": document})
    return document


def _keep(path: Path, cached: dict[str, Any]) -> None:
    """Write atomically (a command running at the same time reads the old file or the new
    one); a folder we cannot write to only means the TOML is parsed each time."""
    try:
        text = json.dumps(cached, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return  # a TOML date or a NaN has no JSON twin: parse the TOML each time
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)


def photo_file(relative: str) -> Path:
    """The on-disk path of a shipped photo such as ``photos/Inchworm/0.jpg``."""
    return Path(str(DATA / relative))


def load_fedb(path: Path | None = None) -> "tuple[list[FedbEntry], list[str]]":
    """Entries of the shipped or a given free-exercise-db JSON file, and what was skipped."""
    from hamstrong.core.fedb import parse_fedb

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
