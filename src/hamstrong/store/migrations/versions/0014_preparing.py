"""Preparing: a worker working today's pages out from a user's whole log, for the others.

A ``serve`` worker that must read and replay a long log (after an import, an edit, or with
nothing kept) claims this row first; another worker that needs the same answers meanwhile
waits for them to be kept instead of reading the log too. Deleting the user deletes it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "preparing",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("holder", sa.String(length=80), nullable=False),
        sa.Column("started_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_preparing_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name="pk_preparing"),
    )


def downgrade() -> None:
    op.drop_table("preparing")
