"""Each user's unit for loads, kg or lb; loads themselves stay stored in kg.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("unit", sa.String(length=2), nullable=False, server_default="kg")
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("unit")
