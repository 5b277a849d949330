"""Types shared by the budget domains: categories, funding sources, amounts, years."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.localtime import as_utc
from kc_common.schemas import InputModel

# Amounts are kc_common.schemas.Vnd / PositiveVnd: strict integers up to MAX_VND (10^15), which
# keeps every running total (and the integer advance-cap arithmetic,
# `advanced * 100 <= committed * cap`) far inside a signed 64-bit integer.
MIN_YEAR, MAX_YEAR = 2000, 2100


class Category(StrEnum):
    """Decree 45/2012 Article 4, in order."""

    training = "training"
    capacity_building = "capacity_building"
    technology_transfer = "technology_transfer"
    products_and_trade = "products_and_trade"
    consulting = "consulting"
    information = "information"
    clusters_and_environment = "clusters_and_environment"
    international_cooperation = "international_cooperation"
    program_management = "program_management"


CATEGORY_ORDER = {c.value: i for i, c in enumerate(Category)}


class FundingSource(StrEnum):
    local = "local"
    national = "national"
    other = "other"


SOURCE_ORDER = {s.value: i for i, s in enumerate(FundingSource)}

FiscalYear = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]


# SQLite hands timestamps back without an offset; they are stored in UTC, so say so. (Budget's
# columns stay plain `DateTime(timezone=True)`, not `kc_common.db.UTCDateTime`: the hot path's
# driver statements bind values as asyncpg takes them, without a type's bind processing.)
UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]


def is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


# Request bodies: InputModel (unknown fields and control, bidi and zero-width characters
# refused, text trimmed), under the name budget's schemas know it by.
InModel = InputModel
