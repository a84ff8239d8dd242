"""Swaps kept per session (issue 10): one per programme, session day and planned exercise; they
follow their session when it moves, stay with their programme, and go with the user."""

from datetime import date, timedelta

import pytest

from hamstrong.errors import InvalidInput, NotFound

DAY = date(2026, 12, 7)


def test_a_swap_is_kept_replaced_and_changed_back(store, user):
    store.save_programme(user, profile={"level": "beginner"}, start=DAY, weeks=4)
    before = store.data_version(user)
    store.set_swap(user, day=DAY, planned="nordic", chosen="razor")
    store.set_swap(user, day=DAY, planned="rdl", chosen="good-morning")
    store.set_swap(user, day=DAY, planned="nordic", chosen="walkout")  # replaces the first
    assert store.data_version(user) != before  # the web's cached pages are stale now
    assert store.swaps(user) == [(DAY, "rdl", "good-morning"), (DAY, "nordic", "walkout")]
    assert list(store.snapshot(user).swaps) == store.swaps(user)

    assert store.clear_swap(user, day=DAY, planned="nordic") is True
    assert store.clear_swap(user, day=DAY, planned="nordic") is False
    assert store.swaps(user) == [(DAY, "rdl", "good-morning")]


def test_a_moved_session_takes_its_swaps_and_a_new_programme_starts_clean(store, user):
    store.save_programme(user, profile={"level": "beginner"}, start=DAY, weeks=4)
    later = DAY + timedelta(days=3)
    store.set_swap(user, day=DAY, planned="nordic", chosen="razor")
    store.set_swap(user, day=later, planned="rdl", chosen="good-morning")
    store.add_move(user, from_day=DAY, to_day=DAY + timedelta(days=1))
    assert store.swaps(user) == [
        (DAY + timedelta(days=1), "nordic", "razor"),
        (later, "rdl", "good-morning"),
    ]
    store.save_programme(user, profile={"level": "beginner"}, start=later, weeks=4)
    assert store.swaps(user) == []


def test_swaps_belong_to_their_user_and_need_a_programme(store, user):
    other = store.create_user("b@example.com", "hash")
    with pytest.raises(NotFound):
        store.set_swap(user, day=DAY, planned="nordic", chosen="razor")
    store.save_programme(user, profile={"level": "beginner"}, start=DAY, weeks=4)
    store.save_programme(other, profile={"level": "beginner"}, start=DAY, weeks=4)
    store.set_swap(user, day=DAY, planned="nordic", chosen="razor")
    assert store.swaps(other) == []
    with pytest.raises(InvalidInput, match="chosen"):
        store.set_swap(user, day=DAY, planned="nordic", chosen="x" * 121)
    store.delete_user(user)
    assert store.swaps(user) == []
