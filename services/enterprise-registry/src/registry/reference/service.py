"""Rules over reference data: which sector and admin-unit codes a record may carry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.errors import Unprocessable
from kc_common.localtime import local_today
from kc_common.text import fold, sort_key
from registry.reference import repository
from registry.reference.models import AdminUnit, Sector

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


# The type is the first words of the official name ("Phường Tân Khánh"); longest first.
UNIT_TYPES: tuple[tuple[str, str], ...] = (
    ("Thành phố", "city"),
    ("Thị trấn", "township"),
    ("Thị xã", "town"),
    ("Đặc khu", "special_zone"),
    ("Phường", "ward"),
    ("Huyện", "district"),
    ("Quận", "urban_district"),
    ("Tỉnh", "province"),
    ("Xã", "commune"),
)


def unit_type(name: str) -> tuple[str, str] | tuple[None, None]:
    """'Phường Tân Khánh' → ('ward', 'Phường'); an unknown prefix → (None, None)."""
    for label, code in UNIT_TYPES:
        if name.startswith(label + " "):
            return code, label
    return None, None


def _bare_name(name: str) -> str:
    """'Phường Tân Khánh' → 'Tân Khánh' (pickers sort by the name, not by the type)."""
    _, label = unit_type(name)
    return name[len(label) + 1 :] if label else name


@dataclass(frozen=True)
class AdminUnitQuery:
    valid_on: date | None = None
    level: str | None = None
    parent_code: str | None = None
    code: str | None = None
    q: str | None = None
    sort: str = "code"


class _Versions:
    """Every version of every unit, to name a unit's parents and successors on a given day."""

    def __init__(self, rows: Sequence[AdminUnit]) -> None:
        self.by_code: dict[str, list[AdminUnit]] = {}
        for row in rows:  # oldest first
            self.by_code.setdefault(row.code, []).append(row)

    def on(self, code: str | None, day: date) -> AdminUnit | None:
        """The version of `code` in force on `day`, else its latest one."""
        versions = self.by_code.get(code or "", [])
        for v in versions:
            if v.valid_from <= day and (v.valid_to is None or v.valid_to >= day):
                return v
        return versions[-1] if versions else None

    def parents(self, unit: AdminUnit, day: date) -> tuple[str | None, str | None]:
        """(district name, province name) of a unit on `day`; communes after 2025-07-01 sit
        directly under the province."""
        district = province = None
        parent = self.on(unit.parent_code, day)
        seen = 0
        while parent is not None and seen < 4:
            if parent.level == "district":
                district = parent.name
            elif parent.level == "province":
                province = parent.name
                break
            parent, seen = self.on(parent.parent_code, day), seen + 1
        return district, province


async def admin_units(session: AsyncSession, query: AdminUnitQuery) -> list[dict[str, Any]]:
    """Units matching the query, each with its type, parents and (when no longer in force
    today) the units it became."""
    rows = await repository.admin_units(
        session,
        valid_on=query.valid_on,
        level=query.level,
        parent_code=query.parent_code,
        code=query.code,
    )
    if query.q:
        # A few hundred rows: folding in Python keeps both databases alike without a column.
        needle = fold(query.q)
        rows = [r for r in rows if needle in fold(r.name) or r.code.startswith(needle)]
    if query.sort == "name":
        rows = sorted(rows, key=lambda r: (sort_key(_bare_name(r.name)), r.code, r.valid_from))
    versions = _Versions(await repository.all_admin_units(session))
    today = local_today()
    return [_describe(r, versions, query.valid_on, today) for r in rows]


def _describe(
    unit: AdminUnit, versions: _Versions, valid_on: date | None, today: date
) -> dict[str, Any]:
    # Parents as they stood on the asked day, within the unit's own life.
    day = valid_on or unit.valid_to or today
    day = max(day, unit.valid_from)
    if unit.valid_to is not None:
        day = min(day, unit.valid_to)
    district, province = versions.parents(unit, day)
    successors = []
    if unit.valid_to is not None and unit.valid_to < today:
        after = unit.valid_to + timedelta(days=1)
        for code in unit.successor_codes:
            successor = versions.on(str(code), after)
            if successor is None:
                continue
            successors.append(
                {
                    "code": successor.code,
                    "name": successor.name,
                    "province_name": versions.parents(successor, after)[1],
                }
            )
    type_code, type_name = unit_type(unit.name)
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent_code": unit.parent_code,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "successor_codes": unit.successor_codes,
        "note": unit.note,
        "unit_type": type_code,
        "unit_type_name": type_name,
        "district_name": district,
        "province_name": province,
        "successors": successors,
    }


async def sectors(session: AsyncSession) -> Sequence[Sector]:
    return await repository.sectors(session)


async def check_admin_unit(
    session: AsyncSession, code: str, field: str = "admin_unit_code"
) -> None:
    if not await repository.admin_unit_exists(session, code):
        raise Unprocessable.for_field(
            field,
            "registry.unknown_admin_unit",
            code="registry.unknown_admin_unit",
            params={"code": code},
        )


async def check_sector(session: AsyncSession, code: str, field: str = "sector_code") -> str:
    section = sector_section(code, await repository.sector_map(session))
    if section is None:
        raise Unprocessable.for_field(
            field,
            "registry.unknown_sector",
            code="registry.unknown_sector",
            params={"code": code},
        )
    return section
