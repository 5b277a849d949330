"""Revoked access tokens: every user and client has a token version, carried in its tokens
(`ver`) and raised when access changes. The gateway refuses older tokens itself (its copy is
re-read from the database every second) and publishes the current versions of every subject whose
access ever changed, keyed by a digest of the subject, at `GET /api/v1/auth/revocations` for the
services (kc_common.auth.RevocationFeed polls it every 2 s, with an ETag)."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.clients.models import IntegrationClient
from gateway.users.models import User
from kc_common.auth import Revocations, subject_digest
from kc_common.db import Database
from kc_common.tasks import Periodic


async def current_versions(session: AsyncSession) -> dict[str, int]:
    users = await session.execute(select(User.id, User.token_version).where(User.token_version > 0))
    clients = await session.execute(
        select(IntegrationClient.client_id, IntegrationClient.token_version).where(
            IntegrationClient.token_version > 0
        )
    )
    versions = {subject_digest(str(user_id)): version for user_id, version in users}
    versions.update({subject_digest(client_id): version for client_id, version in clients})
    return versions


def etag_of(versions: dict[str, int]) -> str:
    body = json.dumps(versions, sort_keys=True, separators=(",", ":")).encode()
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class RevocationRefresher:
    """Keeps the gateway's own `Revocations` equal to the database, re-read every `interval`."""

    def __init__(self, db: Database, revocations: Revocations, interval: float = 1.0) -> None:
        self.db, self.revocations = db, revocations
        self._loop = Periodic("revocation-refresher", self.refresh, interval)
        self.stop = self._loop.stop

    async def refresh(self) -> None:
        async with self.db.sessionmaker() as session:
            versions = await current_versions(session)
        self.revocations.replace(versions, etag_of(versions))

    async def start(self) -> None:
        await self.refresh()  # the first copy before the first request
        self._loop.start()
