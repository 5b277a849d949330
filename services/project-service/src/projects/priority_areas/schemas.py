from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kc_common.schemas import InputModel

AdminUnitCode = Annotated[str, StringConstraints(pattern=r"^\d{2,5}$")]
Uplift = Annotated[
    int,
    Field(
        ge=100,
        le=150,
        description="The normal support level's percentage and cap, raised to this percent "
        "(100-150: at most 1.5×, TT 28/2018/TT-BTC)",
    ),
]
# the years programs may cover (a typo such as 0001 or 9999 is no date of a decision)
PlanDate = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]
LegalBasis = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class PriorityAreaIn(InputModel):
    program_code: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = Field(
        default=None, description="The program that marks the unit; none: every program"
    )
    admin_unit_code: AdminUnitCode
    uplift_percent: Uplift
    legal_basis: LegalBasis = Field(description="The decision that marks it, e.g. 12/2020/QĐ-UBND")
    effective_from: PlanDate
    effective_to: PlanDate | None = Field(default=None, description="The last day; none: open")


class PriorityAreaUpdate(InputModel):
    """Ends a mark (`effective_to`) or corrects its level or legal basis."""

    uplift_percent: Uplift | None = None
    legal_basis: LegalBasis | None = None
    effective_to: PlanDate | None = Field(default=None, description="The last day; null reopens it")


class PriorityAreaOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    program_code: str | None
    admin_unit_code: str
    uplift_percent: int
    legal_basis: str
    effective_from: date
    effective_to: date | None
