from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, Field, StringConstraints

from kc_common.schemas import NOT_AFTER_TODAY, InputModel, MultilineText
from registry.core import ReadSchema

Kind = Literal["enterprise", "cooperative", "cooperative_group", "household_business",
               "cooperative_union"]  # fmt: skip
Size = Literal["micro", "small", "medium", "large"]
Status = Literal["active", "suspended", "dissolved"]
Gender = Literal["female", "male", "other"]

KINDS: tuple[str, ...] = get_args(Kind)
SIZES: tuple[str, ...] = get_args(Size)
STATUSES: tuple[str, ...] = get_args(Status)
GENDERS: tuple[str, ...] = get_args(Gender)

TaxCode = Annotated[str, StringConstraints(min_length=1, max_length=32)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=255)]
SectorCode = Annotated[str, StringConstraints(to_upper=True, min_length=1, max_length=5)]
AdminUnitCode = Annotated[str, StringConstraints(pattern=r"^\d{2,10}$", max_length=10)]
Address = Annotated[MultilineText, StringConstraints(max_length=500)]
Phone = Annotated[str, StringConstraints(pattern=r"^[0-9+() .-]{6,20}$", max_length=20)]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
Employees = Annotated[int, Field(ge=0, le=1_000_000)]
EstablishedOn = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2100, 12, 31)), NOT_AFTER_TODAY]


class EnterpriseCreate(InputModel):
    tax_code: TaxCode
    name: Name
    kind: Kind
    size: Size | None = None
    sector_code: SectorCode | None = None
    admin_unit_code: AdminUnitCode
    address: Address | None = None
    established_on: EstablishedOn | None = None
    employees: Employees | None = None
    is_rural_industrial: bool = False
    craft_village_id: uuid.UUID | None = None
    owner_gender: Gender | None = None
    owner_ethnic_minority: bool = False
    phone: Phone | None = None
    email: Email | None = None
    status: Status = "active"


class EnterpriseUpdate(InputModel):
    """PATCH: only the fields sent change; `null` clears an optional field."""

    tax_code: TaxCode | None = None
    name: Name | None = None
    kind: Kind | None = None
    size: Size | None = None
    sector_code: SectorCode | None = None
    admin_unit_code: AdminUnitCode | None = None
    address: Address | None = None
    established_on: EstablishedOn | None = None
    employees: Employees | None = None
    is_rural_industrial: bool | None = None
    craft_village_id: uuid.UUID | None = None
    owner_gender: Gender | None = None
    owner_ethnic_minority: bool | None = None
    phone: Phone | None = None
    email: Email | None = None
    status: Status | None = None


# Fields that may not be null once set (a PATCH sending null for them is a 422).
REQUIRED_FIELDS = (
    "tax_code",
    "name",
    "kind",
    "admin_unit_code",
    "is_rural_industrial",
    "owner_ethnic_minority",
    "status",
)


class EnterpriseRead(ReadSchema):
    id: uuid.UUID
    tax_code: str
    name: str
    kind: str
    size: str | None
    sector_code: str | None
    admin_unit_code: str
    address: str | None
    established_on: date | None
    employees: int | None
    is_rural_industrial: bool
    craft_village_id: uuid.UUID | None
    owner_gender: str | None
    owner_ethnic_minority: bool
    phone: str | None
    email: str | None
    status: str
    created_at: datetime
    updated_at: datetime


class ImportResult(InputModel):
    imported: int


class EnterprisePage(BaseModel):
    """A page of the enterprise list: `kc_common.pagination.Page` and what a list over millions
    of rows adds."""

    items: list[EnterpriseRead]
    total: int = Field(
        description="The number of matching rows when `total_is_exact`; otherwise the count "
        "cap (10,000): there are more than this many."
    )
    page: int
    page_size: int
    total_is_exact: bool = Field(
        True, description="False when the count stopped at the cap (shown as “hơn 10.000”)."
    )
    total_estimate: int | None = Field(
        None, description="The database's estimate of the matching rows when not exact."
    )
    next_cursor: str | None = Field(
        None,
        description="Pass as `cursor` for the page after this one (keyset paging, fast at any "
        "depth); null on the last page and for sorts on columns that may be empty "
        "(`employees`, `established_on`).",
    )
