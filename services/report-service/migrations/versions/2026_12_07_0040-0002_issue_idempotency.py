"""An issuer's Idempotency-Key on issued reports: a retried issue finds the report it made.

A unique index, not a table constraint: on SQLite a new constraint would rebuild the table and
drop its no-update trigger.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "issued_reports", sa.Column("idempotency_key", sa.String(length=255), nullable=True)
    )
    op.create_index(
        "uq_issued_reports_issuer_key",
        "issued_reports",
        ["issued_by", "idempotency_key"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_issued_reports_issuer_key", table_name="issued_reports")
    op.drop_column("issued_reports", "idempotency_key")
