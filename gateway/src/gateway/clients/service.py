"""OAuth2 client rules: secrets are generated here, shown once, stored as argon2id hashes."""

from __future__ import annotations

import logging
import secrets
import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.clients import repository
from gateway.clients.models import KNOWN_SCOPES, IntegrationClient
from gateway.clients.schemas import ClientCreate, ClientUpdate
from gateway.passwords import Passwords
from gateway.settings import BootstrapClient
from kc_common.auth import SERVICE
from kc_common.errors import Conflict, NotFound

log = logging.getLogger("gateway.clients")


async def get(session: AsyncSession, id_: uuid.UUID) -> IntegrationClient:
    client = await repository.get(session, id_)
    if client is None:
        raise NotFound(code="client.not_found")
    return client


async def create(
    session: AsyncSession, passwords: Passwords, data: ClientCreate
) -> tuple[IntegrationClient, str]:
    if data.role == SERVICE:
        # A service's own identity moves a project's money around the project workflow and
        # cannot be disabled through the API: it exists only through GATEWAY_BOOTSTRAP_CLIENTS.
        raise Conflict(code="clients.service_client", params={"client_id": data.client_id})
    if await repository.by_client_id(session, data.client_id):
        raise Conflict(code="client.exists", params={"client_id": data.client_id})
    secret = secrets.token_urlsafe(32)
    client = IntegrationClient(
        client_id=data.client_id,
        name=data.name,
        role=data.role,
        scopes=" ".join(sorted(set(data.scopes))),
        secret_hash=await passwords.hash(secret),
        is_active=True,
    )
    try:
        await repository.add(session, client)
    except IntegrityError as exc:
        raise Conflict(code="client.exists", params={"client_id": data.client_id}) from exc
    return client, secret


async def update(
    session: AsyncSession, passwords: Passwords, id_: uuid.UUID, data: ClientUpdate
) -> tuple[IntegrationClient, str | None]:
    client = await get(session, id_)
    scopes = " ".join(sorted(set(data.scopes))) if data.scopes is not None else client.scopes
    is_active = data.is_active if data.is_active is not None else client.is_active
    changes_access = scopes != client.scopes or is_active != client.is_active or data.rotate_secret
    if changes_access and client.role == SERVICE:
        # Rotating or disabling a service's own identity stops its work (every approval
        # fails): that is an operations step (GATEWAY_BOOTSTRAP_CLIENTS), not an API call.
        raise Conflict(code="clients.service_client", params={"client_id": client.client_id})
    if data.name is not None:
        client.name = data.name
    client.scopes, client.is_active = scopes, is_active
    secret = None
    if data.rotate_secret:
        secret = secrets.token_urlsafe(32)
        client.secret_hash = await passwords.hash(secret)
    if changes_access:  # tokens issued before no longer hold
        client.token_version = (client.token_version or 0) + 1
    await session.flush()
    return client, secret


async def bootstrap(
    session: AsyncSession, passwords: Passwords, wanted: list[BootstrapClient]
) -> None:
    """Create or bring up to date the clients named in GATEWAY_BOOTSTRAP_CLIENTS."""
    for spec in wanted:
        unknown = set(spec.scopes) - set(KNOWN_SCOPES)
        if unknown:
            log.warning("bootstrap client %s has unknown scopes %s", spec.client_id, unknown)
        scopes = " ".join(sorted(set(spec.scopes)))
        client = await repository.by_client_id(session, spec.client_id)
        if client is None:
            await repository.add(
                session,
                IntegrationClient(
                    client_id=spec.client_id,
                    name=spec.client_id,
                    role=spec.role,
                    scopes=scopes,
                    secret_hash=await passwords.hash(spec.client_secret),
                    is_active=True,
                ),
            )
            continue
        changed = (client.role, client.scopes, client.is_active) != (spec.role, scopes, True)
        client.role, client.scopes, client.is_active = spec.role, scopes, True
        if not await passwords.verify(client.secret_hash, spec.client_secret):
            client.secret_hash = await passwords.hash(spec.client_secret)
            changed = True
        if changed:  # rotated by operations: tokens issued before no longer hold
            client.token_version = (client.token_version or 0) + 1
    await session.flush()
