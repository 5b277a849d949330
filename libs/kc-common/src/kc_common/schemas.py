"""The base of every request body a service accepts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


def contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return any(contains_nul(v) for v in value)
    return False


class InputModel(BaseModel):
    """Unknown fields are refused; NUL characters anywhere in a field (nested JSON too) are a 422
    naming the field, because PostgreSQL text and jsonb cannot hold U+0000 (never a 500)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if contains_nul(value):
            raise ValueError("may not contain NUL characters")
        return value
