from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kc_common.db import SORT_KEY
from registry.core import IdMixin, TimestampMixin
from registry.db import Base


class TypicalProduct(IdMixin, TimestampMixin, Base):
    __tablename__ = "typical_products"

    name: Mapped[str] = mapped_column(String(255))
    name_key: Mapped[str] = mapped_column(SORT_KEY)  # "by name": kc_common.text.sort_key
    search_text: Mapped[str] = mapped_column(String(300))
    enterprise_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("enterprises.id"), index=True)
    group: Mapped[str] = mapped_column(String(16))
    tier: Mapped[str] = mapped_column(String(16))
    recognized_year: Mapped[int] = mapped_column(Integer, index=True)
    score: Mapped[float] = mapped_column(Float)
    certificate_number: Mapped[str | None] = mapped_column(String(100))
    valid_until: Mapped[date | None] = mapped_column(Date)
