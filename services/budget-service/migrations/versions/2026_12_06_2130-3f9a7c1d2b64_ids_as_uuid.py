"""ids as UUIDs, as in every other service: uuid on PostgreSQL, CHAR(32) hex on SQLite

The id columns (and the foreign keys and project/commitment references) were VARCHAR(36) holding
hyphenated lowercase UUIDs. PostgreSQL converts them in place (`USING col::uuid`), the foreign keys
dropped first and made again after both ends are uuid. SQLite stores SQLAlchemy's `Uuid` as 32 hex
digits without hyphens: the rows are rewritten to that form, then the tables are rebuilt (batch
mode) with the new type. What the application reads back is the same hyphenated lowercase string,
so ledger entries hashed over it before this still verify.

Revision ID: 3f9a7c1d2b64
Revises: 8b1d2c3e4f50
Create Date: 2026-12-06 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3f9a7c1d2b64"
down_revision: str | None = "8b1d2c3e4f50"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, nullable)
COLUMNS = (
    ("programs", "id", False),
    ("program_years", "program_id", False),
    ("appropriations", "id", False),
    ("commitments", "id", False),
    ("commitments", "project_id", True),
    ("disbursements", "id", False),
    ("disbursements", "commitment_id", False),
    ("ledger_entries", "id", False),
    ("ledger_entries", "project_id", True),
    ("ledger_entries", "commitment_id", True),
)
# (name, table, column, referred table)
FOREIGN_KEYS = (
    ("fk_program_years_program_id_programs", "program_years", "program_id", "programs"),
    ("fk_disbursements_commitment_id_commitments", "disbursements", "commitment_id", "commitments"),
)
OLD = sa.String(length=36)


def _hyphenated(column: str) -> str:
    """SQLite: 32 hex digits back to the 8-4-4-4-12 form."""
    parts = [f"substr({column}, {start}, {length})" for start, length in
             ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))]  # fmt: skip
    return " || '-' || ".join(parts)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, table, _column, _referred in FOREIGN_KEYS:
            op.drop_constraint(name, table, type_="foreignkey")
        for table, column, nullable in COLUMNS:
            op.alter_column(
                table, column, type_=sa.Uuid(), existing_type=OLD,
                existing_nullable=nullable, postgresql_using=f"{column}::uuid",
            )  # fmt: skip
        for name, table, column, referred in FOREIGN_KEYS:
            op.create_foreign_key(name, table, referred, [column], ["id"])
        return
    # SQLite: the stored form first (foreign keys are not enforced while migrating), then the
    # declared type; batch mode copies the rows and keeps the constraints and indexes.
    for table, column, _nullable in COLUMNS:
        op.execute(
            f"UPDATE {table} SET {column} = lower(replace({column}, '-', ''))"  # noqa: S608
            f" WHERE {column} IS NOT NULL"
        )
    for table in dict.fromkeys(table for table, _c, _n in COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for t, column, nullable in COLUMNS:
                if t == table:
                    batch_op.alter_column(
                        column, type_=sa.Uuid(), existing_type=OLD, existing_nullable=nullable
                    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, table, _column, _referred in FOREIGN_KEYS:
            op.drop_constraint(name, table, type_="foreignkey")
        for table, column, nullable in COLUMNS:
            op.alter_column(
                table, column, type_=OLD, existing_type=sa.Uuid(),
                existing_nullable=nullable, postgresql_using=f"{column}::text",
            )  # fmt: skip
        for name, table, column, referred in FOREIGN_KEYS:
            op.create_foreign_key(name, table, referred, [column], ["id"])
        return
    for table in dict.fromkeys(table for table, _c, _n in COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for t, column, nullable in COLUMNS:
                if t == table:
                    batch_op.alter_column(
                        column, type_=OLD, existing_type=sa.Uuid(), existing_nullable=nullable
                    )
    for table, column, _nullable in COLUMNS:
        op.execute(
            f"UPDATE {table} SET {column} = {_hyphenated(column)}"  # noqa: S608
            f" WHERE {column} IS NOT NULL AND length({column}) = 32"
        )
