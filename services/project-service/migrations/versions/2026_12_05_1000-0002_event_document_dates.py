"""business dates: every step in a project's history carries the date of its document

Events recorded before it take the date part of their recorded time (in Vietnam, UTC+7).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("project_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_date", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        day = "CAST((at AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE)"
    else:
        day = "date(at, '+7 hours')"
    op.execute(f"UPDATE project_events SET document_date = {day}")  # noqa: S608
    with op.batch_alter_table("project_events", schema=None) as batch_op:
        batch_op.alter_column("document_date", existing_type=sa.Date(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("project_events", schema=None) as batch_op:
        batch_op.drop_column("document_date")
