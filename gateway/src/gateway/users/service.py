"""User rules: the enterprise role is bound to one existing, active enterprise; passwords are
argon2id hashes of passwords that resist guessing; changing a user's role, enterprise, password
or activity ends their sessions and revokes their access tokens; there is always an active admin,
and an admin cannot take their own access away."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import repository as tokens
from gateway.passwords import Passwords
from gateway.users import repository
from gateway.users.models import User
from gateway.users.policy import check_password
from gateway.users.schemas import UserCreate, UserUpdate
from kc_common.auth import ADMIN
from kc_common.errors import Conflict, NotFound, Unprocessable

# Asks the registry whether an enterprise exists and is active (raises if not).
EnterpriseCheck = Callable[[uuid.UUID], Awaitable[None]]


def _check_binding(role: str, enterprise_id: uuid.UUID | None) -> None:
    if role == "enterprise" and enterprise_id is None:
        raise Unprocessable.for_field("enterprise_id", "user.enterprise_required")
    if role != "enterprise" and enterprise_id is not None:
        raise Unprocessable.for_field("enterprise_id", "user.enterprise_not_allowed")


async def get(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await repository.get(session, user_id)
    if user is None:
        raise NotFound(code="user.not_found")
    return user


async def create(
    session: AsyncSession, passwords: Passwords, data: UserCreate, check_enterprise: EnterpriseCheck
) -> User:
    _check_binding(data.role, data.enterprise_id)
    check_password(data.password, data.username)
    if await repository.by_username(session, data.username):
        raise Conflict(code="user.username_taken", params={"username": data.username})
    if data.enterprise_id is not None:
        await check_enterprise(data.enterprise_id)
    user = User(
        username=data.username,
        full_name=data.full_name,
        role=data.role,
        enterprise_id=data.enterprise_id,
        is_active=data.is_active,
        email=data.email,
        password_hash=await passwords.hash(data.password),
        failed_login_count=0,
    )
    try:
        return await repository.add(session, user)
    except IntegrityError as exc:  # a concurrent create won the race for the username
        raise Conflict(code="user.username_taken", params={"username": data.username}) from exc


async def update(
    session: AsyncSession,
    passwords: Passwords,
    user_id: uuid.UUID,
    data: UserUpdate,
    *,
    actor_id: str,
    check_enterprise: EnterpriseCheck,
) -> User:
    user = await get(session, user_id)
    fields = data.model_fields_set
    for name in ("full_name", "role", "is_active"):
        if name in fields and getattr(data, name) is None:
            raise Unprocessable.for_field(name, "validation.not_null")
    role = data.role if "role" in fields and data.role else user.role
    if "enterprise_id" in fields:
        enterprise_id = data.enterprise_id
    elif role != "enterprise":
        enterprise_id = None  # leaving the enterprise role drops the binding
    else:
        enterprise_id = user.enterprise_id
    _check_binding(role, enterprise_id)
    if "password" in fields and data.password is not None:
        check_password(data.password, user.username)
    if enterprise_id is not None and enterprise_id != user.enterprise_id:
        await check_enterprise(enterprise_id)
    stays_active = data.is_active if "is_active" in fields else user.is_active
    if user.role == ADMIN and user.is_active and (role != ADMIN or not stays_active):
        await _keep_an_admin(session, user, actor_id)
    ends_sessions = (
        role != user.role
        or enterprise_id != user.enterprise_id
        or ("is_active" in fields and data.is_active is False)
        or ("password" in fields and data.password is not None)
    )
    user.role = role
    user.enterprise_id = enterprise_id
    if "full_name" in fields and data.full_name is not None:
        user.full_name = data.full_name
    if "is_active" in fields and data.is_active is not None:
        user.is_active = data.is_active
    if "email" in fields:
        user.email = data.email
    if "password" in fields and data.password is not None:
        user.password_hash = await passwords.hash(data.password)
        user.failed_login_count = 0
        user.locked_until = None
    if ends_sessions:
        user.token_version = (user.token_version or 0) + 1
    await session.flush()
    if ends_sessions:
        await tokens.revoke_all_for_user(session, user.id)
    if "password" in fields and data.password is not None:
        await tokens.forget_addresses_of(session, user.id)
    return user


async def _keep_an_admin(session: AsyncSession, user: User, actor_id: str) -> None:
    """`user`, an active admin, is about to be demoted or deactivated."""
    if str(user.id) == actor_id:
        raise Conflict(code="users.own_access")
    # The active admins' rows stay locked until commit, so two admins demoting each other at
    # once cannot both see the other one left (SQLite serialises writers with BEGIN IMMEDIATE).
    if await repository.lock_active_admins(session) <= 1:
        raise Conflict(code="users.last_admin")
