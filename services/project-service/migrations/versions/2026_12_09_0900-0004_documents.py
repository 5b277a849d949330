"""documents attached to projects: one row per stored file, versions never overwritten

Revision ID: 0004_documents
Revises: 0003
Create Date: 2026-12-09 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kc_common.db

revision: str = "0004_documents"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "project_documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by_sub", sa.String(length=200), nullable=False),
        sa.Column("uploaded_at", kc_common.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('dossier', 'proposal_letter', 'appraisal_minutes', 'approval_decision', 'contract', 'acceptance_minutes', 'settlement', 'voucher', 'other')",
            name=op.f("ck_project_documents_kind_known"),
        ),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_project_documents_size_not_negative")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_project_documents_version_positive")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_documents_project_id_projects"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_documents")),
        sa.UniqueConstraint(
            "project_id",
            "kind",
            "filename",
            "version",
            name=op.f("uq_project_documents_project_id"),
        ),
        sa.UniqueConstraint("storage_key", name=op.f("uq_project_documents_storage_key")),
    )
    with op.batch_alter_table("project_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_documents_project_id"), ["project_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("project_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_documents_project_id"))

    op.drop_table("project_documents")
