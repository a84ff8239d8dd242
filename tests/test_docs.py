"""Every command has help with an example and a section in docs/cli.md; README keeps its promises."""

from pathlib import Path

import pytest
from typer.main import get_command

from hamstrong.cli import app

ROOT = Path(__file__).parent.parent
COMMANDS = [
    "exercises",
    "exercise",
    "catalogue",
    "plan",
    "profile init",
    "profile check",
    "profile units",
    "start",
    "today",
    "session",
    "log",
    "checkin",
    "history",
    "undo",
    "progress",
    "test",
    "check",
    "import",
    "export",
    "serve",
    "worker",
    "move",
    "swap",
    "finish",
    "records",
]


def test_every_command_is_listed():
    group = get_command(app)
    names = set()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names |= {f"{name} {s}" for s in sub} if sub else {name}
    assert names == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_an_example_and_a_docs_section(command):
    group = get_command(app)
    target = group
    for part in command.split():
        target = target.commands[part]  # type: ignore[attr-defined]
    assert "Example: hamstrong" in (target.help or "")
    assert f"## `hamstrong {command}" in (ROOT / "docs" / "cli.md").read_text()


def test_readme_has_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme


def test_example_profiles_are_valid():
    from hamstrong.profiles import read_profile

    for path in sorted((ROOT / "examples").glob("*.toml")):
        assert read_profile(path).level


def test_every_setting_is_documented():
    import re

    source = (ROOT / "src" / "hamstrong" / "settings.py").read_text()
    names = set(re.findall(r"HAMSTRONG_[A-Z_]+", source))
    documented = (ROOT / "docs" / "settings.md").read_text()
    assert names and all(name in documented for name in names)


@pytest.mark.parametrize(
    "profile", sorted((ROOT / "examples").glob("*.toml")), ids=lambda p: p.stem
)
def test_every_example_profile_plans_as_it_stands(profile):
    # the README sends people to these files: a screen question added later must be in them
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["plan", "--profile", str(profile), "--format", "json"])
    assert result.exit_code == 0, result.output
