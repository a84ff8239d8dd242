"""The printable PDF: readable, one week per page, reproducible, and safe on a referral."""

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from hamstrong.cli import app
from hamstrong.core.exercises import Library
from hamstrong.core.planner import plan_programme
from hamstrong.core.programme import Programme
from hamstrong.core.screen import DISCLAIMER
from hamstrong.outputs.pdf import printable, programme_pdf, warm
from hamstrong.present import notation
from hamstrong.profiles import SAMPLE_PROFILE, profile_from_mapping

START = date(2026, 12, 7)


@pytest.fixture(scope="module")
def programme(library: Library) -> Programme:
    return plan_programme(profile_from_mapping(SAMPLE_PROFILE), START, 4, library)


@pytest.fixture(scope="module")
def pdf(programme: Programme, library: Library) -> bytes:
    return programme_pdf(programme, library)


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(data)).pages]


def _flat(text: str) -> str:
    """Extracted text with line wrapping undone, for phrase matching."""
    return " ".join(text.split())


def test_is_a_pdf_with_a_page_per_week(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    assert len(_pages(pdf)) >= 4


def test_first_page_starts_week_one(pdf: bytes, programme: Programme, library: Library) -> None:
    first = _flat(_pages(pdf)[0])
    assert "Week 1" in first
    assert "Week 2" not in first
    first_item = next(block.items[0] for block in programme.sessions[0].blocks if block.items)
    assert library.get(first_item.exercise).name in first


def test_every_week_is_there_in_order(pdf: bytes) -> None:
    text = _flat(" ".join(_pages(pdf)))
    positions = [text.index(f"Week {week}") for week in range(1, 5)]
    assert positions == sorted(positions)


def test_last_page_carries_the_disclaimer(pdf: bytes) -> None:
    assert " ".join(DISCLAIMER.split()[:6]) in _flat(_pages(pdf)[-1])


def test_metadata(pdf: bytes) -> None:
    metadata = PdfReader(BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata.title == "HamStrong programme for Sam"
    assert metadata.author == "HamStrong"


def test_same_programme_same_bytes(programme: Programme, library: Library, pdf: bytes) -> None:
    assert programme_pdf(programme, library) == pdf
    warm()  # what a web worker does as it starts changes nothing drawn after it
    assert programme_pdf(programme, library) == pdf


def test_referral_is_one_page_without_training(library: Library) -> None:
    answers = {**SAMPLE_PROFILE["screen"], "chest_pain": True}
    profile = profile_from_mapping({**SAMPLE_PROFILE, "screen": answers})
    programme = plan_programme(profile, START, 4, library)
    assert programme.referral is not None
    pages = _pages(programme_pdf(programme, library))
    assert len(pages) == 1
    assert "Do not start training yet" in _flat(pages[0])
    assert "Week 1" not in pages[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RPE ≥ 6", "RPE >= 6"),
        ("2 × 10 · 3-1-1-0 – §10", "2 × 10 · 3-1-1-0 – §10"),  # all in the fonts' WinAnsi set
        ("ﬁne", "fine"),
        ("Gerő", "Gero"),
        ("done 💪", "done ?"),
    ],
)
def test_printable_keeps_to_the_font(text: str, expected: str) -> None:
    assert printable(text) == expected
    printable(text).encode("cp1252")


def test_cli_writes_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    args = ["plan", "--sample", "--start", "2026-12-07", "--weeks", "2", "--format", "pdf"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(_pages(data)) >= 2


def test_the_printout_says_how_to_read_the_doses(pdf: bytes, programme: Programme) -> None:
    last = _flat(_pages(pdf)[-1])
    assert "How to read the doses" in last
    assert all(_flat(line) in last for line in notation(programme.sessions))


def test_dates_are_written_the_house_way(pdf: bytes, programme: Programme) -> None:
    """Day first, no leading zero, with the year (core.dates.long_day), never ISO."""
    first = _flat(_pages(pdf)[0])
    assert "from Monday 7 December 2026 ·" in first
    assert "Monday 7 December 2026" in first
    assert "2026-12-07" not in first and "07 December" not in first
