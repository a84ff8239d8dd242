"""The edges keep to their layer: messages made below the interfaces carry no interface words,
and the interfaces never rewrite them."""

import ast
import re
from pathlib import Path

import hamstrong

SRC = Path(hamstrong.__file__).parent
BELOW_THE_INTERFACES = [
    *(SRC / "core").glob("*.py"),
    *(SRC / "services").glob("*.py"),
    SRC / "errors.py",
    SRC / "profiles.py",
]
# a command to type (`hamstrong start`) or an option (--side): the CLI's words, not the core's
INTERFACE_WORDS = re.compile(r"`hamstrong\b|(?<![\w-])--[a-z]")


def messages(path: Path) -> list[str]:
    """The string literals of a module, without its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_messages_below_the_interfaces_carry_no_interface_words():
    offenders = {
        path.name: found
        for path in BELOW_THE_INTERFACES
        if (found := [m for m in messages(path) if INTERFACE_WORDS.search(m)])
    }
    assert offenders == {}


def test_the_check_sees_interface_words_where_they_are():
    assert INTERFACE_WORDS.search("run `hamstrong start` first")
    assert INTERFACE_WORDS.search("give --side left")
    assert not INTERFACE_WORDS.search("pain 7/10 -- stop")


def test_pages_and_routes_never_rewrite_a_message():
    web = SRC / "web"
    rewrites = re.compile(r"\.replace\(")
    found = [
        str(path.relative_to(web))
        for path in [*web.glob("routes/*.py"), *web.glob("templates/**/*.html")]
        if rewrites.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_404_handler_never_reads_the_message():
    source = (SRC / "web" / "app.py").read_text(encoding="utf-8")
    assert "`hamstrong" not in source and " in message" not in source
