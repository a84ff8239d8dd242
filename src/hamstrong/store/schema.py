"""Facts about the schema that code without SQLAlchemy needs too (see ``quick``)."""

from hamstrong.core.training_log import MAX_KEY, MAX_NAME, MAX_NOTE

# The newest revision in migrations/versions; tests/store checks that it matches Alembic's head.
# Comparing against it lets a start-up at head skip importing alembic (about 100 ms).
HEAD = "0014"

# Column lengths of the sets table, checked before writing so that SQLite (which ignores them)
# and PostgreSQL (which enforces them) refuse the same input.
EXERCISE_LEN = 120
SOURCE_LEN = 20
KEY_LEN = MAX_KEY
NAME_LEN = MAX_NAME  # an imported exercise name
NOTE_LEN = MAX_NOTE  # a note on a set or a session
SYMPTOMS_LEN = 200
CLIP_LEN = 100  # a clip's file name in the clip folder (random, server-made)

BUSY_SECONDS = 15  # how long a writer waits for another (busy_timeout, the sqlite3 timeout)

PRAGMAS = (
    f"busy_timeout={BUSY_SECONDS * 1000}",  # first: the ones below wait for a busy file
    "journal_mode=WAL",  # readers never block the writer; a commit is one append
    "foreign_keys=ON",
    "synchronous=NORMAL",  # in WAL mode: a commit survives kill -9, not a power cut
    "secure_delete=ON",  # deleted rows are overwritten with zeros, not left in free pages
)
