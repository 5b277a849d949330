from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    kind: str
    actor_id: str | None
    username: str | None
    role: str | None
    method: str | None
    path: str | None
    status: int | None
    request_id: str | None
    ip: str | None
    detail: str | None
