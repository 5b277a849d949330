"""What the registry's domains share: who may read and write, timestamps, the schema base."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends
from pydantic import BaseModel, ConfigDict, field_serializer
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kc_common.auth import (
    ADMIN,
    PROGRAM_OFFICER,
    STAFF_ROLES,
    USER_ROLES,
    VIEWER,
    Principal,
    require,
)
from kc_common.db import UTCDateTime, new_id
from kc_common.localtime import as_utc, utcnow
from kc_common.schemas import InputModel

READ_SCOPE = "registry:read"
WRITE_SCOPE = "registry:write"

# Every signed-in user reads (an enterprise user only its own records); clients need a scope.
Reader = Annotated[Principal, Depends(require(*USER_ROLES, scopes=[READ_SCOPE, WRITE_SCOPE]))]
# admin and program_officer write; an enterprise user may PATCH its own enterprise (checked in
# the service); clients need `registry:write`.
Writer = Annotated[Principal, Depends(require(ADMIN, PROGRAM_OFFICER, scopes=[WRITE_SCOPE]))]
# Aggregates: staff, viewer, and clients with `registry:read`.
StatsReader = Annotated[
    Principal, Depends(require(*STAFF_ROLES, VIEWER, scopes=[READ_SCOPE, WRITE_SCOPE]))
]


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Schema(InputModel):
    """Request bodies: unknown fields and control, bidi and zero-width characters refused
    (InputModel), strings trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


NO_NUL = r"^[^\x00]*$"


class ReadSchema(BaseModel):
    """Responses: built from ORM rows; timestamps always carry an offset (SQLite drops it)."""

    model_config = ConfigDict(from_attributes=True)

    @field_serializer("created_at", "updated_at", check_fields=False)
    def _aware(self, value: datetime) -> str:
        return as_utc(value).isoformat()  # `+00:00`, as the API always wrote it


def changes(body: BaseModel) -> dict[str, Any]:
    """The fields a PATCH body actually sent."""
    return body.model_dump(exclude_unset=True)
