"""annual plans (kế hoạch khuyến công năm): plans, their items and the decisions that approved
each version

Revision ID: 0004_plans
Revises: 0003
Create Date: 2026-12-09 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_plans"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "annual_plans",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("funding_source", sa.String(length=20), nullable=True),
        sa.Column("pending_saga", sa.String(length=20), nullable=True),
        sa.Column("pending_payload", sa.JSON(), nullable=True),
        sa.Column("pending_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'approved')",
            name=op.f("ck_annual_plans_status_known"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_annual_plans_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_plans")),
        sa.UniqueConstraint("fiscal_year", "level", name=op.f("uq_annual_plans_fiscal_year")),
    )
    with op.batch_alter_table("annual_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_annual_plans_pending_saga"), ["pending_saga"], unique=False
        )

    op.create_table(
        "annual_plan_decisions",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("funding_source", sa.String(length=20), nullable=False),
        sa.Column("projects", sa.Integer(), nullable=False),
        sa.Column("approved_vnd", sa.BigInteger(), nullable=False),
        sa.Column("client_key", sa.String(length=200), nullable=True),
        sa.Column("approved_by", sa.String(length=200), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["annual_plans.id"],
            name=op.f("fk_annual_plan_decisions_plan_id_annual_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_id", "version", name=op.f("pk_annual_plan_decisions")),
    )
    op.create_table(
        "annual_plan_items",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("added_in_version", sa.Integer(), nullable=False),
        sa.Column("approved_in_version", sa.Integer(), nullable=True),
        sa.Column("commitment_id", sa.Uuid(), nullable=True),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["annual_plans.id"],
            name=op.f("fk_annual_plan_items_plan_id_annual_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_annual_plan_items_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_id", "project_id", name=op.f("pk_annual_plan_items")),
        sa.UniqueConstraint("project_id", name=op.f("uq_annual_plan_items_project_id")),
    )


def downgrade() -> None:
    op.drop_table("annual_plan_items")
    op.drop_table("annual_plan_decisions")
    with op.batch_alter_table("annual_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_annual_plans_pending_saga"))

    op.drop_table("annual_plans")
