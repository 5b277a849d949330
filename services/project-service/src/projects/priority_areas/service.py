"""Priority areas: listed for everyone who picks a project's location, kept by the program's
managers. One unit has at most one mark per program at a time (and one for every program), so
the support check finds one answer: an overlapping period is 409 `priority_area.overlap`."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.errors import Conflict, NotFound, Unprocessable
from kc_common.pagination import Page, PageParams
from projects.activities.models import PriorityArea
from projects.priority_areas import repository
from projects.priority_areas.schemas import PriorityAreaIn, PriorityAreaOut, PriorityAreaUpdate
from projects.upstream import BudgetClient


async def page(
    session: AsyncSession,
    params: PageParams,
    *,
    program_code: str | None = None,
    admin_unit_code: str | None = None,
    on: date | None = None,
) -> Page[PriorityAreaOut]:
    found = await repository.page(
        session, params, program_code=program_code, admin_unit_code=admin_unit_code, on=on
    )
    return found.map(PriorityAreaOut.model_validate)


async def create(session: AsyncSession, body: PriorityAreaIn, budget: BudgetClient) -> PriorityArea:
    _check_period(body.effective_from, body.effective_to)
    # asked before the table is locked: no lock is held during an HTTP call
    if body.program_code is not None and not await budget.has_program(body.program_code):
        raise Unprocessable.for_field(
            "program_code",
            "priority_area.unknown_program",
            code="priority_area.unknown_program",
            params={"program_code": body.program_code},
        )
    await repository.writers_in_turn(session)
    area = PriorityArea(id=uuid.uuid4(), **body.model_dump())
    await _check_no_overlap(session, area)
    session.add(area)
    await session.flush()
    return area


async def update(
    session: AsyncSession, area_id: uuid.UUID, body: PriorityAreaUpdate
) -> PriorityArea:
    await repository.writers_in_turn(session)
    area = await session.get(PriorityArea, area_id)
    if area is None:
        raise NotFound(code="priority_area.not_found")
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    for name in ("uplift_percent", "legal_basis"):  # only the end date may be cleared
        if name in changes and changes[name] is None:
            raise Unprocessable.for_field(name, "validation.required", code="validation.required")
    _check_period(area.effective_from, changes.get("effective_to", area.effective_to))
    for name, value in changes.items():
        setattr(area, name, value)
    await _check_no_overlap(session, area)
    await session.flush()
    return area


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")  # as the message is read, beside the ISO param


def _check_period(start: date, end: date | None) -> None:
    if end is not None and end < start:
        raise Unprocessable.for_field(
            "effective_to",
            "priority_area.end_before_start",
            code="priority_area.end_before_start",
            params={"effective_from": start.isoformat(), "effective_from_text": _day(start)},
        )


async def _check_no_overlap(session: AsyncSession, area: PriorityArea) -> None:
    other = await repository.overlapping(session, area)
    if other is not None:
        raise Conflict(
            code="priority_area.overlap",
            params={
                "id": str(other.id),
                "admin_unit_code": other.admin_unit_code,
                "effective_from": other.effective_from.isoformat(),
                "effective_from_text": _day(other.effective_from),
                "effective_to": other.effective_to.isoformat() if other.effective_to else None,
            },
        )
