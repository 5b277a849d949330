"""business dates: every money event carries the date of its document besides its record time

Ledger entries, commitments, disbursements and appropriations get `document_date`; rows written
before it take the date part of their recorded time (in Vietnam, UTC+7). Ledger entries also get
`hash_version`: existing entries keep version 1, whose hashed content does not hold the date that
was filled in here, so the chain still verifies; new entries are version 2 and hash their date.

Revision ID: 8b1d2c3e4f50
Revises: 6d8fa750f64a
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8b1d2c3e4f50"
down_revision: str | None = "6d8fa750f64a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("ledger_entries", "commitments", "disbursements", "appropriations")


def _recorded_day() -> str:
    if op.get_bind().dialect.name == "postgresql":
        return "CAST((created_at AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE)"
    return "date(created_at, '+7 hours')"


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("document_date", sa.Date(), nullable=True))
        op.execute(f"UPDATE {table} SET document_date = {_recorded_day()}")  # noqa: S608
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("document_date", existing_type=sa.Date(), nullable=False)
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hash_version", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_document_date"), ["document_date"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entries_document_date"))
        batch_op.drop_column("hash_version")
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("document_date")
