"""`hamstrong profile init`: ask the questions, run the safety screen, write the profile file."""

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import tomli_w
import typer

from hamstrong.core.profile import (
    ADULT_AGE,
    DEFAULT_MINUTES,
    MAX_AGE,
    MIN_AGE,
    RECENT_STRAIN_WEEKS,
    SESSION_MINUTES,
    SESSIONS_PER_WEEK,
    Profile,
)
from hamstrong.core.screen import QUESTIONS, SECTION_TITLES, Question, Referral
from hamstrong.core.vocab import Equipment, Goal, InjuryKind, Level, Population, Side, Weekday
from hamstrong.errors import InvalidInput
from hamstrong.present import (
    FLOOR_QUESTION,
    MATCH_DAY_QUESTION,
    STRAIN_CHECK_TEXT,
    STRAIN_CHECKS_INTRO,
    SUPERVISED_QUESTION,
)
from hamstrong.profiles import MAX_OWNED, profile_from_mapping
from hamstrong.services.programmes import screen_referral, unanswered_questions


def _choice(prompt: str, allowed: list[str], default: str | None = None) -> str:
    while True:
        answer = str(typer.prompt(f"{prompt} [{'/'.join(allowed)}]", default=default)).strip()
        if answer in allowed:
            return answer
        typer.echo(f"  Please answer one of: {', '.join(allowed)}")


def _many(prompt: str, allowed: list[str]) -> list[str]:
    while True:
        answer = str(
            typer.prompt(
                f"{prompt} (comma-separated, blank for none)\n  choose from: {', '.join(allowed)}",
                default="",
                show_default=False,
            )
        )
        picked = list(dict.fromkeys(a.strip() for a in answer.split(",") if a.strip()))
        unknown = [a for a in picked if a not in allowed]
        if not unknown:
            return picked
        typer.echo(f"  Not recognised: {', '.join(unknown)}")


def _weights(prompt: str) -> list[float]:
    """Weights like 4, 6, 8; blank for any that is sold."""
    while True:
        answer = str(
            typer.prompt(
                f"{prompt} (comma-separated, blank for any)", default="", show_default=False
            )
        )
        parts = [p.strip() for p in answer.split(",") if p.strip()]
        try:
            weights = [float(p) for p in parts]
        except ValueError:
            typer.echo("  Please give numbers with commas between them, like 4, 6, 8")
            continue
        if all(0 < w <= MAX_OWNED for w in weights):
            return weights
        typer.echo(f"  Please give weights above 0 and at most {MAX_OWNED:g}")


def _number(prompt: str, low: int, high: int, default: int | None = None) -> int:
    while True:
        answer = typer.prompt(f"{prompt} ({low}-{high})", default=default, type=str)
        if str(answer).strip().isdigit() and low <= int(answer) <= high:
            return int(answer)
        typer.echo(f"  Please give a whole number from {low} to {high}")


def ask() -> dict[str, Any]:
    """The profile questions; answers are re-asked until valid, so the result validates."""
    data: dict[str, Any] = {}
    name = str(typer.prompt("Your first name (optional)", default="", show_default=False)).strip()
    if name:
        data["name"] = name
    data["age"] = _number("Age", MIN_AGE, MAX_AGE)
    data["level"] = _choice("Training experience", [m.value for m in Level], "beginner")
    data["population"] = _choice("Which fits you best", [m.value for m in Population], "general")
    fewest, most = min(SESSIONS_PER_WEEK), max(SESSIONS_PER_WEEK)
    data["sessions_per_week"] = _number("Sessions a week", fewest, most, fewest)
    while True:
        days = _many("Days you can train", [d.value for d in Weekday])
        if days:
            break
        typer.echo("  Please name at least one day")
    data["days"] = days
    match_day = _choice(MATCH_DAY_QUESTION, ["none", *(d.value for d in Weekday)], "none")
    if match_day != "none":
        data["match_day"] = match_day
    data["minutes"] = _number("Minutes per session", *SESSION_MINUTES, DEFAULT_MINUTES)
    data["equipment"] = _many(
        "Equipment at hand (bodyweight needs nothing)", [e.value for e in Equipment]
    )
    if data["population"] == "older_adult" and "chair" not in data["equipment"]:
        typer.echo("  Older adults train next to a sturdy chair, so chair is added.")
        data["equipment"].append("chair")
    if {"dumbbell", "kettlebell", "barbell"} & set(data["equipment"]):
        units = _choice("Your weights are in", ["kg", "lb"], "kg")
        if units != "kg":
            data["units"] = units
        for key in ("dumbbells", "kettlebells"):
            if key[:-1] in data["equipment"]:
                weights = _weights(f"{key[:-1].capitalize()} weights you have, in {units}")
                if weights:
                    data[key] = weights
    data["floor"] = typer.confirm(FLOOR_QUESTION, default=True)
    if not data["floor"] and "chair" not in data["equipment"]:
        typer.echo("  Without floor exercises you train next to a sturdy chair, so chair is added.")
        data["equipment"].append("chair")
    if data["age"] < ADULT_AGE and typer.confirm(SUPERVISED_QUESTION, default=False):
        data["supervised"] = True
    data["goals"] = _many("Goals", [g.value for g in Goal])
    injuries = []
    while typer.confirm("Add a past or current injury?", default=False):
        injury: dict[str, Any] = {"kind": _choice("Kind", [k.value for k in InjuryKind])}
        injury["side"] = _choice("Side", [s.value for s in Side], "both")
        injury["weeks_ago"] = _number("How many weeks ago did it start", 0, 520)
        if injury["kind"] == InjuryKind.HAMSTRING_STRAIN.value:
            injury["assessed"] = typer.confirm(
                "Has a clinician assessed it and cleared you for graded exercise?", default=False
            )
        injury["cleared"] = typer.confirm(
            "Has a clinician cleared you for full training?", default=False
        )
        strain = injury["kind"] == InjuryKind.HAMSTRING_STRAIN.value
        if strain and (not injury["cleared"] or injury["weeks_ago"] < RECENT_STRAIN_WEEKS):
            typer.echo(f"  {STRAIN_CHECKS_INTRO}")
            injury["checks"] = [
                check.value
                for check, text in STRAIN_CHECK_TEXT.items()
                if typer.confirm(f"  {text}?", default=False)
            ]
        injuries.append(injury)
    if injuries:
        data["injuries"] = injuries
    typer.echo("\nSafety screen: answer yes or no. Any yes means see a clinician before training.")
    data["screen"] = ask_screen(QUESTIONS)
    return data


def ask_screen(questions: Sequence[Question]) -> dict[str, bool]:
    """Ask these screen questions, section by section; every one gets an answer."""
    screen: dict[str, bool] = {}
    current = None
    for question in questions:
        if question.urgency is not current:
            current = question.urgency
            typer.echo(f"\n{SECTION_TITLES[current]}")
        screen[question.key] = typer.confirm(f"  {question.text}", default=False)
    return screen


def complete_screen(profile: Profile) -> Profile:
    """The profile with its unanswered screen questions asked now (a missing answer is never
    read as "no")."""
    missing = unanswered_questions(profile.screen)
    if not missing:
        return profile
    typer.echo(
        f"Your profile leaves {len(missing)} safety-screen question"
        f"{'s' if len(missing) > 1 else ''} unanswered. Answer yes or no:"
    )
    return replace(profile, screen={**profile.screen, **ask_screen(missing)})


def run_interview(out: Path) -> Referral | None:
    """Ask, validate, write ``out``; return the referral when the screen blocks training."""
    data = ask()
    profile = profile_from_mapping(data)
    try:
        out.write_text(tomli_w.dumps(data), encoding="utf-8")
    except OSError as error:
        raise InvalidInput({"out": f"cannot write {out}: {error.strerror}"}) from None
    typer.echo(f"\nSaved your profile to {out}.")
    referral = screen_referral(profile.screen, assessed_strain=profile.assessed_strain)
    if referral is None:
        typer.echo(f"Next: hamstrong plan --profile {out}")
        return None
    typer.secho("\nDo not start training yet.", fg="red", bold=True, err=True)
    typer.echo(referral.advice, err=True)
    for reason in referral.reasons:
        typer.echo(f"  - {reason}", err=True)
    return referral
