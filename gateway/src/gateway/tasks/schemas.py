from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, Field

TaskKind = Literal[
    "appraisal",
    "approval",
    "plan_approval",
    "plan_due",
    "acceptance",
    "settlement",
    "progress_report",
]


class Task(BaseModel):
    kind: TaskKind
    project_id: uuid.UUID | None = None
    plan_id: uuid.UUID | None = None
    code: str | None = Field(None, description="the project's code, when the task is a project's")
    title: str
    fiscal_year: int | None = None
    level: Literal["local", "national"] | None = None
    due_on: dt.date
    overdue: bool


class TaskWarning(BaseModel):
    service: str
    code: str = "unexpected"  # as DashboardWarning.code
    detail: str


class TaskList(BaseModel):
    today: dt.date = Field(description="the day the deadlines were measured against")
    items: list[Task]
    warnings: list[TaskWarning] = Field(
        default_factory=list, description="services that did not answer (their tasks are missing)"
    )
