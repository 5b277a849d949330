"""Rules over reference data: which sector and admin-unit codes a record may carry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.errors import Unprocessable
from registry.reference.models import AdminUnit, Sector
from registry.reference.repository import ReferenceRepository

_SECTOR = re.compile(r"^(?:[A-Z]|\d{2,5})$")


def sector_section(code: str, sectors: dict[str, str]) -> str | None:
    """The VSIC section letter a code belongs to, or None if the code is not in VSIC 2018.

    A section letter or a 2-digit division must exist; a 3–5 digit group/class/subclass is
    accepted when its division exists (deeper levels are not in the reference data).
    """
    if not _SECTOR.match(code):
        return None
    key = code if code.isalpha() else code[:2]
    return sectors.get(key)


class ReferenceService:
    def __init__(self, session: AsyncSession) -> None:
        self.repo = ReferenceRepository(session)

    async def admin_units(
        self, *, valid_on: date | None, level: str | None, parent_code: str | None
    ) -> Sequence[AdminUnit]:
        return await self.repo.admin_units(valid_on=valid_on, level=level, parent_code=parent_code)

    async def sectors(self) -> Sequence[Sector]:
        return await self.repo.sectors()

    async def check_admin_unit(self, code: str, field: str = "admin_unit_code") -> None:
        if not await self.repo.admin_unit_exists(code):
            raise Unprocessable.for_field(
                field,
                "registry.unknown_admin_unit",
                code="registry.unknown_admin_unit",
                params={"code": code},
            )

    async def check_sector(self, code: str, field: str = "sector_code") -> str:
        section = sector_section(code, await self.repo.sector_map())
        if section is None:
            raise Unprocessable.for_field(
                field,
                "registry.unknown_sector",
                code="registry.unknown_sector",
                params={"code": code},
            )
        return section
