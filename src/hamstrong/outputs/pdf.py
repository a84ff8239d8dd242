"""The programme as a printable A4 PDF, for people who train from paper rather than a browser.

Mirrors the printable HTML page (one week per page, a tick box per exercise). The file is
byte-for-byte reproducible: reportlab's ``invariant`` mode drops the creation date and random ID.
"""

import unicodedata
from io import BytesIO
from itertools import groupby
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect  # type: ignore[import-untyped]
from reportlab.lib.colors import HexColor, black  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from hamstrong.core.dates import long_day
from hamstrong.core.exercises import Library
from hamstrong.core.programme import Programme, Session
from hamstrong.core.screen import DISCLAIMER
from hamstrong.core.training_log import STOP_PAIN
from hamstrong.present import BLOCK_TITLES, dose_text, item_name, notation, track_title

STOP_SENTENCE = (
    f"Stop a session and seek advice for pain above {STOP_PAIN}/10, sharp pain, pain spreading "
    "below the knee, new numbness or tingling, chest pain, dizziness or unusual breathlessness."
)
MARGIN = 16 * mm
PAD = 6  # reportlab's default frame padding, in points
WIDTH = A4[0] - 2 * MARGIN - 2 * PAD
COLUMNS = (20 * mm, 40 * mm, 42 * mm, WIDTH - 114 * mm, 12 * mm)  # Block|Exercise|Dose|Why|Done
GREY = HexColor("#444444")
# The built-in Helvetica only has WinAnsi (cp1252) glyphs; anything else prints as a black box.
_LOOKALIKES = str.maketrans({"≥": ">=", "≤": "<=", "−": "-", "→": "->", "←": "<-", "≈": "~"})


def _style(name: str, size: float, bold: bool = False, **kwargs: Any) -> Any:
    font = "Helvetica-Bold" if bold else "Helvetica"
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.25, **kwargs)


_S = {
    "title": _style("title", 18, bold=True, spaceAfter=4),
    "meta": _style("meta", 10, textColor=GREY, spaceAfter=6),
    "h2": _style("h2", 14, bold=True, spaceBefore=10, spaceAfter=4),
    "h3": _style("h3", 10.5, bold=True, spaceBefore=8, spaceAfter=4),
    "body": _style("body", 9.5),
    "bullet": _style("bullet", 9.5, leftIndent=12, bulletIndent=3),
    "block": _style("block", 9, bold=True),
    "cell": _style("cell", 9),
    "why": _style("why", 8, textColor=GREY),
    "th": _style("th", 7.5, bold=True, textColor=GREY),
    "thc": _style("thc", 7.5, bold=True, textColor=GREY, alignment=1),
    "foot": _style("foot", 7, textColor=GREY),
}


def printable(text: str) -> str:
    """``text`` with each character the built-in PDF fonts lack swapped for a look-alike or '?'."""
    out = []
    for char in text.translate(_LOOKALIKES):
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:  # "ő" -> "o", "ﬁ" -> "fi", an emoji -> "?"
            char = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode("cp1252")
            char = char or "?"
        out.append(char)
    return "".join(out)


def _p(text: str, style: str, bold: str = "", **kwargs: Any) -> Any:
    lead = f"<b>{escape(printable(bold))}</b>" if bold else ""
    return Paragraph(lead + escape(printable(text)), _S[style], **kwargs)


def _boxed(flowables: list[Any], edge: str, fill: str) -> Any:
    """A shaded panel with a coloured left edge, like the HTML warning and referral boxes."""
    panel = [
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(fill)),
        ("LINEBEFORE", (0, 0), (0, -1), 4, HexColor(edge)),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    return Table([[flowables]], colWidths=[WIDTH], style=panel)


def _session(session: Session, library: Library) -> Any:
    when = long_day(session.date)
    heading = " · ".join(x for x in (when, session.focus, f"about {session.minutes} min") if x)
    tick = Drawing(9, 9, Rect(0, 0, 9, 9, fillColor=None, strokeColor=black, strokeWidth=0.8))
    rows: list[list[Any]] = [[_p(t, "th") for t in ("BLOCK", "EXERCISE", "DOSE", "WHY")]]
    rows[0].append(_p("DONE", "thc"))
    for block in session.blocks:
        for index, item in enumerate(block.items):
            title = _p(BLOCK_TITLES[block.kind.value], "block") if index == 0 else ""
            name = item_name(item, library)
            dose = _p(dose_text(item), "cell")
            rows.append([title, _p(name, "cell"), dose, _p(item.why, "why"), tick])
    grid = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (-1, 0), (-1, -1), "CENTER"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, HexColor("#333333")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, HexColor("#cccccc")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    table = Table(rows, colWidths=COLUMNS, repeatRows=1, style=grid)
    return KeepTogether([_p(heading, "h3"), table])


def _footer(canvas: Any, doc: Any) -> None:
    """Disclaimer and stop rules on every page, so a single torn-out week still carries them."""
    canvas.saveState()
    note = _p(f"{DISCLAIMER} {STOP_SENTENCE}", "foot")
    _, height = note.wrap(WIDTH - 18 * mm, MARGIN)
    note.drawOn(canvas, MARGIN + PAD, MARGIN + 4 * mm - height)
    canvas.setFont("Helvetica", 7)
    canvas.setFillColor(GREY)
    canvas.drawRightString(MARGIN + PAD + WIDTH, MARGIN + 4 * mm - 7, f"page {doc.page}")
    canvas.restoreState()


def programme_pdf(programme: Programme, library: Library) -> bytes:
    """The programme as A4 PDF bytes; the same programme always gives the same bytes."""
    name = programme.profile.name
    title = f"HamStrong programme for {name}" if name else "HamStrong programme"
    weeks = f"{programme.weeks} week{'' if programme.weeks == 1 else 's'}"
    profile = programme.profile
    meta = f"{weeks} from {long_day(programme.start)} · {profile.level.value} · "
    story: list[Any] = [
        _p(title, "title"),
        _p(f"{meta}{profile.minutes} min sessions · plan: {track_title(programme.track)}", "meta"),
    ]
    if programme.referral:
        referral = [_p("Do not start training yet", "h2"), _p(programme.referral.advice, "body")]
        referral += [_p(r, "bullet", bulletText="•") for r in programme.referral.reasons]
        story.append(_boxed(referral, "#b91c1c", "#fef2f2"))
    for warning in programme.warnings:
        story += [_boxed([_p(warning, "body")], "#b45309", "#fff7ed"), Spacer(1, 4)]
    if programme.daily:
        story.append(_p("Every day", "h2"))
        story += [
            _p(f": {h.how}. {h.why}", "bullet", bold=library.get(h.exercise).name, bulletText="•")
            for h in programme.daily
        ]
    for index, (week, sessions) in enumerate(groupby(programme.sessions, key=lambda s: s.week)):
        if index:
            story.append(PageBreak())
        story += [_p(f"Week {week}", "h2"), HRFlowable(width="100%", thickness=1.5, color=black)]
        story += [_session(session, library) for session in sessions]
    reading = notation(programme.sessions)  # after the weeks: week 1 keeps its first page
    if reading:
        story.append(_p("How to read the doses", "h2"))
        story += [_p(line, "bullet", bulletText="•") for line in reading]
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 8 * mm,
        title=printable(title),
        author="HamStrong",
        creator="HamStrong",
        invariant=True,  # no creation date or random document ID: reproducible bytes
    )
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def warm() -> None:
    """Do once what a process's first PDF would (reportlab reads its font metrics, compiles
    its paragraph parser, loads the table code: about 100 ms on top of the import), so that
    a web worker pays it as it starts and no user's first PDF does."""
    tick = Drawing(9, 9, Rect(0, 0, 9, 9, fillColor=None, strokeColor=black, strokeWidth=0.8))
    rows = [[_p(style, style) for style in ("th", "block", "cell", "why")] + [tick]]
    story = [
        *(_p(style, style) for style in _S if style not in ("bullet", "foot")),
        _p("bullet", "bullet", bold="b", bulletText="•"),
        HRFlowable(width="100%", thickness=1.5, color=black),
        KeepTogether([_p("h3", "h3"), Table(rows, colWidths=COLUMNS, repeatRows=1)]),
        _boxed([_p("body", "body")], "#b45309", "#fff7ed"),
        PageBreak(),
        Spacer(1, 4),
    ]
    doc = SimpleDocTemplate(BytesIO(), pagesize=A4, invariant=True)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
