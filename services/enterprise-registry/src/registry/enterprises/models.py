from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from registry.core import IdMixin, TimestampMixin
from registry.db import Base


class Enterprise(IdMixin, TimestampMixin, Base):
    __tablename__ = "enterprises"
    __table_args__ = (
        # Filtered lists: by admin unit (and kind) in name order straight off the index (the
        # count is index-only), by sector, by craft village, by status.
        Index("ix_enterprises_admin_unit_code_kind_name", "admin_unit_code", "kind", "name", "id"),
        Index("ix_enterprises_sector_section", "sector_section", "sector_code"),
        Index("ix_enterprises_name", "name"),
        Index("ix_enterprises_created_at", "created_at"),
        # Diacritic-insensitive substring search over the folded name and tax code: a trigram
        # GIN index on PostgreSQL, a plain index elsewhere (SQLite scans; fine at its scale).
        Index(
            "ix_enterprises_search_text",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )

    tax_code: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    search_text: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    size: Mapped[str | None] = mapped_column(String(16))
    sector_code: Mapped[str | None] = mapped_column(String(5))
    sector_section: Mapped[str | None] = mapped_column(String(1))
    admin_unit_code: Mapped[str] = mapped_column(String(10))
    address: Mapped[str | None] = mapped_column(String(500))
    established_on: Mapped[date | None] = mapped_column(Date)
    employees: Mapped[int | None] = mapped_column(Integer)
    is_rural_industrial: Mapped[bool] = mapped_column(Boolean, default=False)
    craft_village_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("craft_villages.id"), index=True
    )
    owner_gender: Mapped[str | None] = mapped_column(String(8))
    owner_ethnic_minority: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
