"""The shipped exercise library: complete, valid, with photos, and strict about bad data."""

import copy
import tomllib

import pytest

from hamstrong.core.exercises import Library, parse_library
from hamstrong.core.vocab import Pattern
from hamstrong.errors import InvalidCatalogue, Next, NotFound
from hamstrong.library import DATA, load_library, photo_file

# Every exercise, stand-in, drill and stretch that capability 1 of the spec names, plus the
# Askling lengthening track (evidence §2.2) and the older-adult balance moves (§9).
NAMED = [
    "romanian-deadlift",
    "glute-bridge-walkout",
    "nordic-hamstring-curl",
    "stability-ball-leg-curl",
    "single-leg-rdl-dumbbell",
    "glute-bridge",
    "single-leg-bridge",
    "single-leg-rdl",
    "reverse-lunge",
    "hamstring-walkout",
    "step-up",
    "wall-sit",
    "kettlebell-swing",
    "slider-leg-curl",
    "leg-swing",
    "bodyweight-squat",
    "inchworm",
    "hip-hinge-dowel",
    "march",
    "standing-hamstring-stretch",
    "seated-hamstring-stretch",
    "supine-hamstring-stretch",
    "hip-flexor-stretch",
    "glute-stretch",
    "askling-extender",
    "askling-diver",
    "askling-glider",
    "feet-together-stand",
    "semi-tandem-stand",
    "tandem-stand",
    "single-leg-stand",
    "sit-to-stand",
    "band-assisted-nordic",
    "partial-nordic",
]


def raw_catalogue() -> dict:
    return tomllib.loads((DATA / "catalogue.toml").read_text(encoding="utf-8"))


def test_library_has_every_named_exercise_and_at_least_35_entries():
    library = load_library()
    assert len(library) >= 35
    missing = [i for i in NAMED if i not in library]
    assert not missing


def test_every_entry_carries_the_spec_fields():
    for e in load_library():
        d = e.to_dict()
        for key in (
            "id",
            "name",
            "pattern",
            "equipment",
            "level",
            "unilateral",
            "tempo",
            "cues",
            "mistakes",
            "easier",
            "harder",
            "contraindications",
            "muscles",
            "photos",
            "credit",
        ):
            assert key in d, (e.id, key)
        assert len(e.cues) >= 2 and e.mistakes and e.muscles


def test_at_least_15_entries_have_photos_that_ship_with_credit():
    with_photos = [e for e in load_library() if e.photos]
    assert len(with_photos) >= 15
    for e in with_photos:
        assert "free-exercise-db" in e.credit
        for photo in e.photos:
            assert photo_file(photo).is_file(), photo
            assert photo == f"photos/{e.fedb}/{photo.rsplit('/', 1)[1]}"


def test_only_used_photos_are_copied():
    used = {p for e in load_library() for p in e.photos}
    shipped = {
        f"photos/{d.name}/{f.name}" for d in (DATA / "photos").iterdir() for f in d.iterdir()
    }
    assert shipped == used


def test_ladders_link_both_ways_and_every_pattern_has_entries():
    library = load_library()
    for e in library:
        for easier in e.easier:
            assert e.id in library.get(easier).harder
    assert {e.pattern for e in library} == set(Pattern)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c["exercise"][0].update(id="Bad Id"), "kebab-case"),
        (lambda c: c["exercise"][0].update(pattern="squat"), "squat"),
        (lambda c: c["exercise"][0]["harder"].append("no-such-exercise"), "unknown id"),
        (lambda c: c["exercise"].append(copy.deepcopy(c["exercise"][0])), "used twice"),
        (lambda c: c["exercise"][0].pop("cues"), "missing key 'cues'"),
        (lambda c: c.update(exercise=[]), "no [[exercise]]"),
    ],
    ids=["bad-id", "unknown-pattern", "dangling-ladder", "duplicate", "missing-field", "empty"],
)
def test_broken_catalogue_is_reported_not_loaded(mutate, message):
    catalogue = raw_catalogue()
    mutate(catalogue)
    with pytest.raises(InvalidCatalogue, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_library(catalogue)


def test_unknown_exercise_is_not_found_and_points_to_the_library():
    with pytest.raises(NotFound) as raised:
        Library({}).get("nordic-crul")
    assert str(raised.value) == "No exercise called 'nordic-crul'."
    assert raised.value.next is Next.EXERCISES and raised.value.status == 404


# Photos checked by eye against each exercise's cues; these contradicted them and must not come
# back (a wrong photo teaches the mistake the cues warn about).
CONTRADICTING_PHOTOS = {
    "Floor_Glute-Ham_Raise": "Nordic with arms folded (no catch on the hands) and no knee pad",
    "Superman": "a large 'superman' lift; the back-extension hold is a small lift",
    "Leg_Lift": "a straight-leg hip extension, not a knee bend to the bottom",
    "Standing_Hamstring_and_Calf_Stretch": "reaching down with a rounded back",
    "Seated_Floor_Hamstring_Stretch": "pulling down with a rounded back",
    "Ankle_On_The_Knee": "head and shoulders lifted, pulling on the crossed knee",
    "Front_Leg_Raises": "no hand on a support, a high kick and a leaning trunk",
    "One-Arm_Kettlebell_Swings": "a one-arm swing that squats; the cues teach a two-hand hinge",
    "Hamstring_Stretch/0.jpg": "head and shoulders curled off the floor",
}


def test_photos_that_contradict_their_cues_are_not_shipped():
    shipped = [p for e in load_library() for p in e.photos]
    for photo in shipped:
        assert not any(bad in photo for bad in CONTRADICTING_PHOTOS), photo
