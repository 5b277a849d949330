from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base
from kc_common.db import UTCDateTime, new_id
from kc_common.localtime import utcnow

KNOWN_SCOPES = (
    "registry:read",
    "registry:write",
    "projects:read",
    "budget:read",
    "budget:write",
    "metrics",  # reads the gateway's /metrics (a Prometheus job)
)


class IntegrationClient(Base):
    """An OAuth2 client (client-credentials grant): a provincial system or one of our services."""

    __tablename__ = "integration_clients"
    __table_args__ = (CheckConstraint("role IN ('integration', 'service')", name="role"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    client_id: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    secret_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    scopes: Mapped[str] = mapped_column(String(500), default="")  # space separated
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # As for users: raised on deactivation, new scopes or a new secret.
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def scope_list(self) -> list[str]:
        return sorted(self.scopes.split())
