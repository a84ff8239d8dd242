"""`hamstrong worker`: run the web's background jobs (form checks) on this machine."""

from typing import Annotated

import typer

from hamstrong.cli.typer_app import app, run_of


@app.command(rich_help_panel="Web app")
def worker(
    ctx: typer.Context,
    threads: Annotated[
        int,
        typer.Option(min=1, max=64, help="Checks run at once; each keeps a core busy."),
    ] = 1,
) -> None:
    """Run the web app's form checks until Ctrl-C (or SIGTERM, after the check at hand).

    `hamstrong serve` runs one itself; start this on other machines when one is not enough,
    with the same HAMSTRONG_DATABASE_URL, HAMSTRONG_QUEUE_URL (a Redis server) and
    HAMSTRONG_CLIP_DIR (a shared folder) as the web app.
    Example: hamstrong worker --threads 2
    """
    from hamstrong.services.formjobs import work
    from hamstrong.settings import load_settings

    settings = load_settings(db=run_of(ctx).db)
    typer.echo(f"Form-check worker on {settings.jobs_url().split('://')[0]} (Ctrl-C stops it)")
    work(settings, threads=threads)
