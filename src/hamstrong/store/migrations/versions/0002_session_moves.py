"""Session moves: a planned session moved to another day of its week.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("from_day", sa.Date(), nullable=False),
        sa.Column("to_day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_session_moves_user_id_users"),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name="fk_session_moves_programme_id_programmes"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_session_moves"),
    )
    op.create_index(
        "ix_session_moves_programme_id", "session_moves", ["programme_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_session_moves_programme_id", table_name="session_moves")
    op.drop_table("session_moves")
