"""The ``preparing`` row: a worker reading a user's whole log to work today's pages out, so
that the other workers (processes) wait for what it keeps instead of reading the log too
(``Summaries.first``, ``Summaries.preparing``, ``Store.claim_preparing``)."""

import logging
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from hamstrong.core.training_log import SetEntry
from hamstrong.services.plans import PlanCache
from hamstrong.services.programmes import Today, today_session
from hamstrong.services.sessions import prepare_today
from hamstrong.store import Store, open_store
from tests.databases import copy_database
from tests.kept import LIBRARY, OTHER, TODAY, begin, read_log, worker

ELSEWHERE = "another-machine:4242:cafe"  # a holder on another host: never known dead


@pytest.fixture
def shared(tmp_path: Path, migrated_database: Path) -> tuple[Store, Store, int]:
    """Two workers' stores on one database, with a user whose programme runs today."""
    url = copy_database(migrated_database, tmp_path / "preparing.db")
    first, second = open_store(url), open_store(url)
    user = first.local_user()
    begin(first, user)
    first.add_sets(user, [SetEntry(TODAY - timedelta(days=n), "glute-bridge", 10) for n in (3, 7)])
    yield first, second, user
    first.close()
    second.close()


def _today(store: Store, user: int, plans: PlanCache | None) -> Today:
    return today_session(store, user_id=user, library=LIBRARY, today=TODAY, plans=plans)


def _claim(store: Store, user: int, holder: str, *, at: float) -> None:
    version = store.data_version(user)
    assert version is not None
    assert store.claim_preparing(user, version, holder, now=at, stale_before=0)


def test_a_second_worker_waits_for_the_answer_the_first_is_preparing(shared):
    store, other_store, user = shared
    first, second = worker(), worker()
    assert first.summaries is not None
    shown: list[Today] = []
    with first.summaries.preparing(store, user):  # as after an import: the first prepares
        assert store.preparing(user) is not None
        waiting = threading.Thread(target=lambda: shown.append(_today(other_store, user, second)))
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive()  # nothing kept yet: it waits instead of reading the log
        prepared = _today(store, user, first)
    waiting.join(30)
    assert shown == [prepared] == [_today(store, user, None)]
    assert read_log(first, store, user)
    assert not read_log(second, other_store, user)  # it served what the first kept
    assert store.preparing(user) is None  # left when done


def test_the_preparation_after_a_write_holds_the_row_and_leaves_it(shared):
    store, other_store, user = shared
    first, second = worker(), worker()
    prepare_today(store, user_id=user, library=LIBRARY, today=TODAY, plans=first)
    assert store.preparing(user) is None
    assert _today(other_store, user, second) == _today(store, user, None)
    assert not read_log(second, other_store, user)


def test_a_stale_claim_is_taken_over(shared):
    store, other_store, user = shared
    _claim(store, user, ELSEWHERE, at=time.time() - 3600)  # a holder that stalled an hour ago
    second = worker()
    assert second.summaries is not None
    second.summaries.wait = 5  # were it not taken over: worked out alone after 5 s, row left
    assert _today(other_store, user, second) == _today(store, user, None)
    assert read_log(second, other_store, user)
    assert store.preparing(user) is None  # taken over, then left


def test_a_claim_of_a_process_gone_from_this_machine_is_taken_over_at_once(shared):
    store, other_store, user = shared
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    _claim(store, user, f"{socket.gethostname()}:{gone.stdout.strip()}:dead", at=time.time())
    second = worker()
    assert second.summaries is not None
    second.summaries.wait = 5
    assert _today(other_store, user, second) == _today(store, user, None)
    assert store.preparing(user) is None


def test_a_holder_that_never_finishes_does_not_hold_a_page_forever(shared, caplog):
    store, other_store, user = shared
    _claim(store, user, ELSEWHERE, at=time.time())  # fresh, on another machine: not gone
    second = worker()
    assert second.summaries is not None
    second.summaries.wait = 0.2
    with caplog.at_level(logging.WARNING, logger="hamstrong.services.summaries"):
        assert _today(other_store, user, second) == _today(store, user, None)
    assert "another worker still was" in caplog.text  # waited its while, then worked alone
    found = store.preparing(user)
    assert found is not None and found.holder == ELSEWHERE  # not its row to leave


def test_a_claim_for_one_user_never_holds_or_answers_another(shared, caplog):
    store, other_store, user = shared
    someone = store.create_user("someone@example.com", "x" * 20)
    begin(store, someone, OTHER)
    _claim(store, user, ELSEWHERE, at=time.time())
    second = worker()
    assert second.summaries is not None
    second.summaries.wait = 1
    with caplog.at_level(logging.WARNING, logger="hamstrong.services.summaries"):
        theirs = _today(other_store, someone, second)
    assert "another worker still was" not in caplog.text  # did not wait for the other's row
    assert theirs == _today(store, someone, None) != _today(store, user, None)
    assert store.preparing(someone) is None
