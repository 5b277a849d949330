from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.clients.models import IntegrationClient


async def by_client_id(session: AsyncSession, client_id: str) -> IntegrationClient | None:
    return await session.scalar(
        select(IntegrationClient).where(IntegrationClient.client_id == client_id)
    )


async def get(session: AsyncSession, id_: uuid.UUID) -> IntegrationClient | None:
    return await session.get(IntegrationClient, id_)


async def page(
    session: AsyncSession, *, offset: int, limit: int
) -> tuple[list[IntegrationClient], int]:
    total = await session.scalar(select(func.count()).select_from(IntegrationClient))
    rows = await session.scalars(
        select(IntegrationClient).order_by(IntegrationClient.client_id).offset(offset).limit(limit)
    )
    return list(rows), int(total or 0)


async def add(session: AsyncSession, client: IntegrationClient) -> IntegrationClient:
    session.add(client)
    await session.flush()
    return client
