"""word list backlog: imports whose rows wait to be listed under their words

PostgreSQL only, like the word lists. An import commits its rows and a row here naming them (by
their shared `created_at`); listing them under their words follows in its own transaction
(`registry.enterprises.words.catch_up`). While a row is here no search walks the lists: they
do not hold every name yet, and the other access paths find the same rows.

Revision ID: 4a7d2c8e6f15
Revises: 8f3b6d2a9c71
Create Date: 2026-12-07 07:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "4a7d2c8e6f15"
down_revision: str | None = "8f3b6d2a9c71"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE enterprise_word_backlog ("
        "created_at TIMESTAMP WITH TIME ZONE CONSTRAINT pk_enterprise_word_backlog PRIMARY KEY, "
        "rebuild BOOLEAN NOT NULL)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE enterprise_word_backlog")
