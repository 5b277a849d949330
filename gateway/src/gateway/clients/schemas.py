from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kc_common.schemas import InputModel

Scope = Literal[
    "registry:read", "registry:write", "projects:read", "budget:read", "budget:write", "metrics"
]
ClientRole = Literal["integration", "service"]


class ClientOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    id: uuid.UUID
    client_id: str
    name: str
    role: ClientRole
    scopes: list[str] = Field(validation_alias="scope_list")
    is_active: bool
    created_at: datetime
    updated_at: datetime


class ClientCreated(ClientOut):
    client_secret: str = Field(description="shown once; only its hash is stored")


class ClientCreate(InputModel):
    client_id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{2,99}$")
    name: str = Field("", max_length=200)
    role: ClientRole = "integration"
    scopes: list[Scope] = Field(default_factory=list, max_length=10)


class ClientUpdate(InputModel):
    name: str | None = Field(None, max_length=200)
    scopes: list[Scope] | None = Field(None, max_length=10)
    is_active: bool | None = None
    rotate_secret: bool = False
