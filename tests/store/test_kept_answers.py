"""Answers kept for every worker (``Store.keep_answer``), on SQLite and PostgreSQL."""

from datetime import date

from sqlalchemy import create_engine, inspect

from hamstrong.core.training_log import SetEntry
from hamstrong.store import Store
from hamstrong.store.repository import KeptAnswer, Preparing
from tests.store.test_repository import sync_url


def test_a_slow_worker_never_overwrites_a_newer_kept_answer(store: Store, user: int):
    store.keep_answer(user, "n", "k", 5, b"new")
    store.keep_answer(user, "n", "k", 4, b"old")
    assert store.kept_answer(user, "n") == KeptAnswer(key="k", version=5, body=b"new")
    store.keep_answer(user, "n", "k2", 6, b"newer")
    store.keep_answer(user, "m", "k", 1, b"other name")
    assert (store.kept_answer(user, "n"), store.kept_answer(user, "m")) == (
        KeptAnswer("k2", 6, b"newer"),
        KeptAnswer("k", 1, b"other name"),
    )
    assert store.kept_answer(user, "none") is None


def test_keeping_an_answer_is_no_change_of_the_users_data(store: Store, user: int):
    before = store.data_version(user)
    store.keep_answer(user, "n", "k", 1, b"x")
    assert store.data_version(user) == before


def test_deleting_an_account_deletes_its_kept_answers(store: Store, database_url: str):
    user = store.create_user("kept@example.com", "hash")
    other = store.create_user("other@example.com", "hash")
    store.add_set(user, SetEntry(date(2026, 12, 1), "glute-bridge", 10))
    for who in (user, other):
        store.keep_answer(who, "n", "k", 1, b"x")
    store.delete_user(user)
    assert (store.kept_answer(user, "n"), store.kept_answer(other, "n")) == (
        None,
        KeptAnswer("k", 1, b"x"),
    )
    store.keep_answer(user, "n", "k", 2, b"x")  # the user is gone: nothing is kept
    assert store.kept_answer(user, "n") is None
    engine = create_engine(sync_url(database_url))
    with engine.connect() as connection:
        (key,) = inspect(connection).get_foreign_keys("kept_answers")
    engine.dispose()
    assert (key["referred_table"], key["options"].get("ondelete")) == ("users", "CASCADE")


def test_keeping_an_answer_never_waits_for_another_write(tmp_path):
    """A page that worked an answer out does not wait behind an import to keep it: with a
    write of this process under way, or another process holding SQLite's lock, it keeps
    nothing (the next worker works it out again) and answers at once."""
    import sqlite3
    from contextlib import closing

    from hamstrong.store import open_store

    path = tmp_path / "busy.db"
    with open_store(f"sqlite:///{path}") as store:
        user = store.local_user()
        with store._writer:  # another thread of this process is writing
            store.keep_answer(user, "n", "k", 1, b"x")
        assert store.kept_answer(user, "n") is None
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")  # another process is writing
            store.keep_answer(user, "n", "k", 1, b"x")
            other.execute("ROLLBACK")
        assert store.kept_answer(user, "n") is None
        store.keep_answer(user, "n", "k", 1, b"x")  # free: kept
        assert store.kept_answer(user, "n") == KeptAnswer("k", 1, b"x")


def test_the_preparing_row_is_claimed_by_one_and_taken_over_only_when_it_may_be(
    store: Store, user: int
):
    version = store.data_version(user)
    assert store.claim_preparing(user, 5, "a", now=100.0, stale_before=0.0)
    assert not store.claim_preparing(user, 5, "b", now=101.0, stale_before=0.0)  # a holds it
    assert not store.claim_preparing(user, 4, "b", now=101.0, stale_before=0.0)  # older data
    assert store.preparing(user) == Preparing(version=5, holder="a", started_at=100.0)
    assert store.claim_preparing(user, 5, "b", now=101.0, stale_before=100.5)  # a went stale
    assert store.claim_preparing(user, 5, "c", now=102.0, stale_before=0.0, gone="b")  # b died
    assert store.claim_preparing(user, 6, "d", now=102.0, stale_before=0.0)  # newer data
    store.done_preparing(user, "c")  # no longer c's: left as it is
    assert store.preparing(user) == Preparing(6, "d", 102.0)
    store.done_preparing(user, "d")
    assert store.preparing(user) is None
    assert store.data_version(user) == version  # no change of the user's data


def test_deleting_an_account_deletes_its_preparing_row(store: Store):
    user = store.create_user("preparing@example.com", "hash")
    assert store.claim_preparing(user, 1, "a", now=1.0, stale_before=0.0)
    store.delete_user(user)
    assert store.preparing(user) is None
