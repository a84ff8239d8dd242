"""The programme as an iCalendar file: one all-day event per session."""

import hashlib
import json
from datetime import UTC, datetime, time

from icalendar import Calendar, Event

from hamstrong.core.dates import long_day
from hamstrong.core.exercises import Library
from hamstrong.core.programme import Programme
from hamstrong.present import session_text, session_title


def programme_ical(programme: Programme, library: Library) -> bytes:
    """RFC 5545 text; UIDs and stamps derive from the inputs, so a plan gives the same file."""
    calendar = Calendar()
    calendar.add("prodid", "-//HamStrong//hamstrong.plan/1//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "HamStrong programme")
    digest = hashlib.sha256(
        json.dumps(programme.profile.to_dict(), sort_keys=True).encode()
    ).hexdigest()[:12]
    stamp = datetime.combine(programme.start, time(0, 0), tzinfo=UTC)
    for session in programme.sessions:
        event = Event()
        event.add("uid", f"{session.date.isoformat()}-{digest}@hamstrong")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.date)
        event.add("summary", session_title(session))
        event.add("description", f"{long_day(session.date)}\n{session_text(session, library)}")
        event.add("categories", ["HamStrong"])
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
