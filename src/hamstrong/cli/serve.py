"""`hamstrong serve`: the web app on uvicorn, with the store picked by --db."""

import copy
import ipaddress
import os
import secrets
import signal
import subprocess
import sys
from typing import Annotated, Any

import typer

from hamstrong.cli.base import stderr
from hamstrong.cli.typer_app import app, run_of
from hamstrong.errors import InvalidInput


@app.command(rich_help_panel="Web app")
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=0, max=64, help="Worker processes; 0 means one per CPU core.")
    ] = 0,
    access_log: Annotated[
        bool, typer.Option(help="Log every request, one line each on standard output.")
    ] = False,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            help="Comma-separated addresses of the reverse proxies whose X-Forwarded-For and "
            "X-Forwarded-Proto are trusted (the client address and https come from them); "
            "* trusts any."
        ),
    ] = "127.0.0.1",
    limit_concurrency: Annotated[
        int,
        typer.Option(
            min=1, help="Connections and tasks each worker serves at once; more get a 503."
        ),
    ] = 200,
    timeout_keep_alive: Annotated[
        int, typer.Option(min=1, max=300, help="Seconds an idle keep-alive connection stays open.")
    ] = 5,
    jobs: Annotated[
        bool,
        typer.Option(
            "--jobs/--no-jobs",
            help="Run one form-check worker beside the web workers (--no-jobs: `hamstrong "
            "worker` runs them elsewhere).",
        ),
    ] = True,
) -> None:
    """Run the web app (phone and desktop) until Ctrl-C.

    Set HAMSTRONG_SECRET_KEY (32 bytes or more) so that sign-ins survive a restart; without it a
    random key is used. On an address other than loopback, set HAMSTRONG_BASE_URL (or
    HAMSTRONG_ALLOWED_HOSTS) to the name people reach it by.
    Example: hamstrong serve --port 8000
    """
    from hamstrong.services.stores import migrate
    from hamstrong.settings import check_web_settings, load_settings

    settings = load_settings(db=run_of(ctx).db)
    check_web_settings(settings)
    if not _loopback(host) and not (settings.base_url or settings.allowed_hosts):
        raise InvalidInput(
            {
                "host": f"{host} is reachable from other machines, so set HAMSTRONG_BASE_URL to "
                "the address people use (e.g. https://hamstrong.example.org) or "
                "HAMSTRONG_ALLOWED_HOSTS to the host names it answers; any other Host is refused"
            }
        )
    migrate(settings.database_url)  # once, before the workers start
    # Worker processes read their settings from the environment; they must share one secret.
    os.environ["HAMSTRONG_DATABASE_URL"] = settings.database_url
    os.environ["HAMSTRONG_QUEUE_URL"] = settings.jobs_url()  # web workers and jobs agree
    os.environ["HAMSTRONG_CLIP_DIR"] = str(settings.clips_folder())
    if not settings.secret_key:
        os.environ["HAMSTRONG_SECRET_KEY"] = secrets.token_urlsafe(32)
        stderr().print(
            "HAMSTRONG_SECRET_KEY is not set: a random key is used for this run, so "
            "everyone is signed out when the server restarts."
        )
    count = workers or os.cpu_count() or 1
    typer.echo(f"HamStrong on http://{host}:{port}/ with {count} workers (Ctrl-C stops it)")
    consumer = _start_jobs() if jobs else None
    try:
        _run_uvicorn(
            host,
            port,
            count,
            access_log,
            forwarded_allow_ips,
            limit_concurrency,
            timeout_keep_alive,
        )
    finally:
        if consumer is not None:
            _stop_jobs(consumer)


def _start_jobs() -> "subprocess.Popen[bytes]":
    """One form-check consumer for the whole server (not one per web worker): `hamstrong
    worker` in a child process, told to stop (SIGTERM) if this process dies first."""
    return subprocess.Popen(
        [sys.executable, "-m", "hamstrong", "worker"],
        stdout=subprocess.DEVNULL,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )


def _die_with_parent() -> None:
    import ctypes

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _stop_jobs(consumer: "subprocess.Popen[bytes]") -> None:
    """SIGTERM: the worker finishes the check at hand, then exits (a minute at most)."""
    consumer.terminate()
    try:
        consumer.wait(timeout=90)
    except subprocess.TimeoutExpired:
        consumer.kill()
        consumer.wait()


def _run_uvicorn(
    host: str,
    port: int,
    count: int,
    access_log: bool,
    forwarded_allow_ips: str,
    limit_concurrency: int,
    timeout_keep_alive: int,
) -> None:
    import uvicorn

    uvicorn.run(
        "hamstrong.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=count,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        limit_concurrency=limit_concurrency,
        timeout_keep_alive=timeout_keep_alive,
        http="hamstrong.web.protocol:NoDelayHttpToolsProtocol",
        loop="uvloop",
        log_config=_log_config(access_log),
        log_level=None,  # a level here would override the access logger's in the config
        access_log=access_log,
    )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _log_config(access_log: bool) -> dict[str, Any]:
    """uvicorn's logging, quiet but for warnings, with each request logged when asked."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["uvicorn"]["level"] = "WARNING"
    config["loggers"]["uvicorn.error"]["level"] = "WARNING"
    config["loggers"]["uvicorn.access"]["level"] = "INFO" if access_log else "WARNING"
    # without an SMTP server, password-reset mails are written here (development)
    config["loggers"]["hamstrong.mail"] = {"handlers": ["default"], "level": "INFO"}
    return config
