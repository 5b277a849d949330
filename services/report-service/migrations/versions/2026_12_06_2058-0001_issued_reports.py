"""issued reports: numbered, immutable snapshots of the program report

Revision ID: 0001
Revises:
Create Date: 2026-12-06 20:58:37.442536
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kc_common.db

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# An issued report never changes: the database refuses any UPDATE of its row, whoever asks.
PG_FUNCTION = """
CREATE FUNCTION issued_reports_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'issued reports are immutable (%)', OLD.number
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql
"""
PG_TRIGGER = """
CREATE TRIGGER issued_reports_no_update BEFORE UPDATE ON issued_reports
FOR EACH ROW EXECUTE FUNCTION issued_reports_immutable()
"""
SQLITE_TRIGGER = """
CREATE TRIGGER issued_reports_no_update BEFORE UPDATE ON issued_reports
BEGIN
    SELECT RAISE(ABORT, 'issued reports are immutable');
END
"""


def upgrade() -> None:
    op.create_table(
        "issued_reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_json", sa.LargeBinary(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256_xlsx", sa.String(length=64), nullable=False),
        sa.Column("content_xlsx", sa.LargeBinary(), nullable=False),
        sa.Column("sha256_pdf", sa.String(length=64), nullable=False),
        sa.Column("content_pdf", sa.LargeBinary(), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("issued_by_name", sa.String(length=200), nullable=True),
        sa.Column("issued_at", kc_common.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "period IN ('q1', 'q2', 'q3', 'q4', 'h1', 'year')",
            name=op.f("ck_issued_reports_period_known"),
        ),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_issued_reports_sha256_length")),
        sa.CheckConstraint("seq > 0", name=op.f("ck_issued_reports_seq_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_reports")),
        sa.UniqueConstraint("number", name=op.f("uq_issued_reports_number")),
        sa.UniqueConstraint("year", "seq", name="uq_issued_reports_year_seq"),
    )
    with op.batch_alter_table("issued_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_reports_year"), ["year"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        op.execute(SQLITE_TRIGGER)


def downgrade() -> None:
    op.execute(
        "DROP TRIGGER IF EXISTS issued_reports_no_update"
        + (" ON issued_reports" if op.get_bind().dialect.name == "postgresql" else "")
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS issued_reports_immutable()")
    with op.batch_alter_table("issued_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_reports_year"))
    op.drop_table("issued_reports")
