from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base
from kc_common.db import UTCDateTime, new_id
from kc_common.localtime import utcnow


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        # A task is announced to a user once: replicas running the job at once insert the same
        # key and the database keeps one.
        UniqueConstraint("user_id", "key"),
        Index(None, "user_id", "read_at", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"))
    # kind:record:due day, e.g. "settlement:<project id>:2021-01-22".
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    plan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    title: Mapped[str] = mapped_column(String(500))
    fiscal_year: Mapped[int | None] = mapped_column(nullable=True)
    level: Mapped[str | None] = mapped_column(String(16), nullable=True)
    due_on: Mapped[dt.date] = mapped_column(Date)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    emailed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
