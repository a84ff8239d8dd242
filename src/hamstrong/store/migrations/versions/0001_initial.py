"""Initial schema: users, programmes, sets, check-ins and self-tests.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Migrations spell out plain SQLAlchemy types (UtcDateTime is DateTime(timezone=True) in the
database) and import nothing from hamstrong, so later changes to tables.py cannot alter them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_programmes"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_programmes_user_id_users"),
    )
    op.create_index("ix_programmes_user_id", "programmes", ["user_id"])
    op.create_table(
        "sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("exercise", sa.String(length=120), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("kg", sa.Float(), nullable=True),
        sa.Column("rpe", sa.Float(), nullable=True),
        sa.Column("pain", sa.Integer(), nullable=True),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("warmup", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("set_order", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("symptoms", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sets"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_sets_user_id_users"),
        sa.UniqueConstraint("user_id", "key", name="uq_sets_user_id_key"),
    )
    op.create_index("ix_sets_user_id_day", "sets", ["user_id", "day"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checkins"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_checkins_user_id_users"),
        sa.UniqueConstraint("user_id", "day", name="uq_checkins_user_id_day"),
    )
    op.create_table(
        "self_tests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_self_tests"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_self_tests_user_id_users"),
    )
    op.create_index("ix_self_tests_user_id", "self_tests", ["user_id"])


def downgrade() -> None:
    for table in ("self_tests", "checkins", "sets", "programmes", "users"):
        op.drop_table(table)  # drops the table's indexes with it
