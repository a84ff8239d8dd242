"""The edges keep to their layer: messages made below the interfaces carry no interface words,
and the interfaces never rewrite them."""

import ast
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import hamstrong

SRC = Path(hamstrong.__file__).parent
BELOW_THE_INTERFACES = [
    *(SRC / "core").glob("*.py"),
    *(SRC / "services").glob("*.py"),
    SRC / "errors.py",
    *(SRC / "profiles").glob("*.py"),
    *(SRC / "video").glob("*.py"),  # its errors reach the web through a form check's job
    *(SRC / "store").rglob("*.py"),  # StoreUnavailable reaches both interfaces
]
# a command to type (`hamstrong start`) or an option (--side): the CLI's words, not the core's
INTERFACE_WORDS = re.compile(r"`hamstrong\b|(?<![\w-])--[a-z]")


def offenders(paths: Iterable[Path], check: Callable[[Path], list[str]]) -> dict[str, list[str]]:
    """What ``check`` finds in each of ``paths`` that breaks a rule, by path below ``src/``."""
    return {str(path.relative_to(SRC)): found for path in paths if (found := check(path))}


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


def test_what_comes_next_is_said_by_each_interface():
    """Each ``Next`` is a command on the command line and a link on the web, except installing
    the video packages: the server operator's task, nothing a visitor can do."""
    from hamstrong.errors import Next
    from hamstrong.outputs.terminal import NEXT_COMMANDS
    from hamstrong.web.render import NEXT_LINKS

    assert set(NEXT_COMMANDS) == set(Next)
    assert set(NEXT_LINKS) == set(Next) - {Next.VIDEO_EXTRA}


def test_the_check_sees_interface_words_where_they_are():
    assert INTERFACE_WORDS.search("run `hamstrong start` first")
    assert INTERFACE_WORDS.search("give --side left")
    assert not INTERFACE_WORDS.search("pain 7/10 -- stop")


WEB = SRC / "web"
# What a template's ``|replace`` may be applied to: the values of enums and ids, never a message.
# Each is the filtered expression with the filters before ``replace`` (``have|map|sort|join``).
TEMPLATE_REPLACES = {
    "e.pattern.value",  # an exercise's pattern: "knee_flexion" -> "knee flexion"
    "e.equipment|map|sort|join",  # its equipment's enum values
    "have|map|sort|join",  # the equipment the user has: enum values
    "name",  # a form field's name made an element id: "sets.0" -> "sets-0"
    "value|string",  # macros.label: the enum value its callers pass ("hinge", "left")
}
# What ``.replace()`` may be called on in web/ Python: a form field's raw text, being parsed.
PYTHON_REPLACES = {"raw"}


def template_replaces(source: str) -> list[str]:
    """What each ``|replace`` filter of a template is applied to (``e.pattern.value``)."""
    from jinja2 import Environment, nodes

    def subject(node: nodes.Node) -> str:
        if isinstance(node, nodes.Filter) and node.node is not None:
            return f"{subject(node.node)}|{node.name}"
        if isinstance(node, nodes.Getattr):
            return f"{subject(node.node)}.{node.attr}"
        if isinstance(node, nodes.Name):
            return node.name
        return type(node).__name__  # a message would come as a call, a literal, a getitem...

    tree = Environment().parse(source)
    return [
        subject(f.node)
        for f in tree.find_all(nodes.Filter)
        if f.name == "replace" and f.node is not None
    ]


def python_replaces(path: Path) -> list[str]:
    """What each ``.replace()`` call of a module is made on (a chain counts once, by its base)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "replace"
        ):
            base = node.func.value
            while (
                isinstance(base, ast.Call)
                and isinstance(base.func, ast.Attribute)
                and base.func.attr == "replace"
            ):
                base = base.func.value
            found.append(ast.unparse(base))
    return sorted(set(found))


def test_pages_and_routes_never_rewrite_a_message():
    rewrites = {
        str(path.relative_to(WEB)): found
        for path in sorted(WEB.rglob("*.py"))
        if (found := [s for s in python_replaces(path) if s not in PYTHON_REPLACES])
    } | {
        str(path.relative_to(WEB)): found
        for path in sorted(WEB.glob("templates/**/*.html"))
        if (
            found := [
                s
                for s in template_replaces(path.read_text(encoding="utf-8"))
                if s not in TEMPLATE_REPLACES
            ]
        )
    }
    assert rewrites == {}


def test_the_rewrite_check_sees_replace_on_a_message(tmp_path):
    assert template_replaces(
        "{{ message|replace('`hamstrong start`', 'the start page') }}"
        "{{ error.message|replace('a', 'b')|e }}{{ e.pattern.value|replace('_', ' ') }}"
        "{{ have|map(attribute='value')|sort|join(', ')|replace('_', ' ') }}"
        "{{ (problems[name] ~ '')|replace('x', 'y') }}{{ name|replace('.', '-') }}"
    ) == [
        "message",
        "error.message",
        "e.pattern.value",
        "have|map|sort|join",
        "Concat",
        "name",
    ]
    module = tmp_path / "route.py"
    module.write_text(
        "text = str(error).replace('hamstrong', '')\n"
        "kg = float(raw.replace(';', ',').replace(',', '.'))\n",
        encoding="utf-8",
    )
    assert python_replaces(module) == ["raw", "str(error)"]


def test_error_pages_are_rendered_in_one_place():
    """Errors carry their status and the app's handlers answer through ``render.error_page``:
    no route or middleware renders an ``errors/`` template itself (the 429 page once did, in
    four routes)."""
    web = SRC / "web"
    found = sorted(
        str(path.relative_to(web))
        for path in web.rglob("*.py")
        if path != web / "render.py" and any(m.startswith("errors/") for m in messages(path))
    )
    assert found == []


def test_the_404_handler_never_reads_the_message():
    source = (SRC / "web" / "app.py").read_text(encoding="utf-8")
    assert "`hamstrong" not in source and " in message" not in source


# ---- services are the only door -----------------------------------------------------------------

INTERFACES = sorted(
    [
        *(SRC / "cli").glob("*.py"),
        SRC / "guided.py",  # the terminal session of `hamstrong session`
        SRC / "interview.py",  # the questions of `hamstrong profile init`
        *(SRC / "web" / "routes").glob("*.py"),
    ]
)
# Core modules of types (and the methods on them) an interface may use to display things; every
# other core module decides something, and only its types and constants (Capitalised names) may
# be imported by an interface: its functions are reached through a service.
# dates: weeks; units: a load typed or shown in kg or lb (a conversion, not a decision)
CORE_TYPES = {"exercises", "programme", "training_log", "vocab", "profile", "dates", "units"}


def past_the_services(path: Path) -> list[str]:
    """What a module of an interface reaches without going through ``hamstrong.services``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [
                f"import {a.name}"
                for a in node.names
                if a.name.startswith(("hamstrong.store", "hamstrong.core"))
                and _core_module(a.name) not in CORE_TYPES
            ]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [a.name for a in node.names]
            if node.module.startswith("hamstrong.store") or (
                node.module == "hamstrong" and {"store", "core"} & set(names)
            ):
                found.append(f"from {node.module} import {', '.join(names)}")
            elif node.module.startswith("hamstrong.core") and (
                deciders := _deciders(node.module, names)
            ):
                found.append(f"from {node.module} import {', '.join(deciders)}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and _is_store(node.func.value)
        ):
            found.append(f"store.{node.func.attr}()")
    return found


def _deciders(module: str, names: list[str], words: Mapping[str, set[str]] = {}) -> list[str]:
    """Of ``from {module} import {names}``, the names that are core deciders: functions of a
    deciding core module (but ``words``), or deciding modules themselves."""
    if module == "hamstrong.core":  # from hamstrong.core import units
        return [n for n in names if n not in CORE_TYPES]
    core = _core_module(module)
    if core in CORE_TYPES:
        return []
    return [n for n in names if not n[0].isupper() and n not in words.get(core, set())]


def _core_module(dotted: str) -> str:
    """``hamstrong.core.planner`` → ``planner``; ``hamstrong.core`` → ``""``."""
    parts = dotted.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "core" else ""


def _is_store(node: ast.expr) -> bool:
    """``store`` or ``….store`` (e.g. ``request.app.state.store``)."""
    return (isinstance(node, ast.Name) and node.id == "store") or (
        isinstance(node, ast.Attribute) and node.attr == "store"
    )


def test_the_command_line_and_the_routes_go_through_the_services():
    assert offenders(INTERFACES, past_the_services) == {}


def test_the_door_check_catches_each_way_past_it(tmp_path):
    module = tmp_path / "route.py"
    module.write_text(
        "from hamstrong.store import Store\n"
        "import hamstrong.core.planner\n"
        "from hamstrong.core.screen import QUESTIONS, refer\n"
        "from hamstrong.core.programme import Session\n"
        "from hamstrong.core.exercises import Library\n"
        "from hamstrong.services.programmes import plan\n"
        "def page(store, request):\n"
        "    store.undo(1)\n"
        "    request.app.state.store.delete_user(1)\n"
        "    plan(store=store)\n",
        encoding="utf-8",
    )
    assert past_the_services(module) == [
        "from hamstrong.store import Store",
        "import hamstrong.core.planner",
        "from hamstrong.core.screen import refer",
        "store.undo()",
        "store.delete_user()",
    ]


# ---- templates decide nothing -------------------------------------------------------------------

# Core functions that phrase a core value in the words the terminal uses too ("10 × 12 kg, RPE 8",
# "41 min"): words, not decisions, so templates may call them. Whatever else a page shows that a
# rule decides (a rep lowered too fast, a gap, a spike) comes decided in its view data.
CORE_WORDS: dict[str, set[str]] = {
    "readings": {"self_test_label", "self_test_result"},
    "records": {"in_order", "record_text", "set_text", "streak_text"},
    "sessions": {"minutes_text"},
}
# The modules that hand templates their globals and filters, or write HTML themselves
FOR_TEMPLATES = [WEB / "app.py", WEB / "render.py", WEB / "rows.py"]


def core_deciders_for_templates(path: Path) -> list[str]:
    """The core deciders a module imports (core types, constants and CORE_WORDS aside)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [
                f"import {a.name}"
                for a in node.names
                if a.name.startswith("hamstrong.core") and _core_module(a.name) not in CORE_TYPES
            ]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("hamstrong.core")
            and (deciders := _deciders(node.module, [a.name for a in node.names], CORE_WORDS))
        ):
            found.append(f"from {node.module} import {', '.join(deciders)}")
    return found


def test_templates_are_handed_no_core_decider():
    assert offenders(FOR_TEMPLATES, core_deciders_for_templates) == {}


def test_the_template_check_sees_a_core_decider(tmp_path):
    module = tmp_path / "app.py"
    module.write_text(
        "from hamstrong.core import units, planner\n"
        "from hamstrong.core.formcheck import rushed, MAX_SECONDS\n"
        "from hamstrong.core.records import record_text, personal_records\n"
        "from hamstrong.core.dates import long_day\n"
        "import hamstrong.core.rules\n",
        encoding="utf-8",
    )
    assert core_deciders_for_templates(module) == [
        "from hamstrong.core import planner",
        "from hamstrong.core.formcheck import rushed",
        "from hamstrong.core.records import personal_records",
        "import hamstrong.core.rules",
    ]


# ---- what each layer may import (docs/architecture.md shows this table) --------------------------

# Each layer of src/hamstrong and the parts of hamstrong it may import at run time (imports under
# ``if TYPE_CHECKING:`` are only types and are not counted). A layer may always import itself.
MAY_IMPORT: dict[str, set[str]] = {
    "errors": set(),
    "core": {"errors"},
    "settings": {"errors"},
    "passwords": set(),
    "mail": {"settings"},
    "jobs": {"errors", "settings"},  # the job queue (Huey): an edge adapter like mail
    "library": {"core", "errors"},
    "profiles": {"core", "errors"},
    "video": {"core", "errors"},
    "store": {"core", "errors"},
    "services": {"core", "errors", "store", "library", "profiles", "passwords", "video", "jobs"},
    "present": {"core"},
    "outputs": {"core", "errors", "present"},
    "cli": {
        *("services", "core", "errors", "outputs", "present", "settings", "profiles", "library"),
        *("guided", "interview"),
    },
    "web": {
        *("services", "core", "errors", "outputs", "present", "settings", "profiles", "library"),
        *("passwords", "mail", "jobs", "store"),  # store: only app.py opens it, deps.py its type
    },
}
LAYER_OF = {"guided": "cli", "interview": "cli"}  # the terminal's session and questions
OPENS_THE_STORE = {"web/app.py", "web/deps.py"}


def runtime_imports(path: Path) -> set[str]:
    """The parts of hamstrong a module imports, outside ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    dotted: list[str] = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            dotted += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            dotted.append(node.module)
            if node.module == "hamstrong":
                dotted += [f"hamstrong.{a.name}" for a in node.names]
    return {d.split(".")[1] for d in dotted if d.startswith("hamstrong.")}


def layer(path: Path) -> str:
    name = path.relative_to(SRC).parts[0].removesuffix(".py")
    return LAYER_OF.get(name, name)


def test_each_layer_imports_only_what_the_architecture_allows():
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.parent == SRC and path.name in ("__init__.py", "__main__.py"):
            continue  # the package marker and `python -m hamstrong` (runs the CLI)
        own = layer(path)
        allowed = MAY_IMPORT[own] | {own, *(k for k, v in LAYER_OF.items() if v == own)}
        if own == "web" and str(path.relative_to(SRC)) not in OPENS_THE_STORE:
            allowed = allowed - {"store"}
        if extra := runtime_imports(path) - allowed:
            offenders[str(path.relative_to(SRC))] = sorted(extra)
    assert offenders == {}


def test_every_module_belongs_to_a_layer():
    tops = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in SRC.glob("*")}
    tops -= {"__init__", "__main__", "py.typed", "data", "templates", "__pycache__"}
    assert {LAYER_OF.get(t, t) for t in tops} <= set(MAY_IMPORT)


def test_the_import_check_sees_a_layer_reaching_up(tmp_path):
    module = tmp_path / "rule.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "from hamstrong.core.dates import monday\n"
        "from hamstrong import store\n"
        "if TYPE_CHECKING:\n"
        "    from hamstrong.services.programmes import Today\n"
        "def f():\n"
        "    import hamstrong.web.app\n",
        encoding="utf-8",
    )
    assert runtime_imports(module) == {"core", "store", "web"}


# ---- one rule, one place: week arithmetic lives in core/dates.py ---------------------------------

WEEKS = SRC / "core" / "dates.py"


def week_arithmetic(path: Path) -> list[str]:
    """Each ``… // 7`` or ``round(… / 7)`` of a module, in source order: days counted into weeks
    by hand."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rounded = {
        id(node.args[0])
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "round"
        and node.args
    }
    found = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.BinOp)
        and (
            isinstance(node.op, ast.FloorDiv)
            or (isinstance(node.op, ast.Div) and id(node) in rounded)
        )
        and isinstance(node.right, ast.Constant)
        and node.right.value == 7
    ]
    return [ast.unparse(n) for n in sorted(found, key=lambda n: (n.lineno, n.col_offset))]


def test_weeks_are_counted_in_core_dates_only():
    others = [path for path in sorted(SRC.rglob("*.py")) if path != WEEKS]
    assert offenders(others, week_arithmetic) == {}


def test_the_week_check_sees_days_counted_into_weeks(tmp_path):
    module = tmp_path / "page.py"
    module.write_text(
        "week = (day - start).days // 7 + 1\nhalf = days // 2\nretest = RETEST_DAYS // 7\n"
        "weeks = round(days / 7)\nper_day = minutes / 7\n",
        encoding="utf-8",
    )
    assert week_arithmetic(module) == [
        "(day - start).days // 7",
        "RETEST_DAYS // 7",
        "days / 7",
    ]


# ---- one rule, one place: a rule's number is said from its one definition -----------------------

TEMPLATES = [*(SRC / "web" / "templates").rglob("*.html"), *(SRC / "templates").rglob("*.html")]


def rule_sentences() -> dict[str, str]:
    """How people read each rule's number ("at least 48 hours apart"), keyed by its definition.
    Built from the definitions, so a number typed again beside a sentence is found."""
    from hamstrong.core.assessments import RETEST_WEEKS
    from hamstrong.core.rules import MORNING_VOLUME, REGRESS_LOAD, SPIKE_PERCENT, percent_text
    from hamstrong.core.scheduling import MIN_GAP_HOURS
    from hamstrong.core.training_log import HARD_RPE, STOP_PAIN

    return {
        rf"\b{percent_text(1 - MORNING_VOLUME)} fewer": "rules.MORNING_VOLUME",
        rf"\b{percent_text(1 - REGRESS_LOAD)} less load": "rules.REGRESS_LOAD",
        rf"\b{MIN_GAP_HOURS}[ -](hours?|h\b)": "scheduling.MIN_GAP_HOURS",
        rf"\b(every|in) {RETEST_WEEKS} weeks": "assessments.RETEST_WEEKS",
        rf"\bRPE {HARD_RPE} or more": "training_log.HARD_RPE",
        rf"\babove {STOP_PAIN}(/| out of )10": "training_log.STOP_PAIN",
        rf"(\bmore than|\bover|\+|\bplus) {SPIKE_PERCENT}%": "rules.SPIKE_PERCENT",
    }


def typed_rule_numbers(texts: Mapping[str, list[str]]) -> list[str]:
    """Each text that types a rule's number instead of naming its definition, as
    ``where: definition``."""
    return [
        f"{where}: {definition}"
        for where, found in texts.items()
        for said in found
        for pattern, definition in rule_sentences().items()
        if re.search(pattern, said)
    ]


def _sources() -> dict[str, list[str]]:
    """Every message of a module (docstrings aside) and every template, by path."""
    modules = {str(p.relative_to(SRC)): messages(p) for p in sorted(SRC.rglob("*.py"))}
    pages = {str(p.relative_to(SRC)): [p.read_text(encoding="utf-8")] for p in sorted(TEMPLATES)}
    return modules | pages


def test_a_rule_number_is_never_typed_twice():
    assert typed_rule_numbers(_sources()) == []


def test_the_rule_number_check_sees_a_number_typed_again(tmp_path):
    from hamstrong.core.assessments import RETEST_WEEKS
    from hamstrong.core.rules import MORNING_VOLUME, REGRESS_LOAD, SPIKE_PERCENT, percent_text
    from hamstrong.core.scheduling import MIN_GAP_HOURS
    from hamstrong.core.training_log import HARD_RPE, STOP_PAIN

    module = tmp_path / "page.py"
    module.write_text(
        f'"""Sessions stay {MIN_GAP_HOURS} hours apart (a docstring is no message)."""\n'
        f'gap = f"at least {MIN_GAP_HOURS} hours apart"\n'
        f'why = "the {MIN_GAP_HOURS}-hour rule"\n'
        'named = f"at least {MIN_GAP_HOURS} hours apart"\n'
        f'spike = "rose more than {SPIKE_PERCENT}%, so"\n'
        f'again = "re-test every {RETEST_WEEKS} weeks"\n'
        f'hard = "sets at RPE {HARD_RPE} or more"\n'
        f'stop = "pain above {STOP_PAIN}/10 ends it"\n'
        f'lighter = "about {percent_text(1 - REGRESS_LOAD)} less load and '
        f'{percent_text(1 - MORNING_VOLUME)} fewer sets"\n'
        f'other = "hold {HARD_RPE}0 s, sets of 1{STOP_PAIN}"\n',
        encoding="utf-8",
    )
    page = tmp_path / "page.html"
    page.write_text(f"<p>stop if pain goes above {STOP_PAIN} out of 10</p>", encoding="utf-8")
    found = typed_rule_numbers({"page.py": messages(module), "page.html": [page.read_text()]})
    assert sorted(found) == [
        "page.html: training_log.STOP_PAIN",
        "page.py: assessments.RETEST_WEEKS",
        "page.py: rules.MORNING_VOLUME",
        "page.py: rules.REGRESS_LOAD",
        "page.py: rules.SPIKE_PERCENT",
        "page.py: scheduling.MIN_GAP_HOURS",
        "page.py: scheduling.MIN_GAP_HOURS",
        "page.py: training_log.HARD_RPE",
        "page.py: training_log.STOP_PAIN",
    ]
