"""The onboarding wizard's answers as its forms send them, shared by the web and browser tests."""

from collections.abc import Sequence
from datetime import date

from hamstrong.core.screen import QUESTIONS

Form = dict[str, str | list[str]]


def wizard_steps(
    start: date,
    days: Sequence[str],
    *,
    equipment: Sequence[str] = (),
    screen_yes: Sequence[str] = (),
    **about: str,
) -> list[tuple[str, Form]]:
    """Each step's name and form: a beginner training for strength twice a week on ``days``
    from ``start``, 30 minutes a session, no past injuries, "no" to every screen question but
    those named in ``screen_yes``; ``about`` adds to or replaces the first step's answers."""
    return [
        ("about", {"name": "Ria", "level": "beginner", "population": "", **about}),
        ("equipment", {"equipment": list(equipment)}),
        ("goals", {"goals": ["strength"]}),
        (
            "schedule",
            {
                "sessions_per_week": "2",
                "days": list(days),
                "minutes": "30",
                "start": start.isoformat(),
            },
        ),
        ("injuries", {}),
        ("screen", {q.key: "yes" if q.key in screen_yes else "no" for q in QUESTIONS}),
    ]
