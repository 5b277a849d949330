from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from kc_common.schemas import InputModel, MultilineText
from registry.core import ReadSchema

Text255 = Annotated[str, StringConstraints(min_length=1, max_length=255)]
AdminUnitCode = Annotated[str, StringConstraints(pattern=r"^\d{2,10}$", max_length=10)]
Decision = Annotated[str, StringConstraints(max_length=100)]
Description = Annotated[MultilineText, StringConstraints(max_length=5000)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Year = Annotated[int, Field(ge=1000, le=2100)]
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2100, 12, 31))]


class CraftVillageCreate(InputModel):
    name: Text255
    craft: Text255
    admin_unit_code: AdminUnitCode
    is_traditional: bool = False
    recognized_on: Day | None = None
    recognition_decision: Decision | None = None
    households: Count | None = None
    craft_households: Count | None = None
    workers: Count | None = None
    founded_year: Year | None = None
    description: Description | None = None


class CraftVillageUpdate(InputModel):
    name: Text255 | None = None
    craft: Text255 | None = None
    admin_unit_code: AdminUnitCode | None = None
    is_traditional: bool | None = None
    recognized_on: Day | None = None
    recognition_decision: Decision | None = None
    households: Count | None = None
    craft_households: Count | None = None
    workers: Count | None = None
    founded_year: Year | None = None
    description: Description | None = None


REQUIRED_FIELDS = ("name", "craft", "admin_unit_code", "is_traditional")


class CraftVillageRead(ReadSchema):
    id: uuid.UUID
    name: str
    craft: str
    admin_unit_code: str
    is_traditional: bool
    recognized_on: date | None
    recognition_decision: str | None
    households: int | None
    craft_households: int | None
    workers: int | None
    founded_year: int | None
    description: str | None
    created_at: datetime
    updated_at: datetime
