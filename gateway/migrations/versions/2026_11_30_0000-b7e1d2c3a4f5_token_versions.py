"""Token versions on users and OAuth2 clients (revocation of issued access tokens)

Revision ID: b7e1d2c3a4f5
Revises: 59a466a0d95a
Create Date: 2026-11-30 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7e1d2c3a4f5"
down_revision: str | None = "59a466a0d95a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("users", "integration_clients"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("token_version", sa.Integer(), server_default="0", nullable=False)
            )


def downgrade() -> None:
    for table in ("users", "integration_clients"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("token_version")
