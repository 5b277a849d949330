from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base
from kc_common.db import UTCDateTime, new_id
from kc_common.localtime import utcnow

USER_ROLE_VALUES = (
    "admin",
    "program_manager",
    "program_officer",
    "finance_officer",
    "enterprise",
    "viewer",
)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN (" + ", ".join(f"'{r}'" for r in USER_ROLE_VALUES) + ")", name="role"
        ),
        CheckConstraint(
            "(role = 'enterprise' AND enterprise_id IS NOT NULL)"
            " OR (role <> 'enterprise' AND enterprise_id IS NULL)",
            name="enterprise_binding",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32), index=True)
    enterprise_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where notifications are e-mailed (none: in-app only).
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Consecutive failed logins and the lock they lead to (the lock lives in the database so
    # every replica enforces it).
    failed_login_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Carried in every access token (`ver`); raised when access changes, which revokes the
    # tokens issued before (gateway.auth.revocations).
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
