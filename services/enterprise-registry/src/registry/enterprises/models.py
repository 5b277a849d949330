from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from kc_common.db import SORT_KEY
from registry.core import IdMixin, TimestampMixin
from registry.db import Base


class Enterprise(IdMixin, TimestampMixin, Base):
    __tablename__ = "enterprises"
    __table_args__ = (
        # Filtered lists: by admin unit (and kind) in name order straight off the index, keyset
        # pages and capped counts index-only; by sector, by craft village, by status.
        Index(
            "ix_enterprises_admin_unit_code_kind_name_key",
            "admin_unit_code",
            "kind",
            "name_key",
            "id",
        ),
        Index("ix_enterprises_sector_section", "sector_section", "sector_code"),
        # The list in name order (keyset pages), and the walk of a broad search: on PostgreSQL
        # it carries the folded name and the tax code, so the walk filters without the heap.
        Index(
            "ix_enterprises_name_key_id",
            "name_key",
            "id",
            postgresql_include=["search_text", "tax_code"],
        ),
        Index("ix_enterprises_created_at", "created_at"),
        # A selective search: a diacritic-folded fragment anywhere in the name, through a
        # trigram GIN index on PostgreSQL (SQLite scans; fine at its scale). Tax codes are not
        # in it: a prefix of one is a range on the unique index.
        Index(
            "ix_enterprises_search_text",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )

    tax_code: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    # What "in name order" sorts by: kc_common.text.sort_key(name), Vietnamese order in plain
    # code points (at most 400 characters; kc_common.db.SORT_KEY).
    name_key: Mapped[str] = mapped_column(SORT_KEY)
    search_text: Mapped[str] = mapped_column(String(300))  # fold(name), kc_common.text
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


class EnterpriseChanges(Base):
    """One row counting the committed writes to enterprises, bumped in a transaction of its own
    after each (`repository.mark_changed`). A count a process keeps is good while this is
    unchanged (`repository.COUNTS`): its own update after the commit, never inside the writer's
    transaction, so writers never wait on each other here, and a snapshot that sees the bump
    sees the write (a replica too)."""

    __tablename__ = "enterprise_changes"
    __table_args__ = ({"info": {"reference": True}},)  # its one row (the migration's) stays

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    changes: Mapped[int] = mapped_column(BigInteger, default=0)
