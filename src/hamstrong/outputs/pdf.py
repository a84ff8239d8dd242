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
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from hamstrong.core.exercises import Library
from hamstrong.core.programme import Programme, Session
from hamstrong.core.screen import DISCLAIMER
from hamstrong.present import BLOCK_TITLES, dose_text

STOP_SENTENCE = (
    "Stop a session and seek advice for pain above 5/10, sharp pain, pain spreading below the "
    "knee, new numbness or tingling, chest pain, dizziness or unusual breathlessness."
)
MARGIN = 16 * mm
PAD = 6  # reportlab's default frame padding, in points
WIDTH = A4[0] - 2 * MARGIN - 2 * PAD
COLUMNS = (20 * mm, 40 * mm, 42 * mm, WIDTH - 114 * mm, 12 * mm)  # Block|Exercise|Dose|Why|Done
# Helvetica only has WinAnsi (cp1252) glyphs; anything else would print as a black box.
_ASCII = str.maketrans({"≥": ">=", "≤": "<=", "−": "-", "→": "->", "←": "<-", "≈": "~", "✓": "v"})

_base = getSampleStyleSheet()
_S = {
    "title": ParagraphStyle("title", _base["Title"], alignment=0, fontSize=18, spaceAfter=2),
    "meta": ParagraphStyle("meta", _base["Normal"], textColor=colors.HexColor("#444444")),
    "h2": ParagraphStyle("h2", _base["Heading2"], fontSize=14, spaceBefore=10, spaceAfter=0),
    "h3": ParagraphStyle("h3", _base["Heading3"], fontName="Helvetica-Bold", fontSize=10.5, spaceBefore=8, spaceAfter=4),
    "body": ParagraphStyle("body", _base["Normal"], fontSize=9.5, leading=12),
    "bullet": ParagraphStyle("bullet", _base["Normal"], leftIndent=12, bulletIndent=3),
    "cell": ParagraphStyle("cell", _base["Normal"], fontSize=9, leading=11),
    "block": ParagraphStyle("block", _base["Normal"], fontName="Helvetica-Bold", fontSize=9),
    "why": ParagraphStyle("why", _base["Normal"], fontSize=8, leading=10, textColor="#444444"),
    "th": ParagraphStyle(
        "th",
        _base["Normal"],
        fontName="Helvetica-Bold",
        fontSize=7.5,
        textColor=colors.HexColor("#444444"),
    ),
    "foot": ParagraphStyle("foot", _base["Normal"], fontSize=7, leading=8.5, textColor="#555555"),
}


def printable(text: str) -> str:
    """``text`` with every character the built-in PDF fonts lack replaced by a look-alike or '?'."""
    out = []
    for char in text.translate(_ASCII):
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", char)
            char = decomposed.encode("cp1252", "ignore").decode("cp1252") or "?"
        out.append(char)
    return "".join(out)


def _p(text: str, style: str, bold: str = "", **kwargs: Any) -> Any:
    lead = f"<b>{escape(printable(bold))}</b>" if bold else ""
    return Paragraph(lead + escape(printable(text)), _S[style], **kwargs)


def _boxed(flowables: list[Any], edge: str, fill: str) -> Any:
    """A shaded panel with a coloured left edge, like the HTML warning and referral boxes."""
    box = Table([[flowables]], colWidths=[WIDTH])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(fill)),
                ("LINEBEFORE", (0, 0), (0, -1), 4, colors.HexColor(edge)),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def _session(session: Session, library: Library) -> Any:
    when = session.date.strftime("%A %d %B %Y")
    heading = " · ".join(x for x in (when, session.focus, f"about {session.minutes} min") if x)
    box = Drawing(9, 9, Rect(0, 0, 9, 9, fillColor=None, strokeColor=colors.black, strokeWidth=0.8))
    rows: list[list[Any]] = [[_p(t, "th") for t in ("BLOCK", "EXERCISE", "DOSE", "WHY", "DONE")]]
    for block in session.blocks:
        for index, item in enumerate(block.items):
            rows.append(
                [
                    _p(BLOCK_TITLES[block.kind.value], "block") if index == 0 else "",
                    _p(library.get(item.exercise).name, "cell"),
                    _p(dose_text(item), "cell"),
                    _p(item.why, "why"),
                    box,
                ]
            )
    table = Table(rows, colWidths=COLUMNS, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (-1, 0), (-1, -1), "CENTER"),
                ("LINEBELOW", (0, 0), (-1, 0), 1, colors.HexColor("#333333")),
                ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.HexColor("#cccccc")),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return KeepTogether([_p(heading, "h3"), table])


def _footer(canvas: Any, doc: Any) -> None:
    """Disclaimer and stop rules at the foot of every page, so a single torn-out week keeps them."""
    canvas.saveState()
    note = _p(f"{DISCLAIMER} {STOP_SENTENCE}", "foot")
    _, height = note.wrap(WIDTH - 18 * mm, MARGIN)
    note.drawOn(canvas, MARGIN + PAD, MARGIN + 4 * mm - height)
    canvas.setFont("Helvetica", 7)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawRightString(MARGIN + PAD + WIDTH, MARGIN + 4 * mm - 7, f"page {doc.page}")
    canvas.restoreState()


def programme_pdf(programme: Programme, library: Library) -> bytes:
    """The programme as A4 PDF bytes; the same programme always gives the same bytes."""
    name = programme.profile.name
    title = f"HamStrong programme for {name}" if name else "HamStrong programme"
    story: list[Any] = [
        _p(title, "title"),
        _p(
            f"{programme.weeks} weeks from {programme.start.isoformat()} · "
            f"{programme.profile.level.value} · {programme.profile.minutes} min sessions · "
            f"track: {programme.track}",
            "meta",
        ),
        Spacer(1, 6),
    ]
    if programme.referral:
        story.append(
            _boxed(
                [
                    _p("Do not start training yet", "h2"),
                    Spacer(1, 4),
                    _p(programme.referral.advice, "body"),
                ]
                + [_p(reason, "bullet", bulletText="•") for reason in programme.referral.reasons],
                "#b91c1c",
                "#fef2f2",
            )
        )
    story += [_boxed([_p(w, "body")], "#b45309", "#fff7ed") for w in programme.warnings]
    if programme.daily:
        story.append(_p("Every day", "h2"))
        story += [
            _p(f": {h.how}. {h.why}", "bullet", bold=library.get(h.exercise).name, bulletText="•")
            for h in programme.daily
        ]
    for index, (week, sessions) in enumerate(groupby(programme.sessions, key=lambda s: s.week)):
        if index:
            story.append(PageBreak())
        story += [
            _p(f"Week {week}", "h2"),
            HRFlowable(width="100%", thickness=1.5, color=colors.black, spaceAfter=2),
        ]
        story += [_session(session, library) for session in sessions]
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
        invariant=True,
    )
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
