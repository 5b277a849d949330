from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base, BigIntKey
from kc_common.db import UTCDateTime, new_id
from kc_common.localtime import utcnow


class RefreshToken(Base):
    """An opaque refresh token, stored as its SHA-256. Rotation keeps a family together."""

    __tablename__ = "refresh_tokens"
    # The revocation list reads the sessions ended lately (revocations.ended_sessions).
    __table_args__ = (Index("ix_refresh_tokens_revoked_at", "revoked_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    replaced_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)


class LoginAttempt(Base):
    """One row per credential attempt: the sliding-window rate limit counts these."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class KnownAddress(Base):
    """An address (an IPv6 /64) from which a user signed in with their password, and when last:
    a lock of the whole account does not shut its owner out of the places they use."""

    __tablename__ = "known_addresses"

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_login_at: Mapped[datetime] = mapped_column(UTCDateTime)
