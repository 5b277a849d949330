from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

RecordType = Literal[
    "user",
    "integration_client",
    "enterprise",
    "craft_village",
    "typical_product",
    "project",
    "plan",
    "document",
    "program",
    "budget_year",
    "commitment",
    "disbursement",
    "report",
]


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
    action: str = Field(
        description="what was done: `project.approval`, `enterprise.create`, `auth.login_failed`…"
        " (the kind when nothing more is known)"
    )
    record_type: RecordType | None = Field(description="the kind of record it concerned")
    record_id: str | None = Field(description="the record's id (a year for budget_year)")
