"""The error vocabulary every interface renders once.

``str(error)`` is a sentence fit for a user, with no interface words in it; ``status`` is the HTTP
status the web answers with (datasette's ``Base400`` model); ``next`` says what the user can do
about it, as data that the command line turns into a command and the web into a link.
"""

from collections.abc import Mapping
from enum import StrEnum
from typing import ClassVar

MAX_SHOWN = 40  # characters of a user's input a message quotes back


def shown(value: object) -> str:
    """A user's input as a message quotes it: text in quotes, anything else as written, cut to
    40 characters, so a pasted 10,000-character value is not echoed back in full."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > MAX_SHOWN:
        text = text[: MAX_SHOWN - 1] + "…"
    return f"'{text}'" if isinstance(value, str) else text


class Next(StrEnum):
    """What to do next, named once: each interface says it in its own words."""

    START = "start"  # start a programme: the first one, or the next block
    RESCREEN = "rescreen"  # answer the safety screen again, then start again
    EXERCISES = "exercises"  # look the exercise ids up in the library
    PROFILE = "profile"  # answer the profile questions and the safety screen
    CHECKIN = "checkin"  # record this morning's pain: a pause ends once it has settled
    VIDEO_EXTRA = "video-extra"  # install the form check's video packages: the operator's task


class HamstrongError(Exception):
    """Base class for errors a user can act on."""

    status: ClassVar[int] = 400
    # Seconds after which trying again can work (sent as Retry-After), when the error knows.
    retry_after: int | None = None

    def __init__(self, message: str = "", *, next: Next | None = None) -> None:
        super().__init__(message)
        self.next = next


class InvalidInput(HamstrongError):
    """Input that breaks a rule; ``problems`` maps each field to what is wrong and allowed."""

    status = 422

    def __init__(self, problems: Mapping[str, str], *, next: Next | None = None) -> None:
        self.problems = dict(problems)
        super().__init__(
            "; ".join(f"{field}: {message}" for field, message in self.problems.items()),
            next=next,
        )


class NotFound(HamstrongError):
    """A named thing that does not exist."""

    status = 404

    def __init__(
        self,
        kind: str,
        key: str,
        hint: str = "",
        *,
        next: Next | None = None,
        message: str | None = None,
    ) -> None:
        self.kind, self.key = kind, key
        super().__init__(message or f"No {kind} called {shown(key)}. {hint}".strip(), next=next)


class NoProgramme(NotFound):
    """The user has no active programme yet (or it ended after a red flag)."""

    def __init__(self) -> None:
        super().__init__("programme", "active", message="No programme yet.", next=Next.START)


class InvalidCatalogue(HamstrongError):
    """An exercise library data file that breaks its schema: our data, not the user's input."""

    status = 500


class TrainingStopped(HamstrongError):
    """A stop rule ended training: no further set is accepted until the safety screen is
    answered again (evidence §10 E: stop, log it, re-screen before the next session)."""

    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message, next=Next.RESCREEN)
