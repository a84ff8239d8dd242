"""The programme as a PDF to print, drawn once per programme for every worker."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from hamstrong.core.exercises import Library
from hamstrong.services.plans import PlanCache

if TYPE_CHECKING:
    from hamstrong.core.programme import Programme
    from hamstrong.store import Store

PDF_ROW = "pdf"  # the kept_answers row of the printed programme


@dataclass(frozen=True, slots=True)
class Printed:
    """A drawn PDF and the digest (``printed``) of the programme it was drawn from."""

    digest: str
    data: bytes


def programme_pdf(
    store: "Store",
    *,
    user_id: int,
    library: Library,
    today: date,
    draw: "Callable[[Programme], bytes]",
    plans: PlanCache | None = None,
) -> bytes:
    """The programme as it stands today (adapted, with the user's swaps) as an A4 PDF
    (``draw``: the web's ``outputs.pdf``).

    The PDF depends on the log only through the adapted programme, so the web app keeps it,
    with a digest of that programme, in memory and in ``kept_answers`` for every worker and
    the next start, under the data version read before the programme was worked out. A worker
    at that version serves the row without working the programme out; after a write, the
    programme is worked out and the PDF drawn again only when its digest is another (drawing
    is about 250 ms of reportlab, reading the row a few ms)."""
    from hamstrong.services.programmes import active_plan

    def plan() -> "Programme":
        return active_plan(store, user_id=user_id, library=library, today=today, plans=plans)

    summaries = None if plans is None else plans.summaries
    if summaries is None:  # the command line draws once
        return draw(plan())
    shared = summaries.shared
    what = today.isoformat()  # the programme is adapted for today

    def read(stale: Printed | None) -> Printed:
        version = store.data_version(user_id)  # before the programme: never older than it
        found = None if shared is None else shared.read(store, user_id, PDF_ROW, what, Printed)
        if found is not None and found[0] == version:  # drawn by a worker at this version
            return found[1]
        programme = plan()
        digest = printed(programme)
        kept = [k for k in (stale, found and found[1]) if k is not None and k.digest == digest]
        value = kept[0] if kept else Printed(digest, draw(programme))
        if shared is not None and version is not None:
            shared.write(store, user_id, PDF_ROW, what, version, value)
        return value

    return summaries.renew(store, user_id, ("pdf", today), read).data


def printed(programme: "Programme") -> str:
    """A digest of everything the PDF prints from: the programme's ``repr`` holds each of its
    fields by value (dates, numbers exactly, texts), so equal digests mean equal programmes
    (the library and the drawing code are in the row's code mark)."""
    return hashlib.sha256(repr(programme).encode()).hexdigest()
