"""The onboarding wizard: six steps kept as a draft in the session, then a preview and Start."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from hamstrong.core.dates import DEFAULT_WEEKS
from hamstrong.core.exercises import Exercise
from hamstrong.core.programme import Programme
from hamstrong.core.screen import QUESTIONS, SECTION_TITLES
from hamstrong.core.vocab import Equipment, Goal, InjuryKind, Level, Population, Side, Weekday
from hamstrong.errors import InvalidInput, NotFound
from hamstrong.library import load_library
from hamstrong.present import (
    FLOOR_QUESTION,
    MATCH_DAY_QUESTION,
    STRAIN_CHECK_TEXT,
    STRAIN_CHECKS_INTRO,
    SUPERVISED_QUESTION,
)
from hamstrong.profiles import profile_from_mapping
from hamstrong.services.programmes import (
    preview_programme,
    saved_profile,
    screen_answered,
    start_programme,
)
from hamstrong.web.deps import Caller, CallerDep, FormDep
from hamstrong.web.forms.onboarding import STEPS, parse_step_form, profile_keys
from hamstrong.web.render import redirect, render

router = APIRouter(prefix="/onboarding")
DRAFT = "draft"
EQUIPMENT_HELP = {
    Equipment.DUMBBELL: "one or two dumbbells",
    Equipment.BARBELL: "a barbell with plates",
    Equipment.KETTLEBELL: "a kettlebell",
    Equipment.STABILITY_BALL: "a large exercise ball",
    Equipment.RESISTANCE_BAND: "a long or loop band",
    Equipment.ANKLE_ANCHOR: "a sofa, rack or partner to hold your ankles",
    Equipment.BENCH: "a flat bench",
    Equipment.STEP: "a stair or sturdy box",
    Equipment.SLIDER: "sliders, or a towel on a smooth floor",
    Equipment.CHAIR: "a sturdy chair",
    Equipment.WALL: "a clear bit of wall",
    Equipment.MAT: "an exercise mat or soft floor",
}


def _example(item: Equipment) -> Exercise | None:
    """An exercise with photos that uses this equipment, to show what it looks like."""
    return next(
        (e for e in load_library() if item in e.equipment and e.photos),
        None,
    )


def _choices() -> dict[str, Any]:
    return {
        "steps": STEPS,
        "levels": list(Level),
        "populations": list(Population),
        "equipment": [(e, EQUIPMENT_HELP[e], _example(e)) for e in Equipment],
        "goals": list(Goal),
        "weekdays": list(Weekday),
        "injury_kinds": list(InjuryKind),
        "sides": list(Side),
        "strain_checks": list(STRAIN_CHECK_TEXT.items()),
        "questions": {
            "floor": FLOOR_QUESTION,
            "supervised": SUPERVISED_QUESTION,
            "match_day": MATCH_DAY_QUESTION,
            "checks": STRAIN_CHECKS_INTRO,
        },
        "sections": [
            (title, [q for q in QUESTIONS if q.urgency is u]) for u, title in SECTION_TITLES.items()
        ],
    }


def _draft(request: Request) -> dict[str, Any]:
    draft = request.session.get(DRAFT)
    return dict(draft) if isinstance(draft, dict) else {}


def _step_page(
    request: Request, step: str, problems: dict[str, str], values: dict[str, Any], status: int
) -> Response:
    context = {
        "step": step,
        "index": STEPS.index(step),
        "problems": problems,
        "values": values,
        "injuries": _injuries_by_kind(values),
    }
    return render(request, "pages/onboarding.html", context | _choices(), status)


def _seed(request: Request, caller: Caller) -> bool:
    """Start the draft from the saved profile, without its screen answers (asked afresh). Its
    unit is the user's own (picked since on the account page, perhaps), unless the profile
    lists weights: those are written in the profile's unit."""
    saved = saved_profile(caller.store, user_id=caller.user)
    if saved is None:
        return False
    draft = {k: v for k, v in saved.items() if k != "screen" and v is not None}
    if not (draft.get("dumbbells") or draft.get("kettlebells")):
        draft["units"] = caller.unit.value
    request.session[DRAFT] = draft
    return True


@router.get("")
def begin(request: Request, caller: CallerDep) -> Response:
    if DRAFT not in request.session:
        _seed(request, caller)
    return redirect(request, f"/onboarding/{STEPS[0]}")


@router.get("/rescreen")
def rescreen(request: Request, caller: CallerDep) -> Response:
    """Answer the safety screen again, keeping the rest of the saved profile."""
    if not _seed(request, caller):
        return redirect(request, f"/onboarding/{STEPS[0]}")
    return redirect(request, "/onboarding/screen")


@router.get("/preview")
def preview(request: Request, caller: CallerDep) -> Response:
    programme = _programme(request, caller, save=False)
    if programme is None:
        return redirect(request, f"/onboarding/{STEPS[0]}")
    if programme.referral is not None:
        return render(request, "pages/referral.html", {"referral": programme.referral})
    return render(
        request,
        "pages/preview.html",
        {
            "programme": programme,
            "library": caller.library,
            "total_weeks": DEFAULT_WEEKS,
            "start": programme.start,
        },
    )


@router.post("/start")
def start(request: Request, caller: CallerDep) -> Response:
    programme = _programme(request, caller, save=True)
    if programme is None:
        return redirect(request, f"/onboarding/{STEPS[0]}")
    if programme.referral is not None:
        return render(request, "pages/referral.html", {"referral": programme.referral})
    request.session.pop(DRAFT, None)
    return redirect(request, "/")


def _programme(request: Request, caller: Caller, *, save: bool) -> Programme | None:
    """The draft's programme (saved when ``save``), from today at the earliest; None while the
    draft is not complete."""
    draft = _draft(request)
    try:
        profile = profile_from_mapping(profile_keys(draft))
    except InvalidInput:
        return None
    today = caller.today
    first = max(date.fromisoformat(draft.get("start") or today.isoformat()), today)
    plan = start_programme if save else preview_programme
    return plan(
        caller.store,
        user_id=caller.user,
        profile=profile,
        start=first,
        weeks=DEFAULT_WEEKS,
        library=caller.library,
    )


@router.get("/{step}")
def step_page(request: Request, step: str, caller: CallerDep) -> Response:
    if step not in STEPS:
        raise NotFound("onboarding step", step)
    return _step_page(request, step, {}, _draft(request), 200)


@router.post("/{step}")
def step_submit(request: Request, step: str, caller: CallerDep, form: FormDep) -> Response:
    if step not in STEPS:
        raise NotFound("onboarding step", step)
    draft = _draft(request)
    referral = None
    if step == "screen":  # any "yes" counts at once, even on a screen not fully answered
        flagged = {q.key: form.get(q.key) == "yes" for q in QUESTIONS}
        referral = screen_answered(
            caller.store, user_id=caller.user, answers=flagged, assessed_strain=_assessed(draft)
        )
    try:
        values = parse_step_form(step, form, draft, caller.today)
    except InvalidInput as error:
        submitted = _submitted(step, form)
        if step == "screen" and referral is not None:
            # A "yes" with questions left blank: the referral at once, not a form to finish
            # (training has stopped already); the answers given are kept for the next visit.
            request.session[DRAFT] = draft | {"screen_raw": submitted["screen_raw"]}
            return render(request, "pages/referral.html", {"referral": referral})
        return _step_page(request, step, error.problems, draft | submitted, 422)
    draft |= values
    request.session[DRAFT] = draft
    index = STEPS.index(step)
    if index + 1 < len(STEPS):
        return redirect(request, f"/onboarding/{STEPS[index + 1]}")
    return redirect(request, "/onboarding/preview")


def _assessed(draft: dict[str, Any]) -> bool:
    """True when the draft holds a recent strain a clinician has assessed (False if the earlier
    steps are not complete: then any tear sign counts)."""
    try:
        return profile_from_mapping(profile_keys(draft)).assessed_strain
    except InvalidInput:
        return False


def _injuries_by_kind(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each injury kind's fields as the page shows them: from the form, else from the draft."""
    out: dict[str, dict[str, Any]] = {}
    for injury in values.get("injuries") or ():
        if isinstance(injury, dict):
            out[str(injury.get("kind"))] = {**injury, "have": True}
    for kind in InjuryKind:
        if f"{kind.value}.have" in values or f"{kind.value}.weeks_ago" in values:
            out[kind.value] = {
                "have": bool(values.get(f"{kind.value}.have")),
                "side": values.get(f"{kind.value}.side") or "both",
                "weeks_ago": values.get(f"{kind.value}.weeks_ago") or "",
                "cleared": bool(values.get(f"{kind.value}.cleared")),
                "checks": values.get(f"{kind.value}.checks") or [],
                "assessed": bool(values.get(f"{kind.value}.assessed")),
            }
    return out


def _submitted(step: str, form: Any) -> dict[str, Any]:
    """What the user typed, to show again next to the messages."""
    lists = {"equipment", "goals", "days", "hamstring_strain.checks"}
    out: dict[str, Any] = {}
    for key in form:
        out[key] = form.getlist(key) if key in lists else form.get(key)
    if step == "screen":
        out["screen"] = {q.key: form.get(q.key) == "yes" for q in QUESTIONS if q.key in form}
        out["screen_raw"] = {q.key: form.get(q.key) for q in QUESTIONS}
    return out
