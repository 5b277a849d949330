from __future__ import annotations

from datetime import date
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from registry.reference.models import RECORDS_BEGIN

T = TypeVar("T")
AdminLevel = Literal["province", "district", "commune"]
AdminUnitSort = Literal["code", "name"]


class AdminUnitRef(BaseModel):
    """A unit another one became (the 2025 merger, a town becoming a city)."""

    code: str
    name: str
    province_name: str | None


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
    unit_type: str | None = Field(
        None,
        description="ward, commune, township, town, city, district, urban_district, province…",
    )
    unit_type_name: str | None = Field(None, description="the type as officials write it: Phường")
    district_name: str | None = None
    province_name: str | None = None
    successors: list[AdminUnitRef] = Field(
        default_factory=list,
        description="for a unit no longer in force today: the unit(s) it became",
    )

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
    """Reference lists are small and returned whole, in the list shape of the API (admin units
    page when asked to, for pickers)."""

    items: list[T]
    total: int
    page: int = 1
    page_size: int
