from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kc_common.schemas import InputModel, Verbatim

UserRole = Literal[
    "admin", "program_manager", "program_officer", "finance_officer", "enterprise", "viewer"
]
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,63}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    username: str
    full_name: str
    role: UserRole
    enterprise_id: uuid.UUID | None
    is_active: bool
    email: str | None = None
    locked_until: datetime | None = None
    created_at: datetime
    updated_at: datetime


class UserCreate(InputModel):
    username: str = Field(
        pattern=USERNAME_PATTERN,
        description="3–64 characters: lowercase letters, digits, '.', '_' or '-'",
    )
    full_name: str = Field(min_length=1, max_length=200)
    role: UserRole
    enterprise_id: uuid.UUID | None = Field(
        None, description="required for, and only for, the enterprise role"
    )
    password: Verbatim = Field(
        max_length=256,
        description="at least 12 characters, not a common password, not containing the username",
    )
    is_active: bool = True
    email: str | None = Field(
        None, max_length=254, pattern=EMAIL_PATTERN, description="where notifications are e-mailed"
    )


class UserUpdate(InputModel):
    full_name: str | None = Field(None, min_length=1, max_length=200)
    role: UserRole | None = None
    enterprise_id: uuid.UUID | None = None
    is_active: bool | None = None
    email: str | None = Field(
        None,
        max_length=254,
        pattern=EMAIL_PATTERN,
        description="where notifications are e-mailed; null removes it",
    )
    password: Verbatim | None = Field(
        None,
        max_length=256,
        description="at least 12 characters, not a common password, not containing the username",
    )
