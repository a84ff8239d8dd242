"""What every import reader shares: the layout a file was told to be, the result, and rows
numbered by the physical line they start on (problems name lines)."""

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from hamstrong.core.training_log import Checkin, SelfTest, SessionEntry, SetEntry

WeightUnit = Literal["kg", "lbs"]
NOT_AN_EXPORT = "not a Strong, Hevy, Fitbod or HamStrong export"
YES_NO = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class Reader(Protocol):
    """A csv reader: rows, and how many physical lines it has read (problems name lines)."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class Layout:
    """Which app wrote a file and how to read it, told by its header rather than its name."""

    name: str  # strong, strong-6, strong-legacy, hevy, fitbod, hamstrong, hamstrong-json
    source: str  # strong, hevy, fitbod, hamstrong
    delimiter: str = ","
    header: tuple[str, ...] = ()  # lowercased, single-spaced, unquoted
    # The weight unit the header states; None when it does not (Strong's plain Weight, which
    # parse_export reads in its weight_unit; Strong legacy, whose rows carry a Weight Unit).
    unit: WeightUnit | None = "kg"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import found: sets to add, and every row left out, said per line."""

    layout: str
    source: str
    sets: tuple[SetEntry, ...] = ()
    problems: tuple[str, ...] = ()  # "line N: what is wrong", one per row left out for it
    not_sets: int = 0  # rows left out as no set: rest timers, notes, cardio, zero reps
    unmatched: tuple[str, ...] = ()  # original names kept as custom:<slug> exercises
    checkins: tuple[Checkin, ...] = ()  # HamStrong JSON only
    tests: tuple[SelfTest, ...] = ()  # HamStrong JSON only
    sessions: tuple[SessionEntry, ...] = ()  # HamStrong JSON only: start, finish, note
    profile: Mapping[str, Any] | None = None  # HamStrong JSON only


def rows(reader: Reader, problems: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Rows with the physical line each starts on; csv giving up ends the file with a problem."""
    last = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. an unclosed quote swallowing the rest of the file
            problems.append(f"line {last + 1}: {error}; the rest of the file was not read")
            return
        yield last + 1, row
        last = reader.line_num


def cell(row: list[str], index: int) -> str:
    """The stripped cell at ``index``; empty when the row is shorter."""
    return row[index].strip() if index < len(row) else ""
