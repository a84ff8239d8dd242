"""Form checks as background jobs, run for real: a `hamstrong worker` process consumes the queue,
on the embedded SQLite file and on a Redis server (Debian's redis-server, started here on a
free loopback port; scripts/redis-deps.sh installs it for `make test`)."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from hamstrong.errors import InvalidInput
from hamstrong.jobs import JobQueue, QueueUnavailable
from hamstrong.library import load_library
from hamstrong.services import formjobs
from hamstrong.settings import Settings, load_settings, queue_url
from hamstrong.store import open_store
from tests.clips import sag_bridge

DAY = date(2026, 12, 7)
WAIT_S = 600  # generous: the machine is shared; no test asserts on timing


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


ROOT = Path(__file__).resolve().parents[1]


def _redis_server() -> str:
    """Debian's redis-server, installed first when it is missing (as `make test` does)."""
    found = shutil.which("redis-server") or shutil.which("/usr/bin/redis-server")
    if found is None:
        installed = subprocess.run(
            ["bash", str(ROOT / "scripts" / "redis-deps.sh")], capture_output=True, text=True
        )
        found = shutil.which("redis-server") or shutil.which("/usr/bin/redis-server")
        if found is None:
            pytest.fail(f"redis-server is needed: {installed.stderr.strip()}", pytrace=False)
    return found


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    """A throwaway Redis server on loopback, no persistence, stopped after the test."""
    server = _redis_server()
    port = _free_port()
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _settings(tmp_path: Path, queue: str | None = None) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'h.db'}", queue_url=queue)


def _file(store, clips: formjobs.Clips, content: bytes, *, keep: bool) -> int:
    user = store.local_user()
    name, handle = clips.create()
    with handle:
        handle.write(content)
    return store.add_form_check(
        user, day=DAY, exercise="glute-bridge", side=None, keep_clip=keep, clip=name
    )


def _run_worker_until_done(settings: Settings, store, job_ids: list[int]) -> None:
    env = dict(
        os.environ,
        HAMSTRONG_DATABASE_URL=settings.database_url,
        HAMSTRONG_QUEUE_URL=settings.jobs_url(),
        HAMSTRONG_CLIP_DIR=str(settings.clips_folder()),
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "hamstrong", "worker"], env=env, stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            jobs = [store.form_check(j, user_id=None) for j in job_ids]
            if all(j.state in formjobs.FINISHED for j in jobs):
                break
            assert worker.poll() is None, "the worker stopped"
            time.sleep(0.5)
    finally:
        worker.terminate()  # SIGTERM: finish the job at hand, then exit 0
        assert worker.wait(timeout=120) == 0


def _queue_and_work(settings: Settings, clip: Path) -> None:
    store = open_store(settings.database_url)
    clips = formjobs.Clips(settings.clips_folder())
    queue = JobQueue(settings.jobs_url())
    good = _file(store, clips, clip.read_bytes(), keep=False)
    kept = _file(store, clips, clip.read_bytes(), keep=True)
    bad = _file(store, clips, b"\x00\x00\x00\x18ftypmp42 and then nothing", keep=False)
    for job in (good, kept, bad):
        queue.form_check(job)
    assert queue.pending() == 3
    _run_worker_until_done(settings, store, [good, kept, bad])
    done, kept_job, refused = (store.form_check(j, user_id=None) for j in (good, kept, bad))
    assert done.state == "done" and done.result["rep_count"] == 1
    assert done.result["findings"][0]["fault"] == "hip_sag"
    assert done.has_picture and done.clip is None
    assert kept_job.state == "done" and kept_job.clip is not None
    assert (refused.state, refused.reason) == ("refused", "not_video")
    assert sorted(os.listdir(clips.folder)) == [kept_job.clip]  # the others were deleted
    assert queue.pending() == 0
    store.close()


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return sag_bridge(tmp_path_factory.mktemp("clips"))


def test_a_worker_runs_form_checks_from_the_embedded_sqlite_queue(tmp_path, clip):
    settings = _settings(tmp_path)
    assert settings.jobs_url() == f"sqlite:///{tmp_path / 'hamstrong-jobs.db'}"
    _queue_and_work(settings, clip)


def test_a_worker_runs_the_same_jobs_from_redis(tmp_path, clip, redis_url):
    _queue_and_work(_settings(tmp_path, redis_url), clip)


def test_a_queue_that_does_not_answer_is_a_503_and_the_clip_is_deleted(tmp_path, clip):
    settings = _settings(tmp_path, f"redis://127.0.0.1:{_free_port()}/0")  # nothing listens
    store = open_store(settings.database_url)
    clips = formjobs.Clips(settings.clips_folder())
    name, handle = clips.create()
    with handle:
        handle.write(clip.read_bytes())
    with pytest.raises(QueueUnavailable) as raised:
        formjobs.start_check(
            store,
            JobQueue(settings.jobs_url()),
            load_library(),
            clips,
            store.local_user(),
            day=DAY,
            exercise_id="glute-bridge",
            side=None,
            keep_clip=True,
            clip=name,
        )
    assert raised.value.status == 503
    assert os.listdir(clips.folder) == []
    [job] = store.form_checks(store.local_user())
    assert job.state == "failed" and job.clip is None
    store.close()


@pytest.mark.parametrize(
    ("environ", "field"),
    [
        ({"HAMSTRONG_QUEUE_URL": "amqp://rabbit/"}, "HAMSTRONG_QUEUE_URL"),
        ({"HAMSTRONG_CLIP_MAX_MB": "0"}, "HAMSTRONG_CLIP_MAX_MB"),
        ({"HAMSTRONG_CLIP_MAX_MB": "lots"}, "HAMSTRONG_CLIP_MAX_MB"),
        ({"HAMSTRONG_CLIP_MAX_SECONDS": "600"}, "HAMSTRONG_CLIP_MAX_SECONDS"),
    ],
)
def test_bad_job_settings_are_refused_by_name(environ, field):
    with pytest.raises(InvalidInput) as raised:
        load_settings(environ)
    assert list(raised.value.problems) == [field]


def test_job_settings_are_read(tmp_path):
    settings = load_settings(
        {
            "HAMSTRONG_DATABASE_URL": f"sqlite:///{tmp_path / 'h.db'}",
            "HAMSTRONG_QUEUE_URL": "redis://queue.example.org:6379/2",
            "HAMSTRONG_CLIP_DIR": str(tmp_path / "shared-clips"),
            "HAMSTRONG_CLIP_MAX_MB": "50",
            "HAMSTRONG_CLIP_MAX_SECONDS": "60",
        }
    )
    assert settings.jobs_url() == "redis://queue.example.org:6379/2"
    assert settings.clips_folder() == tmp_path / "shared-clips"
    assert (settings.clip_max_mb, settings.clip_max_seconds) == (50, 60.0)
    assert queue_url("jobs.db").startswith("sqlite:///") and queue_url("jobs.db").endswith(
        "/jobs.db"
    )
