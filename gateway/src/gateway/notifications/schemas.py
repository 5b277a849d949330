from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict

from gateway.tasks.schemas import TaskKind


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: TaskKind
    project_id: uuid.UUID | None
    plan_id: uuid.UUID | None
    code: str | None
    title: str
    fiscal_year: int | None
    level: str | None
    due_on: dt.date
    overdue: bool
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    total: int
    page: int
    page_size: int
    unread: int
