from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, computed_field

from kc_common.schemas import InputModel
from registry.core import ReadSchema

Group = Literal["handicraft", "agro_food", "machinery", "other"]
Tier = Literal["district", "provincial", "regional", "national"]
Name = Annotated[str, StringConstraints(min_length=1, max_length=255)]
Certificate = Annotated[str, StringConstraints(max_length=100)]
Year = Annotated[int, Field(ge=2000, le=2100)]
Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
ValidUntil = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2110, 12, 31))]
PASS_SCORE = 70


class TypicalProductCreate(InputModel):
    name: Name
    enterprise_id: uuid.UUID
    group: Group
    tier: Tier
    recognized_year: Year
    score: Score
    certificate_number: Certificate | None = None
    valid_until: ValidUntil | None = Field(
        default=None,
        description="Defaults to 31 December of the third year after `recognized_year` for a "
        "recognised product (2022 → 2025-12-31).",
    )


class TypicalProductUpdate(InputModel):
    name: Name | None = None
    enterprise_id: uuid.UUID | None = None
    group: Group | None = None
    tier: Tier | None = None
    recognized_year: Year | None = None
    score: Score | None = None
    certificate_number: Certificate | None = None
    valid_until: ValidUntil | None = None


REQUIRED_FIELDS = ("name", "enterprise_id", "group", "tier", "recognized_year", "score")


class TypicalProductRead(ReadSchema):
    id: uuid.UUID
    name: str
    enterprise_id: uuid.UUID
    group: str
    tier: str
    recognized_year: int
    score: float
    certificate_number: str | None
    valid_until: date | None
    created_at: datetime
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recognized(self) -> bool:
        """A product passes with an average score of at least 70."""
        return self.score >= PASS_SCORE
