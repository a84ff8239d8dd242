"""Reading the command line's terminal text in tests as a person reads it: whole lines, panels
without their borders, and Rich tables as rows of cells, so an assertion names the exact words
and a wrong word or number fails."""

import re
from dataclasses import dataclass

BORDERS = "│╭╮╰╯─"


def flat(text: str) -> str:
    """Terminal text without panel borders, on one line: what a reader reads."""
    return " ".join(re.sub(f"[{BORDERS}]", " ", text).split())


def lines(text: str) -> list[str]:
    """Each line as shown, without the padding Rich adds to the right."""
    return [line.rstrip() for line in text.splitlines()]


@dataclass(frozen=True)
class Table:
    """A Rich table as read: its header and its sections (split where the table draws a rule),
    each a list of printed rows of cells (a cell that wraps goes on over the next rows)."""

    header: list[str]
    sections: list[list[list[str]]]

    @property
    def rows(self) -> list[list[str]]:
        """Every printed row, whichever section it is in."""
        return [row for section in self.sections for row in section]

    def columns(self, section: int) -> list[str]:
        """One section's text per column, wrapped lines joined as a person reads them."""
        rows = self.sections[section]
        return [" ".join(" ".join(row[n] for row in rows).split()) for n in range(len(self.header))]


def _cells(line: str, bar: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip(bar).split(bar)]


def tables(text: str) -> dict[str, Table]:
    """Every table in ``text`` by its title (the line above its top border; "" when none)."""
    found: dict[str, Table] = {}
    shown = lines(text)
    for n, line in enumerate(shown):
        if not line.lstrip().startswith("┏"):
            continue
        title = shown[n - 1].strip() if n and not shown[n - 1].lstrip().startswith("└") else ""
        heads = []
        for row in shown[n + 1 :]:
            if not row.lstrip().startswith("┃"):
                break
            heads.append(_cells(row, "┃"))
        header = [" ".join(" ".join(cells).split()) for cells in zip(*heads, strict=True)]
        sections: list[list[list[str]]] = [[]]
        for row in shown[n + 2 + len(heads) :]:
            edge = row.lstrip()[:1]
            if edge == "└":
                break
            if edge == "├":
                sections.append([])
            elif edge == "│":
                sections[-1].append(_cells(row, "│"))
        found[title] = Table(header, [s for s in sections if s])
    return found
