from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from kc_common.schemas import InputModel
from reports.program.schemas import Period


class IssueIn(InputModel):
    year: int = Field(ge=2000, le=2100)
    period: Period


class IssuedFile(BaseModel):
    format: str
    sha256: str


class IssuedReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str = Field(examples=["01/BC-KC-2018"])
    year: int
    period: Period
    sha256: str = Field(description="sha256 of the report's data as issued (format=json)")
    size_bytes: int
    sha256_xlsx: str
    sha256_pdf: str
    issued_by: str
    issued_by_name: str | None
    issued_at: datetime
