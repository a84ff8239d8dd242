"""The database schema as SQLAlchemy rows; these classes never leave ``hamstrong.store``."""

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from hamstrong.store.schema import (
    CLIP_LEN,
    EXERCISE_LEN,
    KEY_LEN,
    NAME_LEN,
    NOTE_LEN,
    SOURCE_LEN,
    SYMPTOMS_LEN,
)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC, read back aware on every backend.

    PostgreSQL keeps the instant but not the offset; SQLite would drop the zone altogether,
    so both now give back the same instant in UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: the store only keeps times with a time zone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    # Named constraints, so that later batch migrations on SQLite can find and drop them.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class UserRow(Base):
    __tablename__ = "users"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    # bumped to revoke the private calendar address, which signs (id, feed_version)
    feed_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # moved on in the same transaction as every write of the user's log or programme, so a
    # worker process can tell that what it cached for the user is stale (Store.data_version)
    data_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # the data version of the last write that changed or removed a stored set (an append
    # leaves it): a worker that keeps the log reads only the newer sets while it is not newer
    log_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    unit: Mapped[str] = mapped_column(String(2), default="kg", server_default="kg")  # or "lb"


class ProgrammeRow(Base):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    profile: Mapped[str] = mapped_column(Text)  # the validated profile as JSON
    start: Mapped[date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class MoveRow(Base):
    """A planned session moved to another day of the same programme week."""

    __tablename__ = "session_moves"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    from_day: Mapped[date] = mapped_column(Date)
    to_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class SwapRow(Base):
    """An exercise of a planned session done as another, kept until changed back: one per
    programme, session day and planned exercise (the session's exercise slot)."""

    __tablename__ = "session_swaps"
    __table_args__ = (UniqueConstraint("programme_id", "day", "planned"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    day: Mapped[date] = mapped_column(Date)  # the session's day (a move takes its swaps along)
    planned: Mapped[str] = mapped_column(String(EXERCISE_LEN))
    chosen: Mapped[str] = mapped_column(String(EXERCISE_LEN))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class SetRow(Base):
    __tablename__ = "sets"
    # (user_id, day) also serves every user_id-only lookup, so user_id has no index of its own.
    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        Index("ix_sets_user_id_day", "user_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date)
    exercise: Mapped[str] = mapped_column(String(EXERCISE_LEN))
    reps: Mapped[int] = mapped_column(Integer)
    kg: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    pain: Mapped[int | None] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(5))
    warmup: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(SOURCE_LEN))
    set_order: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    symptoms: Mapped[str] = mapped_column(String(SYMPTOMS_LEN))  # comma-joined Symptom values
    key: Mapped[str | None] = mapped_column(String(KEY_LEN))
    name: Mapped[str | None] = mapped_column(String(NAME_LEN))
    note: Mapped[str | None] = mapped_column(String(NOTE_LEN))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class TrainingSessionRow(Base):
    """What a day's session holds beyond its sets: when it started and finished, and a note.
    At most one per user and day; a day with sets and no row is a session all the same."""

    __tablename__ = "training_sessions"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(String(NOTE_LEN))


class CheckinRow(Base):
    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date)
    pain: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)  # for undo


class SelfTestRow(Base):
    __tablename__ = "self_tests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)
    side: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class LoginFailureRow(Base):
    """A failed login, counted by every worker process alike to throttle guessing.

    ``key`` is a keyed hash of (email, client address): the table never holds either.
    """

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class SessionRow(Base):
    """A signed-in web session: the cookie carries a random token, the store only its hash, so
    logging out (or changing the password) ends the session on the server."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class PasswordResetRow(Base):
    """A password-reset link sent by email: the link carries a random token, the store only its
    hash, so a copy of the database cannot reset anyone's password. Used once, then deleted."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class FormCheckRow(Base):
    """A form check of one clip, from upload to result: the job's state while it runs, then
    the result (measures, findings; never the video) and the annotated picture of the worst rep,
    filed under the day of the session it was filmed for."""

    __tablename__ = "form_checks"
    __table_args__ = (Index("ix_form_checks_user_id_day", "user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date)
    exercise: Mapped[str] = mapped_column(String(EXERCISE_LEN))
    side: Mapped[str | None] = mapped_column(String(5))
    state: Mapped[str] = mapped_column(String(10))  # queued, running, done, refused, failed
    done: Mapped[int] = mapped_column(Integer, default=0)  # frames analysed so far
    total: Mapped[int] = mapped_column(Integer, default=0)
    keep_clip: Mapped[bool] = mapped_column(Boolean)
    clip: Mapped[str | None] = mapped_column(String(CLIP_LEN))  # file name while it is kept
    reason: Mapped[str | None] = mapped_column(String(20))  # a Refusal code
    message: Mapped[str | None] = mapped_column(Text)  # why it was refused or failed
    result: Mapped[str | None] = mapped_column(Text)  # FormCheck.to_dict() as JSON
    picture: Mapped[bytes | None] = mapped_column(LargeBinary)  # PNG of the worst rep
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class KeptRow(Base):
    """What one worker derived from a user's whole history (e.g. the adapted programme), kept
    for every worker and across restarts under the data version it was derived at: one row per
    user and name, overwritten by a newer answer; ``key`` says what it answers (the format, the
    code it was computed by, the day) and ``body`` is the answer, signed by the app."""

    __tablename__ = "kept_answers"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(BigInteger)
    body: Mapped[bytes] = mapped_column(LargeBinary)


class PreparingRow(Base):
    """A worker reading a user's whole log to work today's pages out, so that the others wait
    for the answers it keeps (``kept_answers``) instead of doing the same: one row per user,
    claimed with one atomic upsert, taken over when its holder is gone or too slow."""

    __tablename__ = "preparing"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(BigInteger)  # the data version being worked out
    holder: Mapped[str] = mapped_column(String(80))  # host:process:token of the claimer
    started_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch, when claimed
