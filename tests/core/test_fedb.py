"""free-exercise-db: the whole catalogue parses; malformed entries are reported and skipped."""

import json

from hamstrong.core.fedb import parse_fedb, search_fedb
from hamstrong.library import load_fedb


def test_the_whole_catalogue_loads():
    entries, skipped = load_fedb()
    assert len(entries) == 873 and skipped == []


def test_malformed_entries_are_skipped_with_their_position(tmp_path):
    good = load_fedb()[0][0].to_dict()
    broken = [good, {"id": "x"}, "not an object", {**good, "id": "two", "level": "godlike"}, good]
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(broken))
    entries, skipped = load_fedb(path)
    assert [e.id for e in entries] == [good["id"]]
    assert len(skipped) == 4
    assert skipped[0].startswith("entry 2 (x)") and "skipped" in skipped[0]
    assert "duplicate id" in skipped[3]


def test_search_filters_by_muscle_equipment_level_and_text():
    entries, _ = load_fedb()
    found = search_fedb(entries, text="curl", muscles=["hamstrings"], equipment=["body only"])
    assert found and all("hamstrings" in e.muscles and e.equipment == "body only" for e in found)
    assert all("curl" in (e.name + " ".join(e.instructions)).lower() for e in found)
    beginners = search_fedb(entries, level="beginner", category="stretching")
    assert beginners and all(e.level == "beginner" for e in beginners)


def test_a_document_that_is_not_a_list_is_one_problem():
    assert parse_fedb({"id": 1}) == ([], ["the catalogue must be a JSON list of exercises"])
