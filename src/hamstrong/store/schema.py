"""Facts about the schema that code without SQLAlchemy needs too (see ``quick``)."""

# The newest revision in migrations/versions; tests/store checks that it matches Alembic's head.
# Comparing against it lets a start-up at head skip importing alembic (about 100 ms).
HEAD = "0004"

PRAGMAS = (
    "busy_timeout=15000",  # first, so the ones below wait for a busy file instead of failing
    "journal_mode=WAL",  # readers never block the writer; a commit is one append
    "foreign_keys=ON",
    "synchronous=NORMAL",  # in WAL mode: a commit survives kill -9, not a power cut
)
