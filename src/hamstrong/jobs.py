"""The background-job queue: the one place that touches Huey.

A form check takes seconds to a minute of CPU, so the web never runs it in a request: it files
the job in the store and puts its id on this queue; a consumer (``hamstrong worker``, which
``hamstrong serve`` starts once beside its web workers) takes it off and runs it.

Two engines, the same task code (Huey's):
- ``sqlite:///path/jobs.db`` (the embedded default, ``SqliteHuey``): a file beside the database,
  no server; web workers and the one consumer on the same machine share it.
- ``redis://host:port/db`` (``RedisHuey``): a Redis server, for a deployment with consumers on
  other machines (``hamstrong worker`` there, pointed at the same database, queue and clip folder).

The queue carries only job ids: the job's state, progress and result live in the store, and the
clip in the clip folder, so every process reads the same truth whichever engine carries the ids.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hamstrong.errors import HamstrongError
from hamstrong.settings import queue_url, sqlite_path

if TYPE_CHECKING:
    from huey import Huey

FORM_CHECK = "hamstrong.form_check"  # the task's name: the same in every process
QUEUE_NAME = "hamstrong"
log = logging.getLogger("hamstrong.jobs")


class QueueUnavailable(HamstrongError):
    """The job queue cannot be reached now (its Redis server is down, its file unwritable)."""

    status = 503


def _huey(url: str) -> Huey:
    from huey import RedisHuey, SqliteHuey

    if url.startswith("sqlite:"):
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        # results=False: the store keeps each job's outcome; the queue only carries ids
        return SqliteHuey(QUEUE_NAME, filename=str(path), results=False, timeout=15)
    return RedisHuey(QUEUE_NAME, url=url, results=False)


class JobQueue:
    """Enqueue jobs (every process) and consume them (a worker, given ``run_form_check``)."""

    def __init__(self, url: str, run_form_check: Callable[[int], None] | None = None) -> None:
        self.url = queue_url(url)
        self.engine = "redis" if self.url.startswith("redis") else "sqlite"
        self._run_form_check = run_form_check
        self._opened: tuple[Huey, Any] | None = None  # opened on first use, not by the web app

    def _open(self) -> tuple[Huey, Any]:
        if self._opened is None:
            huey = _huey(self.url)
            runner = self._run_form_check

            def form_check(job_id: int) -> None:
                if runner is None:  # a process that only enqueues never runs jobs
                    raise RuntimeError("this process has no form-check runner")
                runner(job_id)

            self._opened = (huey, huey.task(name=FORM_CHECK)(form_check))
        return self._opened

    def form_check(self, job_id: int) -> None:
        """Queue the form check filed in the store as ``job_id``."""
        try:
            self._open()[1](job_id)
        except Exception as error:  # the engine's own error types: redis, sqlite3
            log.error("cannot queue form check %s on %s: %r", job_id, self.engine, error)
            raise QueueUnavailable(
                "The form check cannot be started now: its job queue is not answering. "
                "Try again in a minute."
            ) from error

    def pending(self) -> int:
        """Jobs waiting for a consumer."""
        return int(self._open()[0].pending_count())

    def run(self, workers: int = 1) -> None:
        """Consume jobs until SIGINT or SIGTERM (then finish the job at hand): the main thread's
        loop of ``hamstrong worker``."""
        consumer = self._open()[0].create_consumer(
            workers=workers, worker_type="thread", periodic=False, max_delay=2.0
        )
        consumer.run()
