"""KPI catalogue; free-text KPI keys of existing projects mapped to catalogue codes

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08 09:00:00
"""

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRAINING = ["vocational_training", "management_training", "cleaner_production_capacity"]
MACHINERY = ["machinery_application", "demonstration_model", "technology_transfer"]
FAIRS = ["trade_fair_domestic", "trade_fair_abroad"]
CLEANER = [
    "cleaner_production_pilot",
    "cleaner_production_capacity",
    "pollution_treatment",
    "machinery_application",
    "technology_transfer",
]

# (code, Vietnamese name, English name, unit, rollup, kind, activity types it suits)
# Counts add up (`sum`); percentages are averaged (`mean`). Cleaner production is measured as an
# absolute amount per year before (baseline) and after (result) the project: the saving is their
# difference, summed over projects.
INDICATORS: list[tuple[str, str, str, str, str, str, list[str]]] = [
    (
        "trainees",
        "Số học viên được đào tạo",
        "Trainees",
        "người",
        "sum",
        "value",
        [*TRAINING, "enterprise_founding", "market_expansion"],
    ),
    (
        "participants",
        "Số người tham gia",
        "Participants",
        "người",
        "sum",
        "value",
        ["information", "international_cooperation", "business_association", *FAIRS],
    ),
    (
        "enterprises",
        "Số cơ sở công nghiệp nông thôn được hỗ trợ",
        "Establishments supported",
        "cơ sở",
        "sum",
        "value",
        ["consulting", "enterprise_founding", "business_association", "market_expansion"],
    ),
    (
        "machines",
        "Số máy móc, thiết bị được hỗ trợ",
        "Machines and equipment supported",
        "máy, thiết bị",
        "sum",
        "value",
        MACHINERY,
    ),
    (
        "new_jobs",
        "Số lao động có việc làm mới",
        "New jobs",
        "người",
        "sum",
        "value",
        [*MACHINERY, "vocational_training", "industrial_cluster_infrastructure"],
    ),
    (
        "visitors",
        "Lượt khách tham quan",
        "Visitors",
        "lượt",
        "sum",
        "value",
        ["demonstration_model", *FAIRS, "showroom"],
    ),
    (
        "replications",
        "Số mô hình được nhân rộng",
        "Replications of the model",
        "mô hình",
        "sum",
        "value",
        ["demonstration_model", "cleaner_production_pilot", "technology_transfer"],
    ),
    (
        "products",
        "Số sản phẩm",
        "Products",
        "sản phẩm",
        "sum",
        "value",
        ["typical_product_selection", "showroom", *FAIRS],
    ),
    ("booths", "Số gian hàng", "Booths", "gian hàng", "sum", "value", FAIRS),
    (
        "contracts",
        "Số hợp đồng, biên bản ghi nhớ được ký kết",
        "Contracts and memoranda signed",
        "hợp đồng",
        "sum",
        "value",
        [*FAIRS, "market_expansion", "business_association", "international_cooperation"],
    ),
    (
        "brands",
        "Số thương hiệu được xây dựng, đăng ký",
        "Brands built or registered",
        "thương hiệu",
        "sum",
        "value",
        ["brand_building"],
    ),
    (
        "designs",
        "Số mẫu thiết kế",
        "Designs",
        "mẫu",
        "sum",
        "value",
        ["consulting", "brand_building"],
    ),
    (
        "broadcasts",
        "Số tin, bài, phóng sự",
        "News items and broadcasts",
        "tin, bài",
        "sum",
        "value",
        ["information"],
    ),
    (
        "collaborators",
        "Số cộng tác viên khuyến công",
        "Extension collaborators",
        "người",
        "sum",
        "value",
        ["program_management"],
    ),
    (
        "productivity_gain_percent",
        "Tăng năng suất lao động",
        "Productivity gain",
        "%",
        "mean",
        "value",
        MACHINERY,
    ),
    (
        "energy_saving_percent",
        "Tiết kiệm năng lượng",
        "Energy saving",
        "%",
        "mean",
        "value",
        CLEANER,
    ),
    (
        "waste_reduction_percent",
        "Giảm chất thải",
        "Waste reduction",
        "%",
        "mean",
        "value",
        [*CLEANER, "pollution_relocation"],
    ),
    (
        "cp_energy_kwh",
        "Sản xuất sạch hơn: tiêu thụ năng lượng",
        "Cleaner production: energy use",
        "kWh/năm",
        "sum",
        "baseline_result",
        CLEANER,
    ),
    (
        "cp_water_m3",
        "Sản xuất sạch hơn: tiêu thụ nước",
        "Cleaner production: water use",
        "m³/năm",
        "sum",
        "baseline_result",
        CLEANER,
    ),
    (
        "cp_materials_t",
        "Sản xuất sạch hơn: tiêu hao nguyên vật liệu",
        "Cleaner production: materials use",
        "tấn/năm",
        "sum",
        "baseline_result",
        CLEANER,
    ),
    (
        "cp_waste_t",
        "Sản xuất sạch hơn: chất thải phát sinh",
        "Cleaner production: waste generated",
        "tấn/năm",
        "sum",
        "baseline_result",
        CLEANER,
    ),
    (
        "cp_co2e_t",
        "Sản xuất sạch hơn: phát thải khí nhà kính",
        "Cleaner production: greenhouse gas emissions",
        "tấn CO₂e/năm",
        "sum",
        "baseline_result",
        CLEANER,
    ),
]

# Free-text keys seen in existing records (demo data, keys typed in the old editor, the old
# screen's Vietnamese labels), folded (lower case, no diacritics, `_` between words) -> code.
# Keys equal to a catalogue code are already right. Keys nobody can map stay as they were: a
# migration does not throw away what an official recorded; roll-ups skip them, and saving the
# project's KPIs again asks for catalogue codes.
SYNONYMS = {
    "kilns": "machines",
    "kiln": "machines",
    "machine": "machines",
    "equipment": "machines",
    "so_may_moc": "machines",
    "so_may_moc_thiet_bi": "machines",
    "students": "trainees",
    "learners": "trainees",
    "trainee": "trainees",
    "so_hoc_vien": "trainees",
    "hoc_vien": "trainees",
    "so_nguoi_tham_gia": "participants",
    "so_co_so": "enterprises",
    "establishments": "enterprises",
    "jobs": "new_jobs",
    "viec_lam_moi": "new_jobs",
    "so_lao_dong": "new_jobs",
    "luot_khach_tham_quan": "visitors",
    "so_mo_hinh_nhan_rong": "replications",
    "so_san_pham": "products",
    "so_gian_hang": "booths",
    "so_hop_dong": "contracts",
    "so_thuong_hieu": "brands",
    "so_mau_thiet_ke": "designs",
    "mau_thiet_ke": "designs",
    "so_tin_bai_phong_su": "broadcasts",
    "so_cong_tac_vien": "collaborators",
    "tang_nang_suat": "productivity_gain_percent",
    "productivity_gain": "productivity_gain_percent",
    "tiet_kiem_nang_luong": "energy_saving_percent",
    "energy_saving": "energy_saving_percent",
    "giam_chat_thai": "waste_reduction_percent",
    "waste_reduction": "waste_reduction_percent",
}


def fold_key(key: str) -> str:
    text = unicodedata.normalize("NFD", key.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def map_kpis(kpis: Any, codes: set[str]) -> Any:
    """The same KPIs under catalogue codes; a key whose code is already present is left alone."""
    if not isinstance(kpis, dict):
        return kpis
    mapped: dict[str, Any] = {k: v for k, v in kpis.items() if k in codes}
    for key, value in kpis.items():
        if key in codes:
            continue
        folded = fold_key(key)
        code = folded if folded in codes else SYNONYMS.get(folded)
        if code is None or code in mapped:
            mapped[key] = value  # kept as recorded; see SYNONYMS
        else:
            mapped[code] = value
    return mapped


def upgrade() -> None:
    indicators = op.create_table(
        "kpi_indicators",
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name_vi", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("rollup", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("activity_types", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_kpi_indicators")),
        sa.UniqueConstraint("position", name=op.f("uq_kpi_indicators_position")),
        info={"reference": True},
    )
    assert indicators is not None
    op.bulk_insert(
        indicators,
        [
            {
                "code": code,
                "position": n,
                "name_vi": vi,
                "name_en": en,
                "unit": unit,
                "rollup": rollup,
                "kind": kind,
                "activity_types": types,
            }
            for n, (code, vi, en, unit, rollup, kind, types) in enumerate(INDICATORS, start=1)
        ],
    )
    codes = {i[0] for i in INDICATORS}
    bind = op.get_bind()
    projects = sa.table(
        "projects",
        sa.column("id", sa.Uuid()),
        sa.column("planned_kpis", sa.JSON()),
        sa.column("actual_kpis", sa.JSON()),
    )
    for row in bind.execute(sa.select(projects)).all():
        planned, actual = map_kpis(row.planned_kpis, codes), map_kpis(row.actual_kpis, codes)
        if planned != row.planned_kpis or actual != row.actual_kpis:
            bind.execute(
                projects.update()
                .where(projects.c.id == row.id)
                .values(planned_kpis=planned, actual_kpis=actual)
            )
    reports = sa.table("progress_reports", sa.column("id", sa.Uuid()), sa.column("kpis", sa.JSON()))
    for row in bind.execute(sa.select(reports)).all():
        kpis = map_kpis(row.kpis, codes)
        if kpis != row.kpis:
            bind.execute(reports.update().where(reports.c.id == row.id).values(kpis=kpis))


def downgrade() -> None:
    # The catalogue goes; mapped keys keep their catalogue codes (still valid free text).
    op.drop_table("kpi_indicators")
