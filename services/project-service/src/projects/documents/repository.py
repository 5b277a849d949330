"""Queries on documents; no rules here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from projects.documents.models import Document


async def get(session: AsyncSession, document_id: uuid.UUID) -> Document | None:
    return await session.get(Document, document_id)


async def for_project(session: AsyncSession, project_id: uuid.UUID) -> Sequence[Document]:
    result = await session.scalars(
        select(Document)
        .where(Document.project_id == project_id)
        .order_by(Document.kind, Document.filename, Document.version.desc())
    )
    return result.all()


async def last_version(
    session: AsyncSession, project_id: uuid.UUID, kind: str, filename: str
) -> int:
    value = await session.scalar(
        select(func.max(Document.version)).where(
            Document.project_id == project_id,
            Document.kind == kind,
            Document.filename == filename,
        )
    )
    return int(value or 0)


async def add(session: AsyncSession, document: Document) -> Document:
    session.add(document)
    await session.flush()
    return document


async def usage(session: AsyncSession, project_id: uuid.UUID) -> tuple[int, int]:
    """How many documents (every version) the project holds, and their bytes."""
    row = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(Document.size_bytes), 0)).where(
                Document.project_id == project_id
            )
        )
    ).one()
    return int(row[0]), int(row[1])
