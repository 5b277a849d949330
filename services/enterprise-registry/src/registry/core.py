"""What the registry's domains share: ids, timestamps, the response base (roles: `roles.py`)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, field_serializer
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kc_common.db import UTCDateTime, new_id
from kc_common.localtime import as_utc, utcnow


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


NO_NUL = r"^[^\x00]*$"


class ReadSchema(BaseModel):
    """Responses: built from ORM rows; timestamps always carry an offset (SQLite drops it)."""

    model_config = ConfigDict(from_attributes=True)

    @field_serializer("created_at", "updated_at", check_fields=False)
    def _aware(self, value: datetime) -> str:
        return as_utc(value).isoformat()  # `+00:00`, as the API always wrote it
