"""Project titles in Vietnamese order: `title_key` (kc_common.text.sort_key of the title)

"By title" sorted by the folded code and title, so by code. The key is computed in Python for
every project (tens a year per province).

Revision ID: 0007_title_key
Revises: 0006_changes
Create Date: 2026-12-11 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kc_common.text import sort_key

revision: str = "0007_title_key"
down_revision: str | None = "0006_changes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TITLE_KEY = sa.String(400).with_variant(sa.String(400, collation="C"), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title_key", TITLE_KEY, nullable=True))
    conn = op.get_bind()
    projects = conn.execute(sa.text("SELECT id, title FROM projects")).all()
    if projects:
        conn.execute(
            sa.text("UPDATE projects SET title_key = :key WHERE id = :id"),
            [{"key": sort_key(title), "id": id_} for id_, title in projects],
        )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.alter_column("title_key", existing_type=TITLE_KEY, nullable=False)
        batch_op.create_index(batch_op.f("ix_projects_title_key"), ["title_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_title_key"))
        batch_op.drop_column("title_key")
