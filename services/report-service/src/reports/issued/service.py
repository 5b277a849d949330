"""Issuing: the report made now, rendered with its number, kept as it is for good."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.auth import Principal
from kc_common.errors import Conflict, NotFound, Unprocessable
from kc_common.pagination import Page, PageParams, paginate
from reports.issued.models import IssuedReport
from reports.program import render
from reports.program.layout import Layout
from reports.program.schemas import Period
from reports.program.service import Readers, program_report

# How many times a number taken by a concurrent issue is tried again with the next one.
NUMBER_ATTEMPTS = 8


def report_number(seq: int, year: int, layout: Layout) -> str:
    """`01/BC-KC-2018`: the order of issue within the report's year, the prefix, the year."""
    return f"{seq:02d}/{layout.number_prefix}-{year}"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def issue(
    session: AsyncSession,
    readers: Readers,
    layout: Layout,
    principal: Principal,
    year: int,
    period: Period,
    key: str | None = None,
) -> IssuedReport:
    """Issue it; with `key`, a retry by the same issuer gets the report already issued."""
    if key and (first := await _issued_with_key(session, principal, key, year, period)):
        return first
    report = await program_report(readers, year, period)  # no transaction is open yet
    content = report.model_dump_json().encode()
    data: dict[str, Any] = report.model_dump(mode="json")
    for _attempt in range(NUMBER_ATTEMPTS):
        seq = (
            int(
                await session.scalar(
                    select(func.coalesce(func.max(IssuedReport.seq), 0)).where(
                        IssuedReport.year == year
                    )
                )
                or 0
            )
            + 1
        )
        number = report_number(seq, year, layout)
        xlsx = render.xlsx(data, layout, number)
        pdf = await asyncio.to_thread(render.pdf, data, layout, number)
        row = IssuedReport(
            number=number,
            year=year,
            seq=seq,
            period=period,
            sha256=_sha(content),
            content_json=content,
            size_bytes=len(content),
            sha256_xlsx=_sha(xlsx),
            content_xlsx=xlsx,
            sha256_pdf=_sha(pdf),
            content_pdf=pdf,
            issued_by=principal.subject,
            issued_by_name=principal.username,
            issued_at=report.generated_at,
            idempotency_key=key,
        )
        try:
            async with session.begin_nested():
                session.add(row)
                await session.flush()
        except IntegrityError:
            # another issue took this number (the next one, then), or this very retry won
            if key and (first := await _issued_with_key(session, principal, key, year, period)):
                return first
            continue
        return row
    raise Conflict(code="report.number_taken", params={"year": year})


async def _issued_with_key(
    session: AsyncSession, principal: Principal, key: str, year: int, period: Period
) -> IssuedReport | None:
    first = await session.scalar(
        select(IssuedReport).where(
            IssuedReport.issued_by == principal.subject, IssuedReport.idempotency_key == key
        )
    )
    if first is not None and (first.year, first.period) != (year, period):
        raise Unprocessable.for_field(
            "Idempotency-Key", "idempotency.key_reused", code="idempotency.key_reused"
        )
    return first


async def listing(session: AsyncSession, page: PageParams, year: int | None) -> Page[Any]:
    stmt = select(IssuedReport).order_by(IssuedReport.issued_at.desc(), IssuedReport.seq.desc())
    if year is not None:
        stmt = stmt.where(IssuedReport.year == year)
    return await paginate(session, stmt, page, scalars=True)


async def get(session: AsyncSession, report_id: uuid.UUID) -> IssuedReport:
    row = await session.get(IssuedReport, report_id)
    if row is None:
        raise NotFound(code="report.not_found")
    return row


async def content(
    session: AsyncSession, report_id: uuid.UUID, fmt: str
) -> tuple[IssuedReport, bytes]:
    """The record and the one file asked for (the others stay in the database)."""
    row = await get(session, report_id)
    column = f"content_{fmt}"
    await session.refresh(row, [column])
    body: bytes = getattr(row, column)
    return row, body
