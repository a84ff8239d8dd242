"""`hamstrong serve`: the web app on uvicorn, with the store picked by --db."""

from typing import Annotated

import typer

from hamstrong.cli.app import app


@app.command(rich_help_panel="Web app")
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Run the web app (phone and desktop) until Ctrl-C.

    Set HAMSTRONG_SECRET_KEY so that sign-ins survive a restart; without it a random key is used.
    Example: hamstrong serve --port 8000
    """
    import uvicorn

    from hamstrong.settings import load_settings
    from hamstrong.web.app import create_app

    settings = load_settings(db=(ctx.obj or {}).get("db"))
    typer.echo(f"HamStrong on http://{host}:{port}/ (Ctrl-C stops it)")
    uvicorn.run(create_app(settings), host=host, port=port, proxy_headers=True, log_level="info")
