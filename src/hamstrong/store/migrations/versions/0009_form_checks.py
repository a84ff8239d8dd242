"""Form checks: each uploaded clip's job state, then its result and the worst rep's picture.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "form_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("exercise", sa.String(length=120), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("keep_clip", sa.Boolean(), nullable=False),
        sa.Column("clip", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("picture", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_form_checks_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_form_checks"),
    )
    op.create_index("ix_form_checks_user_id_day", "form_checks", ["user_id", "day"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_form_checks_user_id_day", table_name="form_checks")
    op.drop_table("form_checks")
