"""Planning without saving: the programme for a profile, and the safety screen's answers.

Kept apart from ``services.programmes`` (the saved programme, the log, today) so that
`hamstrong plan` imports only the planner: the command line's start is most of its time.
"""

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from hamstrong.core.exercises import Library
from hamstrong.core.planner import plan_programme
from hamstrong.core.profile import Profile
from hamstrong.core.programme import Programme

if TYPE_CHECKING:
    from hamstrong.core.screen import Question, Referral


def plan(profile: Profile, *, start: date, weeks: int, library: Library) -> Programme:
    """The programme for ``profile``, saved nowhere (``hamstrong plan``); it carries the
    referral instead of sessions when the safety screen says see a clinician first."""
    return plan_programme(profile, start, weeks, library)


def screen_referral(
    answers: "Mapping[str, bool]", *, assessed_strain: bool = False
) -> "Referral | None":
    """The referral the safety screen's answers call for, if any; nothing is saved.
    ``assessed_strain``: signs of a recent strain a clinician has assessed are not a red flag."""
    from hamstrong.core.screen import refer

    return refer(answers, assessed_strain=assessed_strain)


def unanswered_questions(answers: "Mapping[str, bool]") -> "tuple[Question, ...]":
    """The screen questions still to answer: no plan is made until every one has an answer."""
    from hamstrong.core.screen import unanswered

    return unanswered(answers)


def require_screen(answers: "Mapping[str, bool]") -> None:
    """ScreenIncomplete (bad input, naming each question) while a question is unanswered."""
    from hamstrong.core.screen import require_answers

    require_answers(answers)
