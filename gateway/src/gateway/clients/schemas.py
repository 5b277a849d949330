from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

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

    @field_validator("client_id")
    @classmethod
    def _not_a_user_id(cls, value: str) -> str:
        # A client's tokens carry its client_id as their subject, a user's their UUID: a client
        # named like a UUID would share a user's subject (audit actor, revocation entries).
        try:
            uuid.UUID(value)
        except ValueError:
            return value
        raise PydanticCustomError("clients.client_id_like_a_user", "looks like a user id")


class ClientUpdate(InputModel):
    name: str | None = Field(None, max_length=200)
    scopes: list[Scope] | None = Field(None, max_length=10)
    is_active: bool | None = None
    rotate_secret: bool = False
