"""Alembic's environment. ``hamstrong.store`` runs it with an open connection: no alembic.ini.

To write a migration, change ``tables.py`` and autogenerate against a database at head::

    from alembic import command
    from hamstrong.store import MIGRATIONS, open_store  # open_store brings a file to head
    config = Config(); config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.revision(config, "what changed", autogenerate=True, rev_id="0002")

then read the result, drop any app imports from it and move ``HEAD`` in ``store/__init__.py``.
"""

from alembic import context
from sqlalchemy import Connection

from hamstrong.store.tables import Base


def run_migrations(connection: Connection) -> None:
    # render_as_batch: SQLite can only ALTER by copying the table, which batch mode does.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through hamstrong.store.open_store(url), not alembic")
run_migrations(connection)
