"""How doses are written: the notation is explained wherever it is shown (issue 10); the
sentence an import ends with."""

from dataclasses import replace
from datetime import date

import pytest

from hamstrong.core.programme import Block, BlockKind, Item, Session
from hamstrong.present import dose_text, import_report, notation, tempo_words
from hamstrong.services.transfer import ImportSummary

ITEM = Item("nordic-hamstring-curl", 2, "why", reps=5, tempo="4-0-1-0", rest_s=90)


@pytest.mark.parametrize(
    ("tempo", "words"),
    [
        ("3-1-1-0", "3 s lowering, 1 s pause at the bottom, 1 s lifting, no pause at the top"),
        ("4-0-1-0", "4 s lowering, no pause at the bottom, 1 s lifting, no pause at the top"),
        ("1-0-1-0", "1 s lowering, no pause at the bottom, 1 s lifting, no pause at the top"),
    ],
    ids=["hinge", "nordic", "ballistic"],
)
def test_tempo_words(tempo, words):
    assert tempo_words(tempo) == words


@pytest.mark.parametrize(
    ("reps_by_set", "per_side", "amount"),
    [
        ((5, 4), True, "2 sets: 5, then 4 reps per side"),
        ((6, 6, 5), False, "3 sets: 6, 6, then 5 reps"),
        ((5, 5), True, "2 × 5 per side"),
    ],
    ids=["falling", "three", "equal"],
)
def test_reps_by_set_read_without_a_slash(reps_by_set, per_side, amount):
    item = replace(ITEM, reps_by_set=reps_by_set, per_side=per_side, sets=len(reps_by_set))
    assert dose_text(item).split(" · ")[0] == amount
    assert "/" not in dose_text(item)


def test_notation_explains_only_what_is_shown():
    session = Session(date(2026, 12, 7), 1, (Block(BlockKind.MAIN, (ITEM,)),))
    assert notation([session]) == [
        "Tempo 4-0-1-0: 4 s lowering, no pause at the bottom, 1 s lifting, no pause at the top; "
        "each number is seconds, in that order."
    ]
    sided = replace(session, blocks=(Block(BlockKind.MAIN, (replace(ITEM, per_side=True),)),))
    assert any(line.startswith("Per side:") for line in notation([sided]))
    assert notation([]) == []


@pytest.mark.parametrize(
    ("summary", "sentence"),
    [
        (
            ImportSummary("strong", 7, 0, 0, ()),
            "Imported 7 new sets from a strong export; 0 already there; no rows skipped.",
        ),
        (
            ImportSummary("hevy", 1, 6, 1, ()),
            "Imported 1 new set from a hevy export; 6 already there; 1 row skipped: "
            "1 that is not a set (rest timers, notes, cardio).",
        ),
        (
            ImportSummary("strong", 0, 7, 2, ("line 11: reps 'x' is not a whole number",)),
            "Imported 0 new sets from a strong export; 7 already there; 3 rows skipped: "
            "2 that are not sets (rest timers, notes, cardio) and 1 with a problem.",
        ),
        (
            ImportSummary("hamstrong-json", 0, 0, 0, ("set 1: reps 1e+30", "set 2: no date")),
            "Imported 0 new sets from a hamstrong-json export; 0 already there; "
            "2 entries skipped: 2 with a problem.",
        ),
    ],
    ids=["nothing-skipped", "one-not-a-set", "both", "json-problems"],
)
def test_the_import_report_counts_every_problem_as_skipped(summary, sentence):
    assert summary.skipped == summary.not_sets + len(summary.problems)
    assert import_report(summary) == sentence
