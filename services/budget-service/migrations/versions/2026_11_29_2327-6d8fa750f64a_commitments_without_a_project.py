"""commitments without a project: money for program management costs, committed directly

Revision ID: 6d8fa750f64a
Revises: 12172aaca016
Create Date: 2026-11-29 23:27:44.339980
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "6d8fa750f64a"
down_revision: str | None = "12172aaca016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.alter_column("project_id", existing_type=sa.VARCHAR(length=36), nullable=True)


def downgrade() -> None:
    # fails while commitments without a project exist: they have no project to be given
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.alter_column("project_id", existing_type=sa.VARCHAR(length=36), nullable=False)
