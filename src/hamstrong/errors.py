"""The error vocabulary every interface renders: ``str(error)`` is a sentence fit for a user."""

from collections.abc import Mapping


class HamstrongError(Exception):
    """Base class for errors a user can act on."""


class InvalidInput(HamstrongError):
    """Input that breaks a rule; ``problems`` maps each field to what is wrong and allowed."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__(
            "; ".join(f"{field}: {message}" for field, message in self.problems.items())
        )


class NotFound(HamstrongError):
    """A named thing that does not exist."""

    def __init__(self, kind: str, key: str, hint: str = "") -> None:
        self.kind, self.key = kind, key
        message = f"No {kind} called {key!r}."
        super().__init__(f"{message} {hint}".strip())


class InvalidCatalogue(HamstrongError):
    """An exercise library data file that breaks its schema."""
