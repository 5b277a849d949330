from __future__ import annotations

from datetime import date
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, field_serializer

from registry.reference.models import RECORDS_BEGIN

T = TypeVar("T")
AdminLevel = Literal["province", "district", "commune"]


class AdminUnitRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None
    successor_codes: list[str]
    note: str | None

    @field_serializer("valid_from")
    def _open_start(self, value: date | None) -> str | None:
        return None if value is None or value == RECORDS_BEGIN else value.isoformat()


class SectorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    level: str
    section_code: str


class ReferenceList(BaseModel, Generic[T]):
    """Reference lists are small and returned whole, in the list shape of the API."""

    items: list[T]
    total: int
    page: int = 1
    page_size: int
