from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from budget.common import FiscalYear, InModel, UtcDatetime
from kc_common.schemas import MultilineText, Vnd

MAX_PROGRAM_YEARS = 30


class ProgramIn(InModel):
    code: str = Field(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
    name: str = Field(min_length=1, max_length=500)
    legal_basis: MultilineText = Field(default="", max_length=5000)
    start_year: FiscalYear
    end_year: FiscalYear
    planned_annual_vnd: Vnd
    advance_cap_percent: int = Field(default=70, strict=True, ge=0, le=100)

    @field_validator("end_year")
    @classmethod
    def _years(cls, end_year: int, info: ValidationInfo) -> int:
        start_year = info.data.get("start_year")
        if start_year is None:
            return end_year
        if end_year < start_year:
            raise PydanticCustomError(
                "budget.end_before_start_year", "end_year must not be before start_year"
            )
        if end_year - start_year >= MAX_PROGRAM_YEARS:
            raise PydanticCustomError(
                "budget.program_too_long",
                "a program covers at most {max_years} years",
                {"max_years": MAX_PROGRAM_YEARS},
            )
        return end_year


class ProgramOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    code: str
    name: str
    legal_basis: str
    start_year: int
    end_year: int
    planned_annual_vnd: int
    advance_cap_percent: int
    created_at: UtcDatetime
