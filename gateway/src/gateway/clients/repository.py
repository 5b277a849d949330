from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.clients.models import IntegrationClient
from kc_common.pagination import Page, PageParams, paginate


async def by_client_id(session: AsyncSession, client_id: str) -> IntegrationClient | None:
    return await session.scalar(
        select(IntegrationClient).where(IntegrationClient.client_id == client_id)
    )


async def get(session: AsyncSession, id_: uuid.UUID) -> IntegrationClient | None:
    return await session.get(IntegrationClient, id_)


async def page(session: AsyncSession, params: PageParams) -> Page[IntegrationClient]:
    stmt = select(IntegrationClient).order_by(IntegrationClient.client_id)
    return await paginate(session, stmt, params, scalars=True)


async def add(session: AsyncSession, client: IntegrationClient) -> IntegrationClient:
    session.add(client)
    await session.flush()
    return client
