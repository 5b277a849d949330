"""enterprise changes: the marker that keeps the registry's remembered counts honest

One row counting the committed writes to enterprises. A list's exact count (up to 10,000) is
remembered per filter set in each process and reused while this number is unchanged; every
write bumps it after its commit (`registry.enterprises.repository.mark_changed`).

Revision ID: c6e1f4a2b9d8
Revises: 4a7d2c8e6f15
Create Date: 2026-12-07 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c6e1f4a2b9d8"
down_revision: str | None = "4a7d2c8e6f15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    changes = op.create_table(
        "enterprise_changes",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("changes", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise_changes")),
    )
    op.bulk_insert(changes, [{"id": 1, "changes": 0}])


def downgrade() -> None:
    op.drop_table("enterprise_changes")
