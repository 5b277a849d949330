from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from projects.documents.models import DocumentKind


class DocumentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    project_id: uuid.UUID
    kind: DocumentKind
    filename: str = Field(description="The name it was uploaded with (Vietnamese kept)")
    content_type: str = Field(description="Recognised from the bytes, not from the name")
    size_bytes: int
    sha256: str = Field(description="Hex SHA-256 of the bytes, also in the project history")
    version: int = Field(description="1, 2, …: uploads of the same kind and file name")
    current: bool = Field(True, description="false: a later version supersedes this one")
    uploaded_by: str
    uploaded_at: datetime


class DocumentList(BaseModel):
    items: list[DocumentOut]
