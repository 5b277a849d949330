from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.models import KnownAddress, LoginAttempt, RefreshToken
from kc_common.db import dialect_insert
from kc_common.localtime import utcnow


async def attempts_since(
    session: AsyncSession, key: str, since: datetime
) -> tuple[int, datetime | None]:
    """How many attempts under `key` since `since`, and the oldest of them."""
    row = (
        await session.execute(
            select(func.count(), func.min(LoginAttempt.at)).where(
                LoginAttempt.key == key, LoginAttempt.at > since
            )
        )
    ).one()
    return int(row[0]), row[1]


def add_attempt(session: AsyncSession, key: str, at: datetime) -> None:
    session.add(LoginAttempt(key=key, at=at))


async def forget_attempts(session: AsyncSession, key: str) -> None:
    await session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))


async def prune_attempts(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(LoginAttempt).where(LoginAttempt.at < before))


async def known_since(
    session: AsyncSession, user_id: uuid.UUID, address: str, since: datetime
) -> bool:
    """Whether the user signed in from `address` since `since`."""
    found = await session.scalar(
        select(KnownAddress.last_login_at).where(
            KnownAddress.user_id == user_id,
            KnownAddress.address == address,
            KnownAddress.last_login_at > since,
        )
    )
    return found is not None


async def remember_address(
    session: AsyncSession, user_id: uuid.UUID, address: str, at: datetime
) -> None:
    """The user signed in from `address` at `at` (two sign-ins at once: the later time wins)."""
    stmt = dialect_insert(session, KnownAddress).values(
        user_id=user_id, address=address, last_login_at=at
    )
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["user_id", "address"],
            set_={"last_login_at": stmt.excluded.last_login_at},
            where=KnownAddress.last_login_at < stmt.excluded.last_login_at,
        )
    )


async def forget_addresses(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(KnownAddress).where(KnownAddress.last_login_at < before))


async def forget_addresses_of(session: AsyncSession, user_id: uuid.UUID) -> None:
    """After a new password: an address earned with the old one is not known any more."""
    await session.execute(delete(KnownAddress).where(KnownAddress.user_id == user_id))


async def token_by_hash(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    return await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash))


def add_token(session: AsyncSession, token: RefreshToken) -> None:
    session.add(token)


async def revoke_if_active(
    session: AsyncSession, token_id: uuid.UUID, replaced_by: uuid.UUID | None = None
) -> bool:
    """Revoke one token unless someone already did; True if this call revoked it."""
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow(), replaced_by=replaced_by)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def revoke_family(session: AsyncSession, family_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def revoke_all_for_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def families_ended_since(session: AsyncSession, since: datetime) -> list[uuid.UUID]:
    """Refresh-token families (sign-in sessions) ended after `since`: the last token revoked
    without a successor (a rotation names one)."""
    ended = await session.scalars(
        select(RefreshToken.family_id)
        .where(RefreshToken.revoked_at > since, RefreshToken.replaced_by.is_(None))
        .distinct()
    )
    return list(ended)
