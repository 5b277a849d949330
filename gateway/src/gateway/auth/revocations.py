"""Revoked access tokens: every user and client has a token version, carried in its tokens
(`ver`) and raised when access changes. The gateway refuses older tokens itself (its copy is
re-read from the database every second) and publishes the current versions of every subject whose
access ever changed, keyed by a digest of the subject, at `GET /api/v1/auth/revocations` for the
services (kc_common.auth.RevocationFeed polls it every 2 s, with an ETag).

Sessions: a user's access token names its sign-in session (`sid`, the refresh-token family). A
session ended by logout, by a replayed or expired refresh token, or with all of a user's
sessions, is published (by digest) until the last access token it could have issued has
expired: logging out ends the access token too, not only the refresh token."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import repository
from gateway.clients.models import IntegrationClient
from gateway.users.models import User
from kc_common.auth import Revocations, subject_digest
from kc_common.db import Database
from kc_common.localtime import utcnow
from kc_common.public import etag_of
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


# An access token is accepted up to 5 s past its `exp` (kc_common.auth: `leeway`) by a process
# whose clock may be behind the gateway's: an ended session stays listed a minute longer.
_EXPIRY_LEEWAY = timedelta(seconds=60)


async def ended_sessions(session: AsyncSession, access_token_ttl_seconds: int) -> list[str]:
    """Digests of the sessions ended while one of their access tokens may still be unexpired."""
    since = utcnow() - timedelta(seconds=access_token_ttl_seconds) - _EXPIRY_LEEWAY
    families = await repository.families_ended_since(session, since)
    return sorted(subject_digest(str(family)) for family in families)


@dataclass(frozen=True)
class Published:
    """The list as published: subjects' versions, ended sessions, and its ETag."""

    versions: dict[str, int]
    sessions: list[str]
    etag: str


async def published(session: AsyncSession, access_token_ttl_seconds: int) -> Published:
    versions = await current_versions(session)
    sessions = await ended_sessions(session, access_token_ttl_seconds)
    body = json.dumps({"subjects": versions, "sessions": sessions}, sort_keys=True)
    return Published(versions, sessions, etag_of(body.encode()))


class RevocationRefresher:
    """Keeps the gateway's own `Revocations` equal to the database, re-read every `interval`."""

    def __init__(
        self,
        db: Database,
        revocations: Revocations,
        access_token_ttl_seconds: int,
        interval: float = 1.0,
    ) -> None:
        self.db, self.revocations = db, revocations
        self.access_token_ttl_seconds = access_token_ttl_seconds
        self._loop = Periodic("revocation-refresher", self.refresh, interval)
        self.stop = self._loop.stop

    async def refresh(self) -> None:
        async with self.db.sessionmaker() as session:
            now = await published(session, self.access_token_ttl_seconds)
        self.revocations.replace(now.versions, now.etag, now.sessions)

    async def start(self) -> None:
        await self.refresh()  # the first copy before the first request
        self._loop.start()
