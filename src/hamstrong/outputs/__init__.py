"""Renderings of a programme for outside tools: iCalendar and a printable page."""
