"""Session swaps: an exercise of a planned session done as another, kept until changed back.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_swaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("planned", sa.String(length=120), nullable=False),
        sa.Column("chosen", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_session_swaps_user_id_users"),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name="fk_session_swaps_programme_id_programmes"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_session_swaps"),
        sa.UniqueConstraint(
            "programme_id", "day", "planned", name="uq_session_swaps_programme_id_day_planned"
        ),
    )
    op.create_index("ix_session_swaps_user_id", "session_swaps", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_session_swaps_user_id", table_name="session_swaps")
    op.drop_table("session_swaps")
