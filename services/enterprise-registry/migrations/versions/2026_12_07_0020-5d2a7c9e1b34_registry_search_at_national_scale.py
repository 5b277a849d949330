"""registry search at national scale: search_text holds the folded name only

Until now `search_text` was the folded name and the tax code in one string, behind one trigram
index (tax codes made it a third larger and a prefix of a tax code was a substring search). The
name part keeps its meaning (a diacritic-folded fragment anywhere in the name); a tax code is now
found by a range on its unique index (a prefix). The name index becomes `(name, id)` so that a
list in name order pages by keyset, and on PostgreSQL it carries `search_text` and `tax_code`
(INCLUDE) so that a broad search walks it index-only. The folded column's statistics target is
raised so the planner's estimate of a `LIKE '%…%'` (which picks trigram or walk) is close.

Revision ID: 5d2a7c9e1b34
Revises: b3c8e1f0a7d2
Create Date: 2026-12-07 00:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kc_common.text import fold

revision: str = "5d2a7c9e1b34"
down_revision: str | None = "b3c8e1f0a7d2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRGM = {"postgresql_using": "gin", "postgresql_ops": {"search_text": "gin_trgm_ops"}}


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    pg = _is_postgresql()
    # Indexes over the rewritten column go first: rebuilding them once is cheaper than keeping
    # them up to date through an UPDATE of every row.
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_index("ix_enterprises_search_text", **TRGM)
        batch_op.drop_index("ix_enterprises_name")
    # `fold(name) || ' ' || tax_code`, cut at 300 characters: below 300 the tax code is whole
    # at the end; a cut one is recomputed from the name.
    op.execute(
        "UPDATE enterprises SET search_text = "
        "substr(search_text, 1, length(search_text) - length(tax_code) - 1) "
        "WHERE length(search_text) < 300"
    )
    bind = op.get_bind()
    cut = bind.execute(
        sa.text("SELECT id, name FROM enterprises WHERE length(search_text) >= 300")
    ).all()
    for row in cut:
        bind.execute(
            sa.text("UPDATE enterprises SET search_text = :s WHERE id = :id"),
            {"s": fold(row.name)[:300], "id": row.id},
        )
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.create_index(
            "ix_enterprises_name_id",
            ["name", "id"],
            unique=False,
            postgresql_include=["search_text", "tax_code"],
        )
        batch_op.create_index("ix_enterprises_search_text", ["search_text"], unique=False, **TRGM)
    if pg:
        # The histogram the planner matches `LIKE '%…%'` against: 1,000 names instead of 100.
        op.execute("ALTER TABLE enterprises ALTER COLUMN search_text SET STATISTICS 1000")
        op.execute("ANALYZE enterprises")


def downgrade() -> None:
    pg = _is_postgresql()
    if pg:
        op.execute("ALTER TABLE enterprises ALTER COLUMN search_text SET STATISTICS -1")
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_index("ix_enterprises_search_text", **TRGM)
        batch_op.drop_index("ix_enterprises_name_id")
    op.execute(
        "UPDATE enterprises SET search_text = substr(search_text || ' ' || tax_code, 1, 300)"
    )
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.create_index("ix_enterprises_name", ["name"], unique=False)
        batch_op.create_index("ix_enterprises_search_text", ["search_text"], unique=False, **TRGM)
