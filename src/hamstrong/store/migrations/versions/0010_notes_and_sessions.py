"""Notes on sets, and a row per training session for its note, start and finish (duration).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sets") as batch:
        batch.add_column(sa.Column("note", sa.String(length=1000), nullable=True))
    op.create_table(
        "training_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_training_sessions_user_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_training_sessions"),
        sa.UniqueConstraint("user_id", "day", name="uq_training_sessions_user_id_day"),
    )


def downgrade() -> None:
    op.drop_table("training_sessions")
    with op.batch_alter_table("sets") as batch:
        batch.drop_column("note")
