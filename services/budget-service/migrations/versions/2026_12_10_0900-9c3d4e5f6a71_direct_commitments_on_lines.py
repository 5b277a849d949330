"""allocation lines count the money not tied to a project (the managing agency's own costs)

`direct_committed_vnd`: the part of a line's `committed_vnd` whose commitments have no project;
in `program_management` it is capped at 1.5% of the year's allocation by the commit statement.
Existing lines take the sum of their commitments without a project.

Revision ID: 9c3d4e5f6a71
Revises: 3f9a7c1d2b64
Create Date: 2026-12-10 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9c3d4e5f6a71"
down_revision: str | None = "3f9a7c1d2b64"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("allocation_lines", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("direct_committed_vnd", sa.BigInteger(), nullable=False, server_default="0")
        )
    op.execute(
        """
        UPDATE allocation_lines SET direct_committed_vnd = (
            SELECT COALESCE(SUM(c.committed_vnd), 0) FROM commitments c
            WHERE c.project_id IS NULL
              AND c.fiscal_year = allocation_lines.fiscal_year
              AND c.category = allocation_lines.category
              AND c.funding_source = allocation_lines.funding_source
        )
        """
    )
    with op.batch_alter_table("allocation_lines", schema=None) as batch_op:
        batch_op.alter_column("direct_committed_vnd", server_default=None)
        batch_op.create_check_constraint(
            "direct_within_committed",
            "direct_committed_vnd >= 0 AND direct_committed_vnd <= committed_vnd",
        )


def downgrade() -> None:
    with op.batch_alter_table("allocation_lines", schema=None) as batch_op:
        batch_op.drop_constraint("direct_within_committed", type_="check")
        batch_op.drop_column("direct_committed_vnd")
