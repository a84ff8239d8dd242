"""The programme as a printable HTML page (one week per printed page)."""

from itertools import groupby

from jinja2 import Environment, PackageLoader, select_autoescape

from hamstrong.core.dates import long_day
from hamstrong.core.exercises import Library
from hamstrong.core.programme import Programme
from hamstrong.core.screen import DISCLAIMER
from hamstrong.core.training_log import STOP_PAIN
from hamstrong.present import BLOCK_TITLES, dose_text, track_title


def programme_html(programme: Programme, library: Library) -> str:
    env = Environment(
        loader=PackageLoader("hamstrong", "templates"),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    env.filters["dose"] = dose_text
    env.filters["long_day"] = long_day  # the house date format, as the web and the PDF
    weeks = [
        (week, list(sessions))
        for week, sessions in groupby(programme.sessions, key=lambda s: s.week)
    ]
    return env.get_template("programme.html").render(
        programme=programme,
        weeks=weeks,
        library=library,
        titles=BLOCK_TITLES,
        track=track_title(programme.track),
        disclaimer=DISCLAIMER,
        pain_limit=STOP_PAIN,
    )
