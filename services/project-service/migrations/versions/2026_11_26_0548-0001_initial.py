"""projects, history, activity types and support policies

Revision ID: 0001
Revises:
Create Date: 2026-11-26 05:48:24.912952
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Reference data (docs/domain.md §Activity categories, §Support levels). Support levels are national defaults
# (program_code NULL); a province adds rows with its own program_code. Rows whose note says
# "default" are not set by the circulars: they are this system's documented starting point.
CATEGORIES = [
    ("training", 1, "Đào tạo nghề, truyền nghề", "Vocational training and craft transmission"),
    (
        "capacity_building",
        2,
        "Nâng cao năng lực quản lý, sản xuất sạch hơn, khởi sự doanh nghiệp, mở rộng thị trường",
        "Capacity building",
    ),
    (
        "technology_transfer",
        3,
        "Mô hình trình diễn kỹ thuật, chuyển giao công nghệ, ứng dụng máy móc tiên tiến",
        "Demonstration models, technology transfer and advanced machinery",
    ),
    (
        "products_and_trade",
        4,
        "Phát triển sản phẩm công nghiệp nông thôn tiêu biểu, hội chợ, triển lãm, thương hiệu",
        "Typical rural industrial products, fairs, brands",
    ),
    ("consulting", 5, "Tư vấn, trợ giúp cơ sở công nghiệp nông thôn", "Consulting"),
    ("information", 6, "Cung cấp thông tin, tuyên truyền", "Information and communication"),
    (
        "clusters_and_environment",
        7,
        "Liên doanh, liên kết, cụm công nghiệp và bảo vệ môi trường",
        "Linkage, industrial clusters and environment",
    ),
    ("international_cooperation", 8, "Hợp tác quốc tế về khuyến công", "International cooperation"),
    (
        "program_management",
        9,
        "Nâng cao năng lực quản lý và tổ chức thực hiện chương trình khuyến công",
        "Program management",
    ),
]

ACTIVITY_TYPES = [
    (
        "vocational_training",
        "training",
        1,
        "Đào tạo nghề, truyền nghề",
        "Vocational training, craft transmission",
    ),
    (
        "management_training",
        "capacity_building",
        1,
        "Đào tạo, nâng cao năng lực quản lý",
        "Management training",
    ),
    (
        "cleaner_production_capacity",
        "capacity_building",
        2,
        "Nâng cao năng lực áp dụng sản xuất sạch hơn",
        "Cleaner-production capacity",
    ),
    (
        "enterprise_founding",
        "capacity_building",
        3,
        "Hỗ trợ khởi sự, thành lập doanh nghiệp công nghiệp nông thôn",
        "Founding a rural industrial enterprise",
    ),
    (
        "market_expansion",
        "capacity_building",
        4,
        "Mở rộng thị trường, xuất khẩu",
        "Market and export expansion",
    ),
    (
        "demonstration_model",
        "technology_transfer",
        1,
        "Mô hình trình diễn kỹ thuật",
        "Technical demonstration model",
    ),
    (
        "machinery_application",
        "technology_transfer",
        2,
        "Ứng dụng máy móc tiên tiến",
        "Advanced machinery application",
    ),
    (
        "technology_transfer",
        "technology_transfer",
        3,
        "Chuyển giao công nghệ",
        "Technology transfer",
    ),
    (
        "cleaner_production_pilot",
        "technology_transfer",
        4,
        "Thí điểm sản xuất sạch hơn",
        "Cleaner-production pilot",
    ),
    (
        "typical_product_selection",
        "products_and_trade",
        1,
        "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
        "Typical product selection",
    ),
    (
        "trade_fair_domestic",
        "products_and_trade",
        2,
        "Hội chợ, triển lãm trong nước",
        "Domestic fair or exhibition",
    ),
    (
        "trade_fair_abroad",
        "products_and_trade",
        3,
        "Hội chợ, triển lãm nước ngoài",
        "Fair or exhibition abroad",
    ),
    ("brand_building", "products_and_trade", 4, "Xây dựng, đăng ký thương hiệu", "Brand building"),
    ("showroom", "products_and_trade", 5, "Phòng trưng bày, giới thiệu sản phẩm", "Showroom"),
    ("consulting", "consulting", 1, "Tư vấn, trợ giúp", "Consulting"),
    ("information", "information", 1, "Thông tin, tuyên truyền", "Information and communication"),
    (
        "business_association",
        "clusters_and_environment",
        1,
        "Hiệp hội, liên kết doanh nghiệp",
        "Business associations and linkage",
    ),
    (
        "industrial_cluster_planning",
        "clusters_and_environment",
        2,
        "Lập quy hoạch chi tiết cụm công nghiệp",
        "Industrial cluster detailed planning",
    ),
    (
        "industrial_cluster_infrastructure",
        "clusters_and_environment",
        3,
        "Đầu tư hạ tầng cụm công nghiệp",
        "Industrial cluster infrastructure",
    ),
    (
        "pollution_relocation",
        "clusters_and_environment",
        4,
        "Di dời cơ sở gây ô nhiễm môi trường",
        "Relocation of polluting establishments",
    ),
    (
        "pollution_treatment",
        "clusters_and_environment",
        5,
        "Xử lý ô nhiễm môi trường tại cơ sở",
        "Pollution treatment at an establishment",
    ),
    (
        "international_cooperation",
        "international_cooperation",
        1,
        "Hợp tác quốc tế",
        "International cooperation",
    ),
    (
        "program_management",
        "program_management",
        1,
        "Quản lý, tổ chức thực hiện chương trình",
        "Program management",
    ),
]

TT26 = "TTLT 26/2014/TTLT-BTC-BCT"
TT28 = "TT 28/2018/TT-BTC"
DEFAULT = "default of this system"
# (activity_type, max_percent, max_vnd, advance_cap_percent, legal_basis, note)
POLICIES = [
    (
        "vocational_training",
        100,
        None,
        70,
        DEFAULT,
        "training costs supported in full; set per program",
    ),
    (
        "management_training",
        100,
        None,
        70,
        DEFAULT,
        "training costs supported in full; set per program",
    ),
    ("cleaner_production_capacity", 100, None, 70, DEFAULT, "set per program"),
    (
        "enterprise_founding",
        None,
        10_000_000,
        70,
        TT26,
        "per enterprise; paid in full after acceptance",
    ),
    ("market_expansion", 50, None, 70, DEFAULT, "set per program"),
    ("demonstration_model", 30, 1_000_000_000, 70, TT28, None),
    (
        "machinery_application",
        50,
        300_000_000,
        70,
        TT28,
        "per establishment; 450,000,000 VND for a production line",
    ),
    (
        "technology_transfer",
        50,
        300_000_000,
        70,
        TT28,
        "per establishment; 450,000,000 VND for a production line",
    ),
    ("cleaner_production_pilot", 30, 1_000_000_000, 70, DEFAULT, "as a demonstration model"),
    ("typical_product_selection", 100, None, 70, DEFAULT, "organising costs"),
    ("trade_fair_domestic", 100, None, 70, TT26, "booth, publicity and organising costs"),
    ("trade_fair_abroad", 100, None, 70, DEFAULT, "organising costs; set per program"),
    ("brand_building", 50, 35_000_000, 70, TT26, None),
    ("showroom", 50, 100_000_000, 70, DEFAULT, "set per program"),
    ("consulting", 50, 35_000_000, 70, TT26, None),
    ("information", 100, None, 70, DEFAULT, "set per program"),
    ("business_association", 50, 100_000_000, 70, DEFAULT, "set per program"),
    ("industrial_cluster_planning", 50, 500_000_000, 70, TT26, None),
    ("industrial_cluster_infrastructure", None, 6_000_000_000, 30, TT28, "advances capped at 30%"),
    ("pollution_relocation", 50, 300_000_000, 70, DEFAULT, "set per program"),
    ("pollution_treatment", 30, 300_000_000, 70, TT26, "at an establishment"),
    ("international_cooperation", 100, None, 70, DEFAULT, "set per program"),
    ("program_management", 100, None, 70, DEFAULT, "set per program"),
]


def seed() -> None:
    import datetime
    import uuid

    categories = sa.table(
        "categories",
        sa.column("code"),
        sa.column("position"),
        sa.column("name"),
        sa.column("name_en"),
    )
    types = sa.table(
        "activity_types",
        sa.column("code"),
        sa.column("category_code"),
        sa.column("position"),
        sa.column("name"),
        sa.column("name_en"),
    )
    policies = sa.table(
        "support_policies",
        sa.column("id", sa.Uuid()),
        sa.column("program_code"),
        sa.column("activity_type"),
        sa.column("max_percent"),
        sa.column("max_vnd", sa.BigInteger()),
        sa.column("advance_cap_percent"),
        sa.column("legal_basis"),
        sa.column("note"),
        sa.column("effective_from", sa.Date()),
        sa.column("effective_to", sa.Date()),
    )
    op.bulk_insert(
        categories,
        [dict(zip(("code", "position", "name", "name_en"), c, strict=True)) for c in CATEGORIES],
    )
    op.bulk_insert(
        types,
        [
            dict(zip(("code", "category_code", "position", "name", "name_en"), t, strict=True))
            for t in ACTIVITY_TYPES
        ],
    )
    op.bulk_insert(
        policies,
        [
            {
                "id": uuid.uuid5(uuid.NAMESPACE_URL, f"kc:policy:national:{a}"),
                "program_code": None,
                "activity_type": a,
                "max_percent": pct,
                "max_vnd": cap,
                "advance_cap_percent": adv,
                "legal_basis": basis,
                "note": note,
                "effective_from": datetime.date(2014, 1, 1),
                "effective_to": None,
            }
            for a, pct, cap, adv, basis, note in POLICIES
        ],
    )


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "categories",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_categories")),
        sa.UniqueConstraint("position", name=op.f("uq_categories_position")),
        info={"reference": True},
    )
    op.create_table(
        "project_code_counters",
        sa.Column("fiscal_year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("fiscal_year", name=op.f("pk_project_code_counters")),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("program_code", sa.String(length=40), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("search_text", sa.String(length=600), nullable=False),
        sa.Column("activity_type", sa.String(length=60), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("implementing_unit", sa.String(length=300), nullable=False),
        sa.Column("beneficiary_enterprise_id", sa.Uuid(), nullable=True),
        sa.Column("craft_village_id", sa.Uuid(), nullable=True),
        sa.Column("admin_unit_code", sa.String(length=20), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("total_cost_vnd", sa.BigInteger(), nullable=False),
        sa.Column("requested_support_vnd", sa.BigInteger(), nullable=False),
        sa.Column("counterpart_vnd", sa.BigInteger(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=True),
        sa.Column("expected_outcomes", sa.Text(), nullable=True),
        sa.Column("planned_kpis", sa.JSON(), nullable=False),
        sa.Column("actual_kpis", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("appraisal_score", sa.Integer(), nullable=True),
        sa.Column("recommended_support_vnd", sa.BigInteger(), nullable=True),
        sa.Column("decision_number", sa.String(length=100), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("funding_source", sa.String(length=20), nullable=True),
        sa.Column("approved_support_vnd", sa.BigInteger(), nullable=True),
        sa.Column("commitment_id", sa.Uuid(), nullable=True),
        sa.Column("percent_complete", sa.Integer(), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("acceptance_record_number", sa.String(length=100), nullable=True),
        sa.Column("accepted_support_vnd", sa.BigInteger(), nullable=True),
        sa.Column("advanced_vnd", sa.BigInteger(), nullable=False),
        sa.Column("disbursed_vnd", sa.BigInteger(), nullable=False),
        sa.Column("recovered_vnd", sa.BigInteger(), nullable=False),
        sa.Column("released_vnd", sa.BigInteger(), nullable=False),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("pending_saga", sa.String(length=20), nullable=True),
        sa.Column("pending_payload", sa.JSON(), nullable=True),
        sa.Column("pending_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("code", name=op.f("uq_projects_code")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_projects_activity_type"), ["activity_type"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_projects_admin_unit_code"), ["admin_unit_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_projects_beneficiary_enterprise_id"),
            ["beneficiary_enterprise_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_projects_category"), ["category"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_projects_craft_village_id"), ["craft_village_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_projects_fiscal_year"), ["fiscal_year"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_projects_pending_saga"), ["pending_saga"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_projects_search_text"), ["search_text"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_status"), ["status"], unique=False)

    op.create_table(
        "activity_types",
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("category_code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_code"],
            ["categories.code"],
            name=op.f("fk_activity_types_category_code_categories"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_activity_types")),
        info={"reference": True},
    )
    with op.batch_alter_table("activity_types", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_types_category_code"), ["category_code"], unique=False
        )

    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("percent_complete", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("kpis", sa.JSON(), nullable=False),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_progress_reports_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_reports")),
    )
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_reports_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "project_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("actor_sub", sa.String(length=200), nullable=False),
        sa.Column("actor_username", sa.String(length=200), nullable=True),
        sa.Column("actor_role", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_events_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_events")),
        sa.UniqueConstraint("project_id", "seq", name=op.f("uq_project_events_project_id")),
    )
    with op.batch_alter_table("project_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_events_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "project_payments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("budget_entry_id", sa.String(length=64), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_payments_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_payments")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_project_payments_idempotency_key")),
    )
    with op.batch_alter_table("project_payments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_payments_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "support_policies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("program_code", sa.String(length=40), nullable=True),
        sa.Column("activity_type", sa.String(length=60), nullable=False),
        sa.Column("max_percent", sa.Integer(), nullable=True),
        sa.Column("max_vnd", sa.BigInteger(), nullable=True),
        sa.Column("advance_cap_percent", sa.Integer(), nullable=False),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_type"],
            ["activity_types.code"],
            name=op.f("fk_support_policies_activity_type_activity_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_policies")),
        info={"reference": True},
    )
    with op.batch_alter_table("support_policies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_support_policies_activity_type"), ["activity_type"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_support_policies_program_code"), ["program_code"], unique=False
        )

    # ### end Alembic commands ###
    seed()


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("support_policies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_policies_program_code"))
        batch_op.drop_index(batch_op.f("ix_support_policies_activity_type"))

    op.drop_table("support_policies")
    with op.batch_alter_table("project_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_payments_project_id"))

    op.drop_table("project_payments")
    with op.batch_alter_table("project_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_events_project_id"))

    op.drop_table("project_events")
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_reports_project_id"))

    op.drop_table("progress_reports")
    with op.batch_alter_table("activity_types", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_types_category_code"))

    op.drop_table("activity_types")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_status"))
        batch_op.drop_index(batch_op.f("ix_projects_search_text"))
        batch_op.drop_index(batch_op.f("ix_projects_pending_saga"))
        batch_op.drop_index(batch_op.f("ix_projects_fiscal_year"))
        batch_op.drop_index(batch_op.f("ix_projects_craft_village_id"))
        batch_op.drop_index(batch_op.f("ix_projects_category"))
        batch_op.drop_index(batch_op.f("ix_projects_beneficiary_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_projects_admin_unit_code"))
        batch_op.drop_index(batch_op.f("ix_projects_activity_type"))

    op.drop_table("projects")
    op.drop_table("project_code_counters")
    op.drop_table("categories")
    # ### end Alembic commands ###
