"""`hamstrong serve`: the web app on uvicorn, with the store picked by --db."""

import os
import secrets
from typing import Annotated

import typer

from hamstrong.cli.app import _stderr, app


@app.command(rich_help_panel="Web app")
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=0, max=64, help="Worker processes; 0 means one per CPU core.")
    ] = 0,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
) -> None:
    """Run the web app (phone and desktop) until Ctrl-C.

    Set HAMSTRONG_SECRET_KEY so that sign-ins survive a restart; without it a random key is used.
    Example: hamstrong serve --port 8000
    """
    import uvicorn

    from hamstrong.services.stores import migrate
    from hamstrong.settings import load_settings

    settings = load_settings(db=(ctx.obj or {}).get("db"))
    migrate(settings.database_url)  # once, before the workers start
    # Worker processes read their settings from the environment; they must share one secret.
    os.environ["HAMSTRONG_DATABASE_URL"] = settings.database_url
    if not settings.secret_key:
        os.environ["HAMSTRONG_SECRET_KEY"] = secrets.token_urlsafe(32)
        _stderr().print(
            "HAMSTRONG_SECRET_KEY is not set: a random key is used for this run, so "
            "everyone is signed out when the server restarts."
        )
    count = workers or os.cpu_count() or 1
    typer.echo(f"HamStrong on http://{host}:{port}/ with {count} workers (Ctrl-C stops it)")
    uvicorn.run(
        "hamstrong.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=count,
        proxy_headers=True,
        http="hamstrong.web.protocol:NoDelayHttpToolsProtocol",
        loop="uvloop",
        log_level="warning",
        access_log=access_log,
    )
