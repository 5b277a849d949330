from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kc_common.db import SORT_KEY
from registry.core import IdMixin, TimestampMixin
from registry.db import Base


class CraftVillage(IdMixin, TimestampMixin, Base):
    __tablename__ = "craft_villages"
    __table_args__ = (Index("ix_craft_villages_admin_unit_code", "admin_unit_code"),)

    name: Mapped[str] = mapped_column(String(255))
    name_key: Mapped[str] = mapped_column(SORT_KEY)  # "by name": kc_common.text.sort_key
    search_text: Mapped[str] = mapped_column(String(520))
    craft: Mapped[str] = mapped_column(String(255))
    admin_unit_code: Mapped[str] = mapped_column(String(10))
    is_traditional: Mapped[bool] = mapped_column(Boolean, default=False)
    recognized_on: Mapped[date | None] = mapped_column(Date)
    recognition_decision: Mapped[str | None] = mapped_column(String(100))
    households: Mapped[int | None] = mapped_column(Integer)
    craft_households: Mapped[int | None] = mapped_column(Integer)
    workers: Mapped[int | None] = mapped_column(Integer)
    founded_year: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
