"""registry tables: enterprises, craft villages, typical products, reference tables

Revision ID: 64d34a3a3466
Revises:
Create Date: 2026-11-26 05:47:56.527156
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "64d34a3a3466"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The diacritic-insensitive search uses a trigram GIN index on PostgreSQL.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "admin_units",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=10), nullable=True),
        sa.Column("successor_codes", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("code", "valid_from", name=op.f("pk_admin_units")),
        info={"reference": True},
    )
    op.create_table(
        "craft_villages",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("search_text", sa.String(length=520), nullable=False),
        sa.Column("craft", sa.String(length=255), nullable=False),
        sa.Column("admin_unit_code", sa.String(length=10), nullable=False),
        sa.Column("is_traditional", sa.Boolean(), nullable=False),
        sa.Column("recognized_on", sa.Date(), nullable=True),
        sa.Column("recognition_decision", sa.String(length=100), nullable=True),
        sa.Column("households", sa.Integer(), nullable=True),
        sa.Column("craft_households", sa.Integer(), nullable=True),
        sa.Column("workers", sa.Integer(), nullable=True),
        sa.Column("founded_year", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_craft_villages")),
    )
    with op.batch_alter_table("craft_villages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_craft_villages_admin_unit_code", ["admin_unit_code"], unique=False
        )

    op.create_table(
        "sectors",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("section_code", sa.String(length=1), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_sectors")),
        info={"reference": True},
    )
    op.create_table(
        "enterprises",
        sa.Column("tax_code", sa.String(length=14), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("search_text", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("size", sa.String(length=16), nullable=True),
        sa.Column("sector_code", sa.String(length=5), nullable=True),
        sa.Column("sector_section", sa.String(length=1), nullable=True),
        sa.Column("admin_unit_code", sa.String(length=10), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("is_rural_industrial", sa.Boolean(), nullable=False),
        sa.Column("craft_village_id", sa.Uuid(), nullable=True),
        sa.Column("owner_gender", sa.String(length=8), nullable=True),
        sa.Column("owner_ethnic_minority", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["craft_village_id"],
            ["craft_villages.id"],
            name=op.f("fk_enterprises_craft_village_id_craft_villages"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprises")),
        sa.UniqueConstraint("tax_code", name=op.f("uq_enterprises_tax_code")),
    )
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.create_index(
            "ix_enterprises_admin_unit_code_kind", ["admin_unit_code", "kind"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_enterprises_craft_village_id"), ["craft_village_id"], unique=False
        )
        batch_op.create_index("ix_enterprises_created_at", ["created_at"], unique=False)
        batch_op.create_index("ix_enterprises_name", ["name"], unique=False)
        batch_op.create_index(
            "ix_enterprises_search_text",
            ["search_text"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        )
        batch_op.create_index(
            "ix_enterprises_sector_section", ["sector_section", "sector_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_enterprises_status"), ["status"], unique=False)

    op.create_table(
        "typical_products",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("search_text", sa.String(length=300), nullable=False),
        sa.Column("enterprise_id", sa.Uuid(), nullable=False),
        sa.Column("group", sa.String(length=16), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("recognized_year", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("certificate_number", sa.String(length=100), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_typical_products_enterprise_id_enterprises"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_typical_products")),
    )
    with op.batch_alter_table("typical_products", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_typical_products_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_typical_products_recognized_year"), ["recognized_year"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("typical_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_typical_products_recognized_year"))
        batch_op.drop_index(batch_op.f("ix_typical_products_enterprise_id"))

    op.drop_table("typical_products")
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enterprises_status"))
        batch_op.drop_index("ix_enterprises_sector_section")
        batch_op.drop_index(
            "ix_enterprises_search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        )
        batch_op.drop_index("ix_enterprises_name")
        batch_op.drop_index("ix_enterprises_created_at")
        batch_op.drop_index(batch_op.f("ix_enterprises_craft_village_id"))
        batch_op.drop_index("ix_enterprises_admin_unit_code_kind")

    op.drop_table("enterprises")
    op.drop_table("sectors")
    with op.batch_alter_table("craft_villages", schema=None) as batch_op:
        batch_op.drop_index("ix_craft_villages_admin_unit_code")

    op.drop_table("craft_villages")
    op.drop_table("admin_units")
